import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as cdk8s from 'cdk8s';
import * as batch from '../lib';
import { docExamples, pages } from '../scripts/doc-examples';
import { manifestProblems, readYaml } from './support/build';
import { KUBECTL, KUBECTL_SKIPPED, kubectlReads } from './support/kubectl';

/*
 * The TypeScript examples of the README and docs/ run against lib/: each one's manifests pass the
 * API-server checks of `validate` at the example's target version and read back in kubectl as written.
 * scripts/consumer-test.sh runs the same programs against the packed package, type-checked with a
 * user's strict tsconfig; here they are only transpiled (`npm test` type-checks lib/, not docs).
 */

const root = path.join(__dirname, '..');
// The names the examples may use without importing them: lib/'s (what they run against here, so a
// stale build/ of the package cannot hide a new export) and cdk8s'.
const examples = docExamples((module) => Object.keys(module === 'cdk8s-batch' ? batch : cdk8s));

test('every ```ts block of the README and docs/ is an example or a consumer project file', () => {
  const blocks = pages().flatMap((page) =>
    [...fs.readFileSync(path.join(root, page), 'utf8').matchAll(/^```ts\n/gm)].map(() => page)
  );
  const consumerFiles = fs
    .readFileSync(path.join(root, 'README.md'), 'utf8')
    .match(/^<!-- test\/consumers\//gm);
  expect(examples.length + (consumerFiles?.length ?? 0)).toBe(blocks.length);
  expect(new Set(examples.map((e) => e.name)).size).toBe(examples.length);
});

test.each(examples.map((e) => [e.source, e] as const))('%s is valid TypeScript', (_source, example) => {
  const { diagnostics } = ts.transpileModule(example.program, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  expect((diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
});

describe('the examples run against lib/', () => {
  const cwd = process.cwd();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-doc-examples-'));
  // The examples write to dist/ of the current folder, like a user's app.
  beforeAll(() => process.chdir(work));
  afterAll(() => {
    process.chdir(cwd);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const modules: Record<string, string> = {
    'cdk8s-batch': path.join(root, 'lib', 'index'),
    'cdk8s-batch/testing': path.join(root, 'lib', 'testing'),
    cdk8s: require.resolve('cdk8s'),
  };

  test.each(examples.filter((e) => !e.testFile).map((e) => [e.source, e] as const))(
    '%s synthesizes manifests that validate at its target version',
    (_source, example) => {
      const dir = path.join(work, example.name);
      fs.mkdirSync(dir);
      process.chdir(dir);
      const file = path.join(dir, `${example.name}.ts`);
      fs.writeFileSync(
        file,
        example.program.replace(/from '([^']+)'/g, (m, name: string) =>
          name in modules ? `from ${JSON.stringify(modules[name])}` : m
        )
      );
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the example, as `node file` would
        jest.isolateModules(() => require(file));
      } finally {
        log.mockRestore();
        process.chdir(work);
      }
      const dist = path.join(dir, 'dist');
      const manifests = fs.existsSync(dist)
        ? fs
            .readdirSync(dist, { recursive: true, encoding: 'utf8' })
            .filter((f) => f.endsWith('.k8s.yaml'))
            .map((f) => path.join(dist, f))
        : [];
      const objects = manifests.flatMap((f) => readYaml(fs.readFileSync(f, 'utf8')));
      const version = example.kubeVersion as Parameters<typeof manifestProblems>[1];
      expect(objects.flatMap((o) => manifestProblems(o, version))).toEqual([]);
      if (KUBECTL) {
        for (const f of manifests.filter((m) => fs.statSync(m).size > 0)) {
          expect(kubectlReads(f)).toEqual(readYaml(fs.readFileSync(f, 'utf8')));
        }
      }
    }
  );

  if (!KUBECTL) test.skip(`kubectl read-back: ${KUBECTL_SKIPPED}`, () => undefined);
});
