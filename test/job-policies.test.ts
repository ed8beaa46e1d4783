import { ApiObject, Testing } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  CronBatch,
  JobPattern,
  KubernetesVersion,
  PodFailureRule,
  PodReplacementPolicy,
  Schedule,
  SuccessPolicyRule,
  ValidationError,
} from '../lib';
import { successPolicyProblems, parseIndexes } from '../lib/rules/job-policies';
import { expectProblem, expectValid, problemRule, problemsOf } from './support/problems';
import { manifestProblems } from './support/build';
import { cli } from './support/cli';
import type { ImportReport } from '../cli/commands/import';

const IMAGE = 'perl:5.34.0';
const V1_31 = KubernetesVersion.V1_31;

function job(props: BatchJobProps): BatchJob {
  return new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE }], ...props });
}

function specOf(props: BatchJobProps): Record<string, unknown> {
  const chart = Testing.chart();
  new BatchJob(chart, 'job', { containers: [{ image: IMAGE }], ...props });
  return Testing.synth(chart)[0].spec;
}

const indexed = (successPolicy: SuccessPolicyRule[], completions = 6) =>
  JobPattern.indexed({ completions, parallelism: completions, successPolicy });

describe('podReplacementPolicy', () => {
  test('renders the given policy on 1.29+ and nothing by default', () => {
    // GIVEN / WHEN
    const failed = specOf({
      kubernetesVersion: KubernetesVersion.V1_29,
      podReplacementPolicy: PodReplacementPolicy.FAILED,
    });
    // THEN
    expect(failed.podReplacementPolicy).toBe('Failed');
    expect(specOf({}).podReplacementPolicy).toBeUndefined();
  });

  test('fails when the target Kubernetes version is older than 1.29, naming the version', () => {
    expect(problemsOf(() => job({ podReplacementPolicy: PodReplacementPolicy.FAILED }))).toEqual([
      'podReplacementPolicy: podReplacementPolicy needs Kubernetes 1.29+ (feature gate JobPodReplacementPolicy), ' +
        'but kubernetesVersion is 1.28, whose API server drops it; set kubernetesVersion: ' +
        'KubernetesVersion.V1_29 or later (e.g. JobDefaults.set(app, { kubernetesVersion })) (got "Failed")',
    ]);
  });

  test('fails when TerminatingOrFailed comes with a podFailurePolicy (only Failed is allowed)', () => {
    expectProblem(
      () =>
        job({
          kubernetesVersion: KubernetesVersion.V1_29,
          podReplacementPolicy: PodReplacementPolicy.TERMINATING_OR_FAILED,
          podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
        }),
      'podReplacementPolicy: unsupported value "TerminatingOrFailed": supported values: "Failed" ' +
        '(with a podFailurePolicy only Failed is allowed) (got "TerminatingOrFailed")'
    );
    expectValid(() =>
      job({
        kubernetesVersion: KubernetesVersion.V1_29,
        podReplacementPolicy: PodReplacementPolicy.FAILED,
        podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
      })
    );
  });

  test('fails when the value is not a PodReplacementPolicy', () => {
    expectProblem(
      () =>
        job({
          kubernetesVersion: KubernetesVersion.V1_29,
          podReplacementPolicy: 'Always' as PodReplacementPolicy,
        }),
      'podReplacementPolicy: must be a PodReplacementPolicy, TerminatingOrFailed or Failed (got "Always")'
    );
  });
});

describe('successPolicy', () => {
  test('renders the rules of JobPattern.indexed on 1.31+', () => {
    const spec = specOf({
      kubernetesVersion: V1_31,
      pattern: indexed([{ succeededIndexes: '0' }, { succeededIndexes: '1-3,5', succeededCount: 2 }]),
    });
    expect(spec.successPolicy).toEqual({
      rules: [{ succeededIndexes: '0' }, { succeededCount: 2, succeededIndexes: '1-3,5' }],
    });
  });

  test('keeps successPolicy when a JSON patch sends the Job through cdk8s-plus-28 bindings, which lack it', () => {
    // GIVEN a Job with a success policy and a JSON patch (cdk8s' own serialization path)
    const chart = Testing.chart();
    const j = new BatchJob(chart, 'job', {
      containers: [{ image: IMAGE }],
      kubernetesVersion: V1_31,
      pattern: indexed([{ succeededIndexes: '0' }]),
    });
    ApiObject.of(j).addJsonPatch();
    // WHEN
    const spec = Testing.synth(chart)[0].spec;
    // THEN
    expect(spec.successPolicy).toEqual({ rules: [{ succeededIndexes: '0' }] });
    expect(Object.keys(spec)).toEqual([...Object.keys(spec)].sort());
  });

  test('renders into a CronJob job template, also through the JSON patch path', () => {
    const chart = Testing.chart();
    const cron = new CronBatch(chart, 'cron', {
      schedule: Schedule.cron('0 * * * *'),
      containers: [{ image: IMAGE }],
      kubernetesVersion: V1_31,
      pattern: indexed([{ succeededCount: 1 }], 2),
    });
    ApiObject.of(cron).addJsonPatch();
    expect(Testing.synth(chart)[0].spec.jobTemplate.spec.successPolicy).toEqual({
      rules: [{ succeededCount: 1 }],
    });
  });

  test('fails when the target Kubernetes version is older than 1.31, naming the version', () => {
    expect(
      problemsOf(() =>
        job({ kubernetesVersion: KubernetesVersion.V1_30, pattern: indexed([{ succeededCount: 1 }]) })
      )
    ).toEqual([
      'pattern.successPolicy: successPolicy needs Kubernetes 1.31+ (feature gate JobSuccessPolicy), but ' +
        'kubernetesVersion is 1.30, whose API server drops it; set kubernetesVersion: KubernetesVersion.V1_31 ' +
        'or later (e.g. JobDefaults.set(app, { kubernetesVersion })) (got [{"succeededCount":1}])',
    ]);
  });

  test.each<[string, SuccessPolicyRule[], string]>([
    [
      'no rules',
      [],
      'pattern.successPolicy: at least one rules must be specified when the successPolicy is specified',
    ],
    [
      'a rule with neither field',
      [{}],
      'pattern.successPolicy[0]: at least one of succeededCount or succeededIndexes must be specified',
    ],
    [
      'an index at or above completions',
      [{ succeededIndexes: '0-6' }],
      'pattern.successPolicy[0].succeededIndexes: error parsing succeededIndexes: too large index: "6"',
    ],
    [
      'indexes out of order',
      [{ succeededIndexes: '3,1' }],
      'pattern.successPolicy[0].succeededIndexes: error parsing succeededIndexes: non-increasing order, previous: 3, current: 1',
    ],
    [
      'an index that is not a number',
      [{ succeededIndexes: 'a' }],
      'pattern.successPolicy[0].succeededIndexes: error parsing succeededIndexes: cannot convert string to integer for index: "a"',
    ],
    [
      'a count above completions',
      [{ succeededCount: 7 }],
      'pattern.successPolicy[0].succeededCount: must be less than or equal to 6 (the number of specified completions)',
    ],
    [
      'a count above the number of succeededIndexes',
      [{ succeededIndexes: '0-1', succeededCount: 3 }],
      'pattern.successPolicy[0].succeededCount: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
    ],
    [
      'a negative count',
      [{ succeededCount: -1 }],
      'pattern.successPolicy[0].succeededCount: must be greater than or equal to 0',
    ],
  ])('fails with %s', (_, rules, line) => {
    expectProblem(() => job({ kubernetesVersion: V1_31, pattern: indexed(rules) }), problemRule(line));
  });

  test('fails with more than 20 rules', () => {
    const rules = Array.from({ length: 21 }, () => ({ succeededCount: 1 }));
    expect(problemsOf(() => job({ kubernetesVersion: V1_31, pattern: indexed(rules) }))).toEqual([
      expect.stringMatching(/^pattern\.successPolicy: must have at most 20 items \(has 21\)/),
    ]);
  });

  test('JobPattern.indexed checks the rules at the call', () => {
    expect(() =>
      JobPattern.indexed({ completions: 2, successPolicy: [{ succeededIndex: '0' } as SuccessPolicyRule] })
    ).toThrow(ValidationError);
    expect(() =>
      JobPattern.indexed({ completions: 2, successPolicy: [{ succeededCount: '1' as unknown as number }] })
    ).toThrow(/successPolicy\[0\]\.succeededCount/);
  });

  test('the synthesized manifests pass the checker of their target version', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      containers: [{ image: IMAGE }],
      kubernetesVersion: V1_31,
      podReplacementPolicy: PodReplacementPolicy.FAILED,
      pattern: indexed([{ succeededIndexes: '0' }]),
    });
    for (const obj of Testing.synth(chart)) expect(manifestProblems(obj, '1.31')).toEqual([]);
  });
});

describe('the shared index-list rule', () => {
  test('counts the indexes of an interval list', () => {
    expect(parseIndexes('0,2-4,7', 8)).toBe(5);
    expect(parseIndexes('', 8)).toBe(0);
    expect(parseIndexes('1-2-3', 8)).toBe(
      `the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'`
    );
    expect(parseIndexes('2-2', 8)).toBe('non-increasing order, previous: 2, current: 2');
  });

  test('reports rule paths relative to the rules list', () => {
    expect(successPolicyProblems([{ succeededCount: 3 }, 'x'], 2)).toEqual([
      {
        path: [0, 'succeededCount'],
        message: 'must be less than or equal to 2 (the number of specified completions)',
      },
      { path: [1], message: 'at least one of succeededCount or succeededIndexes must be specified' },
    ]);
  });
});

describe('import', () => {
  const importJob = async (spec: Record<string, unknown>) => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'ranks' },
      spec: {
        ...spec,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'busybox:1.36' }] } },
      },
    };
    const result = await cli(['import', '-', '--json'], { stdin: JSON.stringify(job) });
    return { code: result.code, report: JSON.parse(result.out) as ImportReport };
  };

  test('maps podReplacementPolicy and successPolicy back to props, raising kubernetesVersion', async () => {
    const { code, report } = await importJob({
      completionMode: 'Indexed',
      completions: 4,
      parallelism: 4,
      podReplacementPolicy: 'Failed',
      successPolicy: { rules: [{ succeededIndexes: '0' }, { succeededCount: 2 }] },
    });
    expect(code).toBe(0);
    const text = report.code!.replace(/\s+/g, ' ').replace(/, }/g, ' }');
    expect(text).toContain(
      "pattern: JobPattern.indexed({ completions: 4, parallelism: 4, successPolicy: [{ succeededIndexes: '0' }, { succeededCount: 2 }] })"
    );
    expect(text).toContain('podReplacementPolicy: PodReplacementPolicy.FAILED');
    expect(text).toContain('kubernetesVersion: KubernetesVersion.V1_31');
    expect(report.objects[0].escapeHatches).toEqual([]);
  });

  test('a success policy the API server would reject is reported, not mapped', async () => {
    const { report } = await importJob({
      completionMode: 'Indexed',
      completions: 2,
      successPolicy: { rules: [{ succeededIndexes: '5' }] },
    });
    expect(report.code).not.toContain('successPolicy: [');
    expect(JSON.stringify(report.objects[0])).toContain(
      'successPolicy: error parsing succeededIndexes: too large index: \\"5\\"'
    );
  });
});
