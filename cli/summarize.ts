/**
 * What `cdk8s-batch summary` shows for a Job or CronJob manifest: its pattern, counts, restart policy,
 * deadline, GPU request, schedule and next run, and Pod Security Standards level. Pure functions of the
 * manifest (and of "now" for the next run), using the code the constructs use: `private/cron-expression.ts` for
 * schedules, `security/pod-security.ts` for the level, `gpu-resources.ts` (the stacks' own mapping) for GPUs.
 */
import { nextRun, parseCron } from '../lib/rules/cron';
import { timeZoneProblem } from '../lib/rules/time-zone';
import { PodSecurityLevel, podSecurityLevel } from '../lib/rules/pod-security';
import { asList, asObject, Json } from './check/manifest-defaults';
import { describeGpu, recognizeGpu, StackFactory } from './gpu-resources';

export type PatternName = 'oneOff' | 'fixedCompletions' | 'workQueue' | 'indexed';

/** The GPU request of one container. */
export interface GpuSummary {
  readonly container: string;
  /** `wholeCard`, `virtual`, `mig`, or `unrecognized` (GPU resources no known stack renders like this). */
  readonly mode: 'wholeCard' | 'virtual' | 'mig' | 'unrecognized';
  /** Cards per pod (whole or virtual), or MIG devices per pod; 0 when unrecognized. */
  readonly count: number;
  /** The stack recognized from the resource names, e.g. `hami`. */
  readonly stack: StackFactory | null;
  /** In words: `2 cards`, `1 card, 30% cores, 8 GiB`, `2 × 1g.10gb`. */
  readonly description: string;
  /** The GPU resources as written (limits). */
  readonly resources: Readonly<Record<string, unknown>>;
}

/** One row of the summary. */
export interface SummaryRow {
  readonly file: string;
  readonly document: number;
  readonly kind: 'Job' | 'CronJob';
  readonly namespace: string | null;
  readonly name: string;
  readonly pattern: PatternName;
  /** null for a work queue. */
  readonly completions: number | null;
  readonly parallelism: number;
  /** Pods running at once at most (per run, for a CronJob). */
  readonly peakPods: number;
  readonly restartPolicy: string | null;
  /** `activeDeadlineSeconds`, or null. */
  readonly deadlineSeconds: number | null;
  readonly gpus: readonly GpuSummary[];
  readonly schedule: string | null;
  readonly timeZone: string | null;
  /** The next run after "now", ISO 8601 in UTC; null for Jobs, or when there is none. */
  readonly nextRun: string | null;
  /** Why the next run is not known (an invalid schedule or time zone). */
  readonly scheduleProblem?: string;
  /** The Job (or CronJob) is suspended. */
  readonly suspended: boolean;
  /** The strictest Pod Security Standards level the pods meet. */
  readonly security: PodSecurityLevel;
}

/** Totals over the rows. */
export interface SummaryTotals {
  readonly jobs: number;
  readonly cronJobs: number;
  /** Pods at peak parallelism, every Job and one run of every CronJob at once. */
  readonly peakPods: number;
  /** GPUs at peak: whole cards, virtual GPUs (shares of cards), MIG devices. */
  readonly gpus: { readonly wholeCards: number; readonly virtual: number; readonly mig: number };
}

const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;

/** The pattern of a Job spec, as the constructs name it. */
export function patternOf(spec: Json): {
  pattern: PatternName;
  completions: number | null;
  parallelism: number;
} {
  const completions = int(spec.completions);
  const parallelism = int(spec.parallelism);
  if (spec.completionMode === 'Indexed') {
    return { pattern: 'indexed', completions: completions ?? null, parallelism: parallelism ?? 1 };
  }
  if (completions === undefined) {
    return parallelism === undefined
      ? { pattern: 'oneOff', completions: 1, parallelism: 1 }
      : { pattern: 'workQueue', completions: null, parallelism };
  }
  return {
    pattern: completions === 1 ? 'oneOff' : 'fixedCompletions',
    completions,
    parallelism: parallelism ?? 1,
  };
}

/** Summarizes one Job or CronJob manifest; `now` is the time next runs are computed from. */
export function summarize(o: Json, source: { file: string; document: number }, now: Date): SummaryRow {
  const kind = o.kind as 'Job' | 'CronJob';
  const meta = asObject(o.metadata) ?? {};
  const cronSpec = kind === 'CronJob' ? (asObject(o.spec) ?? {}) : undefined;
  const spec = (cronSpec ? asObject(asObject(cronSpec.jobTemplate)?.spec) : asObject(o.spec)) ?? {};
  const template = asObject(spec.template) ?? {};
  const pod = asObject(template.spec) ?? {};
  const annotations = (asObject(asObject(template.metadata)?.annotations) ?? {}) as Record<string, string>;
  const { pattern, completions, parallelism } = patternOf(spec);
  const peakPods = completions === null ? parallelism : Math.min(parallelism, completions);

  const gpus: GpuSummary[] = [];
  for (const c of asList(pod.containers)) {
    const container = asObject(c) ?? {};
    const limits = asObject(asObject(container.resources)?.limits) ?? {};
    const found = recognizeGpu({
      limits,
      podAnnotations: annotations,
      nodeSelector: (asObject(pod.nodeSelector) ?? {}) as Record<string, string>,
      schedulerName: typeof pod.schedulerName === 'string' ? pod.schedulerName : undefined,
    });
    if (!found) continue;
    const resources = Object.fromEntries(found.resourceNames.map((n) => [n, limits[n]]));
    const name = String(container.name ?? '?');
    if ('unrecognized' in found) {
      gpus.push({
        container: name,
        mode: 'unrecognized',
        count: 0,
        stack: null,
        description: found.unrecognized,
        resources,
      });
    } else {
      const count = Number(found.mode === 'virtual' ? found.options.cards : found.options.count);
      gpus.push({
        container: name,
        mode: found.mode,
        count,
        stack: found.stackFactory,
        description: describeGpu(found),
        resources,
      });
    }
  }

  let schedule: string | null = null;
  let timeZone: string | null = null;
  let next: string | null = null;
  let scheduleProblem: string | undefined;
  if (cronSpec) {
    schedule = typeof cronSpec.schedule === 'string' ? cronSpec.schedule : null;
    timeZone = typeof cronSpec.timeZone === 'string' ? cronSpec.timeZone : null;
    const parsed = schedule === null ? undefined : parseCron(schedule);
    const zoneProblem = timeZone === null ? undefined : timeZoneProblem(timeZone);
    if (!parsed?.cron) scheduleProblem = parsed?.problems[0] ?? 'no schedule';
    else if (zoneProblem) scheduleProblem = `time zone: ${zoneProblem}`;
    else {
      const run = nextRun(parsed.cron, now.getTime(), timeZone ?? 'UTC');
      next = run === undefined ? null : new Date(run).toISOString();
    }
  }
  const deadline = int(spec.activeDeadlineSeconds);
  return {
    file: source.file,
    document: source.document,
    kind,
    namespace: typeof meta.namespace === 'string' ? meta.namespace : null,
    name: String(meta.name ?? meta.generateName ?? '?'),
    pattern,
    completions,
    parallelism,
    peakPods,
    restartPolicy: typeof pod.restartPolicy === 'string' ? pod.restartPolicy : null,
    deadlineSeconds: deadline ?? null,
    gpus,
    schedule,
    timeZone,
    nextRun: next,
    ...(scheduleProblem ? { scheduleProblem } : {}),
    suspended: (cronSpec ?? spec).suspend === true,
    security: podSecurityLevel(pod, annotations),
  };
}

/** Totals of the rows (see {@link SummaryTotals}). */
export function totalsOf(rows: readonly SummaryRow[]): SummaryTotals {
  const gpus = { wholeCards: 0, virtual: 0, mig: 0 };
  let peakPods = 0;
  for (const row of rows) {
    peakPods += row.peakPods;
    for (const g of row.gpus) {
      if (g.mode === 'wholeCard') gpus.wholeCards += g.count * row.peakPods;
      else if (g.mode === 'virtual') gpus.virtual += g.count * row.peakPods;
      else if (g.mode === 'mig') gpus.mig += g.count * row.peakPods;
    }
  }
  return {
    jobs: rows.filter((r) => r.kind === 'Job').length,
    cronJobs: rows.filter((r) => r.kind === 'CronJob').length,
    peakPods,
    gpus,
  };
}

/** `1h30m`, `45s`, `2d`. */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}
