/**
 * The TypeScript examples of the README and docs/, as programs a user could run: every ```ts block
 * except those the README marks as a consumer project's file (`<!-- test/consumers/... -->`, checked
 * verbatim by test/readme-consumers.test.ts).
 *
 * A block is kept as written and completed only where a snippet leaves something to the reader:
 * - a block without `import` lines gets them, for the names it uses that cdk8s-batch or cdk8s export
 *   (a block with `import` lines must import what it uses: a missing one is a type error);
 * - `app` and `chart`, when it uses them without declaring them (an `App` writing to `dist/` and a
 *   `Chart` in it), and `app.synth()` at the end;
 * - a test file (one calling `test(...)`) is run by jest in the consumer test, not by test/doc-examples.test.ts.
 * Its target Kubernetes version is the newest `KubernetesVersion.V1_xx` it names (1.28 when none): what
 * `cdk8s-batch validate --kube-version` checks its manifests against.
 *
 * scripts/consumer-test.sh writes them into a consumer project with the packed package (type-check with
 * the project's strict tsconfig, run, validate, kubectl read-back); test/doc-examples.test.ts runs them
 * against lib/ in `npm test`.
 *
 *   npx tsx scripts/doc-examples.ts <folder> [<node_modules folder to read the exports from>]
 */
import * as fs from 'fs';
import * as path from 'path';

export interface DocExample {
  /** File name without extension: `<page>-<n>`, n counting the page's ```ts blocks from 1. */
  readonly name: string;
  /** Where the block is: `docs/multi-node.md:13` (the line of its opening fence). */
  readonly source: string;
  /** The block as written. */
  readonly block: string;
  /** The program: the block, completed (see above). */
  readonly program: string;
  /** `1.31`: the target Kubernetes version. */
  readonly kubeVersion: string;
  /** Whether it is a test file: run by jest (the consumer test), not as a program. */
  readonly testFile: boolean;
}

const root = path.join(__dirname, '..');

/** The pages with examples: the README, then docs/*.md by name. */
export function pages(): string[] {
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** Comments, strings and template literals blanked, so that names are only code. */
function codeOnly(source: string): string {
  return source.replace(
    /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g,
    ' '
  );
}

/**
 * The examples of every page. `exportsOf(module)` lists the value names a module exports (for the
 * imports a block leaves out).
 */
export function docExamples(exportsOf: (module: 'cdk8s-batch' | 'cdk8s') => readonly string[]): DocExample[] {
  const batchNames = new Set(exportsOf('cdk8s-batch'));
  const cdk8sNames = new Set(exportsOf('cdk8s'));
  const examples: DocExample[] = [];
  for (const page of pages()) {
    const markdown = fs.readFileSync(path.join(root, page), 'utf8');
    const base = path.basename(page, '.md').toLowerCase();
    let n = 0;
    for (const m of markdown.matchAll(/^(<!-- (\S+) -->\n)?```ts\n([\s\S]*?)^```$/gm)) {
      n++;
      if (m[2]?.startsWith('test/consumers/')) continue;
      const block = m[3];
      const line = markdown.slice(0, m.index! + (m[1]?.length ?? 0)).split('\n').length;
      const code = codeOnly(block);
      const hasImports = /^import\s/m.test(block);
      const testFile = /^test(\.each)?\(/m.test(block);
      const used = new Set(code.match(/\b[A-Za-z_$][\w$]*\b/g) ?? []);
      const declares = (name: string) =>
        new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b|[(,]\\s*${name}\\s*:`).test(code);
      const needsChart = used.has('chart') && !declares('chart');
      const needsApp = needsChart || (used.has('app') && !declares('app'));
      const imports: string[] = [];
      if (!hasImports) {
        const fromBatch = [...used].filter((u) => batchNames.has(u)).sort();
        const fromCdk8s = [...used].filter((u) => cdk8sNames.has(u) && !batchNames.has(u)).sort();
        if (fromCdk8s.length > 0) imports.push(`import { ${fromCdk8s.join(', ')} } from 'cdk8s';`);
        if (fromBatch.length > 0) imports.push(`import { ${fromBatch.join(', ')} } from 'cdk8s-batch';`);
      }
      const harness: string[] = [];
      if (needsApp) harness.push("import * as example$cdk8s from 'cdk8s';");
      if (needsApp) harness.push("const app = new example$cdk8s.App({ outdir: 'dist' });");
      if (needsChart) harness.push("const chart = new example$cdk8s.Chart(app, 'example');");
      const blockImports = block.split('\n').filter((l) => /^import\s/.test(l));
      const rest = block
        .split('\n')
        .filter((l) => !/^import\s/.test(l))
        .join('\n');
      const versions = [...block.matchAll(/KubernetesVersion\.V1_(\d+)/g)].map((v) => Number(v[1]));
      const kubeVersion = `1.${Math.max(28, ...versions)}`;
      const program = [
        `// ${page}:${line}, completed by scripts/doc-examples.ts (target Kubernetes ${kubeVersion})`,
        ...blockImports,
        ...imports,
        ...harness,
        rest.trimEnd(),
        ...(needsApp && !/\bapp\.synth\(\)/.test(code) ? ['app.synth();'] : []),
        '',
      ].join('\n');
      examples.push({
        name: `${base}-${n}`,
        source: `${page}:${line}`,
        block,
        program,
        kubeVersion,
        testFile,
      });
    }
  }
  return examples;
}

/** The value names `module` exports, as `require` from `nodeModules`' parent folder finds it. */
export function runtimeExports(nodeModules: string) {
  return (module: string): string[] =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, found at run time
    Object.keys(require(require.resolve(module, { paths: [path.dirname(nodeModules)] })));
}

if (require.main === module) {
  const [out, nodeModules = path.join(root, 'node_modules')] = process.argv.slice(2);
  if (!out) {
    console.error('usage: tsx scripts/doc-examples.ts <folder> [<node_modules folder>]');
    process.exit(2);
  }
  fs.mkdirSync(out, { recursive: true });
  // One line per example: name, target version, test file or not (scripts/consumer-test.sh reads it).
  const list: string[] = [];
  for (const e of docExamples(runtimeExports(nodeModules))) {
    fs.writeFileSync(path.join(out, `${e.name}.ts`), e.program);
    list.push(`${e.name} ${e.kubeVersion} ${e.testFile ? 'test' : 'run'} ${e.source}`);
  }
  fs.writeFileSync(path.join(out, 'examples.txt'), `${list.join('\n')}\n`);
  console.log(list.join('\n'));
}
