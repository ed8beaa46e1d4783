/**
 * The CLI benchmark's section of bench/README.md, generated from bench/cli-results.json by `npm run bench:cli`
 * (so the figures shown are the latest recorded run, and the target is judged by code).
 */

/** One command run as a whole process. */
export interface ProcessRun {
  readonly ms: number;
  /** Peak resident set size (from /usr/bin/time), or null when it could not be measured. */
  readonly maxRssMb: number | null;
}

/** bench/cli-results.json. */
export interface CliBenchResults {
  readonly date: string;
  readonly machine: string;
  /** The commit measured (`-dirty` with uncommitted changes besides the bench's output). */
  readonly code: string;
  readonly method: string;
  /** The machine's 1-minute load average when the runs started and ended (other work slows the runs). */
  readonly loadAverage?: readonly [number, number];
  /** Per input size (number of Jobs): the file and every timed run of `validate`, in order. */
  readonly validate: Readonly<
    Record<
      string,
      { readonly bytes: number; readonly runs: readonly ProcessRun[]; readonly medianMs: number }
    >
  >;
  /** t(validate, 100,000) ÷ t(validate, 10,000), medians. */
  readonly ratio: number;
  /** One run each of the other commands on the 10,000-Job file. */
  readonly others: Readonly<Record<string, ProcessRun>>;
}

export const CLI_BENCH_BEGIN =
  '<!-- bench-cli:begin (generated from bench/cli-results.json by `npm run bench:cli`) -->';
export const CLI_BENCH_END = '<!-- bench-cli:end -->';

/** The target of issue 15: reading is linear. */
export const RATIO_TARGET = 12;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x: number | null) => (x === null ? '-' : `${x} MB`);

/** The generated section: the run, a table, the target. */
export function cliBenchSection(r: CliBenchResults): string {
  const sizes = Object.keys(r.validate).sort((a, b) => Number(a) - Number(b));
  const rows = sizes.map((n) => {
    const v = r.validate[n];
    const rss = v.runs.map((x) => x.maxRssMb).filter((x): x is number => x !== null);
    return (
      `| \`validate\`, ${Number(n).toLocaleString('en-US')} Jobs | ${(v.bytes / 2 ** 20).toFixed(1)} MiB | ` +
      `**${seconds(v.medianMs)}** | ${v.runs.map((x) => seconds(x.ms)).join(', ')} | ` +
      `${rss.length > 0 ? mb(Math.max(...rss)) : '-'} |`
    );
  });
  const others = Object.entries(r.others).map(
    ([command, run]) =>
      `| \`${command}\`, 10,000 Jobs | | ${seconds(run.ms)} | (one run) | ${mb(run.maxRssMb)} |`
  );
  return [
    `Latest run: ${r.date.slice(0, 16).replace('T', ' ')} UTC, code ${r.code}, on ${r.machine}` +
      (r.loadAverage
        ? `; load average ${r.loadAverage[0]} at the start, ${r.loadAverage[1]} at the end.`
        : '.'),
    '',
    '| command, input | size | median | runs | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...others,
    '',
    `t(100,000) ÷ t(10,000) = **${r.ratio}** (target ≤ ${RATIO_TARGET}: ` +
      `${r.ratio <= RATIO_TARGET ? 'met' : '**not met**'}).`,
    '',
    `Method: ${r.method}`,
  ].join('\n');
}

/** `readme` with the section between the markers replaced (markers appended when missing). */
export function withCliBenchSection(readme: string, results: CliBenchResults): string {
  const section = `${CLI_BENCH_BEGIN}\n${cliBenchSection(results)}\n${CLI_BENCH_END}`;
  const b = readme.indexOf(CLI_BENCH_BEGIN);
  const e = readme.indexOf(CLI_BENCH_END);
  if (b < 0 || e < b) return `${readme.trimEnd()}\n\n${section}\n`;
  return `${readme.slice(0, b)}${section}${readme.slice(e + CLI_BENCH_END.length)}`;
}
