import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { asObject, Json } from '../check/manifest-defaults';
import { CliError, Command, CommandContext, EXIT, printableLine, UsageError } from '../command';
import {
  displayPath,
  ManifestDocument,
  ManifestInput,
  ManifestObject,
  objectsOf,
  readManifests,
  yamlErrorMessage,
} from '../read/manifests';
import { importable, ImportedObject, ImportError, importObject } from '../import/importer';
import { chartClassName, podRelative, renderFile } from '../import/render';

/** An input problem that stops the import (nothing is written). */
export interface ImportProblem {
  readonly file: string;
  readonly document: number;
  readonly line: number;
  /** `Kind/name` when known. */
  readonly object: string | null;
  readonly message: string;
}

/** An object that is not a Job or CronJob. */
export interface SkippedObject {
  readonly file: string;
  readonly document: number;
  readonly object: string;
  readonly reason: string;
}

/** `--json` output of `import`. */
export interface ImportReport {
  /** The file written, or null when the code went to standard output (then `code` holds it). */
  readonly output: string | null;
  readonly code?: string;
  readonly objects: readonly (Omit<ImportedObject, 'props' | 'patches'> & {
    file: string;
    document: number;
  })[];
  readonly skipped: readonly SkippedObject[];
  readonly errors: readonly ImportProblem[];
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

function describeObject(value: unknown): string | null {
  const o = asObject(value);
  const meta = asObject(o?.metadata);
  const kind = str(o?.kind);
  const name = str(meta?.name) ?? str(meta?.generateName);
  if (!kind && !name) return null;
  const ns = str(meta?.namespace);
  return `${kind ?? '?'}/${ns ? `${ns}/` : ''}${name ?? '?'}`;
}

/** Writes `text` to `file` through a temporary file in the same folder, so that a failure leaves no partial file. */
export function writeAtomically(file: string, text: string): void {
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError(`cannot write ${file}: folder ${dir} does not exist`);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new CliError(`cannot write ${file}: it is a folder`);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
    throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** The report of one object on standard error. */
function reportLines(o: ImportedObject & { file: string; document: number }): string[] {
  const where = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  const lines = [`${o.file}:${o.document} ${where}: ${o.construct} '${o.id}'`];
  for (const [kind, list] of group(o.normalizations, (n) => n.kind)) {
    const detail =
      kind === 'security'
        ? `${list.map((n) => podRelative(n.path)).join(', ')} (pod template)`
        : kind === 'labels' || kind === 'annotations'
          ? list.map((n) => n.path).join(', ')
          : list.map((n) => `${n.path}: ${n.message}`).join('; ');
    lines.push(`  normalized (${kind}): ${detail}`);
  }
  for (const e of o.escapeHatches) lines.push(`  escape hatch: ${e.op} ${e.path}: ${e.reason}`);
  for (const w of o.warnings) lines.push(`  warning: ${w}`);
  if (o.secret)
    lines.push(
      `  secret: the code references Secret ${o.secret.name} for literal values that may be credentials (${o.secret.keys.map((k) => k.key).join(', ')}; not shown); create it before applying: ${o.secret.command}`
    );
  for (const d of o.notReproduced)
    lines.push(
      `  NOT REPRODUCED: ${d.path}: expected ${JSON.stringify(d.expected)}, synthesizes ${JSON.stringify(d.actual)}`
    );
  return lines;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : /(s|ch)$/.test(word) ? 'es' : 's'}`;

/** The command line of one `import` run, checked. */
interface ImportOptions {
  readonly source: string;
  readonly out: string | undefined;
  readonly chartOnly: boolean;
  readonly exact: boolean;
  readonly chartName: string;
}

type Placed = ImportedObject & { file: string; document: number };

/** What the import of every document found: the objects imported, skipped and in error. */
interface Collected {
  readonly errors: ImportProblem[];
  readonly skipped: SkippedObject[];
  readonly imported: Placed[];
  /** A document was not YAML (exit 2 rather than 1). */
  malformed: boolean;
  /** The objects seen, imported or not. */
  objects: number;
}

function importOptions(ctx: CommandContext): ImportOptions {
  if (ctx.positionals.length !== 1) {
    throw new UsageError(
      ctx.positionals.length === 0
        ? 'give one file, folder or - (standard input) to import'
        : 'give exactly one file, folder or -'
    );
  }
  const source = ctx.positionals[0];
  const out = ctx.values.out as string | undefined;
  const chartOnly = ctx.values['chart-only'] === true;
  const exact = ctx.values.exact === true;
  const chartName =
    (ctx.values['chart-name'] as string | undefined) ??
    (source === '-'
      ? 'imported'
      : path.basename(path.resolve(ctx.io.cwd, source)).replace(/\.(ya?ml)$/i, ''));
  if (chartName.trim() === '' || chartName.includes('/'))
    throw new UsageError(`--chart-name must be a name without '/' (got "${chartName}")`);
  if (out !== undefined && !/\.(ts|mts|cts)$/.test(out))
    throw new UsageError(`--out must name a .ts file (got "${out}")`);
  return { source, out, chartOnly, exact, chartName };
}

/** Imports one object of a document, or records why it is skipped or cannot be imported. */
function collectObject(
  doc: ManifestDocument,
  item: ManifestObject,
  taken: Set<string>,
  exact: boolean,
  into: Collected
): void {
  into.objects++;
  const value = asObject(item.value);
  const object = describeObject(item.value);
  const problem = (message: string) =>
    into.errors.push({
      file: doc.file,
      document: doc.index,
      line: doc.line,
      object,
      message: item.path ? `${item.path}: ${message}` : message,
    });
  if (!value) {
    problem('not a Kubernetes object (a mapping with apiVersion and kind)');
    return;
  }
  if (!str(value.kind)) {
    problem('the document has no kind');
    return;
  }
  if (!str(value.apiVersion)) {
    problem('the document has no apiVersion');
    return;
  }
  try {
    if (!importable(value)) {
      into.skipped.push({
        file: doc.file,
        document: doc.index,
        object: object ?? '?',
        reason: 'not a Job or CronJob',
      });
      return;
    }
    into.imported.push({
      ...importObject(value as Json, taken, { exact }),
      file: doc.file,
      document: doc.index,
    });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    problem(error.message);
  }
}

/** Imports every object of every document, in input order. */
function collectDocuments(input: ManifestInput, source: string, exact: boolean): Collected {
  const into: Collected = { errors: [], skipped: [], imported: [], malformed: false, objects: 0 };
  const taken = new Set<string>();
  for (const doc of input.documents) {
    if (doc.error) {
      into.malformed = true;
      into.errors.push({
        file: doc.file,
        document: doc.index,
        line: doc.error.line ?? doc.line,
        object: null,
        message: `malformed YAML: ${yamlErrorMessage(doc.error)}`,
      });
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    for (const item of objectsOf(doc.value)) collectObject(doc, item, taken, exact, into);
  }
  if (into.errors.length === 0 && into.objects === 0) {
    throw new CliError(`no Kubernetes objects in ${source} (the input is empty)`);
  }
  if (into.errors.length === 0 && into.imported.length === 0) {
    into.errors.push({
      file: input.files.join(', '),
      document: 0,
      line: 1,
      object: null,
      message: `no Job or CronJob to import (${plural(into.skipped.length, 'other object')} skipped)`,
    });
  }
  return into;
}

/** The `--json` report: the imported objects without their props and patches. */
function importReport(found: Collected, output: string | null, code?: string): ImportReport {
  return {
    output,
    ...(code === undefined ? {} : { code }),
    objects: found.imported.map((o) => {
      const rest: Record<string, unknown> = { ...o };
      delete rest.props;
      delete rest.patches;
      return rest as ImportReport['objects'][number];
    }),
    skipped: found.skipped,
    errors: found.errors,
  };
}

/** Reports the problems that stop the import; nothing is written. */
function reportProblems(ctx: CommandContext, found: Collected): number {
  if (ctx.json) ctx.io.out(`${JSON.stringify(importReport(found, null), null, 2)}\n`);
  else {
    for (const e of found.errors)
      ctx.io.err(
        `cdk8s-batch import: ${printableLine(`${e.file}:${e.document}${e.object ? ` ${e.object}` : ''}: ${e.message}`)}\n`
      );
    ctx.io.err(`cdk8s-batch import: nothing written (${plural(found.errors.length, 'problem')})\n`);
  }
  return found.malformed ? EXIT.USAGE : EXIT.FINDINGS;
}

/** The TypeScript file of the imported objects. */
function importedCode(options: ImportOptions, found: Collected, sources: readonly string[]): string {
  const { source, chartName, chartOnly, exact } = options;
  return renderFile(found.imported, {
    className: chartClassName(chartName),
    // The constructs library keeps children in a plain object: `constructor` or `__proto__` would clash.
    chartId: chartName in Object.prototype ? `${chartName}-chart` : chartName,
    chartOnly,
    sources,
    command: [
      'cdk8s-batch import',
      source,
      ...(exact ? ['--exact'] : []),
      ...(chartOnly ? ['--chart-only'] : []),
    ].join(' '),
  });
}

/** The human report on standard error (and the code on standard output when no `--out`). */
function reportImport(ctx: CommandContext, found: Collected, text: string, written: string | null): void {
  const { imported, skipped } = found;
  if (written === null) ctx.io.out(text);
  for (const o of imported) for (const line of reportLines(o)) ctx.io.err(`${printableLine(line)}\n`);
  for (const s of skipped)
    ctx.io.err(`${printableLine(`${s.file}:${s.document} ${s.object}: skipped: ${s.reason}`)}\n`);
  const hatches = imported.reduce((n, o) => n + o.escapeHatches.length, 0);
  const notReproduced = imported.reduce((n, o) => n + o.notReproduced.length, 0);
  const constructs = [...group(imported, (o) => o.construct)]
    .map(([c, list]) => `${list.length} ${c}`)
    .join(', ');
  ctx.io.err(
    `${written ? `wrote ${written}` : 'imported'}: ${constructs}; ${plural(hatches, 'escape hatch')}${skipped.length > 0 ? `; ${skipped.length} skipped` : ''}${notReproduced > 0 ? `; ${notReproduced} NOT REPRODUCED` : ''}\n`
  );
}

async function runImport(ctx: CommandContext): Promise<number> {
  const options = importOptions(ctx);
  const input = await readManifests([options.source], ctx.io);
  const found = collectDocuments(input, options.source, options.exact);
  if (found.errors.length > 0) return reportProblems(ctx, found);

  const text = importedCode(options, found, input.files);
  let written: string | null = null;
  if (options.out !== undefined) {
    const file = path.resolve(ctx.io.cwd, options.out);
    writeAtomically(file, text);
    written = displayPath(file, ctx.io.cwd);
  }
  if (ctx.json) {
    ctx.io.out(
      `${JSON.stringify(importReport(found, written, written === null ? text : undefined), null, 2)}\n`
    );
  } else reportImport(ctx, found, text, written);
  const notReproduced = found.imported.reduce((n, o) => n + o.notReproduced.length, 0);
  return notReproduced > 0 ? EXIT.FINDINGS : EXIT.OK;
}

/** `cdk8s-batch import <file|dir|->`. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Turn Job and CronJob YAML into a cdk8s-batch app (TypeScript)',
  usage: '<file|folder|->',
  description: [
    'Reads Job and CronJob YAML (several documents, kubectl get -o yaml output, kind: List) and writes',
    'TypeScript that builds the same objects with BatchJob, GpuJob (GPU resources) and CronBatch: a chart class',
    'and the lines that create the App and synthesize it (npx tsx <file> writes the manifests to $CDK8S_OUTDIR,',
    'default dist/). What the API server and controllers wrote (status, uid, managedFields, controller labels, the',
    'generated selector, ...) is left out. Fields the constructs do not model become JSON patches with a comment;',
    "cdk8s-batch's secure defaults the input lacks (non-root user, seccomp, no privilege escalation, no token)",
    'are kept and reported, unless --exact. The result is synthesized and compared with the input before it is',
    'written; the report (standard error, or --json) lists every normalization and escape hatch. Other kinds',
    'are skipped. Nothing is written when an object cannot be imported.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      valueName: 'file.ts',
      description: 'Write the code to this file (atomically) instead of standard output',
    },
    'chart-name': {
      type: 'string',
      valueName: 'name',
      description: 'The chart id and class name (batch-jobs → BatchJobsChart)',
      defaultText: 'the input file name, or imported',
    },
    'chart-only': {
      type: 'boolean',
      description: 'Write only the chart class, for pasting into an existing app',
    },
    exact: {
      type: 'boolean',
      description:
        "Reproduce the input exactly: JSON patches also undo cdk8s-batch's secure defaults and normalizations",
    },
  },
  allowPositionals: true,
  examples: [
    'cdk8s-batch import pi.yaml --out apps/pi.ts && npx tsx apps/pi.ts',
    'kubectl get jobs,cronjobs -o yaml | cdk8s-batch import - --chart-name batch-jobs --out batch-jobs.ts',
    'cdk8s-batch import manifests/ --chart-only --json',
  ],
  run: runImport,
};
