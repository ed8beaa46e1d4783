import { ApiObject, Lazy, type Duration } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as z from 'zod';
import { DeliveryProps, JobBase, JobKind } from './job-base';
import type { JobTemplateProps } from '../props/job-template-props';
import { Schedule } from '../values/schedule';
import { describeSchedule, nextRun, parseCron, ParsedCron } from '../rules/cron';
import { jobPropsSchema } from '../props/job';
import { lazily } from '../validation/compiled';
import { CronJobObject } from '../render/manifest-json';
import type { ResourceMetadataProps } from '../props/metadata';
import { timeZoneProblem } from '../rules/time-zone';
import { undefinedIfEmpty } from '../rules/utils';
import { addWarning } from '../validation/warnings';
import { dnsLabelProblem } from '../rules/names';
import { isCron } from '../rules/plain-values';
import { annotationsSchema, checkedString, durationSchema, int, labelsSchema } from '../validation/schemas';
import { SITE_FREE } from '../rules/utils';

export { Schedule } from '../values/schedule';

/** What the controller does when a run is due while the previous one is still running. */
export enum ConcurrencyPolicy {
  /** Start the new Job anyway: runs may overlap (Kubernetes' default). */
  ALLOW = 'Allow',
  /** Skip the new run while the previous Job is still running. */
  FORBID = 'Forbid',
  /** Delete the running Job and start the new one. */
  REPLACE = 'Replace',
}

/** The annotation that says in words when the CronJob runs. */
export const SCHEDULE_DESCRIPTION_ANNOTATION = 'cdk8s-batch.io/schedule-description';

/** Props of `CronBatch`: identity, the schedule, and everything about the Jobs it creates and their pods. */
export interface CronBatchProps extends ResourceMetadataProps, JobTemplateProps, DeliveryProps {
  /**
   * The CronJob name: a DNS-1123 label of at most 52 characters (the controller appends 11,
   * `-<minutes since epoch>`, to name each Job).
   * @default - derived from the construct path: lowercase, valid, at most 52 characters
   */
  readonly name?: string;
  /** When Jobs are created, e.g. `Schedule.cron('0 2 * * *')`. */
  readonly schedule: Schedule;
  /**
   * The IANA time zone the schedule is read in, e.g. `Asia/Shanghai`.
   * @default - kube-controller-manager's local time zone (often UTC); `nextRuns` assumes UTC
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous Job is still running.
   * @default ConcurrencyPolicy.FORBID (Kubernetes' default is ALLOW; overlapping batch runs rarely
   *   end well)
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * How late a run may still start (e.g. after the controller was down). Runs missed by more are
   * skipped and counted as failed. Under 10 seconds a run may be missed, since the controller
   * checks about every 10 seconds; synth warns.
   * @default - no deadline: a missed run starts as soon as the controller notices it (Kubernetes
   *   gives up after more than 100 missed runs)
   */
  readonly startingDeadline?: Duration;
  /**
   * How many succeeded Jobs (and their pods and logs) to keep. 0 keeps none.
   * @default 3 (Kubernetes' default, rendered)
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * How many failed Jobs (and their pods and logs) to keep. 0 keeps none.
   * @default 1 (Kubernetes' default, rendered)
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Suspend the CronJob: no new Jobs are created until it is resumed; running Jobs go on. Runs due
   * while suspended count as missed. (The Jobs themselves are never created suspended: their
   * `spec.suspend` stays false.)
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * Labels of the Jobs the CronJob creates.
   * @default - none
   */
  readonly jobLabels?: Record<string, string>;
  /**
   * Annotations of the Jobs the CronJob creates.
   * @default - none
   */
  readonly jobAnnotations?: Record<string, string>;
}

const NAMING = { maxNameLength: 52, generatedSuffix: 11 };
const MIN_STARTING_DEADLINE_SECONDS = 10;
const MAX_NEXT_RUNS = 1000;

/** Problems of the `schedule` prop, each with the offending expression. */
function refineSchedule(value: unknown, ctx: z.RefinementCtx): void {
  const problem = (message: string, got?: unknown) =>
    ctx.addIssue({ code: 'custom', message, ...(got === undefined ? {} : { params: { got } }) });
  if (value === undefined) return problem("is required, e.g. Schedule.cron('0 2 * * *')");
  if (!(value instanceof Schedule) && isCron(value))
    return problem('must be a Schedule: wrap the cdk8s Cron with Schedule.fromCron(cron)');
  if (typeof value === 'string') {
    return problem(`must be a Schedule, e.g. Schedule.expression(${JSON.stringify(value)})`);
  }
  if (!(value instanceof Schedule)) return problem("must be a Schedule, e.g. Schedule.cron('0 2 * * *')");
  for (const message of parseSchedule(value).problems) problem(message, value.expressionString);
}

/**
 * `f` remembering its last results by key: a fleet's CronJobs share a few schedules and time zones,
 * and parsing, describing (cronstrue) and loading time zones (Intl) are pure but costly.
 */
function memoize<R>(f: (key: string) => R): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const result = f(key);
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, result);
    return result;
  };
}

const parseExpression = memoize((key) => parseCron(key.slice(1), { fieldsOnly: key[0] === '5' }));
/** The parsed schedule (shared: do not modify it). */
function parseSchedule(schedule: Schedule): ReturnType<typeof parseCron> {
  const expression: unknown = schedule.expressionString;
  if (typeof expression !== 'string') {
    return parseCron(schedule.expressionString, { fieldsOnly: schedule._fieldsOnly });
  }
  return parseExpression(`${schedule._fieldsOnly ? '5' : '*'}${expression}`);
}

const descriptions = new Map<string, string>();
/** `describeSchedule`, once per distinct schedule (the description depends on the fields only). */
function describe(cron: ParsedCron): string {
  let description = descriptions.get(cron.fields);
  if (description === undefined) {
    description = describeSchedule(cron);
    if (descriptions.size >= 10_000) descriptions.clear();
    descriptions.set(cron.fields, description);
  }
  return description;
}

const cronShape = () => ({
  name: checkedString((value) =>
    value.length > NAMING.maxNameLength
      ? `must be at most ${NAMING.maxNameLength} characters (is ${value.length}): the controller appends ` +
        `${NAMING.generatedSuffix} (-<minutes since epoch>) to name each Job, and Job names are at most 63`
      : dnsLabelProblem(value)
  ).optional(),
  schedule: z.unknown().superRefine(refineSchedule),
  timeZone: checkedString(memoize(timeZoneProblem)).optional(),
  concurrencyPolicy: z.enum(ConcurrencyPolicy).optional(),
  startingDeadline: durationSchema(0).optional(),
  successfulJobsHistoryLimit: int(0).optional(),
  failedJobsHistoryLimit: int(0).optional(),
  jobLabels: labelsSchema.optional(),
  jobAnnotations: annotationsSchema.optional(),
});

function refineCron(props: CronBatchProps, ctx: z.RefinementCtx): void {
  const annotations = props?.annotations;
  if (annotations && typeof annotations === 'object' && SCHEDULE_DESCRIPTION_ANNOTATION in annotations) {
    ctx.addIssue({
      code: 'custom',
      path: ['annotations', SCHEDULE_DESCRIPTION_ANNOTATION],
      message: 'is written by cdk8s-batch; do not set it',
    });
  }
}

// Made on first use (see BatchJob's): an app without a CronBatch never builds it or its fields' schemas.
const schema = lazily(() => jobPropsSchema<CronBatchProps>(NAMING, cronShape(), refineCron));
const CRON_BATCH: JobKind = {
  typeName: 'CronBatch',
  ...NAMING,
  get schema() {
    return schema();
  },
};

/**
 * A Kubernetes `batch/v1` CronJob: creates a Job on a schedule. Its Jobs take the same props as a
 * `BatchJob`, validated and rendered by the same code. The schedule and time zone are checked at
 * synth time, described in words in an annotation, and `nextRuns()` lists when it will run.
 *
 * @example
 * new CronBatch(chart, 'report', {
 *   schedule: Schedule.cron('0 2 * * *'),
 *   timeZone: 'Asia/Shanghai',
 *   containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'echo building the report'] }],
 * });
 */
export class CronBatch extends JobBase {
  /** The generated `batch/v1` CronJob (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;
  /** When Jobs are created. */
  public readonly schedule: Schedule;
  /** The time zone the schedule is read in; undefined for kube-controller-manager's own. */
  public readonly timeZone?: string;
  /** What happens when a run is due while the previous Job still runs. */
  public readonly concurrencyPolicy: ConcurrencyPolicy;
  /** How late a run may still start; undefined for no deadline. */
  public readonly startingDeadline?: Duration;
  /** How many succeeded Jobs are kept. */
  public readonly successfulJobsHistoryLimit: number;
  /** How many failed Jobs are kept. */
  public readonly failedJobsHistoryLimit: number;
  /** Whether the CronJob is suspended. */
  public readonly suspend: boolean;
  /** The schedule in words, as in the `cdk8s-batch.io/schedule-description` annotation. */
  public readonly scheduleDescription: string;

  private readonly cron: ParsedCron;
  private readonly jobLabels?: Record<string, string>;
  private readonly jobAnnotations?: Record<string, string>;

  constructor(scope: Construct, id: string, props: CronBatchProps) {
    super(scope, id, props, CRON_BATCH);
    // What was validated (see JobBase.validatedProps), not the caller's objects.
    const checked = this.validatedProps<CronBatchProps>();
    this.schedule = checked.schedule;
    this.cron = parseSchedule(checked.schedule).cron!;
    this.timeZone = checked.timeZone;
    this.concurrencyPolicy = checked.concurrencyPolicy ?? ConcurrencyPolicy.FORBID;
    this.startingDeadline = checked.startingDeadline;
    this.successfulJobsHistoryLimit = checked.successfulJobsHistoryLimit ?? 3;
    this.failedJobsHistoryLimit = checked.failedJobsHistoryLimit ?? 1;
    this.suspend = checked.suspend ?? false;
    this.jobLabels = checked.jobLabels;
    this.jobAnnotations = checked.jobAnnotations;
    const zone = this.timeZone ?? "kube-controller-manager's local time";
    this.scheduleDescription = `${describe(this.cron)} (${zone})`;

    const metadata = this.renderMetadata();
    this.apiObject = new CronJobObject(this, 'Resource', {
      metadata: {
        ...metadata,
        annotations: { ...metadata.annotations, [SCHEDULE_DESCRIPTION_ANNOTATION]: this.scheduleDescription },
      },
      spec: Lazy.any({ produce: () => this.specForSynth(() => this._toKube()) }),
    });

    const deadline = this.startingDeadline?.toSeconds();
    if (deadline !== undefined && deadline < MIN_STARTING_DEADLINE_SECONDS) {
      addWarning(
        this,
        `startingDeadline is ${deadline}s: under ${MIN_STARTING_DEADLINE_SECONDS}s the CronJob controller, ` +
          'which checks schedules about every 10 seconds, may miss runs'
      );
    }
  }

  /**
   * The next `count` run times after `from`, as Kubernetes computes them in the schedule's time zone
   * (UTC when `timeZone` is not set). Pure: the same arguments give the same dates. Around a DST
   * change, a wall time that is skipped does not run that day and one that repeats runs twice.
   * Returns fewer dates when there is no run within 5 years (Kubernetes' horizon), e.g. Feb 29.
   *
   * @param count how many run times, 0 to 1000
   * @param from the time to start after (exclusive); now when omitted
   */
  public nextRuns(count: number, from: Date = new Date()): Date[] {
    if (!Number.isInteger(count) || count < 0 || count > MAX_NEXT_RUNS) {
      throw new RangeError(
        `nextRuns: count must be a whole number from 0 to ${MAX_NEXT_RUNS} (got ${count})`
      );
    }
    if (!(from instanceof Date) || Number.isNaN(from.getTime())) {
      throw new RangeError(`nextRuns: from must be a valid Date (got ${String(from)})`);
    }
    const runs: Date[] = [];
    let after = from.getTime();
    while (runs.length < count) {
      const run = nextRun(this.cron, after, this.timeZone);
      if (run === undefined) break;
      runs.push(new Date(run));
      after = run;
    }
    return runs;
  }

  /**
   * Renders the CronJob spec. Pure: the same state always gives the same spec.
   * @internal
   */
  public _toKube(): k8s.CronJobSpec {
    // Made while the CronJob is synthesized: objects start with a spread (see SITE_FREE).
    return {
      ...SITE_FREE,
      schedule: this.schedule.expressionString,
      timeZone: this.timeZone,
      concurrencyPolicy: this.concurrencyPolicy,
      startingDeadlineSeconds: this.startingDeadline?.toSeconds(),
      successfulJobsHistoryLimit: this.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: this.failedJobsHistoryLimit,
      suspend: this.suspend,
      jobTemplate: {
        ...SITE_FREE,
        metadata: undefinedIfEmpty({
          ...SITE_FREE,
          labels: undefinedIfEmpty({ ...this.platformLabels, ...this.jobLabels }),
          annotations: undefinedIfEmpty({ ...this.jobAnnotations }),
        }),
        // `suspend` suspends the CronJob; the Jobs it creates always start.
        spec: { ...this.renderJobSpec(), suspend: false },
      },
    };
  }
}
