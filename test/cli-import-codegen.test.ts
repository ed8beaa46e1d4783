/**
 * `cdk8s-batch import` reads untrusted YAML and writes TypeScript that people run: the code must be safe by
 * construction (issue #15). Regressions of what reached the code unescaped, and the rule that no credential is
 * ever written or printed; the property test (`support/import-property.ts`). Every generated file is also
 * type-checked and run (all at once, `import-batch.ts`).
 */
import { stringify } from 'yaml';
import { commentLines, escapeText, propertyKey, stringLiteral } from '../cli/import/code-text';
import { chartClassName } from '../cli/import/render';
import { secretNameFor } from '../cli/import/secrets';
import { ImportBatch, Imported, yamlOf } from './support/import-batch';
import type { Manifest } from './support/generated-code';
import { importProperty } from './support/import-property';

const batch = new ImportBatch();
afterAll(() => batch.dispose());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are built freely
type Json = any;

const job = (metadata: Json, container: Json = {}, spec: Json = {}, pod: Json = {}): Json => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata,
  spec: {
    ...spec,
    template: {
      spec: {
        restartPolicy: 'Never',
        ...pod,
        containers: [{ name: 'main', image: 'busybox:1.36', ...container }],
      },
    },
  },
});

/** Imported, and the code type-checked and run: the synthesized objects. */
function generated(result: Imported): Manifest[] {
  expect(result.stderr).toBe('');
  expect(result.code).toBeDefined();
  expect(result.shape).toEqual([]);
  const { results, stray } = batch.check();
  expect(stray).toEqual([]);
  const checked = results.get(result.file!)!;
  expect(checked.diagnostics).toEqual([]);
  expect(checked.error).toBeUndefined();
  return checked.manifests;
}

const PAYLOAD = "x\nrequire('fs').writeFileSync('pwned','1')\n//";
// No lone surrogate: YAML cannot carry one (the reader refuses a `\uD800` escape, as kubectl's does).
const NASTY = `a\nb\rc\u2028d\u2029e\u0085f*/g/*h\0i\\j'k"l\`m\${n}\u202Eo\uD83D\uDE00p`;

const SECRET = 'hunter2-s3cr3t-value';
const URL_SECRET = 'url-pa55word-value';
const credentialJob = () =>
  job(
    { name: 'migrate', namespace: 'payments' },
    {
      env: [
        { name: 'DB_PASSWORD', value: SECRET },
        { name: 'DATABASE_URL', value: `postgres://app:${URL_SECRET}@db:5432/app` },
        { name: 'db.password', value: SECRET },
        { name: 'PLAIN', value: 'visible' },
      ],
    },
    {},
    {
      initContainers: [
        { name: 'init', image: 'busybox:1.36', env: [{ name: 'DB_PASSWORD', value: `${SECRET}-other` }] },
      ],
    }
  );

const cases = {
  name: () => batch.import(yamlOf(job({ name: PAYLOAD }))),
  everywhere: () =>
    batch.import(
      yamlOf(
        job(
          {
            name: 'everywhere',
            namespace: NASTY,
            labels: { [NASTY]: NASTY, ok: NASTY },
            annotations: { [NASTY]: PAYLOAD },
          },
          {
            command: [PAYLOAD, NASTY],
            args: [NASTY],
            env: [
              { name: NASTY, value: PAYLOAD },
              { name: PAYLOAD, value: NASTY },
            ],
            [`x-${NASTY}`]: PAYLOAD,
          },
          { [`x-${NASTY}`]: PAYLOAD, [`y*/${PAYLOAD}`]: 1 },
          { [`x-${NASTY}`]: NASTY }
        )
      )
    ),
  // A folder name ending in `*` closed the JSDoc; \r and U+2028 ended the header comment.
  fileName: () => batch.import(yamlOf(job({ name: 'files' })), 'x*/a\rb\u2028c\u2029@ts-nocheck.yaml'),
  proto: () =>
    batch.import(
      yamlOf(
        job(
          { name: 'proto', labels: { constructor: 'c', toString: 't' } },
          {
            env: [
              { name: '__proto__', value: 'p' },
              { name: 'constructor', value: 'c' },
              { name: 'hasOwnProperty', value: 'h' },
            ],
          }
        )
      )
    ),
  protoKeys: () =>
    batch.import(
      yamlOf(
        job(
          { name: 'constructor', labels: { ['__proto__']: 'l' } },
          { ['__proto__']: 'c' },
          { ['__proto__']: 's' }
        )
      ),
      'constructor.yaml'
    ),
  // Input keys were looked up in plain objects of the importer (`kinds[name]`): `toString` found a function.
  objectMembers: () =>
    batch.import(
      yamlOf(
        job(
          { name: 'members' },
          { resources: { limits: { toString: '1', memory: '64Mi' } }, valueOf: 'v' },
          {},
          { hasOwnProperty: 'h' }
        )
      )
    ),
  // cdk8s's YAML writer (yaml 2.9.1) loses the spaces of a string of blank lines: `|+` without indentation.
  blankLines: () => batch.import(yamlOf(job({ name: 'blank', annotations: { a: ' \n' } })), 'input.yaml', []),
  // The variable of a construct with patches: `k8s` hid the import k8s, `arguments` and `eval` are not allowed.
  k8s: () =>
    batch.import(
      yamlOf(job({ name: 'k8s' }, { resources: { limits: { 'hugepages-2Mi': '64Mi', memory: '64Mi' } } }))
    ),
  argumentsName: () => batch.import(yamlOf(job({ name: 'arguments' }, {}, {}, { hostIPC: true }))),
  evalName: () => batch.import(yamlOf(job({ name: 'eval' }, {}, {}, { hostIPC: true }))),
  chartName: () =>
    batch.import(yamlOf(job({ name: 'c' })), 'input.yaml', ['--json', '--chart-name', 'chart']),
  credentials: () => batch.import(stringify(credentialJob()), 'input.yaml', ['--json']),
  credentialsExact: () => batch.import(stringify(credentialJob()), 'input.yaml', ['--json', '--exact']),
  credentialsText: () => batch.import(stringify(credentialJob()), 'input.yaml', []),
  credentialsTextExact: () => batch.import(stringify(credentialJob()), 'input.yaml', ['--exact']),
  credentialInPatch: () =>
    batch.import(
      stringify(
        job(
          { name: 'odd' },
          {},
          {},
          {
            initContainers: [
              { name: 'Not_A_Label', image: 'busybox:1.36', env: [{ name: 'API_TOKEN', value: SECRET }] },
            ],
          }
        )
      )
    ),
} as const;
const results: Partial<Record<keyof typeof cases, Imported>> = {};

beforeAll(async () => {
  for (const [name, run] of Object.entries(cases)) results[name as keyof typeof cases] = await run();
}, 30_000);

// First: its check at the end type-checks and runs the regression cases' code too, all at once.
describe('property', () => importProperty(batch));

describe('input reaches the generated code only escaped', () => {
  test('a Job name that ends the comment it is in is escaped there: the code runs nothing but the app', () => {
    const result = results.name!;
    expect(result.code).not.toMatch(/^require/m);
    expect(result.code).toContain("// Job x\\nrequire('fs').writeFileSync('pwned','1')\\n//");
    expect(result.code).toContain("/** Job x\\nrequire('fs').writeFileSync('pwned','1')\\n//, imported from");
    const [object] = generated(result);
    expect(object.metadata.name).toBe(PAYLOAD);
  });

  test('line terminators, comment ends, quotes and control characters in every field', () => {
    const result = results.everywhere!;
    // No raw line terminator but \n, no control or formatting character, no lone surrogate.
    expect(result.code).not.toMatch(
      /[\r\u2028\u2029\u0085\0\u202E]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
    );
    const [object] = generated(result);
    expect(object.metadata.namespace).toBe(NASTY);
    expect(object.metadata.labels[NASTY]).toBe(NASTY);
    expect(object.metadata.labels.ok).toBe(NASTY);
    expect(object.metadata.annotations[NASTY]).toBe(PAYLOAD);
    const container = object.spec.template.spec.containers[0];
    expect(container.command).toEqual([PAYLOAD, NASTY]);
    expect(container.args).toEqual([NASTY]);
    expect(container.env).toEqual([
      { name: NASTY, value: PAYLOAD },
      { name: PAYLOAD, value: NASTY },
    ]);
    // Fields unknown to the Kubernetes 1.28 schema cannot be patched in; the import says so.
    expect(result.exit).toBe(1);
    expect(result.report!.objects[0].notReproduced.map((d) => d.path)).toEqual(
      expect.arrayContaining([`spec.x-${NASTY}`, `spec.template.spec.containers[0].x-${NASTY}`])
    );
  });

  test('file names with \\r, U+2028 and a folder ending in * (the end of a JSDoc comment)', () => {
    const result = results.fileName!;
    expect(result.code).toContain('x*\\/a\\rb\\u2028c\\u2029@ts-nocheck.yaml');
    expect(result.code).toContain('export class ABCTsNocheckChart extends Chart {');
    expect(result.code).toContain("new ABCTsNocheckChart(app, 'a\\rb\\u2028c\\u2029@ts-nocheck');");
    expect(generated(result).map((o) => o.metadata.name)).toEqual(['files']);
  });

  test("an env variable named __proto__ is an own property ({ ['__proto__']: ... }), not the prototype", () => {
    const result = results.proto!;
    expect(result.code).toContain("['__proto__']: 'p',");
    const [object] = generated(result);
    expect(object.spec.template.spec.containers[0].env).toEqual([
      { name: '__proto__', value: 'p' },
      { name: 'constructor', value: 'c' },
      { name: 'hasOwnProperty', value: 'h' },
    ]);
    expect(object.metadata.labels).toMatchObject({ constructor: 'c', toString: 't' });
  });

  test('fields named __proto__ that no JSON patch can write are reported, not lost; ids clash with no Object member', () => {
    const result = results.protoKeys!;
    expect(result.exit).toBe(1);
    const imported = result.report!.objects[0];
    expect(imported.id).toBe('constructor-job');
    expect(imported.warnings).toContain(
      '/metadata/labels/__proto__: cdk8s refuses JSON patches of a field named __proto__ (or constructor/prototype)'
    );
    expect(imported.notReproduced.map((d) => [d.path, d.expected])).toEqual([
      ['metadata.labels.__proto__', 'l'],
      ['spec.__proto__', 's'],
      ['spec.template.spec.containers[0].__proto__', 'c'],
    ]);
    expect(result.code).toContain("new ConstructorChart(app, 'constructor-chart');");
    expect(generated({ ...result, stderr: '' }).map((o) => o.metadata.name)).toEqual(['constructor']);
  });

  test('keys named like Object members (toString, valueOf, hasOwnProperty) are fields like any other', () => {
    const result = results.objectMembers!;
    expect(result.code).toContain("'/spec/template/spec/containers/0/resources/limits/toString',");
    const [object] = generated({ ...result, stderr: '' });
    expect(object.spec.template.spec.containers[0].resources.limits).toEqual({
      toString: '1',
      memory: '64Mi',
    });
    // Unknown to the Kubernetes 1.28 schema: reported.
    expect(result.report!.objects[0].notReproduced.map((d) => d.path)).toEqual([
      'spec.template.spec.containers[0].valueOf',
      'spec.template.spec.hasOwnProperty',
    ]);
  });

  test("what cdk8s's YAML writer loses is reported as not reproduced (the comparison reads the YAML back)", () => {
    const result = results.blankLines!;
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain(
      '  NOT REPRODUCED: metadata.annotations.a: expected " \\n", synthesizes "\\n"\n'
    );
    expect(generated({ ...result, stderr: '' })[0].metadata.annotations.a).toBe('\n');
  });

  test('a key named constructor with a JSON patch, which cdk8s cannot synthesize: refused in one line', async () => {
    const input = job({ name: 'c', labels: { constructor: 'x' }, annotations: { 'bad key\n': 'y' } });
    const result = await batch.import(yamlOf(input), 'input.yaml', []);
    expect(result.exit).toBe(1);
    expect(result.code).toBeUndefined();
    expect(result.stderr).toMatch(
      /^cdk8s-batch import: .*input\.yaml:0 Job\/c: cdk8s cannot synthesize the imported object: can't render non-simple object of type 'undefined'\ncdk8s-batch import: nothing written \(1 problem\)\n$/
    );
  });

  test('variable and class names never hide an import or break the syntax', () => {
    expect(results.k8s!.code).toContain('const k8sJob = new BatchJob(');
    expect(results.k8s!.code).toContain("k8s.Quantity.fromString('64Mi')");
    expect(generated(results.k8s!)[0].spec.template.spec.containers[0].resources.limits).toEqual({
      'hugepages-2Mi': '64Mi',
      memory: '64Mi',
    });
    expect(results.argumentsName!.code).toContain('const argumentsJob = new BatchJob(');
    expect(generated(results.argumentsName!)[0].spec.template.spec.hostIPC).toBe(true);
    expect(results.evalName!.code).toContain('const evalJob = new BatchJob(');
    expect(generated(results.evalName!)[0].spec.template.spec.hostIPC).toBe(true);
    expect(results.chartName!.code).toContain('export class ImportedChart extends Chart {');
    expect(generated(results.chartName!).map((o) => o.metadata.name)).toEqual(['c']);
  });
});

describe('the one escaper (code-text.ts)', () => {
  test.each([
    ['a\nb', "'a\\nb'"],
    ['\r\u2028\u2029\u0085', "'\\r\\u2028\\u2029\\x85'"],
    ['*/', "'*\\/'"],
    ['\0\x01\x1b\x7f\x9f', "'\\x00\\x01\\x1B\\x7F\\x9F'"],
    ['it\'s \\ "x" `${y}`', "'it\\'s \\\\ \"x\" `${y}`'"],
    ['\uD800x\uDFFF', "'\\uD800x\\uDFFF'"],
    ['\u202E\u2066\u200B\uFEFF\u00A0', "'\\u202E\\u2066\\u200B\\uFEFF\\xA0'"],
    ['\u{E0001}\u{10FFFF}', "'\\u{E0001}\\u{10FFFF}'"],
    ['日本 😀 é', "'日本 😀 é'"],
  ])('%j → %s, which evaluates to the text again', (text, literal) => {
    expect(stringLiteral(text)).toBe(literal);
    expect(new Function(`return ${literal};`)()).toBe(text);
  });

  test('keys: bare identifiers, else quoted; __proto__ computed', () => {
    expect(propertyKey('DB_HOST')).toBe('DB_HOST');
    expect(propertyKey('a.b')).toBe("'a.b'");
    expect(propertyKey('__proto__')).toBe("['__proto__']");
    const object = new Function(
      `return { ${propertyKey('__proto__')}: 1, ${propertyKey('constructor')}: 2 };`
    )();
    expect(Object.keys(object)).toEqual(['__proto__', 'constructor']);
  });

  test('comments: no line terminator, no */ end, no directive at the start of a line', () => {
    const lines = commentLines(`a\nb\rc\u2028d */ e`, 4);
    for (const line of lines) expect(line).toMatch(/^ {4}\/\/ [^\n\r\u2028\u2029]*$/);
    expect(lines).toEqual(['    // a\\nb\\rc\\u2028d *\\/ e']);
    expect(commentLines('@ts-nocheck', 0)).toEqual(['// \\x40ts-nocheck']);
    // 54 words of one letter fill a line (107 characters): the next word starts a line.
    expect(commentLines(`${'w '.repeat(54)}@ts-ignore ${'w '.repeat(48)}eslint-disable-line x`, 0)).toEqual([
      `// ${'w '.repeat(54).trim()}`,
      `// \\x40ts-ignore ${'w '.repeat(48).trim()}`,
      '// \\x65slint-disable-line x',
    ]);
    expect(escapeText("it's")).toBe("it's");
  });

  test('class names are identifiers of [A-Za-z0-9] only', () => {
    expect(chartClassName('batch-jobs')).toBe('BatchJobsChart');
    expect(chartClassName('chart')).toBe('ImportedChart');
    expect(chartClassName('9\u2028x')).toBe('Imported9XChart');
    expect(chartClassName('日本')).toBe('ImportedChart');
  });
});

describe('no credential in generated code or output', () => {
  test.each([
    ['default', 'credentials'],
    ['--exact', 'credentialsExact'],
    ['text report', 'credentialsText'],
    ['text report, --exact', 'credentialsTextExact'],
  ] as const)(
    '%s: literal credentials become Secret references; the value is in no output, the kubectl command is',
    (_mode, name) => {
      const result = results[name]!;
      expect(result.exit).toBe(0);
      const command =
        'kubectl create secret generic migrate-env --namespace payments --from-literal=DB_PASSWORD="${DB_PASSWORD:?}"';
      for (const output of [result.stdout, result.stderr, result.code!]) {
        expect(output).not.toContain(SECRET);
        expect(output).not.toContain(URL_SECRET);
      }
      expect(result.report ? result.report.objects[0].secret!.command : result.stderr).toContain(command);
      expect(result.code!.replace(/\n\s*\/\/ /g, ' ')).toContain(command);
      expect(result.code).toContain("DB_PASSWORD: EnvValue.fromSecretKey('migrate-env', 'DB_PASSWORD')");
      expect(result.code).toContain("DATABASE_URL: EnvValue.fromSecretKey('migrate-env', 'DATABASE_URL')");
      expect(result.code).not.toContain('notSecret');
      if (result.report) {
        expect(result.report.objects[0].secret).toEqual({
          name: 'migrate-env',
          namespace: 'payments',
          keys: [
            {
              key: 'DB_PASSWORD',
              variable: 'DB_PASSWORD',
              path: 'spec.template.spec.initContainers[0].env[0]',
            },
            {
              key: 'DB_PASSWORD_2',
              variable: 'DB_PASSWORD',
              path: 'spec.template.spec.containers[0].env[0]',
            },
            {
              key: 'DATABASE_URL',
              variable: 'DATABASE_URL',
              path: 'spec.template.spec.containers[0].env[1]',
            },
            { key: 'db.password', variable: 'db.password', path: 'spec.template.spec.containers[0].env[2]' },
          ],
          command:
            'kubectl create secret generic migrate-env --namespace payments' +
            ' --from-literal=DB_PASSWORD="${DB_PASSWORD:?}" --from-literal=DB_PASSWORD_2="${DB_PASSWORD_2:?}"' +
            ' --from-literal=DATABASE_URL="${DATABASE_URL:?}" --from-literal=db.password="${db_password:?}"',
        });
        expect(result.report.objects[0].normalizations.filter((n) => n.kind === 'credential')).toHaveLength(
          4
        );
        expect(result.report.objects[0].notReproduced).toEqual([]);
      } else {
        expect(result.stderr).toContain('normalized (credential): ');
        expect(result.stderr).toContain('  secret: the code references Secret migrate-env');
      }
      // THEN the code synthesizes references to the Secret (the non-POSIX name with a JSON patch)
      const [object] = generated({ ...result, stderr: '' });
      const ref = (key: string) => ({ secretKeyRef: { name: 'migrate-env', key } });
      expect(object.spec.template.spec.initContainers[0].env).toEqual([
        { name: 'DB_PASSWORD', valueFrom: ref('DB_PASSWORD') },
      ]);
      expect(object.spec.template.spec.containers[0].env).toEqual([
        { name: 'DB_PASSWORD', valueFrom: ref('DB_PASSWORD_2') },
        { name: 'DATABASE_URL', valueFrom: ref('DATABASE_URL') },
        { name: 'db.password', valueFrom: ref('db.password') },
        { name: 'PLAIN', value: 'visible' },
      ]);
      expect(JSON.stringify(object)).not.toContain(SECRET);
    }
  );

  test('a credential in a container the constructs cannot model (a JSON patch) is a reference too', () => {
    const result = results.credentialInPatch!;
    expect(JSON.stringify([result.stdout, result.stderr, result.code])).not.toContain(SECRET);
    expect(result.code).toContain("valueFrom: { secretKeyRef: { name: 'odd-env', key: 'API_TOKEN' } }");
    const [object] = generated({ ...result, stderr: '' });
    expect(object.spec.template.spec.initContainers[0].env).toEqual([
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'odd-env', key: 'API_TOKEN' } } },
    ]);
  });

  test.each([
    ['a number', 12345, 'the value is not a string'],
    ['a mapping', { a: SECRET }, 'the value is not a string'],
  ])(
    'a credential whose value is %s: refused, nothing written, the value not shown',
    async (_what, value, message) => {
      const result = await batch.import(
        stringify(job({ name: 'bad' }, { env: [{ name: 'DB_PASSWORD', value }] })),
        'input.yaml',
        []
      );
      expect(result.exit).toBe(1);
      expect(result.code).toBeUndefined();
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain(String(value === 12345 ? value : SECRET));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    }
  );

  test('value and valueFrom together: refused without the value', async () => {
    const env = [
      { name: 'DB_PASSWORD', value: SECRET, valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ];
    const result = await batch.import(stringify(job({ name: 'both' }, { env })), 'input.yaml', []);
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('value and other fields');
    expect(result.stderr).not.toContain(SECRET);
  });

  test('Secret names: a DNS subdomain from the object name', () => {
    expect(secretNameFor('migrate')).toBe('migrate-env');
    expect(secretNameFor('Nightly_Report.v2')).toBe('nightly-report-v2-env');
    expect(secretNameFor(PAYLOAD)).toBe('x-require-fs-writefilesync-pwned-1-env');
    expect(secretNameFor('')).toBe('imported-env');
    expect(secretNameFor('a'.repeat(300))).toHaveLength(244);
  });
});
