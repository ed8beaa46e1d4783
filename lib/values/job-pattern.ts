import * as z from 'zod';
import { aNumber, aString, argumentsCheck, options, strings } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/**
 * How a Job's pods are counted: `spec.completionMode`.
 */
export enum CompletionMode {
  /** The Job is complete when `completions` pods have succeeded; pods are interchangeable. */
  NON_INDEXED = 'NonIndexed',
  /** Each pod gets an index 0..completions-1; the Job is complete when every index has succeeded. */
  INDEXED = 'Indexed',
}

/** The kinds of Job pattern, one per row of the patterns table in docs/batch-job.md. */
export enum JobPatternKind {
  ONE_OFF = 'oneOff',
  FIXED_COMPLETIONS = 'fixedCompletions',
  WORK_QUEUE = 'workQueue',
  INDEXED = 'indexed',
}

/** Options of `JobPattern.fixedCompletions`. */
export interface FixedCompletionsOptions {
  /** How many pods must succeed. */
  readonly completions: number;
  /**
   * How many pods run at once; at most `completions`.
   * @default 1
   */
  readonly parallelism?: number;
}

/** Options of `JobPattern.workQueue`. */
export interface WorkQueueOptions {
  /** How many pods run at once, each taking work from a queue until it is empty. */
  readonly parallelism: number;
}

/**
 * One rule of an indexed Job's success policy (`spec.successPolicy.rules[]`, Kubernetes 1.31+): the Job
 * succeeds as soon as any rule is met, and its remaining pods are stopped. Give at least one of the two.
 */
export interface SuccessPolicyRule {
  /**
   * Indexes that must all have succeeded, as an interval list below `completions`, e.g. `'0'` or `'0-2,5'`.
   * @default - any indexes (with `succeededCount`)
   */
  readonly succeededIndexes?: string;
  /**
   * How many indexes (of `succeededIndexes`, when given) must have succeeded.
   * @default - all of `succeededIndexes`
   */
  readonly succeededCount?: number;
}

/** Options of `JobPattern.indexed`. */
export interface IndexedOptions {
  /** How many indexes (0..completions-1) must each succeed once. */
  readonly completions: number;
  /**
   * How many indexes run at once; at most `completions`.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Retries allowed per index before that index is marked failed (Kubernetes 1.29+; a 1.28 API
   * server without the alpha gate drops the field).
   * @default - no per-index limit: the Job-wide `backoffLimit` counts all failures
   */
  readonly backoffLimitPerIndex?: number;
  /**
   * How many indexes may fail before the whole Job fails. Needs `backoffLimitPerIndex`.
   * @default - no limit: the Job runs every index and fails at the end if any index failed
   */
  readonly maxFailedIndexes?: number;
  /**
   * One work item per index, delivered to each pod as a file. Index `i` reads item `i` from
   * `$WORK_ITEM_FILE` (`/var/run/cdk8s-batch/work-items/<index>`), backed by a ConfigMap named
   * `<job name>-work-items`. Must have exactly `completions` entries.
   * @default - no work items; pods use `JOB_COMPLETION_INDEX` alone
   */
  readonly workItems?: string[];
  /**
   * When the Job succeeds before every index has (Kubernetes 1.31+, feature gate JobSuccessPolicy): at
   * most 20 rules, the first one met wins, e.g. `[{ succeededIndexes: '0' }]` (the leader).
   * @default - the Job succeeds when every index has succeeded
   */
  readonly successPolicy?: SuccessPolicyRule[];
}

// The run-time checks of the factories' options (see validation/arguments.ts).
const PATTERN_HINTS = {
  completionMode: 'set by the pattern: JobPattern.indexed({ completions }) renders Indexed',
  backoffLimit: 'a prop of the job construct, not of its pattern',
};
const PATTERN_CHECKS = {
  fixedCompletions: argumentsCheck({
    type: 'JobPattern',
    call: 'JobPattern.fixedCompletions(options)',
    shape: () => ({
      options: options({ completions: aNumber, parallelism: aNumber.optional() }, PATTERN_HINTS),
    }),
  }),
  workQueue: argumentsCheck({
    type: 'JobPattern',
    call: 'JobPattern.workQueue(options)',
    shape: () => ({ options: options({ parallelism: aNumber }, PATTERN_HINTS) }),
  }),
  indexed: argumentsCheck({
    type: 'JobPattern',
    call: 'JobPattern.indexed(options)',
    shape: () => ({
      options: options(
        {
          completions: aNumber,
          parallelism: aNumber.optional(),
          backoffLimitPerIndex: aNumber.optional(),
          maxFailedIndexes: aNumber.optional(),
          workItems: strings.optional(),
          successPolicy: z
            .array(options({ succeededIndexes: aString.optional(), succeededCount: aNumber.optional() }))
            .optional(),
        },
        PATTERN_HINTS
      ),
    }),
  }),
};

/**
 * The Job pattern: what `completions`, `parallelism` and `completionMode` the Job renders.
 *
 * | pattern | completions | parallelism | completionMode |
 * | --- | --- | --- | --- |
 * | `oneOff()` | 1 | 1 | NonIndexed |
 * | `fixedCompletions({ completions: N, parallelism: M })` | N | M (default 1) | NonIndexed |
 * | `workQueue({ parallelism: M })` | unset | M | NonIndexed |
 * | `indexed({ completions: N, parallelism: M })` | N | M (default 1) | Indexed |
 */
export class JobPattern {
  /** One pod runs until it succeeds once (e.g. a database migration). */
  public static oneOff(): JobPattern {
    return new JobPattern(JobPatternKind.ONE_OFF, CompletionMode.NON_INDEXED, 1, 1);
  }

  /**
   * `completions` pods must succeed, `parallelism` of them at a time. With `parallelism: 1` the pods
   * run one after another; with more they run in parallel.
   */
  public static fixedCompletions(options: FixedCompletionsOptions): JobPattern {
    ({ options } = PATTERN_CHECKS.fixedCompletions({ options }));
    return new JobPattern(
      JobPatternKind.FIXED_COMPLETIONS,
      CompletionMode.NON_INDEXED,
      options.completions,
      options.parallelism ?? 1
    );
  }

  /**
   * `parallelism` pods take work from a queue that they manage themselves. The Job succeeds when
   * all pods have ended and at least one succeeded; once one pod succeeds no new pods start.
   */
  public static workQueue(options: WorkQueueOptions): JobPattern {
    ({ options } = PATTERN_CHECKS.workQueue({ options }));
    return new JobPattern(
      JobPatternKind.WORK_QUEUE,
      CompletionMode.NON_INDEXED,
      undefined,
      options.parallelism
    );
  }

  /**
   * Each pod gets an index 0..completions-1 (env `JOB_COMPLETION_INDEX`) and optionally a work
   * item of its own; the Job succeeds when every index has succeeded.
   */
  public static indexed(options: IndexedOptions): JobPattern {
    ({ options } = PATTERN_CHECKS.indexed({ options }));
    return new JobPattern(
      JobPatternKind.INDEXED,
      CompletionMode.INDEXED,
      options.completions,
      options.parallelism ?? 1,
      options.backoffLimitPerIndex,
      options.maxFailedIndexes,
      options.workItems && [...options.workItems],
      options.successPolicy && options.successPolicy.map((r) => ({ ...r }))
    );
  }

  private constructor(
    /** Which pattern this is. */
    public readonly kind: JobPatternKind,
    /** The rendered `completionMode`. */
    public readonly completionMode: CompletionMode,
    /** The rendered `completions`; undefined for a work queue. */
    public readonly completions: number | undefined,
    /** The rendered `parallelism`. */
    public readonly parallelism: number,
    /** The rendered `backoffLimitPerIndex` (indexed only). */
    public readonly backoffLimitPerIndex?: number,
    /** The rendered `maxFailedIndexes` (indexed only). */
    public readonly maxFailedIndexes?: number,
    /** Work items, one per index (indexed only). */
    public readonly workItems?: readonly string[],
    /** Success policy rules (indexed only). */
    public readonly successPolicy?: readonly SuccessPolicyRule[]
  ) {
    freezeValueObject(this);
  }
}
