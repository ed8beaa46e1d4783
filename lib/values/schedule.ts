import type { Cron } from 'cdk8s';
import * as z from 'zod';
import { argumentsCheck, aString } from '../validation/arguments';
import { isCron } from '../rules/plain-values';
import { freezeValueObject } from '../validation/plain-data';

// The run-time checks of the factories' arguments (see validation/arguments.ts).
const scheduleCheck = (call: string) =>
  argumentsCheck({
    type: 'Schedule',
    call: `Schedule.${call}(expression)`,
    shape: () => ({ expression: aString }),
  });
const SCHEDULE_CHECKS = {
  cron: scheduleCheck('cron'),
  expression: scheduleCheck('expression'),
  fromCron: argumentsCheck({
    type: 'Schedule',
    call: 'Schedule.fromCron(cron)',
    shape: () => ({
      cron: z.custom(isCron, { message: 'must be a cdk8s Cron (e.g. Cron.daily(), Cron.schedule({ ... }))' }),
    }),
  }),
};

/**
 * When a `CronBatch` runs: the CronJob's `spec.schedule`, checked at synth time against the rules of
 * Kubernetes' parser (robfig/cron v3). The syntax is in docs/cron-batch.md ("Schedule syntax").
 *
 * @example
 * Schedule.cron('0,30 9-17 * * 1-5')   // on the hour and half hour, 09:00-17:30, Monday to Friday
 * Schedule.daily()                      // @daily: every day at 00:00
 * Schedule.fromCron(Cron.schedule({ minute: '0', hour: '2' }))
 */
export class Schedule {
  /**
   * A standard 5-field expression: `minute hour day-of-month month day-of-week`, with `*`, `?`,
   * ranges, steps, lists, and month (`jan`-`dec`) and weekday (`sun`-`sat`) names.
   */
  public static cron(expression: string): Schedule {
    SCHEDULE_CHECKS.cron({ expression });
    return new Schedule(expression, true);
  }

  /**
   * Any schedule Kubernetes takes for `spec.schedule`: 5 fields or a macro (`@yearly`, `@annually`,
   * `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`). Useful when the text comes from config.
   */
  public static expression(expression: string): Schedule {
    SCHEDULE_CHECKS.expression({ expression });
    return new Schedule(expression, false);
  }

  /** The expression of a cdk8s `Cron` (`Cron.daily()`, `Cron.schedule({...})`, ...). */
  public static fromCron(cron: Cron): Schedule {
    SCHEDULE_CHECKS.fromCron({ cron });
    return new Schedule(cron.expressionString, true);
  }

  /** `@hourly`: at minute 0 of every hour. */
  public static hourly(): Schedule {
    return new Schedule('@hourly', false);
  }

  /** `@daily`: every day at 00:00. */
  public static daily(): Schedule {
    return new Schedule('@daily', false);
  }

  /** `@weekly`: every Sunday at 00:00. */
  public static weekly(): Schedule {
    return new Schedule('@weekly', false);
  }

  /** `@monthly`: the first day of every month at 00:00. */
  public static monthly(): Schedule {
    return new Schedule('@monthly', false);
  }

  /** `@yearly`: January 1st at 00:00. */
  public static yearly(): Schedule {
    return new Schedule('@yearly', false);
  }

  /**
   * @param expressionString the text rendered as `spec.schedule`
   * @param fieldsOnly whether only a 5-field expression is expected (not a macro)
   */
  private constructor(
    public readonly expressionString: string,
    /** @internal */
    public readonly _fieldsOnly: boolean
  ) {
    freezeValueObject(this);
  }

  /** The expression, as rendered. */
  public toString(): string {
    return String(this.expressionString);
  }
}
