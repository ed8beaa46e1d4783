/**
 * Parsing hostile YAML (issue 15): bounded work and linear time. Big inputs are made at run time. No test
 * times anything: the inputs are sized so that the quadratic reading this replaced would take minutes (and
 * the test time out) where the linear one takes well under a second.
 */
import {
  LinePositions,
  parseManifests,
  ReadBudget,
  readManifests,
  READ_LIMITS,
  ReadLimits,
} from '../cli/read/manifests';
import { cli } from './support/cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const limits = (over: Partial<ReadLimits>) => new ReadBudget({ ...READ_LIMITS, ...over });
const parse = (text: string, over: Partial<ReadLimits> = {}) => parseManifests(text, 'in.yaml', limits(over));

/** Writes `text` to a temporary `name` and returns the folder. */
function inFolder(text: string, name = 'in.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-yaml-'));
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('aliases: what they expand to is bounded (maxAliasExpansion)', () => {
  // The reported bomb: one 1 MiB anchored scalar used 900 times in a 1 MiB file. It made `import` run out of
  // memory (5 GB) and `validate` take 1.9 GB; the alias count (900) was within yaml's maxAliasCount.
  const big = 'x'.repeat(1 << 20);
  const bomb = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: bomb',
    '  annotations:',
    `    a: &big ${big}`,
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: main',
    '          image: busybox',
    `          args: [${Array(900).fill('*big').join(', ')}]`,
    '',
  ].join('\n');

  test.each(['validate', 'import', 'summary'])(
    '%s refuses the 1 MiB x 900 bomb before memory grows',
    async (command) => {
      const dir = inFolder(bomb, 'bomb.yaml');
      expect(await cli([command, 'bomb.yaml'], { cwd: dir })).toEqual({
        code: 2,
        out: '',
        err:
          `cdk8s-batch ${command}: bomb.yaml: document 0 (line 1): aliases expand to more than 16,777,216 ` +
          'characters and nodes in all inputs (limit maxAliasExpansion)\n',
      });
    }
  );

  test('nested anchors count what they expand to, cumulatively (a billion laughs)', () => {
    const levels = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`
      );
    expect(() => parse(levels.join('\n'))).toThrow('aliases expand to more than 16,777,216');
    // Each level adds 10 times the one below: 4 levels stay well within the limit.
    expect(parse(levels.slice(0, 4).join('\n'))[0].value).toHaveProperty('a3');
  });

  test('the budget is shared by all documents and counts characters and nodes', () => {
    const doc = 'a: &a hello\nb: *a\n'; // the alias adds 1 node + 5 characters
    expect(parse(`${doc}---\n${doc}`, { maxAliasExpansion: 12 })).toHaveLength(2);
    expect(() => parse(`${doc}---\n${doc}---\n${doc}`, { maxAliasExpansion: 12 })).toThrow(
      'in.yaml: document 2 (line 6): aliases expand to more than 12 characters and nodes in all inputs (limit maxAliasExpansion)'
    );
  });

  test('an alias reuses its anchor’s value, found in a map of anchors (10,000 anchors and aliases)', () => {
    const items = Array.from({ length: 10000 }, (_, i) => `&a${i} v${i}, *a${i}`).join(', ');
    const [doc] = parse(`a: [${items}]`);
    expect((doc.value as { a: string[] }).a.slice(-2)).toEqual(['v9999', 'v9999']);
  });
});

describe('parsing is linear', () => {
  test('5,000 documents of 4 KB (20 MB): lines come from a line index, not a rescan per document', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `k: ${String(i).padEnd(4000, 'x')}`).join('\n---\n');
    const docs = parse(text);
    expect(docs).toHaveLength(5000);
    expect(docs.map((d) => d.line).slice(-2)).toEqual([9996, 9998]);
  });

  test('a mapping with 30,000 keys: duplicates are found without comparing every pair', () => {
    const keys = Array.from({ length: 30000 }, (_, i) => `k${i}: v`).join('\n');
    expect(Object.keys(parse(keys)[0].value as object)).toHaveLength(30000);
    expect(parse(`${keys}\nk7: again\n`)[0].error).toEqual({
      message: 'Map keys must be unique',
      line: 30001,
      column: 1,
    });
  });
});

describe('documents keep their file, index and line', () => {
  test('indexes count per file; lines and error positions per file too', async () => {
    const dir = inFolder('a: 1\n---\nb: 2\n', 'a.yaml');
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'c: 3\n---\nd: [\n');
    const io = { out: () => undefined, err: () => undefined, cwd: dir, env: {}, readStdin: async () => '' };
    const { documents } = await readManifests(['.'], io);
    expect(documents.map((d) => [d.file, d.index, d.line, d.error?.line])).toEqual([
      ['a.yaml', 0, 1, undefined],
      ['a.yaml', 1, 2, undefined],
      ['b.yaml', 0, 1, undefined],
      ['b.yaml', 1, 2, 4],
    ]);
  });
});

describe('line positions', () => {
  /** The line and column of `offset`, counted from the start. */
  function naive(text: string, offset: number) {
    let line = 1;
    let start = 0;
    for (let i = 0; i < offset; i++) if (text[i] === '\n') [line, start] = [line + 1, i + 1];
    return { line, col: offset - start + 1 };
  }

  test('a cursor that moves both ways gives what counting from the start gives', () => {
    let seed = 7;
    const random = (n: number) => (((seed = (seed * 1103515245 + 12345) % 2147483648) % n) + n) % n;
    for (let t = 0; t < 200; t++) {
      const text = Array.from({ length: random(40) }, () => 'ab\n\n c'[random(6)]).join('');
      const lines = new LinePositions(text);
      const offsets = Array.from({ length: 20 }, () => random(text.length + 1));
      expect(offsets.map((o) => lines.at(o))).toEqual(offsets.map((o) => naive(text, o)));
    }
  });
});

describe('documents, tokens, nesting and nodes are bounded', () => {
  test('maxDocuments counts documents in all inputs, empty ones too', () => {
    const budget = limits({ maxDocuments: 3 });
    expect(parseManifests('a: 1\n---\n---\n', 'a.yaml', budget)).toHaveLength(3);
    expect(() => parseManifests('---\n', 'b.yaml', budget)).toThrow(
      'b.yaml: more than 3 YAML documents in all inputs (limit maxDocuments)'
    );
  });

  test('maxDocumentTokens: one document’s syntax tree is bounded while it is read', () => {
    const seq = (n: number) => Array.from({ length: n }, (_, i) => `- ${i}`).join('\n');
    expect(() => parse(`a: 1\n---\n${seq(500)}`, { maxDocumentTokens: 1000 })).toThrow(
      'in.yaml: document 1 (line 2): more than 1,000 YAML tokens in one document (limit maxDocumentTokens)'
    );
    // The count starts again for each document.
    expect(parse(`${seq(100)}\n---\n${seq(100)}`, { maxDocumentTokens: 1000 })).toHaveLength(2);
  });

  test('maxTokenLength: one scalar or comment', () => {
    expect(() => parse(`a: ${'x'.repeat(READ_LIMITS.maxTokenLength + 1)}`)).toThrow(
      'in.yaml: line 1: a YAML token (a scalar or a comment) longer than 4,194,304 characters (limit maxTokenLength)'
    );
    expect(() => parse(`a: 1\n# ${'x'.repeat(20)}`, { maxTokenLength: 10 })).toThrow(
      'in.yaml: line 2: a YAML token'
    );
    expect(parse(`a: ${'x'.repeat(10)}`, { maxTokenLength: 10 })[0].value).toEqual({ a: 'x'.repeat(10) });
  });

  test('maxDepth: nesting is checked on the syntax tree, before the recursive parts run', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parse(nested(READ_LIMITS.maxDepth))[0].value).toBeDefined();
    expect(() => parse(nested(READ_LIMITS.maxDepth + 1))).toThrow(
      'in.yaml: document 0 (line 1): mappings and sequences nested deeper than 256 levels, at line 1 (limit maxDepth)'
    );
    // Block nesting too; 20,000 levels would overflow the parser's stack.
    const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(() => parse(block)).toThrow('nested deeper than 256 levels');
    expect(() => parse(nested(20000))).toThrow('(limit maxDepth)');
    // Through aliases: each anchor nests the one before (the expansion stays small: 300 x 300 / 2).
    const chain = Array.from({ length: 300 }, (_, i) =>
      i === 0 ? 'a0: &a0 [x]' : `a${i}: &a${i} [*a${i - 1}]`
    );
    expect(() => parse(chain.join('\n'))).toThrow(
      'in.yaml: document 0 (line 1): aliases nest mappings and sequences deeper than 256 levels (limit maxDepth)'
    );
    expect(parse(chain.slice(0, 255).join('\n'))[0].value).toHaveProperty('a254');
  });

  test('maxNodes: the values kept, all documents together', () => {
    const budget = limits({ maxNodes: 9 }); // the first document has 7: a map, 2 keys, a sequence, 3 scalars
    expect(parseManifests('a: [1, 2]\nb: c\n', 'a.yaml', budget)[0].value).toEqual({ a: [1, 2], b: 'c' });
    expect(() => parseManifests('x: y\n', 'b.yaml', budget)).toThrow(
      'b.yaml: document 0 (line 1): more than 9 YAML nodes in all inputs (limit maxNodes)'
    );
  });
});
