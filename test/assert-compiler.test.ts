/**
 * `compileAssert` (lib/validation/assert-compiler.ts) against zod, the party it stands in for.
 *
 * - Per kind of schema and check: the compiled yes/no agrees with zod's `safeParse` on values at the
 *   edges (absent or undefined keys, unknown keys, code-point lengths, global regexes, async checks).
 * - Every schema our constructs and factories validate with compiles with it (else validation quietly
 *   takes zod's slower compiler).
 * - Differential: a second copy of the package whose schemas are all compiled by zod (compileAssert
 *   mocked to refuse every schema). The same scenarios, valid and made invalid by the rule-by-rule
 *   mutations of support/arbitraries.ts, built in both copies, must end the same way: accepted, or the
 *   same `ValidationError` message. And on arbitrary values, each schema's compiled answer must be
 *   zod's own answer in the zod-only copy (its runtime parser, all the way down).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import * as z from 'zod';
import fc from 'fast-check';
import { BatchJob, toYaml } from '../lib';
import { AssertUnsupported, compileAssert } from '../lib/validation/assert-compiler';
import { COMPILED_SCHEMAS, makeLazySchemas, reportingCheck } from '../lib/validation/compiled';
import { CONSTRUCT_KINDS, invalidScenario, validScenario } from './support/arbitraries';
import { build } from './support/build';
import { fuzzParameters } from './support/fuzz';

const fuzz = fuzzParameters();

/** Whether compileAssert's answer is zod's, for each value. */
function agrees(schema: z.ZodType, values: unknown[]) {
  const valid = compileAssert(schema);
  for (const v of values) {
    expect({ value: v, valid: valid(v) }).toEqual({ value: v, valid: schema.safeParse(v).success });
  }
}

describe('compileAssert agrees with zod', () => {
  test('strict objects: required keys must be there, optional ones may be absent or undefined, no unknown keys', () => {
    const s = z.strictObject({ a: z.string(), b: z.number().optional(), c: z.unknown() });
    agrees(s, [
      { a: 'x', c: 1 },
      { a: 'x', b: 1, c: undefined },
      { a: 'x' },
      { a: 'x', b: undefined, c: 1 },
      { a: 'x', b: 'no', c: 1 },
      { a: 'x', c: 1, d: 1 },
      { b: 1, c: 1 },
      null,
      [],
      'x',
      Object.assign(Object.create({ inherited: 1 }), { a: 'x', c: 1 }),
    ]);
  });

  test('fields with defaults or a catch, and optionals with checks, are left to zod', () => {
    const s = z.strictObject({
      n: z.number().default(1),
      m: z.number().catch(0),
      o: z
        .string()
        .optional()
        .check(z.refine((v) => v !== 'no')),
    });
    agrees(s, [{}, { n: 2 }, { n: 'x' }, { m: 'x' }, { o: 'no' }, { o: 'yes' }, { o: undefined }]);
  });

  test('non-strict objects: unknown keys pass; one with checks of its own is left to zod (it strips keys first)', () => {
    const loose = z.object({ a: z.string() });
    agrees(loose, [{ a: 'x', extra: 1 }, { extra: 1 }]);
    const counted = z.object({ a: z.string().optional() }).refine((o) => Object.keys(o).length > 0);
    agrees(counted, [{ a: 'x' }, { extra: 1 }, {}]);
  });

  test('checks of an object or a list see what zod would hand them: a value trimmed, defaulted or stripped is left to zod', () => {
    agrees(z.string().trim().min(1), ['  ', ' a ', 'a']);
    agrees(
      z.strictObject({ s: z.string().trim() }).refine((o) => o.s !== ''),
      [{ s: ' ' }, { s: 'a' }]
    );
    agrees(
      z.strictObject({ n: z.number().default(1) }).refine((o) => o.n === 1),
      [{}, { n: 1 }, { n: 2 }]
    );
    agrees(
      z.strictObject({ o: z.object({ a: z.string() }) }).refine((v) => Object.keys(v.o).length === 1),
      [{ o: { a: 'x' } }, { o: { a: 'x', b: 1 } }]
    );
    agrees(
      z.array(z.string().trim()).refine((a) => a.every((x) => x !== '')),
      [[' '], ['a']]
    );
  });

  test('arrays, nullables, enums, literals and unions', () => {
    agrees(z.array(z.string()).min(1).max(2), [[], ['a'], ['a', 'b', 'c'], [1], 'ab', [undefined]]);
    agrees(z.string().nullable(), [null, 'a', undefined, 1]);
    agrees(z.enum(['A', 'B']), ['A', 'C', undefined]);
    agrees(z.literal(['x', 1]), ['x', 1, '1']);
    agrees(z.union([z.string(), z.number().int()]), ['a', 1, 1.5, null]);
    agrees(
      z.discriminatedUnion('k', [
        z.object({ k: z.literal('a'), a: z.string() }),
        z.object({ k: z.literal('b') }),
      ]),
      [{ k: 'a', a: 'x' }, { k: 'a' }, { k: 'b' }, { k: 'c' }]
    );
  });

  test('numbers: finite only, integer formats, bounds', () => {
    agrees(z.number().int().min(1).max(10), [1, 10, 0, 11, 1.5, NaN, Infinity, '1']);
    agrees(z.number().gt(0).lt(1), [0, 0.5, 1]);
    agrees(z.int32(), [2 ** 31 - 1, 2 ** 31, -(2 ** 31), 1.5]);
  });

  test('strings: lengths count code points; a global regex starts afresh each time', () => {
    agrees(z.string().max(2), ['ab', '😀😀', '😀😀a', 'abc']);
    agrees(z.string().min(2), ['😀', 'ab', '\uD800\uD800']);
    const g = z.string().regex(/^a/g);
    const valid = compileAssert(g);
    expect([valid('ab'), valid('ab'), valid('ba')]).toEqual([true, true, false]);
  });

  test('custom schemas and refinements, with and without a predicate; an async one is "invalid"', () => {
    agrees(
      z.custom<number>((v) => typeof v === 'number').refine((v) => v > 1),
      [0, 2, 'x']
    );
    agrees(
      z.string().superRefine((v, ctx) => {
        if (v.length > 1) ctx.addIssue({ code: 'custom', message: 'long' });
      }),
      ['a', 'ab']
    );
    // reportingCheck: zod's runtime runs the superRefine, the compiled check its counting predicate.
    const reported = z.string().check(
      reportingCheck((v: string, ctx) => {
        if (v === 'bad') ctx.addIssue({ code: 'custom', message: 'bad' });
      })
    );
    agrees(z.strictObject({ a: reported }), [{ a: 'ok' }, { a: 'bad' }]);
    const promised = z.string().refine(() => Promise.resolve(true) as unknown as boolean);
    expect(compileAssert(promised)('a')).toBe(false);
    expect(() => compileAssert(z.string().refine(async () => true))).toThrow(AssertUnsupported);
  });

  test('a check with its own `when` runs when it says so', () => {
    const s = z
      .string()
      .check(z.refine((v: string) => v !== 'bad', { when: (p) => (p.value as string).length > 0 }));
    agrees(s, ['bad', 'ok', '']);
  });

  test('pipes of values zod does not copy are checked in place; others are left to zod', () => {
    agrees(z.custom((v) => typeof v === 'object' && v !== null).pipe(z.strictObject({ a: z.string() })), [
      { a: 'x' },
      { a: 1 },
      { a: 'x', b: 1 },
    ]);
    agrees(z.object({ a: z.string() }).pipe(z.strictObject({ a: z.string() })), [{ a: 'x', b: 1 }]);
  });

  test('what zod compiles is left to it; what neither compiler handles is refused', () => {
    const tree: z.ZodType = z.lazy(() => z.array(tree));
    expect(() => compileAssert(tree)).toThrow(AssertUnsupported);
    // zod's compiler takes what this one leaves to it.
    agrees(
      z
        .string()
        .transform((s) => s.length)
        .pipe(z.number().max(2))
        .optional(),
      ['ab', 'abc', undefined, 1]
    );
  });
});

test('where code generation is not allowed, zod validates: same manifests, same errors', () => {
  // GIVEN a Job, and props with a misspelled key, built in this process and in a node that refuses `new Function`
  const script = `
    require('sucrase/register/ts');
    const { App, Chart } = require('cdk8s');
    const { BatchJob, toYaml } = require('./lib');
    const app = new App();
    const chart = new Chart(app, 'c');
    new BatchJob(chart, 'j', { containers: [{ image: 'busybox:1.36', command: ['true'] }] });
    let error;
    try { new BatchJob(chart, 'k', { containers: [{ image: 'busybox:1.36', comand: ['true'] }] }); }
    catch (e) { error = e.message; }
    process.stdout.write(JSON.stringify({ yaml: toYaml(app), error }));`;
  const there = JSON.parse(
    execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], {
      cwd: path.join(__dirname, '..'),
      encoding: 'utf8',
    })
  );
  const app = new App();
  const chart = new Chart(app, 'c');
  new BatchJob(chart, 'j', { containers: [{ image: 'busybox:1.36', command: ['true'] }] });
  let error: string | undefined;
  try {
    new BatchJob(chart, 'k', { containers: [{ image: 'busybox:1.36', comand: ['true'] } as never] });
  } catch (e) {
    error = (e as Error).message;
  }
  // THEN both end the same way
  expect(error).toMatch(/comand/);
  expect(there).toEqual({ yaml: toYaml(app), error });
});

// ---------------------------------------------------------------------------------------------
// Differential: this package against a copy whose schemas zod compiles

interface Copy {
  build: typeof build;
  validScenario: typeof validScenario;
  invalidScenario: typeof invalidScenario;
  COMPILED_SCHEMAS: typeof COMPILED_SCHEMAS;
  makeLazySchemas: typeof makeLazySchemas;
}

/** The package (with the test support bound to it) loaded again, with compileAssert refusing every schema. */
function zodOnlyCopy(): Copy {
  let copy: Copy | undefined;
  jest.isolateModules(() => {
    jest.doMock('../lib/validation/assert-compiler', () => {
      const actual = jest.requireActual('../lib/validation/assert-compiler');
      return {
        ...actual,
        compileAssert: () => {
          throw new actual.AssertUnsupported('zod only');
        },
      };
    });
    /* eslint-disable @typescript-eslint/no-require-imports */
    const arbitraries = require('./support/arbitraries');
    const compiled = require('../lib/validation/compiled');
    copy = {
      build: require('./support/build').build,
      validScenario: arbitraries.validScenario,
      invalidScenario: arbitraries.invalidScenario,
      COMPILED_SCHEMAS: compiled.COMPILED_SCHEMAS,
      makeLazySchemas: compiled.makeLazySchemas,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return copy!;
}

const zodOnly = zodOnlyCopy();
// Schemas are listed as they are made: the module-level and lazily made ones, made here before any test
// builds anything (which adds more, in test order), pair up by index.
makeLazySchemas();
zodOnly.makeLazySchemas();
const OURS = [...COMPILED_SCHEMAS];
const THEIRS = [...zodOnly.COMPILED_SCHEMAS];

/** How building ended: accepted, or what was thrown. */
function ending(make: () => unknown): string {
  try {
    make();
    return 'accepted';
  } catch (error) {
    return `${error instanceof Error ? error.constructor.name : typeof error}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

describe.each(CONSTRUCT_KINDS)('%s: the same scenario ends the same way in both copies', (kind) => {
  const runs = fuzz.runs(10);
  test.each([
    ['valid', validScenario, zodOnly.validScenario],
    ['made invalid', invalidScenario, zodOnly.invalidScenario],
  ] as const)(
    '%s scenarios',
    (_, ours, theirs) => {
      const parameters = { seed: fuzz.seed, numRuns: runs };
      const here = fc.sample(ours(kind), parameters);
      const there = fc.sample(theirs(kind), parameters);
      expect(there).toHaveLength(here.length);
      const endings = here.map((s, i) => [ending(() => build(s)), ending(() => zodOnly.build(there[i]))]);
      for (const [a, b] of endings) expect(a).toBe(b);
      // Both endings occur (a test that only ever accepts could not tell the compilers apart).
      if (_ === 'made invalid') expect(endings.some(([a]) => a !== 'accepted')).toBe(true);
    },
    fuzz.timeout
  );
});

/** A schema's kind and keys, to check that the two copies' lists pair up. */
function shapeOf(s: z.ZodType): string {
  const def = s._zod.def as { type: string; shape?: object };
  return `${def.type} ${Object.keys(def.shape ?? {}).join(',')}`;
}

test('on arbitrary values, each schema answers as zod does in the zod-only copy', () => {
  expect(THEIRS.map(shapeOf)).toEqual(OURS.map(shapeOf));
  const valid = OURS.map((s) => compileAssert(s));
  fc.assert(
    fc.property(
      fc.nat(OURS.length - 1),
      fc.anything({ maxDepth: 3, withNullPrototype: true, withSparseArray: true, withBigInt: true }),
      (i, v) => {
        expect(valid[i](v)).toBe(THEIRS[i].safeParse(v).success);
      }
    ),
    fuzz.parameters(fuzz.runs(200))
  );
});

// Last: the scenarios above have called the factories, each of which makes its arguments' check on first use.
test('every schema the constructs and factories validate with compiles with it', () => {
  makeLazySchemas();
  expect(COMPILED_SCHEMAS.length).toBeGreaterThanOrEqual(12);
  const refused = COMPILED_SCHEMAS.filter((s) => {
    try {
      compileAssert(s);
      return false;
    } catch {
      return true;
    }
  });
  expect(refused).toEqual([]);
});
