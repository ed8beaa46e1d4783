/**
 * The property test of `cdk8s-batch import` (issue #15), run by `cli-import-codegen.test.ts` with the same
 * {@link ImportBatch}, so that one TypeScript program and one child process check the regression cases and the
 * property's runs together. Whatever strings a Job or CronJob holds, wherever they are, the import either
 * refuses the input (exit ≠ 0, a one-line error, nothing written) or writes code that
 * 1. has only the shapes the importer writes (checked on the TypeScript syntax tree: nothing else can run),
 * 2. type-checks (one TypeScript program over all the generated files),
 * 3. run in a child process with a fresh working folder, writes exactly the input's values back (literal
 *    credentials as Secret references) and no file outside its output folder;
 * and no credential value reaches the code or the report.
 *
 * `npm test` runs a few dozen cases; `FUZZ_RUNS=2000 npx jest test/cli-import-codegen.test.ts -t property` (or
 * `npm run fuzz`) runs more, with a random seed (see `fuzz.ts`).
 */
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import type { ImportReport } from '../../cli/commands/import';
import { kindType, typeAt } from '../../cli/import/schema-walk';
import { KUBECTL_YAML_OPTIONS } from '../../cli/read/manifests';
import { hasUrlPassword, looksLikeCredentialName } from '../../lib/rules/credentials';
import { fuzzParameters, replayHint } from './fuzz';
import type { Manifest } from './generated-code';
import { ImportBatch, Imported, yamlOf } from './import-batch';

const fuzz = fuzzParameters();
const RUNS = fuzz.runs(36);
/** Generated files type-checked and run at once. */
const CHUNK = 200;

/** Pieces of text that broke, or could break, generated code: line terminators, comment ends, quotes, ... */
const NASTY = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u0085',
  '*/',
  '/*',
  '//',
  '\0',
  '\x1b[31m',
  '\x7f',
  '\x9b',
  '\\',
  "'",
  '"',
  '`',
  '${',
  '}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '\u202E',
  '\u2066',
  '\uFEFF',
  '\u200B',
  '@ts-ignore',
  '@ts-nocheck',
  "require('fs')",
  '*',
  '/',
  ' ',
  '-',
  '.',
  '~',
  'a',
  'Z',
  '0',
  'é',
  '日本',
  '😀',
];

/**
 * Lone surrogates as U+FFFD: YAML cannot carry one (kubectl's reader refuses a `\uD800` escape, and so does
 * ours: test/cli-read-yaml.test.ts), so an input with one is refused before import; the escaper's handling of
 * them is unit-tested in cli-import-codegen.test.ts.
 */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Any text: mostly nasty pieces, also arbitrary code points and graphemes. */
const text = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme-ascii', maxLength: 3 })), {
          minLength: 1,
          maxLength: 5,
        })
        .map((pieces) => pieces.join('')),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }
  )
  .map(wellFormed);
const entries = (max: number) =>
  fc.uniqueArray(fc.tuple(text, text), { selector: ([k]) => k, maxLength: max });

/** A credential value that would show if it leaked. */
const SECRET = fc.stringMatching(/^[0-9a-f]{12}$/).map((hex) => `zq${hex}`);

const scenarioArbitrary = fc.record({
  kind: fc.constantFrom('Job', 'CronJob'),
  name: text,
  namespace: fc.option(text, { nil: undefined }),
  labels: entries(2),
  annotations: entries(2),
  env: entries(3),
  credential: fc.option(
    fc.record({
      name: fc.constantFrom('DB_PASSWORD', 'API_TOKEN', 'db.password', 'AWS_SECRET_ACCESS_KEY'),
      value: SECRET,
    }),
    { nil: undefined }
  ),
  command: fc.array(text, { maxLength: 2 }),
  args: fc.array(text, { maxLength: 2 }),
  unknownSpec: entries(1),
  unknownContainer: entries(1),
  fileName: text,
  chartName: fc.option(text, { nil: undefined }),
  exact: fc.boolean(),
});
type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never;

const JOB = kindType('batch/v1', 'Job');
const CRONJOB = kindType('batch/v1', 'CronJob');
const own = (pairs: readonly (readonly [string, string])[]) => Object.fromEntries(pairs);

/** The object of a scenario, and where its pod spec is. */
function objectOf(s: Scenario): { object: Manifest; pod: string[]; unknownSpec: [string, string][] } {
  const container: Manifest = { name: 'main', image: 'busybox:1.36' };
  if (s.command.length > 0) container.command = s.command;
  if (s.args.length > 0) container.args = s.args;
  const envNames = new Set(s.env.map(([k]) => k));
  const env = [
    ...s.env.map(([name, value]) => ({ name, value })),
    ...(s.credential && !envNames.has(s.credential.name) ? [s.credential] : []),
  ];
  if (env.length > 0) container.env = env;
  const type = s.kind === 'Job' ? JOB : CRONJOB;
  const pod =
    s.kind === 'Job' ? ['spec', 'template', 'spec'] : ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  for (const [key, value] of s.unknownContainer) {
    // (defineProperty: an own property even for __proto__)
    if (!typeAt(type, [...pod, 'containers', 0, key]))
      Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
  }
  const unknownSpec = s.unknownSpec.filter(([key]) => !typeAt(type, ['spec', key]));
  const podSpec = { restartPolicy: 'Never', containers: [container] };
  const metadata: Manifest = { name: s.name };
  if (s.namespace !== undefined) metadata.namespace = s.namespace;
  if (s.labels.length > 0) metadata.labels = own(s.labels);
  if (s.annotations.length > 0) metadata.annotations = own(s.annotations);
  const spec =
    s.kind === 'Job'
      ? { template: { spec: podSpec } }
      : { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec } } } };
  return {
    object: { apiVersion: 'batch/v1', kind: s.kind, metadata, spec: { ...spec, ...own(unknownSpec) } },
    pod,
    unknownSpec,
  };
}

/** A file name of the text (no `/`, no NUL, not too long for the file system). */
function fileNameOf(t: string): string {
  let name = t.replace(/[/\0]/g, '_');
  while (Buffer.byteLength(name) > 200) name = name.slice(0, -1);
  return `${name === '' || name === '.' || name === '..' ? 'f' : name}.yaml`;
}

/** Whether a value holds a string of blank lines with a space (`" \n"`), which cdk8s's YAML writer loses. */
const blankLines = (v: unknown): boolean =>
  typeof v === 'string'
    ? /^[ \t\n]*$/.test(v) && v.includes(' ') && v.includes('\n')
    : Array.isArray(v)
      ? v.some(blankLines)
      : v !== null && typeof v === 'object' && Object.values(v).some(blankLines);

/** JSON with the keys of every object sorted. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]])
        )
      : x
  );

const get = (o: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>(
    (v, k) =>
      v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, k)
        ? (v as Record<string | number, unknown>)[k]
        : undefined,
    o
  );

interface Run {
  readonly scenario: Scenario;
  readonly object: Manifest;
  readonly pod: string[];
  readonly unknownSpec: [string, string][];
  readonly result: Imported;
}

/** Characters the generated code never holds raw: line terminators but \n, controls, formatting, surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/** Defines the property test; its imports go to `batch`, which it checks at the end (with all other files). */
export function importProperty(batch: ImportBatch): void {
  test(
    'import of arbitrary strings in every field: refused, or safe code that type-checks and writes them back',
    async () => {
      const runs: Run[] = [];
      let refused = 0;
      let unchecked = 0;
      const parameters = fuzz.parameters(RUNS);
      await fc
        .assert(
          fc.asyncProperty(scenarioArbitrary, async (s) => {
            const { object, pod, unknownSpec } = objectOf(s);
            const yaml = yamlOf(object);
            // The YAML reads as the object (the property is about the importer, not about YAML escapes).
            const read = parseAllDocuments(yaml, KUBECTL_YAML_OPTIONS)[0].toJS();
            expect(JSON.stringify(read)).toBe(JSON.stringify(object));
            const args = [
              '--json',
              ...(s.exact ? ['--exact'] : []),
              ...(s.chartName === undefined ? [] : [`--chart-name=${s.chartName}`]),
            ];
            const result = await batch.import(yaml, fileNameOf(s.fileName), args);
            if (s.credential) {
              for (const output of [result.stdout, result.stderr, result.code ?? ''])
                expect(output).not.toContain(s.credential.value);
            }
            if (result.code === undefined) {
              // Refused: an exit code, one line per problem, nothing written.
              expect(result.exit).not.toBe(0);
              expect(result.stderr).not.toContain('unexpected error');
              if (result.report) expect(result.report.errors.length).toBeGreaterThan(0);
              else expect(result.stderr).toMatch(/^cdk8s-batch import: [^\n]*\n$/);
              refused++;
              return;
            }
            expect(result.shape).toEqual([]);
            expect(result.code.replace(/\n/g, '')).not.toMatch(UNSAFE);
            runs.push({ scenario: s, object, pod, unknownSpec, result });
            if (++unchecked >= CHUNK) {
              batch.check();
              unchecked = 0;
            }
          }),
          parameters
        )
        .catch((error: Error) => {
          throw new Error(`${error.message}\n${replayHint(parameters)}`);
        });

      if (fuzz.fuzzing) process.stderr.write(`import fuzz: ${runs.length} imported, ${refused} refused\n`);
      // THEN a good share of the inputs gave code (the property is not vacuous)
      expect(runs.length).toBeGreaterThanOrEqual(RUNS * 0.6);
      expect(refused + runs.length).toBe(RUNS);

      // AND all of it type-checks, runs, writes no file but its manifests, and writes the input's values back
      const { results, stray } = batch.check();
      expect(stray).toEqual([]);
      for (const run of runs) {
        const checked = results.get(run.result.file!)!;
        const context = `input ${JSON.stringify(run.object)}, args ${JSON.stringify(run.scenario)}`;
        expect([context, checked.diagnostics]).toEqual([context, []]);
        expect([context, checked.error]).toEqual([context, undefined]);
        expect([context, checked.manifests.length]).toEqual([context, 1]);
        for (const [what, problem] of writtenBack(run, checked.manifests[0]))
          expect([context, what, problem]).toEqual([context, what, undefined]);
      }
    },
    fuzz.fuzzing ? fuzz.timeout : 60_000
  );
}

/** What the synthesized object does not hold of the input (field → problem). */
function writtenBack(run: Run, actual: Manifest): [string, string | undefined][] {
  const { object: input, pod, result } = run;
  const report = result.report as ImportReport;
  const imported = report.objects[0];
  const out: [string, string | undefined][] = [];
  /**
   * Whether a difference is one the import reported (exit 1) for a known limit of cdk8s: no JSON patch of a
   * field named __proto__, and a YAML writer that loses the spaces of a string of blank lines (`" \n"`).
   */
  const excused = (path: string, key: string, value: unknown) =>
    result.exit === 1 &&
    imported.notReproduced.some(
      (d) => d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`)
    ) &&
    (key === '__proto__' || blankLines(value));
  const same = (what: string, a: unknown, b: unknown, path = what, key = '') =>
    out.push([
      what,
      canonical(a) === canonical(b) || excused(path, key, b)
        ? undefined
        : `${canonical(a)} ≠ ${canonical(b)}`,
    ]);
  same('kind', actual.kind, input.kind);
  same('metadata.name', actual.metadata.name, input.metadata.name);
  if (input.metadata.namespace !== undefined)
    same('metadata.namespace', actual.metadata.namespace, input.metadata.namespace);
  for (const map of ['labels', 'annotations']) {
    for (const [k, v] of Object.entries(input.metadata[map] ?? {}))
      same(`metadata.${map}[${k}]`, get(actual, ['metadata', map, k]), v, `metadata.${map}.${k}`, k);
  }
  const container = get(input, [...pod, 'containers', 0]) as Manifest;
  const actualContainer = get(actual, [...pod, 'containers', 0]) as Manifest;
  const containerPath = `${pod.join('.')}.containers[0]`;
  same('command', actualContainer.command, container.command, `${containerPath}.command`);
  same('args', actualContainer.args, container.args, `${containerPath}.args`);
  // Env: literal credentials as references to the Secret's keys, the rest as they were.
  const keys = new Map((imported.secret?.keys ?? []).map((k) => [k.path, k.key]));
  const envPath = (i: number) => `${pod.join('.')}.containers[0].env[${i}]`;
  const expectedEnv = (container.env ?? []).map((e: Manifest, i: number) => {
    const credential = e.value !== '' && (looksLikeCredentialName(e.name) || hasUrlPassword(e.value));
    out.push([
      `env[${i}] is a credential`,
      credential === keys.has(envPath(i)) ? undefined : `${credential}`,
    ]);
    return credential
      ? {
          name: e.name,
          valueFrom: { secretKeyRef: { name: imported.secret?.name, key: keys.get(envPath(i)) } },
        }
      : e.value === ''
        ? { name: e.name }
        : e;
  });
  const actualEnv = (actualContainer.env ?? []).map((e: Manifest) => (e.value === '' ? { name: e.name } : e));
  same('env', actualEnv, expectedEnv, `${containerPath}.env`);
  // Fields unknown to the 1.28 schema: written back, or reported as not reproduced (exit 1).
  const unknown = [
    ...run.unknownSpec.map(([k]) => ['spec', k]),
    ...Object.keys(container)
      .filter((k) => !['name', 'image', 'command', 'args', 'env'].includes(k))
      .map((k) => [...pod, 'containers', 0, k]),
  ];
  for (const path of unknown) {
    const written = canonical(get(actual, path)) === canonical(get(input, path));
    const reported = imported.notReproduced.some((d) => get(input, path) === d.expected);
    out.push([
      `unknown ${JSON.stringify(path)}`,
      written || (reported && result.exit === 1) ? undefined : 'lost, not reported',
    ]);
  }
  out.push([
    'exit',
    (imported.notReproduced.length === 0) === (result.exit === 0) ? undefined : `exit ${result.exit}`,
  ]);
  return out;
}
