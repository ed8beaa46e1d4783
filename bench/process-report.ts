/**
 * The whole-process benchmark (issue 17): pure helpers and the generated text, so the targets are
 * judged by code. `bench/run.ts` (`npm run bench -- --only=process`) measures and writes
 * `bench/results.json` (`fleetProcess`, `synthProcess`); the section of bench/README.md between the
 * markers and the short lines in the README's performance summary are generated from it.
 */

export type ProcessVariantName = 'ours' | 'raw' | 'plus';

export const PROCESS_LABELS: Record<ProcessVariantName, string> = {
  ours: '(A) `BatchJob` + `synthToDirectory`',
  raw: '(B) raw `k8s.KubeJob` + `app.synth()`',
  plus: '(C) cdk8s-plus `Job` + `app.synth()`',
};

/** Every timed run of one variant at one N, and what is reported. */
export interface ProcessVariantRuns {
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /** Highest peak RSS of the timed runs (MB), or null when not measured. */
  readonly maxRssMb: number | null;
}

/** `fleetProcess` in bench/results.json. */
export interface FleetProcessResults {
  readonly date: string;
  readonly code: string;
  readonly machine: string;
  readonly method: string;
  /** 1-minute load average at the start and at the end of the phase. */
  readonly loadAverage: readonly [number, number];
  /** Per N ("1000", "10000"), per variant. */
  readonly times: Readonly<Record<string, Readonly<Record<ProcessVariantName, ProcessVariantRuns>>>>;
}

/** `synthProcess` in bench/results.json (written by the same phase). */
export interface SynthProcessFigures {
  readonly oursMs: number;
  readonly stockMs: number;
  readonly ratio: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** a ÷ b to two decimals. */
export const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));

export interface ProcessRatios {
  readonly oursVsRaw1k: number;
  readonly oursVsRaw10k: number;
  readonly oursVsPlus1k: number;
  readonly oursVsPlus10k: number;
  /** t(10,000) ÷ t(1,000). */
  readonly scalingOurs: number;
  readonly scalingRaw: number;
  /** scalingOurs ÷ scalingRaw. */
  readonly scalingVsRaw: number;
}

export function processRatios(r: FleetProcessResults): ProcessRatios {
  const t = (n: number, v: ProcessVariantName) => r.times[n][v].medianMs;
  const scalingOurs = t(10000, 'ours') / t(1000, 'ours');
  const scalingRaw = t(10000, 'raw') / t(1000, 'raw');
  return {
    oursVsRaw1k: ratio(t(1000, 'ours'), t(1000, 'raw')),
    oursVsRaw10k: ratio(t(10000, 'ours'), t(10000, 'raw')),
    oursVsPlus1k: ratio(t(1000, 'ours'), t(1000, 'plus')),
    oursVsPlus10k: ratio(t(10000, 'ours'), t(10000, 'plus')),
    scalingOurs: Number(scalingOurs.toFixed(2)),
    scalingRaw: Number(scalingRaw.toFixed(2)),
    scalingVsRaw: ratio(scalingOurs, scalingRaw),
  };
}

export interface TargetCheck {
  readonly name: string;
  readonly measured: string;
  /** null: not measured. */
  readonly met: boolean | null;
}

/** A ratio as printed: two decimals (0.30, not 0.3). */
const two = (x: number): string => x.toFixed(2);

/** The targets of issue 17, judged on the results. */
export function processTargets(r: FleetProcessResults, synth?: SynthProcessFigures): TargetCheck[] {
  const q = processRatios(r);
  const rss = (v: ProcessVariantName) => r.times[10000][v].maxRssMb;
  const rssA = rss('ours');
  const rssB = rss('raw');
  return [
    {
      name: 'A ≤ 0.6 × B (N = 1,000 and 10,000)',
      measured: `${two(q.oursVsRaw1k)} and ${two(q.oursVsRaw10k)}`,
      met: q.oursVsRaw1k <= 0.6 && q.oursVsRaw10k <= 0.6,
    },
    {
      name: 'A ≤ 0.4 × C (N = 1,000 and 10,000)',
      measured: `${two(q.oursVsPlus1k)} and ${two(q.oursVsPlus10k)}`,
      met: q.oursVsPlus1k <= 0.4 && q.oursVsPlus10k <= 0.4,
    },
    {
      name: 't_A(10k) ÷ t_A(1k) ≤ 1.1 × t_B(10k) ÷ t_B(1k)',
      measured: `${two(q.scalingOurs)} vs ${two(q.scalingRaw)} (× ${two(q.scalingVsRaw)})`,
      met: q.scalingVsRaw <= 1.1,
    },
    {
      name: 'peak RSS of A at 10,000 ≤ B’s',
      measured: rssA === null || rssB === null ? 'not measured' : `${rssA} MB vs ${rssB} MB`,
      met: rssA === null || rssB === null ? null : rssA <= rssB,
    },
    {
      name: '`npm run synth` ≤ 0.2 × stock `cdk8s synth` (ts-node)',
      measured: synth ? `${synth.oursMs} ms vs ${synth.stockMs} ms (× ${synth.ratio})` : 'not measured',
      met: synth ? synth.ratio <= 0.2 : null,
    },
  ];
}

const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**not met**');
const ms = (x: number) => `${Math.round(x)}`;

/** The section of bench/README.md: the run, the table, the targets, the method. */
export function processSection(r: FleetProcessResults, synth?: SynthProcessFigures): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const head = ['N', 'variant', 'median ms', '÷ B', '÷ C', 'runs ms', 'peak RSS MB'];
  const rows: string[] = [line(head), line(head.map(() => '---'))];
  for (const n of Object.keys(r.times).sort((a, b) => Number(a) - Number(b))) {
    const byV = r.times[n];
    for (const v of ['ours', 'raw', 'plus'] as const) {
      const x = byV[v];
      rows.push(
        line([
          Number(n).toLocaleString('en-US'),
          PROCESS_LABELS[v],
          `**${ms(x.medianMs)}**`,
          ratio(x.medianMs, byV.raw.medianMs).toFixed(2),
          ratio(x.medianMs, byV.plus.medianMs).toFixed(2),
          x.runsMs.map(ms).join(', '),
          x.maxRssMb ?? '-',
        ])
      );
    }
  }
  return [
    `Latest run: ${r.date.slice(0, 16).replace('T', ' ')} UTC, code ${r.code}, on ${r.machine}; ` +
      `load average ${r.loadAverage[0]} at the start, ${r.loadAverage[1]} at the end.`,
    '',
    ...rows,
    '',
    ...(synth
      ? [
          `Whole example synth: \`npm run synth\` ${synth.oursMs} ms, stock \`cdk8s synth\` with ts-node ` +
            `${synth.stockMs} ms: × ${synth.ratio}.`,
          '',
        ]
      : []),
    '| target (issue 17) | measured | |',
    '| --- | --- | --- |',
    ...processTargets(r, synth).map((t) => line([t.name, t.measured, verdict(t.met)])),
    '',
    `Method: ${r.method}`,
  ].join('\n');
}

/** The README's performance summary lines about whole processes (short). */
export function processSummary(r: FleetProcessResults, synth?: SynthProcessFigures): string {
  const q = processRatios(r);
  const targets = processTargets(r, synth);
  const met = targets.filter((t) => t.met === true).length;
  const rss = (v: ProcessVariantName) => r.times[10000][v].maxRssMb ?? '-';
  return [
    `Whole processes (build N Jobs in 10 charts, write files; ${r.date.slice(0, 10)}, load ` +
      `${r.loadAverage[0]}–${r.loadAverage[1]}): \`BatchJob\` + \`synthToDirectory\` takes ` +
      `**${two(q.oursVsRaw1k)} / ${two(q.oursVsRaw10k)} ×** raw \`KubeJob\` + \`app.synth()\` and ` +
      `**${two(q.oursVsPlus1k)} / ${two(q.oursVsPlus10k)} ×** cdk8s-plus \`Job\` at N = 1,000 / 10,000;`,
    `scaling t(10k) ÷ t(1k) ${two(q.scalingOurs)} vs raw ${two(q.scalingRaw)}; peak RSS at 10,000 ` +
      `${rss('ours')} MB vs raw ${rss('raw')} MB.` +
      (synth ? ` \`npm run synth\` ÷ stock: ${synth.ratio}.` : ''),
    `Targets of issue 17 met: ${met} of ${targets.length} (details: [bench/README.md](bench/README.md)).`,
  ].join('\n');
}

export const PROCESS_BEGIN =
  '<!-- bench-process:begin (generated from bench/results.json by `npm run bench -- --only=process`) -->';
export const PROCESS_END = '<!-- bench-process:end -->';

/** `readme` with the section between the markers replaced (markers appended when missing). */
export function withProcessSection(readme: string, section: string): string {
  const block = `${PROCESS_BEGIN}\n${section}\n${PROCESS_END}`;
  const b = readme.indexOf(PROCESS_BEGIN);
  const e = readme.indexOf(PROCESS_END);
  if (b < 0 || e < b) return `${readme.trimEnd()}\n\n${block}\n`;
  return `${readme.slice(0, b)}${block}${readme.slice(e + PROCESS_END.length)}`;
}
