import fc from 'fast-check';
import { z } from 'zod';
import '../lib';
import { COMPILED_SCHEMAS, makeLazySchemas, reportingCheck } from '../lib/validation/compiled';
import { gateEnabled, GATES, parseKubeVersion } from '../lib/rules/kube-versions';
import { quantityNanos } from '../lib/rules/quantity';
import { envVarNameProblem } from '../lib/rules/names';
import { cronParseProblem, goDurationProblem, parseCron, scheduleProblems } from '../lib/rules/cron';

describe('schedule: robfig/cron v3 ParseStandard', () => {
  test.each([
    '* * * * *',
    '*/5 * * * *',
    '0 9-17/2 * * mon-fri',
    '0 0 1,15 JAN,jul ?',
    '5/15 * * * *',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
    '@every 1h30m',
    '@every 0',
    '@every 1.5s',
  ])('accepts %s', (schedule) => {
    expect(cronParseProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@daily ', 'unrecognized descriptor: @daily '],
    ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
  ])('rejects %j: %s', (schedule, message) => {
    expect(cronParseProblem(schedule)).toBe(message);
  });

  test('a TZ in the schedule is rejected on create, even when it parses', () => {
    expect(scheduleProblems('TZ=UTC 0 0 * * *')).toEqual([
      'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  test('Go durations', () => {
    expect(goDurationProblem('90m')).toBeUndefined();
    expect(goDurationProblem('-1.5h')).toBeUndefined();
    expect(goDurationProblem('')).toBe('time: invalid duration ""');
    expect(goDurationProblem('h')).toBe('time: invalid duration "h"');
  });

  test('whatever CronBatch accepts, the API server parses (CronBatch is stricter, never looser)', () => {
    const token = fc.constantFrom(
      '*',
      '?',
      '0',
      '5',
      '59',
      '60',
      '1-5',
      '*/15',
      '5/10',
      'jan',
      'MON-fri',
      '1,2',
      '7',
      'x',
      ''
    );
    const schedule = fc.oneof(
      fc.array(token, { minLength: 4, maxLength: 6 }).map((fields) => fields.join(' ')),
      fc.constantFrom('@daily', '@hourly', '@every 1h', ' @daily', '@weekly ')
    );
    fc.assert(
      fc.property(schedule, (s) => {
        if (parseCron(s).problems.length === 0) expect(cronParseProblem(s)).toBeUndefined();
      }),
      { numRuns: 500 }
    );
  });
});

describe('quantities', () => {
  test.each([
    ['1', 1_000_000_000n],
    ['500m', 500_000_000n],
    ['1.5', 1_500_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['1e3', 1000n * 1_000_000_000n],
    [0.5, 500_000_000n],
    ['1n', 1n],
  ])('%s', (text, nanos) => {
    expect(quantityNanos(text)).toBe(nanos);
  });

  test('not quantities', () => {
    expect(quantityNanos('1Gb')).toBeUndefined();
    expect(quantityNanos('')).toBeUndefined();
    expect(quantityNanos(true)).toBeUndefined();
  });

  test('1.1 equals 1100m exactly', () => {
    expect(quantityNanos('1.1')).toBe(quantityNanos('1100m'));
  });
});

describe('Kubernetes versions and environment variable names', () => {
  test('--kube-version forms', () => {
    expect(parseKubeVersion('1.28')).toBe('1.28');
    expect(parseKubeVersion('v1.35')).toBe('1.35');
    expect(parseKubeVersion('1.31.4')).toBe('1.31');
    expect(parseKubeVersion('1.27')).toBeUndefined();
    expect(parseKubeVersion('1.36')).toBeUndefined();
    expect(parseKubeVersion('latest')).toBeUndefined();
  });

  test('feature gates follow job-api.md §5', () => {
    expect(gateEnabled(GATES.JobBackoffLimitPerIndex, '1.28')).toBe(false);
    expect(gateEnabled(GATES.JobBackoffLimitPerIndex, '1.29')).toBe(true);
    expect(gateEnabled(GATES.JobSuccessPolicy, '1.30')).toBe(false);
    expect(gateEnabled(GATES.JobSuccessPolicy, '1.31')).toBe(true);
    expect(gateEnabled(GATES.JobManagedBy, '1.31')).toBe(false);
    expect(gateEnabled(GATES.JobManagedBy, '1.32')).toBe(true);
  });

  test('env names: strict up to 1.31 (IsEnvVarName), relaxed from 1.32', () => {
    expect(envVarNameProblem('MY-VAR.x')).toBeUndefined();
    expect(envVarNameProblem('_x')).toBeUndefined();
    expect(envVarNameProblem('1X')).toMatch(/must not start with a digit/);
    expect(envVarNameProblem('..x')).toBe("must not be '.' or '..' or start with '..'");
    expect(envVarNameProblem('1 X', true)).toBeUndefined();
    expect(envVarNameProblem('A=B', true)).toMatch(/other than '='/);
  });
});

describe('compiled validation', () => {
  test('every construct schema compiles to zod’s fast validator (no silent runtime fallback)', () => {
    // BatchJob, GpuJob, CronBatch, containers, volumes, env values and object references, at least;
    // the job kinds' schemas are made on first use.
    makeLazySchemas();
    expect(COMPILED_SCHEMAS.length).toBeGreaterThanOrEqual(7);
    for (const schema of COMPILED_SCHEMAS) expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  test('reportingCheck: the runtime parser runs it as its superRefine, the compiled validator as a predicate', () => {
    const contexts: z.RefinementCtx[] = [];
    const refine = (v: number, ctx: z.RefinementCtx) => {
      contexts.push(ctx);
      if (v < 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must not be negative' });
      if (v < -10) ctx.addIssue({ code: 'custom', message: 'far too low', params: { got: v } });
    };
    const ours = z.number().check(reportingCheck(refine));
    const superRefined = z.number().superRefine(refine);
    for (const v of [1, -1, -11])
      expect(ours.safeParse(v).error?.issues).toEqual(superRefined.safeParse(v).error?.issues);
    const compiled = z.compile(ours, { strict: true });
    expect([compiled.validate(-1), compiled.validate(-11)]).toEqual([false, false]);
    contexts.length = 0;
    expect(compiled.validate(1)).toBe(true);
    // A valid value met no zod payload (whose value is the checked value): the check ran as a predicate.
    expect(contexts.map((ctx) => ctx.value)).toEqual([undefined]);
  });
});
