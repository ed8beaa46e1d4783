/**
 * The TypeScript file `cdk8s-batch import` writes: imports, one chart class with a construct per object (and its
 * JSON patches), and, unless `--chart-only`, the few lines that create the `App` and synthesize it.
 */
import {
  commentLines as wrappedComment,
  docComment,
  identifier,
  RESERVED_WORDS,
  stringLiteral,
} from './code-text';
import { call, code, commentLines, ImportedSymbol, lit, printExpr, symbolsOf } from './expr';
import type { ImportedObject } from './importer';

/** Options of {@link renderFile}. */
export interface RenderOptions {
  /** The chart class name, e.g. `PiChart`. */
  readonly className: string;
  /** The chart id in the app (also the manifest file name: `<id>.k8s.yaml`). */
  readonly chartId: string;
  /** Only the chart class, for pasting into an existing app. */
  readonly chartOnly?: boolean;
  /** Where the objects came from, for the header comment. */
  readonly sources: readonly string[];
  /** The command line, for the header comment. */
  readonly command: string;
}

const MODULE_ORDER = ['cdk8s', 'cdk8s-plus-28', 'constructs', 'cdk8s-batch'];

/** `PiChart` from `pi`, `batch-jobs` → `BatchJobsChart`: an identifier of `[A-Za-z0-9]` only. */
export function chartClassName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const base = pascal === '' ? 'Imported' : /^[0-9]/.test(pascal) ? `Imported${pascal}` : pascal;
  // `Chart` itself is the imported base class.
  return identifier(base === 'Chart' ? 'ImportedChart' : base.endsWith('Chart') ? base : `${base}Chart`);
}

/** A camelCase variable name from a construct id, unique among `taken`. */
function variableName(id: string, taken: Set<string>): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  let name =
    words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1))).join('') || 'job';
  if (/^[0-9]/.test(name)) name = `job${name[0].toUpperCase()}${name.slice(1)}`;
  if (RESERVED.has(name) || RESERVED_WORDS.has(name)) name = `${name}Job`;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
  taken.add(unique);
  return identifier(unique);
}

/** Names the constructor uses or sees: its parameters, the app's, and the one lower-case import (`k8s`). */
const RESERVED = new Set([
  'app',
  'chart',
  'scope',
  'id',
  'props',
  'k8s',
  'process',
  'require',
  'module',
  'exports',
]);

/** The statements of one object, indented for the chart constructor. */
function objectStatements(o: ImportedObject, taken: Set<string>): string[] {
  const indent = 4;
  const pad = ' '.repeat(indent);
  const where = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  const lines: string[] = [...commentLines(where, indent)];
  for (const note of normalizationNotes(o)) lines.push(...commentLines(note, indent));
  for (const w of o.warnings) lines.push(...commentLines(`Warning: ${w}`, indent));
  if (o.secret) {
    lines.push(
      ...commentLines(
        `Create the Secret ${o.secret.name} before applying (this file holds no credential; set the shell variables first): ${o.secret.command}`,
        indent
      )
    );
  }
  const construct = call(
    `new ${identifier(o.construct)}`,
    [code('this', undefined), lit(o.id), o.props],
    () => undefined
  );
  const variable = o.patches.length > 0 ? variableName(o.id, taken) : undefined;
  const head = variable ? `const ${variable} = ` : '';
  lines.push(`${pad}${head}${printExpr(construct, indent, head.length, 1)};`);
  if (variable) {
    lines.push(
      ...commentLines(
        `What ${o.construct} does not model, as JSON patches (escape hatch; values in the L1 form: k8s.Quantity for quantities):`,
        indent
      )
    );
    const patchLines: string[] = [];
    let lastReason: string | undefined;
    o.patches.forEach((p, i) => {
      const reason = o.escapeHatches[i].reason;
      if (reason !== lastReason) patchLines.push(...commentLines(reason, indent + 2));
      lastReason = reason;
      patchLines.push(`${' '.repeat(indent + 2)}${printExpr(p, indent + 2, 0, 1)},`);
    });
    lines.push(`${pad}ApiObject.of(${variable}).addJsonPatch(`, ...patchLines, `${pad});`);
  }
  return lines;
}

/** `spec.template.spec.securityContext.runAsUser` → `securityContext.runAsUser`. */
export function podRelative(path: string): string {
  return path.replace(/^spec\.(jobTemplate\.spec\.)?template\.spec\./, '');
}

/** One comment per kind of normalization (our labels and annotations are left out: every object has them). */
function normalizationNotes(o: ImportedObject): string[] {
  const kinds = [...new Set(o.normalizations.map((n) => n.kind))].filter(
    (k) => k !== 'labels' && k !== 'annotations'
  );
  return kinds.map((kind) => {
    const list = o.normalizations.filter((n) => n.kind === kind);
    if (kind === 'security') {
      const added = list.map((n) => `${podRelative(n.path)}: ${n.message.replace(/^added: /, '')}`);
      return `Note: cdk8s-batch's secure defaults add what the input lacks (import --exact removes them): ${added.join(', ')}`;
    }
    return `Note (${kind}): ${list.map((n) => `${n.path}: ${n.message}`).join('; ')}`;
  });
}

/** The import lines for the symbols used, grouped by module. */
function importLines(symbols: readonly ImportedSymbol[]): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const s of symbols) {
    if (!byModule.has(s.module)) byModule.set(s.module, new Set());
    byModule.get(s.module)!.add(s.name);
  }
  const modules = [...byModule.keys()].sort(
    (a, b) => (MODULE_ORDER.indexOf(a) + 1 || 99) - (MODULE_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b)
  );
  return modules.map((m) => {
    if (!MODULE_ORDER.includes(m)) throw new Error(`internal error: an import from ${stringLiteral(m)}`);
    const names = [...byModule.get(m)!].map(identifier).sort((a, b) => a.localeCompare(b));
    const line = `import { ${names.join(', ')} } from ${stringLiteral(m)};`;
    if (line.length <= 110) return line;
    return `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${m}';`;
  });
}

/** The whole file. */
export function renderFile(objects: readonly ImportedObject[], options: RenderOptions): string {
  const taken = new Set<string>();
  const body = objects.flatMap((o, i) => [...(i > 0 ? [''] : []), ...objectStatements(o, taken)]);
  const symbols: ImportedSymbol[] = [
    { module: 'cdk8s', name: 'Chart' },
    { module: 'cdk8s', name: 'ChartProps' },
    { module: 'constructs', name: 'Construct' },
    ...objects.flatMap((o) => [
      { module: 'cdk8s-batch', name: o.construct },
      ...symbolsOf(o.props),
      ...o.patches.flatMap((p) => symbolsOf(p)),
      ...(o.patches.length > 0 ? [{ module: 'cdk8s', name: 'ApiObject' }] : []),
    ]),
    ...(options.chartOnly ? [] : [{ module: 'cdk8s', name: 'App' }]),
  ];
  const kinds = objects.map((o) => `${o.kind} ${o.name}`);
  const summary = kinds.length <= 3 ? kinds.join(', ') : `${kinds.length} objects`;
  const className = identifier(options.className);
  const lines = [
    // One line, however long (escaped all the same).
    ...wrappedComment(`Generated by \`${options.command}\` from ${options.sources.join(', ')}.`, 0, Infinity),
    '// Review the notes and warnings below; `cdk8s-batch import` printed the same report.',
    ...importLines(symbols),
    '',
    docComment(`${summary}, imported from ${options.sources.join(', ')}.`),
    `export class ${className} extends Chart {`,
    '  constructor(scope: Construct, id: string, props: ChartProps = {}) {',
    '    super(scope, id, props);',
    '',
    ...body,
    '  }',
    '}',
  ];
  if (!options.chartOnly) {
    lines.push(
      '',
      '// `npx tsx <this file>` writes the manifests to $CDK8S_OUTDIR (default: dist/).',
      "const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });",
      `new ${className}(app, ${stringLiteral(options.chartId)});`,
      'app.synth();'
    );
  }
  return `${lines.join('\n')}\n`;
}
