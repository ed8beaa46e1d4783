import { App, Chart, Duration } from 'cdk8s';
import fc from 'fast-check';
import {
  BatchJob,
  CronBatch,
  CronBatchProps,
  GpuJob,
  GpuJobProps,
  JobDefaults,
  JobDefaultsProps,
  RunAs,
  ValidationError,
} from '../lib';
import {
  CHART_ID,
  CONSTRUCT_KINDS,
  ConstructKind,
  InvalidScenario,
  invalidScenario,
  resolveDeferred,
  Scenario,
  targetOf,
  validScenario,
} from './support/arbitraries';
import { build, lazySplit, LEAKS, Manifest, manifestProblems, readYaml } from './support/build';
import { fuzzParameters, replayHint } from './support/fuzz';

/*
 * Property-based tests of BatchJob, GpuJob and CronBatch (generators in support/arbitraries.ts):
 *
 * 1. a valid prop set synthesizes, and every object passes the Kubernetes 1.28 schema (unknown fields
 *    included) and the API server's rules (cli/check/validate-manifest.ts);
 * 2. an invalid prop set throws our ValidationError, never a TypeError, a zod error or a cdk8s error,
 *    and its message names the construct path and every offending field;
 * 3. rendering is deterministic: the same props in two fresh apps give byte-identical YAML, which
 *    kubectl reads back as the objects we rendered; containers and sidecars added later with
 *    addContainer and addSidecar render as if they had been props.
 *
 * `npm test` runs each property with a fixed seed; `npm run fuzz` runs 10,000 cases per construct
 * with a random seed, printed on failure (replay with FUZZ_SEED=<seed>). See docs/testing.md.
 */

const fuzz = fuzzParameters();

/** Runs a property with the shared seed and run count; on failure, says how to replay it. */
function check<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void, runs: number): void {
  const parameters = fuzz.parameters(runs);
  try {
    fc.assert(fc.property(arb, predicate), parameters);
  } catch (error) {
    (error as Error).message += `\n\n${replayHint(parameters)}`;
    throw error;
  }
}

/**
 * The documented defaults and the chart's `JobDefaults` reach the manifest: a prop that is not given,
 * or given as undefined, takes the chart default, then the documented one.
 */
function expectDefaultsApplied(s: Scenario, objects: Manifest[]): void {
  const job = objects.find((o) => o.kind === 'Job' || o.kind === 'CronJob');
  const spec = job.kind === 'CronJob' ? job.spec.jobTemplate.spec : job.spec;
  const pod = spec.template.spec;
  const given = <K extends keyof JobDefaultsProps>(key: K): JobDefaultsProps[K] =>
    s.props[key] !== undefined ? s.props[key] : s.defaults?.[key];
  const runAs = given('runAs') ?? RunAs.DEFAULT;
  expect(pod.securityContext.runAsUser).toBe(runAs.uid);
  expect(pod.securityContext.runAsNonRoot).toBe(runAs.kind !== 'root');
  const ttl = given('ttlAfterFinished');
  expect(spec.ttlSecondsAfterFinished).toBe(ttl === null ? undefined : (ttl ?? Duration.days(1)).toSeconds());
  const perIndex = spec.backoffLimitPerIndex !== undefined;
  expect(spec.backoffLimit).toBe(given('backoffLimit') ?? (perIndex ? undefined : 6));
  expect(pod.automountServiceAccountToken).toBe(given('automountServiceAccountToken') ?? false);
}

function expectWellFormedError(error: unknown, s: InvalidScenario): void {
  const path = `${CHART_ID}/${s.id}`;
  if (!(error instanceof ValidationError)) {
    throw new Error(
      `expected a ValidationError for ${s.violations.map((v) => v.rule).join(' + ')}, got ` +
        (error === undefined
          ? 'no error'
          : `${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`)
    );
  }
  expect(error.constructType).toBe(s.kind);
  expect(error.constructPath).toBe(path);
  const lines = error.message.split('\n');
  const count = error.problems.length === 1 ? '1 problem' : `${error.problems.length} problems`;
  expect(lines[0]).toBe(`invalid ${s.kind} at '${path}' (${count}):`);
  expect(lines).toHaveLength(error.problems.length + 1);
  for (const p of error.problems) expect(p.field.length).toBeGreaterThan(0);
  for (const leak of LEAKS) expect(error.message.replace(path, '')).not.toMatch(leak);
  for (const v of s.violations) {
    const named = error.problems.filter(
      (p) => p.field === v.field || p.field.startsWith(`${v.field}.`) || p.field.startsWith(`${v.field}[`)
    );
    if (named.length === 0) {
      throw new Error(`"${v.rule}": no problem names ${v.field}; the message was:\n${error.message}`);
    }
    expect(lines.some((line) => line.startsWith(`  - ${named[0].field}: `))).toBe(true);
    if (v.mentions !== undefined) expect(error.message).toContain(v.mentions);
  }
}

/** Builds an invalid scenario; returns what the constructor threw and the chart it was added to. */
function construct(s: Scenario): { error: unknown; chart: Chart } {
  const chart = new Chart(
    new App(),
    CHART_ID,
    s.chartNamespace === undefined ? {} : { namespace: s.chartNamespace }
  );
  if (s.defaults !== undefined) JobDefaults.set(chart, s.defaults);
  try {
    const props = resolveDeferred(s.props);
    if (s.kind === 'BatchJob') new BatchJob(chart, s.id, props);
    else if (s.kind === 'GpuJob') new GpuJob(chart, s.id, props as GpuJobProps);
    else new CronBatch(chart, s.id, props as CronBatchProps);
    return { error: undefined, chart };
  } catch (error) {
    return { error, chart };
  }
}

describe.each(CONSTRUCT_KINDS)('%s properties', (kind: ConstructKind) => {
  test(
    'valid props synthesize, and every object passes the 1.28 schema and the API server rules',
    () => {
      check(
        validScenario(kind),
        (s) => {
          const { chart } = build(s);
          const objects = chart.toJson() as Manifest[];
          expect(objects.some((o) => o.kind === (kind === 'CronBatch' ? 'CronJob' : 'Job'))).toBe(true);
          const problems = objects.flatMap((o) =>
            manifestProblems(o, targetOf(s)).map((p) => `${o.kind} ${p}`)
          );
          expect(problems).toEqual([]);
          expectDefaultsApplied(s, objects);
        },
        fuzz.runs(32)
      );
    },
    fuzz.timeout
  );

  test(
    'invalid props throw one ValidationError naming the construct path and every offending field',
    () => {
      check(
        invalidScenario(kind),
        (s) => {
          const { error, chart } = construct(s);
          expectWellFormedError(error, s);
          // The half-built construct is removed, so the chart stays usable.
          expect(chart.node.tryFindChild(s.id)).toBeUndefined();
        },
        fuzz.runs(120)
      );
    },
    fuzz.timeout
  );

  test(
    'rendering is deterministic: two fresh apps give byte-identical YAML, read back as rendered',
    () => {
      check(
        validScenario(kind),
        (s) => {
          const first = build(s);
          const yaml = first.app.synthYaml();
          expect(build(s).app.synthYaml()).toBe(yaml);
          // A second render in the same app, and what kubectl (YAML 1.1) reads from the file.
          expect(readYaml(yaml)).toEqual(JSON.parse(JSON.stringify(first.chart.toJson())));
          // Containers and sidecars added later (addContainer, addSidecar) render as if they were props.
          const split = lazySplit(s);
          if (split) expect(build(split.scenario, split.later).app.synthYaml()).toBe(yaml);
        },
        fuzz.runs(32)
      );
    },
    fuzz.timeout
  );
});
