/**
 * The benchmark section of bench/README.md and the README's short performance summary, generated from
 * `bench/results.json` (`npm run docs`, and `npm run bench` after a run), so both always show the
 * figures of the latest committed run and the targets are judged by code.
 */

import { FleetProcessResults, processSummary } from './process-report';

/** The part of `bench/results.json` bench/README.md and the README show. */
export interface BenchResults {
  readonly date: string;
  readonly machine: string;
  readonly method: { readonly fleet: string };
  readonly ratios: {
    readonly batchJobVsRaw1k: number;
    readonly batchJobVsRaw10k: number;
    readonly batchJobVsPlus1k: number;
    readonly batchJobVsPlus10k: number;
    readonly scaling: number;
  };
  readonly ratiosWithYaml?: BenchResults['ratios'];
  readonly scalingByVariant?: Readonly<Record<string, number>>;
  readonly rssMb10k: number;
  readonly table: string;
  readonly synthProcess: { readonly oursMs: number; readonly stockMs: number; readonly ratio: number };
  readonly testSeconds: number;
  /** The whole-process fleet benchmark (`npm run bench:process`), when it has run. */
  readonly fleetProcess?: FleetProcessResults;
  /** The latest full runs of the fleet benchmark, oldest first (this run last). */
  readonly runs?: readonly RunRecord[];
}

/** What a full fleet run leaves in `runs`. */
export interface RunRecord {
  readonly date: string;
  /** The commit it measured (`-dirty`: with uncommitted changes besides the bench's own output). */
  readonly code: string;
  readonly ratios: BenchResults['ratios'];
  readonly scalingByVariant?: Readonly<Record<string, number>>;
}

export const BENCH_BEGIN = '<!-- bench:begin (generated from bench/results.json by `npm run docs`) -->';
export const BENCH_END = '<!-- bench:end -->';
export const BENCH_SUMMARY_BEGIN =
  '<!-- bench-summary:begin (generated from bench/results.json by `npm run docs`) -->';
export const BENCH_SUMMARY_END = '<!-- bench-summary:end -->';

/** The targets of issue 7, as checks on the results. */
const TARGETS: {
  readonly name: string;
  readonly measured: (r: BenchResults) => string;
  readonly met: (r: BenchResults) => boolean;
}[] = [
  {
    name: '`BatchJob` ÷ raw `KubeJob` ≤ 1.2 (N = 1,000 and 10,000)',
    measured: (r) => `${r.ratios.batchJobVsRaw1k} and ${r.ratios.batchJobVsRaw10k}`,
    met: (r) => r.ratios.batchJobVsRaw1k <= 1.2 && r.ratios.batchJobVsRaw10k <= 1.2,
  },
  {
    name: '`BatchJob` ÷ cdk8s-plus `Job` ≤ 0.7 (N = 1,000 and 10,000)',
    measured: (r) => `${r.ratios.batchJobVsPlus1k} and ${r.ratios.batchJobVsPlus10k}`,
    met: (r) => r.ratios.batchJobVsPlus1k <= 0.7 && r.ratios.batchJobVsPlus10k <= 0.7,
  },
  {
    name: 't(10,000) ÷ t(1,000) ≤ 11, each of ours',
    measured: (r) => {
      const by = r.scalingByVariant;
      if (!by) return `worst ${r.ratios.scaling}`;
      const ours = ['batchJob', 'gpuJob', 'cronBatch'].map((v) => `${v} ${by[v]}`).join(', ');
      return `worst ${r.ratios.scaling} (${ours}; in the same run raw KubeJob ${by.raw}, cdk8s-plus Job ${by.plus})`;
    },
    met: (r) => r.ratios.scaling <= 11,
  },
  {
    name: 'peak RSS, 10,000 `BatchJob`s ≤ 600 MB',
    measured: (r) => `${r.rssMb10k} MB`,
    met: (r) => r.rssMb10k <= 600,
  },
  {
    name: 'whole synth ≤ 0.35 × stock and < 1.5 s',
    measured: (r) => `${r.synthProcess.ratio} × stock, ${(r.synthProcess.oursMs / 1000).toFixed(2)} s`,
    met: (r) => r.synthProcess.ratio <= 0.35 && r.synthProcess.oursMs < 1500,
  },
  {
    name: '`npm test` < 60 s',
    measured: (r) => `${r.testSeconds} s`,
    met: (r) => r.testSeconds < 60,
  },
];

/**
 * The latest full runs, and the targets whose verdict differs between them (judged on each run's
 * ratios, with this run's other figures).
 */
export function runsSection(r: BenchResults): string {
  const runs = r.runs ?? [];
  const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
  const rows = runs.map(({ date, code, ratios: q, scalingByVariant }) =>
    [
      date.slice(0, 16).replace('T', ' '),
      code,
      `${f(q.batchJobVsRaw1k)} / ${f(q.batchJobVsRaw10k)}`,
      `${f(q.batchJobVsPlus1k)} / ${f(q.batchJobVsPlus10k)}`,
      f(q.scaling),
      f(scalingByVariant?.raw),
    ].join(' | ')
  );
  const differ = TARGETS.filter((t) => {
    const verdicts = new Set(
      runs.map((run) => t.met({ ...r, ratios: run.ratios, scalingByVariant: run.scalingByVariant }))
    );
    return verdicts.size > 1;
  });
  return [
    'The latest full runs (same method, oldest first; ' +
      (runs.at(-1)?.date === r.date
        ? 'the last is the run above):'
        : 'the run above is not among them: a --quick or --gc-each-step run):'),
    '',
    "| run (UTC) | code | `BatchJob` ÷ raw, 1,000 / 10,000 | ÷ plus, 1,000 / 10,000 | worst t(10,000) ÷ t(1,000) of ours | raw `KubeJob`'s |",
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    ...(differ.length > 0
      ? [
          '',
          `The verdict differs between these runs for: ${differ.map((t) => t.name).join('; ')}. ` +
            `On this machine one run is not enough to judge ${differ.length > 1 ? 'these targets' : 'this target'}.`,
        ]
      : []),
  ].join('\n');
}

/**
 * The generated section of bench/README.md: run, tables, whole-synth line, the targets and the latest
 * runs (the whole-process benchmark has its own section there).
 */
export function benchSection(r: BenchResults): string {
  const withYaml = r.ratiosWithYaml
    ? ` (construct + synth + YAML: ${r.ratiosWithYaml.batchJobVsRaw1k} / ${r.ratiosWithYaml.batchJobVsRaw10k} ` +
      `× raw, ${r.ratiosWithYaml.batchJobVsPlus1k} / ${r.ratiosWithYaml.batchJobVsPlus10k} × plus)`
    : '';
  return [
    `Latest run: ${r.date.slice(0, 10)}, on ${r.machine}.`,
    '',
    r.table.trim(),
    '',
    `Method: ${r.method.fleet}.`,
    '',
    `Whole synth: \`npm run synth\` took **${r.synthProcess.oursMs} ms**, the stock cdk8s path ` +
      `${r.synthProcess.stockMs} ms: ratio **${r.synthProcess.ratio}**. \`npm test\` took ${r.testSeconds} s.`,
    '',
    '| target (issue 7) | measured | |',
    '| --- | --- | --- |',
    ...TARGETS.map((t) => `| ${t.name} | ${t.measured(r)} | ${t.met(r) ? 'met' : '**not met**'} |`),
    '',
    `Ratios are construct + synth, as the issue defines them${withYaml}.`,
    ...((r.runs?.length ?? 0) > 1 ? ['', runsSection(r)] : []),
  ].join('\n');
}

/**
 * The README's performance summary: the headline ratios of the in-process fleet and of whole processes,
 * how many targets are met, and a link to bench/README.md.
 */
export function benchSummary(r: BenchResults): string {
  const q = r.ratios;
  const met = TARGETS.filter((t) => t.met(r)).length;
  return [
    `In one process (construct + synth; ${r.date.slice(0, 10)}): \`BatchJob\` takes ` +
      `**${q.batchJobVsRaw1k} / ${q.batchJobVsRaw10k} ×** raw \`k8s.KubeJob\` and ` +
      `**${q.batchJobVsPlus1k} / ${q.batchJobVsPlus10k} ×** cdk8s-plus \`Job\` at N = 1,000 / 10,000; ` +
      `peak RSS at 10,000 ${r.rssMb10k} MB. Targets of issue 7 met: ${met} of ${TARGETS.length}.`,
    '',
    r.fleetProcess
      ? processSummary(r.fleetProcess, r.synthProcess)
      : `Whole example synth: \`npm run synth\` ${r.synthProcess.oursMs} ms, ${r.synthProcess.ratio} × the ` +
        'stock `cdk8s synth` (details: [bench/README.md](bench/README.md)).',
  ].join('\n');
}

/** `text` with the section between `begin` and `end` replaced by `content`. */
function withSection(text: string, begin: string, end: string, content: string): string {
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  if (b < 0 || e < b) throw new Error(`no ${begin} ... ${end} markers`);
  return `${text.slice(0, b + begin.length)}\n${content}\n${text.slice(e)}`;
}

/** bench/README.md with its benchmark section regenerated. */
export function withBenchSection(benchReadme: string, results: BenchResults): string {
  return withSection(benchReadme, BENCH_BEGIN, BENCH_END, benchSection(results));
}

/** The README with its performance summary regenerated. */
export function withBenchSummary(readme: string, results: BenchResults): string {
  return withSection(readme, BENCH_SUMMARY_BEGIN, BENCH_SUMMARY_END, benchSummary(results));
}
