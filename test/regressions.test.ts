import { Duration, Testing } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  CronBatch,
  EnvFrom,
  EnvValue,
  JobDefaults,
  JobPattern,
  PodFailureAction,
  PodFailureRule,
  Probe,
  RunAs,
  Schedule,
  ValidationError,
} from '../lib';

/*
 * One regression test per bug the property tests (properties.test.ts, security-profile.test.ts)
 * found. Each title says what was wrong.
 */

const IMAGE = 'busybox:1.36';

/** A value as a plain-JavaScript caller may pass it, which TypeScript would refuse. */
function untyped<T>(value: unknown): T {
  return value as T;
}

function problemsOf(create: () => unknown): string[] {
  try {
    create();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.problems.map((p) => `${p.field}: ${p.message}`);
  }
  return [];
}

test('a CronBatch with null-prototype jobAnnotations synthesizes (they were passed to cdk8s by reference, which crashed serializing them)', () => {
  // GIVEN annotations read by a parser that builds prototype-less objects
  const jobAnnotations = Object.assign(Object.create(null), { team: 'data' }) as Record<string, string>;
  const jobLabels = Object.assign(Object.create(null), { app: 'report' }) as Record<string, string>;
  const chart = Testing.chart();
  // WHEN
  new CronBatch(chart, 'report', {
    schedule: Schedule.daily(),
    jobAnnotations,
    jobLabels,
    containers: [{ image: IMAGE }],
  });
  // THEN
  const cronJob = Testing.synth(chart)[0];
  expect(cronJob.spec.jobTemplate.metadata.annotations).toEqual({ team: 'data' });
  expect(cronJob.spec.jobTemplate.metadata.labels).toMatchObject({ app: 'report' });
});

test.each(['nightly_report', 'report.v2', '_lead', 'trail.'])(
  'a name derived from the construct id %s is a DNS label (cdk8s kept "_" and ".")',
  (id) => {
    const job = new BatchJob(Testing.chart(), id, { containers: [{ image: IMAGE }] });
    expect(job.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(job.name.length).toBeLessThanOrEqual(63);
  }
);

test('a wrong-typed prop no longer hides the cross-field problems of the construct', () => {
  expect(
    problemsOf(
      () =>
        new BatchJob(
          Testing.chart(),
          'job',
          untyped<BatchJobProps>({
            network: 'host',
            podLabels: { 'job-name': 'mine' },
            containers: [
              { image: IMAGE, name: 'a' },
              { image: IMAGE, name: 'a' },
            ],
          })
        )
    )
  ).toEqual([
    'network: must be a NetworkMode (e.g. NetworkMode.host())',
    'containers[1].name: container name "a" is used twice in the pod',
    'podLabels.job-name: is set by the Job controller and may not be given',
  ]);
});

test('a wrong-typed container prop no longer hides the container’s cross-field problems', () => {
  expect(
    problemsOf(
      () =>
        new BatchJob(Testing.chart(), 'job', {
          containers: [
            { image: IMAGE, livenessProbe: untyped({ httpGet: { port: 80 } }), writableTmp: true },
          ],
        })
    )
  ).toEqual([
    'containers[0].livenessProbe: must be a Probe (e.g. Probe.http({ port: 8080 }))',
    'containers[0].writableTmp: only applies with readOnlyRootFilesystem: true',
  ]);
});

test.each([
  ['JobPattern.fixedCompletions({})', () => JobPattern.fixedCompletions(untyped({})), 'options.completions'],
  ['JobPattern.indexed({})', () => JobPattern.indexed(untyped({})), 'options.completions'],
  ['JobPattern.workQueue({})', () => JobPattern.workQueue(untyped({})), 'options.parallelism'],
])(
  '%s from JavaScript fails instead of rendering a Job without completions or parallelism',
  (_name, make, field) => {
    expect(problemsOf(make)).toEqual([`${field}: must be a number`]);
  }
);

test.each([
  ['JobPattern.indexed', () => JobPattern.indexed(untyped(undefined)), 'options: must be an object'],
  [
    'PodFailureRule.onExitCodes',
    () => PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, untyped(undefined)),
    'options: must be an object',
  ],
  [
    'PodFailureRule.onPodCondition',
    () => PodFailureRule.onPodCondition(PodFailureAction.IGNORE, untyped(null)),
    'options: must be an object',
  ],
  ['Probe.http', () => Probe.http(untyped(undefined)), 'options: must be an object'],
  ['Probe.tcp', () => Probe.tcp(untyped(null)), 'options: must be an object'],
  [
    'EnvValue.fromSecretKey',
    () => EnvValue.fromSecretKey('s', 'k', untyped(null)),
    'options: must be an object',
  ],
  ['EnvFrom.configMap', () => EnvFrom.configMap('c', untyped(null)), 'options: must be an object'],
])(
  '%s called from JavaScript without its options throws a ValidationError at the call, not a TypeError',
  (_name, make, problem) => {
    expect(problemsOf(make)).toEqual([problem]);
  }
);

test('props that are not an object throw a ValidationError (a rule read props.reapply first: TypeError)', () => {
  expect(problemsOf(() => new BatchJob(Testing.chart(), 'job', untyped(null)))).toEqual([
    '(props): must be an object',
  ]);
});

test('a prop given as undefined takes the chart’s JobDefaults (they were replaced by the undefined)', () => {
  // GIVEN chart defaults
  const chart = Testing.chart();
  JobDefaults.set(chart, { runAs: RunAs.root(), ttlAfterFinished: Duration.hours(1), backoffLimit: 2 });
  // WHEN props are written `cond ? value : undefined`
  new BatchJob(chart, 'job', {
    runAs: undefined,
    ttlAfterFinished: undefined,
    backoffLimit: undefined,
    containers: [{ image: IMAGE }],
  });
  // THEN the defaults apply
  const job = Testing.synth(chart)[0];
  expect(job.spec.template.spec.securityContext.runAsUser).toBe(0);
  expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
  expect(job.spec.backoffLimit).toBe(2);
});

test('a wrong-typed field of an EnvValue is named (it was "must be a string or an EnvValue (got a EnvValue)")', () => {
  expect(problemsOf(() => EnvValue.fromSecretKey('db', untyped(42)))).toEqual(['key: must be a string']);
});

test('a wrong-typed env value no longer hides the other problems of the env map', () => {
  expect(
    problemsOf(
      () =>
        new BatchJob(Testing.chart(), 'job', {
          containers: [{ image: IMAGE, env: { A: untyped(1), '1BAD': 'y' } }],
        })
    )
  ).toEqual([
    'containers[0].env.A: must be a string or an EnvValue',
    "containers[0].env.1BAD: variable name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (Kubernetes 1.28; relaxed names need 1.32+)",
  ]);
});

// Found by arbitrary-values.test.ts: a rule turned the value into text (String(v), a template literal),
// which throws for a null-prototype object: "Cannot convert object to primitive value".
test.each<[string, Record<string, unknown>, string]>([
  [
    'an annotation value',
    { annotations: { note: Object.create(null) } },
    'annotations.note: must be a string',
  ],
  [
    'a pod annotation value',
    { podAnnotations: { note: Object.create(null) } },
    'podAnnotations.note: must be a string',
  ],
  ['displayName', { displayName: Object.create(null) }, 'displayName: must be a string'],
  ['description', { description: Object.create(null) }, 'description: must be a string'],
  [
    'a port protocol',
    { containers: [{ image: IMAGE, ports: [{ number: 80, protocol: Object.create(null) }] }] },
    'containers[0].ports[0].protocol: must be TCP or UDP',
  ],
  [
    "a Gt node requirement's value",
    {
      nodeAffinity: {
        required: [{ key: 'example.com/cores', operator: 'Gt', values: [Object.create(null)] }],
      },
    },
    'nodeAffinity.required[0].values[0]: must be a string',
  ],
])('a null-prototype object as %s is named, not a TypeError from a rule', (_what, props, problem) => {
  expect(
    problemsOf(() => new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE }], ...props }))
  ).toContain(problem);
});
