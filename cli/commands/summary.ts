import { asObject, Json } from '../check/manifest-defaults';
import { Command, CommandContext, CliError, EXIT, printableLine, UsageError } from '../command';
import { objectsOf, readManifests, yamlErrorMessage } from '../read/manifests';
import { formatDuration, summarize, SummaryRow, SummaryTotals, totalsOf } from '../summarize';

/** `--json` output of `summary`. */
export interface SummaryReport {
  /** The time next runs are computed from, ISO 8601. */
  readonly now: string;
  readonly rows: readonly SummaryRow[];
  readonly totals: SummaryTotals;
  /** Objects that are not Jobs or CronJobs, as `file:document Kind/name`. */
  readonly others: readonly string[];
}

const CRONJOB_API_VERSIONS = ['batch/v1', 'batch/v1beta1'];
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Now" from `--now`, else `CDK8S_BATCH_NOW`, else the clock. */
function nowFrom(ctx: CommandContext): Date {
  const text = (ctx.values.now as string | undefined) ?? ctx.io.env.CDK8S_BATCH_NOW;
  if (text === undefined) return new Date();
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`--now must be a date and time such as 2026-05-01T00:00:00Z (got "${text}")`);
  }
  return date;
}

/** `2026-05-01T18:30Z`: minutes are what a schedule can say. */
function minute(iso: string): string {
  return iso.replace(/:00\.000Z$/, 'Z');
}

function gpuText(row: SummaryRow): string {
  if (row.gpus.length === 0) return '-';
  return row.gpus
    .map((g) =>
      g.mode === 'unrecognized'
        ? `unrecognized: ${Object.entries(g.resources)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(', ')}`
        : `${g.mode} ${g.description} (${g.stack})`
    )
    .join('; ');
}

const COLUMNS: ReadonlyArray<[string, (r: SummaryRow) => string]> = [
  ['KIND', (r) => `${r.kind}${r.suspended ? ' (suspended)' : ''}`],
  ['NAMESPACE/NAME', (r) => `${r.namespace ?? '-'}/${r.name}`],
  ['PATTERN', (r) => r.pattern],
  ['COMPLETIONS/PARALLELISM', (r) => `${r.completions ?? '-'}/${r.parallelism}`],
  ['RESTART', (r) => r.restartPolicy ?? '-'],
  ['DEADLINE', (r) => (r.deadlineSeconds === null ? '-' : formatDuration(r.deadlineSeconds))],
  ['GPU', gpuText],
  ['SCHEDULE', (r) => (r.schedule === null ? '-' : `${r.schedule}${r.timeZone ? ` ${r.timeZone}` : ''}`)],
  ['NEXT RUN', (r) => (r.nextRun ? minute(r.nextRun) : r.scheduleProblem ? `- (${r.scheduleProblem})` : '-')],
  ['SECURITY', (r) => r.security],
];

function totalsText(t: SummaryTotals): string {
  const gpus = [
    t.gpus.wholeCards > 0 ? plural(t.gpus.wholeCards, 'whole card') : undefined,
    t.gpus.virtual > 0 ? plural(t.gpus.virtual, 'virtual GPU') : undefined,
    t.gpus.mig > 0 ? plural(t.gpus.mig, 'MIG device') : undefined,
  ].filter((x) => x !== undefined);
  return `${plural(t.jobs + t.cronJobs, 'job')} (${plural(t.jobs, 'Job')}, ${plural(t.cronJobs, 'CronJob')}); ${plural(
    t.peakPods,
    'pod'
  )} at peak parallelism; GPUs at peak: ${gpus.length === 0 ? 'none' : gpus.join(', ')}`;
}

/** The plain-text table: columns padded to their widest cell. */
export function textTable(rows: readonly SummaryRow[], totals: SummaryTotals): string {
  const cells = [COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, f]) => printableLine(f(r))))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const lines = cells.map((c) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  );
  return `${lines.join('\n')}\n\nTotals: ${totalsText(totals)}\n`;
}

/** A GitHub Markdown table, for a pull request comment. */
export function markdownTable(rows: readonly SummaryRow[], totals: SummaryTotals): string {
  const escape = (text: string) => printableLine(text).replace(/\|/g, '\\|');
  const code = new Set(['NAMESPACE/NAME', 'SCHEDULE']);
  const header = `| ${COLUMNS.map(([h]) => h.toLowerCase()).join(' | ')} |`;
  const rule = `| ${COLUMNS.map(() => '---').join(' | ')} |`;
  const body = rows.map(
    (r) =>
      `| ${COLUMNS.map(([h, f]) => {
        const text = f(r);
        return code.has(h) && text !== '-' ? `\`${escape(text)}\`` : escape(text);
      }).join(' | ')} |`
  );
  return `${[header, rule, ...body].join('\n')}\n\n**Totals:** ${totalsText(totals)}\n`;
}

async function runSummary(ctx: CommandContext): Promise<number> {
  if (ctx.values.json === true && ctx.values.markdown === true)
    throw new UsageError('give --json or --markdown, not both');
  const now = nowFrom(ctx);
  const paths = ctx.positionals.length > 0 ? ctx.positionals : ['dist'];
  const input = await readManifests(paths, ctx.io);
  const rows: SummaryRow[] = [];
  const others: string[] = [];
  const problems: string[] = [];
  let malformed = false;
  let objects = 0;
  for (const doc of input.documents) {
    if (doc.error) {
      malformed = true;
      problems.push(`${doc.file}:${doc.index}: malformed YAML: ${yamlErrorMessage(doc.error)}`);
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    for (const item of objectsOf(doc.value)) {
      objects++;
      const o = asObject(item.value);
      const meta = asObject(o?.metadata);
      const what = `${doc.file}:${doc.index}${item.path ? ` ${item.path}` : ''} ${str(o?.kind) ?? '?'}/${str(meta?.name) ?? '?'}`;
      if (!o || !str(o.kind)) {
        problems.push(`${what}: the document has no kind`);
        continue;
      }
      if (!str(o.apiVersion)) {
        problems.push(`${what}: the document has no apiVersion`);
        continue;
      }
      const known =
        (o.kind === 'Job' && o.apiVersion === 'batch/v1') ||
        (o.kind === 'CronJob' && CRONJOB_API_VERSIONS.includes(String(o.apiVersion)));
      if ((o.kind === 'Job' || o.kind === 'CronJob') && !known) {
        problems.push(`${what}: unknown apiVersion "${String(o.apiVersion)}" for a ${String(o.kind)}`);
        continue;
      }
      if (!known) {
        others.push(what);
        continue;
      }
      rows.push(summarize(o as Json, { file: doc.file, document: doc.index }, now));
    }
  }
  if (problems.length > 0) {
    for (const p of problems) ctx.io.err(`cdk8s-batch summary: ${printableLine(p)}\n`);
    return malformed ? EXIT.USAGE : EXIT.FINDINGS;
  }
  if (objects === 0)
    throw new CliError(`no Kubernetes objects in ${paths.join(', ')} (the YAML files are empty)`);
  const totals = totalsOf(rows);
  if (ctx.json) {
    const report: SummaryReport = { now: now.toISOString(), rows, totals, others };
    ctx.io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else if (rows.length === 0) {
    ctx.io.out(`no Jobs or CronJobs in ${paths.join(', ')} (${plural(others.length, 'other object')})\n`);
  } else {
    ctx.io.out(ctx.values.markdown === true ? markdownTable(rows, totals) : textTable(rows, totals));
    if (others.length > 0 && ctx.values.markdown !== true) {
      ctx.io.out(
        `Not Jobs or CronJobs, not summarized: ${others.map((o) => o.split(' ').pop()).join(', ')}\n`
      );
    }
  }
  return EXIT.OK;
}

/** `cdk8s-batch summary [paths...]`. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Show what the manifests will run: a table of Jobs and CronJobs',
  usage: '[paths...]',
  description: [
    'Lists every Job and CronJob in the YAML files under the given files and folders (default: dist/; - reads',
    'standard input): kind, namespace/name, pattern, completions/parallelism, restart policy, deadline, GPU',
    'request (mode, count and the stack recognized from the resource names), schedule and next run (CronJobs,',
    'in their time zone, computed like CronBatch.nextRuns), and the Pod Security Standards level the pods meet;',
    'then totals: jobs, pods at peak parallelism (every Job and one run of every CronJob at once) and GPUs.',
  ].join('\n'),
  options: {
    markdown: { type: 'boolean', description: 'Print a Markdown table (for a pull request comment)' },
    now: {
      type: 'string',
      valueName: 'time',
      description:
        'Compute next runs from this time (ISO 8601), e.g. 2026-05-01T00:00:00Z; also $CDK8S_BATCH_NOW',
      defaultText: 'the current time',
    },
  },
  allowPositionals: true,
  examples: [
    'cdk8s-batch summary',
    'cdk8s-batch summary dist/ --markdown > summary.md',
    'cdk8s-batch summary --json --now 2026-05-01T00:00:00Z',
  ],
  run: runSummary,
};
