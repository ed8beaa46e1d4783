/**
 * Our YAML writer (lib/render/yaml.ts): what cdk8s writes, byte for byte, except that every string kubectl (go-yaml
 * v2) would read as something else is quoted and the characters it reads as line breaks are escaped. The
 * oracle here is our reader of kubectl's YAML (cli/read/kubectl-yaml.ts, checked against kubectl in
 * test/kubectl-yaml.test.ts); test/kubectl-reads-synth.test.ts asks kubectl itself.
 */
import { ApiObject, App, Chart, Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { BatchJob, JobPattern, toYaml } from '../lib';
import { parseManifests } from '../cli/read/manifests';
import { isAmbiguousPlainScalar, manifestsToYaml, manifestToYaml } from '../lib/render/yaml';

/** What our kubectl reader reads back from `value` written under `data.v`. */
function readBack(value: unknown): unknown {
  const [d] = parseManifests(manifestToYaml(configMap({ v: value })), 'in.yaml');
  if (d.error) throw new Error(d.error.message);
  return (d.value as { data: { v: unknown } }).data.v;
}

const configMap = (data: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });

/** Strings kubectl reads as something else when they are written plain. */
const AMBIGUOUS = [
  ...'y Y yes Yes YES n N no No NO on On ON off Off OFF true True TRUE false False FALSE'.split(' '),
  ...'~ null Null NULL .nan .NaN .inf -.inf +.INF'.split(' '),
  ...'0o17 0O17 0x1F 0X1F 0b1 0B1 -0o17 +0x1F -0B1 +_1 1_000 1_ 0644 -0644 08 1e3 1. 1.5e-3 .5 +1 -1'.split(
    ' '
  ),
  '<<',
  '2024-01-01',
  '2024-1-1T10:00:00Z',
  '1:20',
  '-1:20:30.5',
];

describe('which strings are quoted', () => {
  test.each(AMBIGUOUS)('%s is ambiguous, written quoted and read back as the string', (s) => {
    expect(isAmbiguousPlainScalar(s)).toBe(true);
    expect(manifestToYaml({ v: s })).toBe(`v: "${s}"\n`);
    expect(readBack(s)).toBe(s);
  });

  test.each([
    'echo',
    '-c',
    '--batch-size',
    'a:b',
    'x#y',
    '0o8',
    '0x',
    'yess',
    'nul',
    '_1',
    '1e400',
    `it's "x"`,
  ])('%s is written plain, as cdk8s writes it', (s) => {
    expect(isAmbiguousPlainScalar(s)).toBe(false);
    expect(manifestToYaml({ v: s })).toBe(`v: ${s}\n`);
    expect(readBack(s)).toBe(s);
  });

  test.each([
    ['', '""'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['a: b', '"a: b"'],
    ['a #b', '"a #b"'],
    ['end:', '"end:"'],
    ['- x', '"- x"'],
    ['-', '"-"'],
    ['---', '"---"'],
    ['...x', '"...x"'],
    ['#c', '"#c"'],
    ['*a', '"*a"'],
    ['{"a":1}', `'{"a":1}'`],
    [`"x" it's`, `"\\"x\\" it's"`],
    ['tab\there', '"tab\\there"'],
    ['a\rb', '"a\\rb"'],
    ['nul\u0000', '"nul\\0"'],
    ['del\u007f', '"del\\x7F"'],
    ['bom\ufeff', '"bom\\uFEFF"'],
  ])('%j is written as %s', (s, written) => {
    expect(manifestToYaml({ v: s })).toBe(`v: ${written}\n`);
    expect(readBack(s)).toBe(s);
  });

  test.each([
    ['\u0085', '\\N'],
    ['\u2028', '\\L'],
    ['\u2029', '\\P'],
  ])('the line break %j is escaped as %s, alone or inside a string, as a value or a key', (c, escape) => {
    expect(manifestToYaml({ v: c })).toBe(`v: "${escape}"\n`);
    expect(manifestToYaml({ v: `a${c}b` })).toBe(`v: "a${escape}b"\n`);
    expect(manifestToYaml({ [`k${c}`]: 1 })).toBe(`"k${escape}": 1\n`);
    expect(readBack(`a${c}b`)).toBe(`a${c}b`);
    expect(readBack(c)).toBe(c);
  });

  test('keys are quoted by the same rule', () => {
    expect(manifestToYaml({ y: 1, on: 2, '0o17': 3, plain: 4 })).toBe(
      '"y": 1\n"on": 2\n"0o17": 3\nplain: 4\n'
    );
  });
});

describe('layout', () => {
  test('multi-line strings are literal blocks with the chomping their end needs', () => {
    expect(manifestToYaml({ v: ['a\nb', 'a\nb\n', 'a\n\n'] })).toBe(
      'v:\n  - |-\n    a\n    b\n  - |\n    a\n    b\n  - |+\n    a\n\n'
    );
    expect(readBack('a\n\nb\n')).toBe('a\n\nb\n');
  });

  test('multi-line strings a literal block cannot hold are double-quoted', () => {
    expect(manifestToYaml({ v: ' a\nb' })).toBe('v: " a\\nb"\n');
    expect(manifestToYaml({ v: 'a\n  ' })).toBe('v: "a\\n  "\n');
    expect(manifestToYaml({ v: 'a\n\u2028' })).toBe('v: "a\\n\\L"\n');
  });

  test('collections, empty ones, nested sequences and other scalars', () => {
    expect(
      manifestToYaml({
        a: [],
        b: {},
        c: [[1, 2], [], { d: null }],
        e: [true, false, 0.5, -0, NaN, Infinity, -Infinity],
      })
    ).toBe(
      'a: []\nb: {}\nc:\n  - - 1\n    - 2\n  - []\n  - d: null\ne:\n  - true\n  - false\n  - 0.5\n  - -0\n  - .nan\n  - .inf\n  - -.inf\n'
    );
    expect(manifestsToYaml([{ a: 1 }, undefined, { b: 2 }])).toBe('a: 1\n---\n\n---\nb: 2\n');
    expect(manifestToYaml({})).toBe('{}\n');
    expect(() => manifestToYaml({ f: () => 1 })).toThrow('cannot write a function as YAML');
  });

  test('is what cdk8s writes, byte for byte, for manifests that need no quoting', () => {
    // GIVEN an app with the usual shapes: sequences of maps, nested maps, numbers, booleans
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new BatchJob(chart, 'job', {
      containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'echo "a: b"; echo done\nexit 0'] }],
      pattern: JobPattern.indexed({ completions: 2, workItems: ['one', 'two'] }),
    });
    // THEN
    const docs = Testing.synth(chart);
    expect(manifestsToYaml(docs)).toBe(Yaml.stringify(...docs));
  });
});

describe('toYaml', () => {
  function app(): { app: App; chart: Chart } {
    const a = new App();
    const chart = new Chart(a, 'c');
    new BatchJob(chart, 'job', { containers: [{ image: 'busybox:1.36', args: ['0o755'] }] });
    new BatchJob(new Chart(a, 'd'), 'job', { containers: [{ image: 'busybox:1.36', args: ['y'] }] });
    return { app: a, chart };
  }

  test('writes every chart of an app, quoting what kubectl would misread', () => {
    const yaml = toYaml(app().app);
    expect(yaml).toContain('- "0o755"');
    expect(yaml).toContain('- "y"');
    expect(yaml.split('\n---\n')).toHaveLength(2);
  });

  test('writes one chart', () => {
    const yaml = toYaml(app().chart);
    expect(yaml).toContain('- "0o755"');
    expect(yaml).not.toContain('- "y"');
  });

  test("leaves cdk8s' own writer as it was", () => {
    toYaml(app().app);
    expect(Yaml.stringify({ v: '0o17' })).toBe('v: 0o17\n');
  });

  test('writes our objects as they are converted: the same text as writing their JSON at the end', () => {
    // GIVEN an app with our objects and another L1 object
    const { app: a, chart } = app();
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    // THEN toYaml writes what the charts' JSON gives, and the JSON is JSON outside the writer
    const charts = a.charts.map((c) => Testing.synth(c));
    expect(toYaml(a)).toBe(charts.map((docs) => manifestsToYaml(docs)).join('---\n'));
    expect(charts.flat().every((doc) => Object.getPrototypeOf(doc) === Object.prototype)).toBe(true);
  });

  test('writes what a chart that overrides toJson() returns', () => {
    // GIVEN a chart that labels every manifest it returns
    class Labelled extends Chart {
      public toJson(): object[] {
        return super.toJson().map((doc: { metadata?: object }) => ({
          ...doc,
          metadata: { ...doc.metadata, labels: { team: 'a' } },
        }));
      }
    }
    const a = new App();
    const chart = new Labelled(a, 'c');
    new BatchJob(chart, 'job', { containers: [{ image: 'busybox:1.36' }] });
    // THEN what it returns is written
    const yaml = toYaml(a);
    expect(yaml).toBe(manifestsToYaml(chart.toJson()));
    expect(yaml).toContain('  labels:\n    team: a\n');
  });
});

describe('any JSON value', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const tricky = fc.constantFrom(...AMBIGUOUS, '\u0085', '\u2028', 'a\u2029b', ' ', '- a', 'a\n', '\n');
  const str = fc.oneof(text, tricky);
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      str,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(str, tie('value'), { maxKeys: 4 })
    ),
  })).value;

  test('reads back as itself with our kubectl reader', () => {
    fc.assert(
      fc.property(json, (v) => {
        // -0 reads back as 0, as JSON has it.
        expect(readBack(v)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) }
    );
  });
});
