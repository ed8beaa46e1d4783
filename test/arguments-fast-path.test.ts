import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import * as z from 'zod';
import { EmptyDirMedium, EnvValue, JobPattern, Probe, ValidationError, Volume } from '../lib';
import { COMPILED_SCHEMAS, makeLazySchemas } from '../lib/validation/compiled';
import { isSurelyPlainData, plainDataProblems, walkPlainData } from '../lib/validation/plain-data';

/*
 * Valid arguments and props take a fast path (`isSurelyPlainData`, then one compiled validator of the
 * factory's arguments); anything else is checked again the full way. These are the cases where the
 * fast path alone would answer differently from the full check.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (value: unknown): any => value;

function messageOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

test('a class instance in a list of options objects is refused like one at the top', () => {
  class Rule {
    succeededCount = 1;
  }
  expect(messageOf(() => JobPattern.indexed(untyped({ completions: 3, successPolicy: [new Rule()] })))).toBe(
    "invalid JobPattern at 'JobPattern.indexed(options)' (1 problem):\n" +
      '  - options.successPolicy[0]: must be a plain object written as { ... } (got a Rule)'
  );
  expect(JobPattern.indexed({ completions: 3, successPolicy: [{ succeededCount: 1 }] })).toBeDefined();
});

test('an object that holds itself more than once is reported at once (the fast check is bounded)', () => {
  const o: Record<string, unknown> = { a: 1 };
  o.b = o;
  o.c = o;
  expect(isSurelyPlainData({ options: o })).toBe(false);
  expect(messageOf(() => Probe.http(untyped({ port: 80, headers: o })))).toBe(
    "invalid Probe at 'Probe.http(options)' (2 problems):\n" +
      '  - options.headers.b: contains itself (a cycle); props must be plain data\n' +
      '  - options.headers.c: contains itself (a cycle); props must be plain data'
  );
});

test('the fast plain-data check says "surely plain" only where the full walk finds nothing', () => {
  const shared = { x: 'y' };
  const plain = [
    { a: [1, 'b', null, undefined, true, 2n], s: shared, t: shared, d: Duration.seconds(1) },
    Object.assign(Object.create(null) as object, { k: ['v'] }),
    [],
  ];
  for (const value of plain) {
    expect(isSurelyPlainData(value)).toBe(true);
    expect(plainDataProblems(value)).toEqual([]);
  }
  const symbolKeyed = { [Symbol('s')]: 1 };
  const unusual = [
    { a: [1, , 3] }, // eslint-disable-line no-sparse-arrays
    { ['\uD800']: 1 },
    { a: '\uDC00' },
    symbolKeyed,
    new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }), // prettier-ignore
    JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown,
  ];
  for (const value of unusual) {
    expect(isSurelyPlainData(value)).toBe(false);
    expect(plainDataProblems(value)).not.toEqual([]);
  }
});

test('the fast plain-data check never clears a value the full walk has a problem with', () => {
  const key = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 3 }),
    fc.constantFrom('\uD800', 'a\uDFFF', '__proto__', 'constructor')
  );
  const value = fc.anything({
    key,
    maxDepth: 4,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  });
  fc.assert(
    fc.property(value, (v) => {
      if (isSurelyPlainData(v)) expect(walkPlainData(v)).toEqual([]);
      expect(plainDataProblems(v)).toEqual(walkPlainData(v));
    }),
    { numRuns: 500, seed: 17 }
  );
});

test('the fast validators of the factories compile (no silent fallback to the runtime parser)', () => {
  Volume.emptyDir('scratch', { medium: EmptyDirMedium.DEFAULT, sizeLimit: Size.gibibytes(1) });
  EnvValue.fromSecretKey('api', 'token');
  Probe.http({ path: '/healthz', port: 8080, period: Duration.seconds(20) });
  Probe.command(['cat', '/tmp/healthy']);
  JobPattern.fixedCompletions({ completions: 4, parallelism: 2 });
  JobPattern.indexed({ completions: 3, successPolicy: [{ succeededCount: 1 }] });
  makeLazySchemas(); // the job kinds' schemas, made on first use
  expect(COMPILED_SCHEMAS.length).toBeGreaterThanOrEqual(12);
  for (const schema of COMPILED_SCHEMAS) expect(() => z.compile(schema, { strict: true })).not.toThrow();
});
