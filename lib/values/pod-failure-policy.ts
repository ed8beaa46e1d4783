import { aNumber, argumentsCheck, aString, options } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/** What the Job controller does with a failed pod that matches a rule. */
export enum PodFailureAction {
  /** Fail the whole Job and terminate its running pods. */
  FAIL_JOB = 'FailJob',
  /** Do not count the failure against `backoffLimit`; replace the pod. */
  IGNORE = 'Ignore',
  /** Count the failure as usual (the default handling). */
  COUNT = 'Count',
  /** Fail this index only (Indexed jobs with `backoffLimitPerIndex`). */
  FAIL_INDEX = 'FailIndex',
}

/** How exit codes are matched. */
export enum ExitCodeOperator {
  /** The container's exit code is one of the values. */
  IN = 'In',
  /** The container's exit code is none of the values. */
  NOT_IN = 'NotIn',
}

/** Status of a pod condition. */
export enum ConditionStatus {
  TRUE = 'True',
  FALSE = 'False',
  UNKNOWN = 'Unknown',
}

/** Options of `PodFailureRule.onExitCodes`. */
export interface ExitCodesOptions {
  /** Exit codes (0–255), in any order; they are rendered sorted and without duplicates. */
  readonly codes: number[];
  /**
   * How the codes are matched.
   * @default ExitCodeOperator.IN
   */
  readonly operator?: ExitCodeOperator;
  /**
   * Only exit codes of this container (or init container) match.
   * @default - any container of the pod
   */
  readonly containerName?: string;
}

/** Options of `PodFailureRule.onPodCondition`. */
export interface PodConditionOptions {
  /** The pod condition type, e.g. `DisruptionTarget`. */
  readonly type: string;
  /**
   * The condition's status.
   * @default ConditionStatus.TRUE
   */
  readonly status?: ConditionStatus;
}

// The run-time checks of the factories' arguments (see validation/arguments.ts).
const RULE_CHECKS = {
  onExitCodes: argumentsCheck({
    type: 'PodFailureRule',
    call: 'PodFailureRule.onExitCodes(action, options)',
    shape: () => ({
      action: aString,
      options: options(
        { codes: aNumber.array(), operator: aString.optional(), containerName: aString.optional() },
        { values: 'use codes: [exit codes]' }
      ),
    }),
  }),
  onPodCondition: argumentsCheck({
    type: 'PodFailureRule',
    call: 'PodFailureRule.onPodCondition(action, options)',
    shape: () => ({ action: aString, options: options({ type: aString, status: aString.optional() }) }),
  }),
};

/**
 * One rule of a Job's `podFailurePolicy`. Rules are evaluated in order; the first match wins.
 * A pod failure policy needs `restartPolicy: Never`.
 */
export class PodFailureRule {
  /** Acts when a container exits with (or without) one of the given codes. */
  public static onExitCodes(action: PodFailureAction, options: ExitCodesOptions): PodFailureRule {
    ({ options } = RULE_CHECKS.onExitCodes({ action, options }));
    return new PodFailureRule(action, {
      codes: [...options.codes],
      operator: options.operator ?? ExitCodeOperator.IN,
      containerName: options.containerName,
    });
  }

  /** Acts when the failed pod has the given condition. */
  public static onPodCondition(action: PodFailureAction, options: PodConditionOptions): PodFailureRule {
    ({ options } = RULE_CHECKS.onPodCondition({ action, options }));
    return new PodFailureRule(action, undefined, {
      type: options.type,
      status: options.status ?? ConditionStatus.TRUE,
    });
  }

  /**
   * Ignores failures caused by disruptions (preemption, eviction, node drain): they do not count
   * against `backoffLimit`.
   */
  public static ignoreDisruptions(): PodFailureRule {
    return PodFailureRule.onPodCondition(PodFailureAction.IGNORE, { type: 'DisruptionTarget' });
  }

  private constructor(
    /** The action taken on a match. */
    public readonly action: PodFailureAction,
    /** The exit-code matcher, if this is an exit-code rule. */
    public readonly onExitCodes?: {
      readonly codes: readonly number[];
      readonly operator: ExitCodeOperator;
      readonly containerName?: string;
    },
    /** The pod-condition matcher, if this is a pod-condition rule. */
    public readonly onPodCondition?: { readonly type: string; readonly status: ConditionStatus }
  ) {
    freezeValueObject(this);
  }
}
