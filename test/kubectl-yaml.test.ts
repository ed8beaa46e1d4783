/**
 * The CLI reads YAML values as kubectl does (sigs.k8s.io/yaml on go-yaml v2). The expected values below are
 * what `kubectl annotate --local -f FILE x=y -o json` (kubectl 1.32) printed for each case; when kubectl is
 * installed, the last tests ask it again and compare.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goFloat32Key } from '../cli/read/kubectl-yaml';
import { decodeInput, parseManifests } from '../cli/read/manifests';

/** A ConfigMap-shaped document (kubectl needs apiVersion, kind and name) with `body` after its metadata. */
const doc = (body: string, i = 0) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n${body}\n`;

/** Our reading of `v` in `body`, or `Error: message` when the document is refused. */
function ours(body: string | Buffer): unknown {
  const text = typeof body === 'string' ? doc(body) : decodeInput(body);
  const [d] = parseManifests(text, 'in.yaml');
  return d.error ? `Error: ${d.error.message}` : (d.value as { v: unknown }).v;
}

/** [YAML after `v: `, what kubectl reads]; a string starting with `Error: ` is an error (kubectl's words in it). */
const SCALARS: [string, unknown][] = [
  ['yes', true],
  ['No', false],
  ['on', true],
  ['OFF', false],
  ['y', true],
  ['N', false],
  ['0644', 420],
  ['-0644', -420],
  ['0o17', 15],
  ['0O17', 15],
  ['0x1F', 31],
  ['0B101', 5],
  ['08', 8],
  ['1_000', 1000],
  ['1_000.5', 1000.5],
  ['_1', '_1'],
  ['1.', 1],
  ['.5', 0.5],
  ['.e3', '.e3'],
  ['.5e1_0', 5000000000],
  ['1e400', '1e400'],
  ['1e-400', 0],
  ['0xFFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFFF'],
  ['99999999999999999999999', 1e23],
  ['~', null],
  ['NULL', null],
  ['2024-01-01', '2024-01-01'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['1:20', '1:20'],
  ['190:20:30.15', '190:20:30.15'],
  ['!!str 123', '123'],
  ['!!int "12"', 12],
  ['!!int 0o17', 15],
  ['!!float 3', 3],
  ['!!bool yes', true],
  ['!!timestamp 2024-01-01', '2024-01-01'],
  ['!foo 123', '123'],
  ['!!set {a, b}', { a: null, b: null }],
  ['!!omap [a: 1, b: 2]', [{ a: 1 }, { b: 2 }]],
  ['"\\U0001F600"', '\u{1F600}'],
  ['"<<"', '<<'],
  ['!!merge <<', '<<'],
  ['.inf', 'Error: .inf is not a JSON number (kubectl: json: unsupported value: +Inf)'],
  ['-.Inf', 'Error: -.Inf is not a JSON number (kubectl: json: unsupported value: -Inf)'],
  ['.nan', 'Error: .nan is not a JSON number (kubectl: json: unsupported value: NaN)'],
  ['!!int abc', 'Error: cannot decode !!str `abc` as a !!int'],
  ['!!int 1.5', 'Error: cannot decode !!float `1.5` as a !!int'],
  ['!!null abc', 'Error: cannot decode !!str `abc` as a !!null'],
  ['"\\ud800"', 'Error: found invalid Unicode character escape code'],
  ['"\\uD83D\\uDE00"', 'Error: found invalid Unicode character escape code'],
];

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');
const FFFD = '\uFFFD';

/** `!!binary`: base64 into a Go string; JSON writes each byte that is not valid UTF-8 as U+FFFD. */
const BINARY: [string, unknown][] = [
  ['!!binary aGVsbG8=', 'hello'],
  [`!!binary ${base64([0xe2, 0x82, 0x41])}`, `${FFFD}${FFFD}A`], // a truncated sequence: one U+FFFD a byte
  [`!!binary ${base64([0xed, 0xa0, 0x80])}`, FFFD.repeat(3)], // an encoded surrogate
  [`!!binary ${base64([0xc0, 0x80])}`, FFFD.repeat(2)], // overlong
  [`!!binary ${base64([0xf0, 0x9f, 0x98])}`, FFFD.repeat(3)],
  [`!!binary ${base64([0xf0, 0x9f, 0x98, 0x80])}`, '\u{1F600}'],
  [`!!binary ${base64([0xf4, 0x90, 0x80, 0x80])}`, FFFD.repeat(4)], // past U+10FFFF
  [`!!binary ${base64([0xff])}`, FFFD],
  [`!!binary ${base64([0x01])}`, '\u0001'],
  [`!!binary ${base64([0xef, 0xbf, 0xbe])}`, '\uFFFE'],
  ['!!binary aGVsbA==', 'hell'],
  ['!!binary ""', ''],
  ['!!binary "aGVs\\nbG8="', 'hello'], // Go's decoder skips \r and \n
  ['!!binary |\n  aGVs\n  bG8=', 'hello'],
  ['!!binary aGVsbG8', 'Error: !!binary value contains invalid base64 data'], // padding is required
  ['!!binary aGVsbA=', 'Error: !!binary value contains invalid base64 data'],
  ['!!binary "aGVs\\tbG8="', 'Error: !!binary value contains invalid base64 data'],
  ['!!binary aGVsbG8=aGVs', 'Error: !!binary value contains invalid base64 data'],
  ['!!binary a-_/', 'Error: !!binary value contains invalid base64 data'], // not the URL alphabet
];

/** Merges (go-yaml v2: a merge overwrites the keys before it) and keys (as sigs.k8s.io/yaml writes them). */
const MAPS: [string, unknown][] = [
  ['x: &x {k: 1, j: 1}\nv:\n  k: 2\n  <<: *x', { k: 1, j: 1 }],
  ['x: &x {k: 1, j: 1}\nv:\n  <<: *x\n  k: 2', { k: 2, j: 1 }],
  ['x: &x {k: 1}\ny: &y {k: 2, m: 2}\nv:\n  <<: [*x, *y]', { k: 1, m: 2 }],
  ['v:\n  <<: {k: 1}\n  <<: {k: 2, j: 2}', { k: 2, j: 2 }],
  ['x: &x {k: 1}\nv:\n  "<<": *x', { '<<': { k: 1 } }],
  ['v: {!!merge <<: {k: 1}}', { k: 1 }],
  ['x: &x [1]\nv:\n  <<: *x', 'Error: map merge requires map or sequence of maps as the value'],
  ['v: {yes: a, 0644: b, 0x1F: c}', { true: 'a', 420: 'b', 31: 'c' }],
  [
    'v: {1.5e20: a, 0.1: b, 3.14159265358979: c, 1e6: d, 1.0: e, 100000.0: f, 1e-7: g, 123456789.0: h}',
    {
      '1.5e+20': 'a',
      0.1: 'b',
      3.1415927: 'c',
      '1e+06': 'd',
      1: 'e',
      100000: 'f',
      '1e-07': 'g',
      '1.2345679e+08': 'h',
    },
  ],
  ['v: {.inf: a, -.inf: b, .nan: c}', { '.inf': 'a', '-.inf': 'b', '.nan': 'c' }],
  ['v: {__proto__: a, constructor: b}', JSON.parse('{"__proto__": "a", "constructor": "b"}')],
  ['v: {~: a}', 'Error: unsupported map key: null'],
  ['v: {[a]: b}', 'Error: invalid map key: a sequence'],
  ['v: {12345678901234567890: c}', 'Error: unsupported map key of type uint64: 12345678901234567890'],
  ['v: *y', "Error: unknown anchor 'y' referenced"],
  ['v: &x [*x]', "Error: anchor 'x' value contains itself"],
];

describe('scalars, !!binary, merges and keys read as kubectl reads them', () => {
  test.each(SCALARS)('v: %s', (yaml, expected) => expect(ours(`v: ${yaml}`)).toEqual(expected));
  test.each(BINARY)('v: %s', (yaml, expected) => expect(ours(`v: ${yaml}`)).toEqual(expected));
  test.each(MAPS)('%s', (yaml, expected) => expect(ours(yaml)).toEqual(expected));

  test('float keys are written in Go’s shortest float32 form', () => {
    expect([0, -0, 2.5, 1e21, 1.17549435e-38, 3.4e38, 1e39, -1e6].map(goFloat32Key)).toEqual([
      '0',
      '-0',
      '2.5',
      '1e+21',
      '1.1754944e-38',
      '3.4e+38',
      '.inf',
      '-1e+06',
    ]);
  });

  test('a key given twice is an error (kubectl keeps one: the last, or for 1 and "1", either)', () => {
    for (const body of ['v: {k: 1, k: 2}', 'v: {yes: a, on: b}', 'v: {1: a, "1": b}']) {
      expect(ours(body)).toBe('Error: Map keys must be unique');
    }
  });
});

describe('the text of a stream, as kubectl reads it', () => {
  test('control characters are refused anywhere, as libyaml does; escaped ones are fine', () => {
    for (const c of ['\u0001', '\u0000', '\u007f', '\u0090', '\uFFFE', '\uFFFF']) {
      expect(ours(`v: a${c}b`)).toBe('Error: control characters are not allowed');
    }
    expect(ours(`# a comment\u0001\nv: x`)).toBe('Error: control characters are not allowed');
    expect(ours('v: "a\\x01b"')).toBe('a\u0001b');
    expect(ours('v: a\tb\u0085\u00a0')).toBe('a\tb\u0085\u00a0');
  });

  test('invalid UTF-8 in a file becomes U+FFFD per maximal bad sequence (as kubectl’s UTF-8 reader)', () => {
    const bytes = (v: number[]) =>
      Buffer.concat([Buffer.from(doc('v: "a').trimEnd()), Buffer.from(v), Buffer.from('b"\n')]);
    expect(ours(bytes([0xff]))).toBe(`a${FFFD}b`);
    expect(ours(bytes([0xe2, 0x82]))).toBe(`a${FFFD}b`);
    expect(ours(bytes([0xed, 0xa0, 0x80]))).toBe(`a${FFFD.repeat(3)}b`);
    expect(ours(bytes([0xf0, 0x9f, 0x98]))).toBe(`a${FFFD}b`);
  });

  test('UTF-16 with a byte-order mark is read, little- and big-endian', () => {
    const le = Buffer.from(`\uFEFF${doc('v: ok')}`, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(ours(le)).toBe('ok');
    expect(ours(be)).toBe('ok');
    expect(ours(Buffer.from(`\uFEFF${doc('v: ok')}`))).toBe('ok');
  });

  test('a directive is refused: kubectl reads "%YAML 1.1" as a document of its own and fails', () => {
    const [d] = parseManifests(`%YAML 1.1\n---\n${doc('v: x')}`, 'in.yaml');
    expect(d.error).toEqual({
      message: 'kubectl cannot read a document with a directive (%YAML, %TAG): it reads the directive alone',
      line: 1,
      column: 1,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Against the real kubectl, when it is installed.

const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = KUBECTL.status === 0;
if (!hasKubectl) {
  console.log(
    `kubectl-yaml.test.ts: kubectl not found (${KUBECTL.error?.message ?? KUBECTL.stderr}); the comparisons with kubectl are skipped`
  );
}

/** kubectl's `v` for each document of `text`, or its error (the first line, for one document). */
function kubectl(text: string | Buffer): unknown[] | string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-kubectl-')), 'in.yaml');
  fs.writeFileSync(file, text);
  const r = spawnSync('kubectl', ['annotate', '--local', '-f', file, 'x=y', '-o', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: '/dev/null' },
  });
  if (r.status !== 0) return `Error: ${r.stderr.split('\n')[0]}`;
  // One JSON object per document, one after the other.
  const objects = JSON.parse(`[${r.stdout.replace(/^}\n\{$/gm, '},{')}]`) as { v?: unknown }[];
  return objects.map((o) => o.v);
}

(hasKubectl ? describe : describe.skip)('against kubectl itself', () => {
  const bodies: [string, unknown][] = [
    ...[...SCALARS, ...BINARY].map(([yaml, expected]): [string, unknown] => [`v: ${yaml}`, expected]),
    ...MAPS,
  ];
  const fine = bodies.filter(([, expected]) => !String(expected).startsWith('Error: '));

  test(`the ${fine.length} cases kubectl reads give the same values`, () => {
    const text = fine.map(([body], i) => doc(body, i)).join('---\n');
    expect(kubectl(text)).toEqual(fine.map(([body]) => ours(body)));
  });

  test.each([
    ['v: .inf', 'json: unsupported value: +Inf'],
    ['v: !!binary aGVsbG8', '!!binary value contains invalid base64 data'],
    ['v: !!int abc', 'cannot decode !!str `abc` as a !!int'],
    ['v: {~: a}', 'unsupported map key of type: %!s(<nil>)'],
    ['v: "\\ud800"', 'found invalid Unicode character escape code'],
    ['v: a\u0001b', 'control characters are not allowed'],
  ])('kubectl refuses what we refuse: %j', (body, message) => {
    expect(kubectl(doc(body))).toContain(message);
    expect(ours(body)).toMatch(/^Error: /);
  });

  test('and reads the same invalid UTF-8 and UTF-16 files', () => {
    const file = Buffer.concat([
      Buffer.from(doc('v: "a').trimEnd()),
      Buffer.from([0xe2, 0x82, 0xff]),
      Buffer.from('b"\n'),
    ]);
    const utf16 = Buffer.from(`\uFEFF${doc('v: ok')}`, 'utf16le').swap16();
    expect(kubectl(file)).toEqual([ours(file)]);
    expect(kubectl(utf16)).toEqual([ours(utf16)]);
  });

  test('kubectl keeps the last of duplicate keys (we refuse them, on purpose)', () => {
    expect(kubectl(doc('v: {k: 1, k: 2}'))).toEqual([{ k: 2 }]);
  });
});

describe('a stream that starts with "{" is JSON, as kubectl reads it', () => {
  const json = (v: string, name = 'c') =>
    `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"v":${v}}`;
  /** Our reading of each document of `text`: its `v`, or `Error: message`. */
  const oursAll = (text: string) =>
    parseManifests(text, 'in.json').map((d) =>
      d.error ? `Error: ${d.error.message}` : (d.value as { v: unknown }).v
    );

  test('escaped lone surrogates become U+FFFD, pairs one character (YAML would refuse both escapes)', () => {
    expect(oursAll(json('"a\\ud800b\\ud83d\\ude00"'))).toEqual(['a\uFFFDb\u{1F600}']);
  });

  test('several objects one after the other are several documents', () => {
    expect(oursAll(`${json('1', 'a')}\n${json('"x"', 'b')}\n`)).toEqual([1, 'x']);
  });

  test('what JSON does not allow is an error, though YAML would read it', () => {
    expect(oursAll('{v: 1}')).toEqual([
      "Error: invalid JSON (kubectl reads a stream that starts with '{' as JSON): Expected property name or '}'",
    ]);
  });

  test('a key named __proto__ stays a key', () => {
    const [d] = parseManifests(json('{"__proto__": {"x": 1}}'), 'in.json');
    const v = (d.value as { v: Record<string, unknown> }).v;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  (hasKubectl ? test : test.skip)('kubectl reads the same', () => {
    const text = `${json('"a\\ud800b\\ud83d\\ude00"', 'a')}\n${json('{"k": [1, "2"]}', 'b')}\n`;
    expect(kubectl(text)).toEqual(oursAll(text));
    expect(kubectl('{v: 1}')).toMatch(
      /^Error: .*invalid character 'v' looking for beginning of object key string/
    );
  });
});
