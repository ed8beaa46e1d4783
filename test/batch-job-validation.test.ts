import { Duration, Size, Testing } from 'cdk8s';
import { Cpu, Secret } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  BatchJob,
  BatchJobProps,
  ConditionStatus,
  ContainerResources,
  ContainerProps,
  EnvFrom,
  EnvValue,
  ExitCodeOperator,
  JobPattern,
  KubernetesVersion,
  PodFailureAction,
  PodFailureRule,
  ReapplyPolicy,
  RestartPolicy,
  RunAs,
  ValidationError,
  Volume,
} from '../lib';
import { problemLine, problemRule, expectProblem, expectValid, problemsOf } from './support/problems';

const V1_29 = KubernetesVersion.V1_29;

const IMAGE = 'perl:5.34.0';
const DNS_LABEL_RULE =
  "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
const DNS_SUBDOMAIN_RULE =
  "must be a DNS-1123 subdomain: lowercase letters, digits and '-', starting and ending with a letter or digit, dot-separated";
const NAME_PART_RULE =
  "name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
const LABEL_VALUE_RULE =
  "label value must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const ENV_NAME_RULE =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
/** What a 1.28 target adds to a name that Kubernetes 1.32's relaxed rule takes. */
const RELAXED_HINT = ' (Kubernetes 1.28; relaxed names need 1.32+)';
const FILE_MODE_RULE = 'must be a file mode from 0 to 0o777 (write it as an octal literal, e.g. 0o644)';
const IMAGE_RULE =
  'must be an image reference such as perl:5.34.0, registry.example.com/team/app:1.2, or app@sha256:<digest>';

/** Casts JS-level input that TypeScript would refuse, as a plain-JavaScript caller could pass it. */
function invalid<T>(value: unknown): T {
  return value as T;
}

/** A BatchJob `job` in a fresh chart, with one work container unless `props` gives containers. */
function job(props: BatchJobProps): BatchJob {
  return new BatchJob(Testing.chart(), 'job', { containers: [{ image: IMAGE }], ...props });
}

/** A BatchJob with a single container built from `container`. */
function jobWithContainer(container: Partial<ContainerProps>, props: BatchJobProps = {}): BatchJob {
  return job({ ...props, containers: [{ image: IMAGE, ...container }] });
}

/** `count` copies of a pod failure rule that is always valid. */
function ignoreRules(count: number): PodFailureRule[] {
  return Array.from({ length: count }, () => PodFailureRule.ignoreDisruptions());
}

describe('the ValidationError', () => {
  test('lists every problem of one construct in one error', () => {
    let error: unknown;
    try {
      job({ name: 'Bad', backoffLimit: -1, restartPolicy: invalid('Always') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const validationError = error as ValidationError;
    expect(validationError.message).toBe(
      [
        "invalid BatchJob at 'test/job' (3 problems):",
        `  - name: ${DNS_LABEL_RULE} (got "Bad")`,
        '  - backoffLimit: must be at least 0 (got -1)',
        '  - restartPolicy: must be Never or OnFailure (Jobs do not allow Always) (got "Always")',
      ].join('\n')
    );
    expect(validationError.problems.map((p) => p.field)).toEqual(['name', 'backoffLimit', 'restartPolicy']);
  });

  test('names the construct path and type', () => {
    const create = () =>
      new BatchJob(new Construct(Testing.chart(), 'team'), 'nightly', { backoffLimit: -1 });
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(
      /^invalid BatchJob at 'test\/team\/nightly' \(1 problem\):\n {2}- backoffLimit: must be at least 0 \(got -1\)$/
    );
    expect(create).toThrow(
      expect.objectContaining({ constructType: 'BatchJob', constructPath: 'test/team/nightly' })
    );
  });

  test('fails with a ValidationError, not a TypeError, when a number prop is a string', () => {
    expectProblem(
      () => job({ backoffLimit: invalid('3') }),
      'backoffLimit: must be a whole number (got "3")'
    );
  });

  test('fails when an unknown prop is given', () => {
    expectProblem(
      () => job(invalid<BatchJobProps>({ completions: 2 })),
      "(props): unknown prop 'completions' (set by pattern, e.g. pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 2 }))"
    );
  });

  test('fails with a ValidationError when lists and objects have the wrong shape', () => {
    expectProblem(() => job({ containers: invalid('perl') }), 'containers: must be a list (got "perl")');
    expectProblem(() => job({ containers: [invalid(null)] }), 'containers[0]: must be an object (got null)');
    expectProblem(
      () => jobWithContainer({ image: invalid(undefined) }),
      'containers[0].image: must be a string (got nothing)'
    );
    expectProblem(
      () => job({ pattern: invalid({ kind: 'oneOff' }) }),
      'pattern: must be a JobPattern (e.g. JobPattern.oneOff()) (got {"kind":"oneOff"})'
    );
    expectProblem(
      () => job({ runAs: invalid({}) }),
      'runAs: must be a RunAs (e.g. RunAs.nonRootUser(1000)) (got {})'
    );
    expectProblem(
      () => job({ ttlAfterFinished: invalid(60) }),
      'ttlAfterFinished: must be a cdk8s Duration (e.g. Duration.minutes(30)) (got 60)'
    );
    expectProblem(() => job({ labels: invalid({ app: 5 }) }), 'labels.app: must be a string (got 5)');
  });
});

describe('metadata', () => {
  test('fails when name is longer than 63 characters', () => {
    expectValid(() => job({ name: 'a'.repeat(63) }));
    const name = 'a'.repeat(64);
    expectProblem(() => job({ name }), `name: must be at most 63 characters (is 64) (got "${name}")`);
  });

  test('fails when name is not a DNS-1123 label', () => {
    expectProblem(() => job({ name: 'Pi_Job' }), `name: ${DNS_LABEL_RULE} (got "Pi_Job")`);
    expectProblem(() => job({ name: 'pi.job' }), `name: ${DNS_LABEL_RULE} (got "pi.job")`);
    expectProblem(() => job({ name: '' }), 'name: must not be empty (got "")');
  });

  test('fails when an indexed fixed name plus "-<last index>" is longer than 63 characters', () => {
    // Under the default rename-on-change a long name is cut to fit instead (see test/delivery.test.ts).
    const pattern = JobPattern.indexed({ completions: 10 });
    const reapply = ReapplyPolicy.fixedName();
    expectValid(() => job({ name: 'a'.repeat(61), pattern, reapply }));
    const name = 'a'.repeat(62);
    expectProblem(
      () => job({ name, pattern, reapply }),
      `name: must be at most 61 characters with 10 indexes: pod hostnames "<name>-<index>" must be DNS labels (≤ 63 characters) (got "${name}")`
    );
  });

  test('fails when namespace is not a DNS-1123 label', () => {
    expectValid(() => job({ namespace: 'batch-jobs' }));
    expectProblem(() => job({ namespace: 'Batch_Jobs' }), `namespace: ${DNS_LABEL_RULE} (got "Batch_Jobs")`);
  });

  test('fails when description is longer than 512 characters', () => {
    expectValid(() => job({ description: 'd'.repeat(512) }));
    expectProblem(
      () => job({ description: 'd'.repeat(513) }),
      `description: must be at most 512 characters for Platform.kubernetes() (is 513) (got "${'d'.repeat(78)}…)`
    );
  });

  test('fails when displayName or description is empty', () => {
    expectProblem(() => job({ displayName: '' }), 'displayName: must not be empty (got "")');
    expectProblem(() => job({ description: '' }), 'description: must not be empty (got "")');
  });

  test('fails when displayName and its annotation are both given', () => {
    expectProblem(
      () => job({ displayName: 'Pi', annotations: { 'cdk8s-batch.io/display-name': 'π' } }),
      'annotations.cdk8s-batch.io/display-name: conflicts with the displayName prop; set one of them (got "π")'
    );
  });

  test('fails when description and its annotation are both given', () => {
    expectProblem(
      () => job({ description: 'pi', annotations: { 'kubernetes.io/description': 'π' } }),
      'annotations.kubernetes.io/description: conflicts with the description prop; set one of them (got "π")'
    );
  });

  test('fails when a label key name part is longer than 63 characters', () => {
    expectValid(() => job({ labels: { ['k'.repeat(63)]: 'v' } }));
    const key = 'k'.repeat(64);
    expectProblem(
      () => job({ labels: { [key]: 'v' } }),
      `labels.${key}: label key name part must be 1 to 63 characters (got "${key}")`
    );
  });

  test('fails when a label key is not a qualified name', () => {
    expectValid(() => job({ labels: { 'app.kubernetes.io/name': 'pi' } }));
    expectProblem(
      () => job({ labels: { 'bad key': 'v' } }),
      `labels.bad key: label key ${NAME_PART_RULE} (got "bad key")`
    );
    expectProblem(
      () => job({ labels: { 'Bad_Prefix/k': 'v' } }),
      `labels.Bad_Prefix/k: label key prefix ${DNS_SUBDOMAIN_RULE} (got "Bad_Prefix/k")`
    );
    expectProblem(
      () => job({ labels: { 'a/b/c': 'v' } }),
      `labels.a/b/c: label key must be a qualified name: an optional DNS subdomain prefix and '/', then a name (got "a/b/c")`
    );
  });

  test('fails when a label value is longer than 63 characters', () => {
    expectValid(() => job({ labels: { k: 'v'.repeat(63) } }));
    const value = 'v'.repeat(64);
    expectProblem(
      () => job({ labels: { k: value } }),
      `labels.k: label value must be at most 63 characters (is 64) (got "${value}")`
    );
  });

  test('fails when a label value has characters a label may not have', () => {
    expectValid(() => job({ labels: { k: '' } }));
    expectProblem(() => job({ labels: { k: '-v' } }), `labels.k: ${LABEL_VALUE_RULE} (got "-v")`);
  });

  test('fails when an annotation key is not a qualified name', () => {
    expectValid(() => job({ annotations: { 'Example.COM/Owner': 'any text, even with spaces' } }));
    expectProblem(
      () => job({ annotations: { 'bad key': 'v' } }),
      `annotations.bad key: annotation key ${NAME_PART_RULE} (got "bad key")`
    );
  });

  test('fails when annotations total more than 256 KiB', () => {
    expectValid(() => job({ annotations: { a: 'x'.repeat(262143) } }));
    expectProblem(
      () => job({ annotations: { a: 'x'.repeat(262144) } }),
      /^ {2}- annotations: annotations must total at most 262144 bytes \(are 262145\) \(got \{"a":"x+…\)$/m
    );
  });

  test('fails when annotations plus displayName and description total more than 256 KiB', () => {
    // The API server counts every rendered annotation, including kubernetes.io/description.
    expectProblem(
      () => job({ description: 'd', annotations: { a: 'x'.repeat(262143) } }),
      /^ {2}- annotations: .*262144 bytes/m
    );
  });
});

describe('pod labels and annotations', () => {
  test('fails when podLabels sets a label the Job controller owns', () => {
    expectValid(() => job({ podLabels: { app: 'pi' } }));
    const create = () =>
      job({
        podLabels: {
          'job-name': 'a',
          'batch.kubernetes.io/job-name': 'b',
          'controller-uid': 'c',
          'batch.kubernetes.io/controller-uid': 'd',
        },
      });
    expect(create).toThrow(/\(4 problems\)/);
    for (const [key, value] of [
      ['job-name', 'a'],
      ['batch.kubernetes.io/job-name', 'b'],
      ['controller-uid', 'c'],
      ['batch.kubernetes.io/controller-uid', 'd'],
    ]) {
      expectProblem(
        create,
        `podLabels.${key}: is set by the Job controller and may not be given (got "${value}")`
      );
    }
  });

  test('fails when a podLabels or podAnnotations key is not a qualified name', () => {
    expectProblem(
      () => job({ podLabels: { 'bad key': 'v' } }),
      `podLabels.bad key: label key ${NAME_PART_RULE} (got "bad key")`
    );
    expectProblem(
      () => job({ podAnnotations: { 'bad key': 'v' } }),
      `podAnnotations.bad key: annotation key ${NAME_PART_RULE} (got "bad key")`
    );
  });
});

describe('pod annotations the API server checks', () => {
  const COST = 'controller.kubernetes.io/pod-deletion-cost';
  const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
  const SECCOMP_MAIN = 'container.seccomp.security.alpha.kubernetes.io/main';
  const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';

  test('fails when pod-deletion-cost is not a 32-bit integer', () => {
    for (const cost of ['0', '-2147483648', '2147483647', '-01']) {
      expectValid(() => job({ podAnnotations: { [COST]: cost } }));
    }
    for (const cost of ['2147483648', '01', '+1', '1.5', '', 'x']) {
      expectProblem(
        () => job({ podAnnotations: { [COST]: cost } }),
        `podAnnotations.${COST}: must be a 32bit integer (got ${JSON.stringify(cost)})`
      );
    }
  });

  test('fails when a seccomp annotation is not a valid profile', () => {
    for (const profile of ['runtime/default', 'docker/default', 'unconfined', 'localhost/profiles/a.json']) {
      expectValid(() => job({ podAnnotations: { [SECCOMP_MAIN]: profile } }));
    }
    expectProblem(
      () => job({ podAnnotations: { [SECCOMP_MAIN]: 'RuntimeDefault' } }),
      `podAnnotations.${SECCOMP_MAIN}: must be a valid seccomp profile: runtime/default, docker/default, unconfined or localhost/<relative path> (got "RuntimeDefault")`
    );
    expectProblem(
      () => job({ podAnnotations: { [SECCOMP_MAIN]: 'localhost//etc/p.json' } }),
      `podAnnotations.${SECCOMP_MAIN}: must be a relative path (got "localhost//etc/p.json")`
    );
    expectProblem(
      () => job({ podAnnotations: { [SECCOMP_MAIN]: 'localhost/../p.json' } }),
      `podAnnotations.${SECCOMP_MAIN}: must not contain '..' (got "localhost/../p.json")`
    );
  });

  test('fails when the pod seccomp annotation disagrees with the rendered seccompProfile RuntimeDefault', () => {
    expectValid(() => job({ podAnnotations: { [SECCOMP_POD]: 'runtime/default' } }));
    expectProblem(
      () => job({ podAnnotations: { [SECCOMP_POD]: 'unconfined' } }),
      `podAnnotations.${SECCOMP_POD}: seccomp type in annotation and field must match (the pod renders securityContext.seccompProfile.type RuntimeDefault) (got "unconfined")`
    );
  });

  test('fails when an AppArmor annotation names no container of the pod, or no valid profile', () => {
    expectValid(() =>
      job({
        initContainers: [{ name: 'setup', image: IMAGE }],
        podAnnotations: {
          [`${APPARMOR}main`]: 'localhost/k8s-batch',
          [`${APPARMOR}setup`]: 'runtime/default',
        },
      })
    );
    // Checked at synth: a container may still be added.
    const chart = Testing.chart();
    const later = new BatchJob(chart, 'job', {
      containers: [{ image: IMAGE }],
      podAnnotations: { [`${APPARMOR}other`]: 'unconfined', [`${APPARMOR}sidecar`]: 'unconfined' },
    });
    later.addContainer({ name: 'sidecar', image: IMAGE });
    expect(() => Testing.synth(chart)).toThrow(
      `podAnnotations.${APPARMOR}other: container not found (the pod's containers: main, sidecar)`
    );
    expectProblem(
      () => job({ podAnnotations: { [`${APPARMOR}main`]: 'docker-default' } }),
      `podAnnotations.${APPARMOR}main: invalid AppArmor profile name: "docker-default" (got "docker-default")`
    );
  });
});

describe('job settings', () => {
  test('fails when backoffLimit is below 0', () => {
    expectValid(() => job({ backoffLimit: 0 }));
    expectProblem(() => job({ backoffLimit: -1 }), 'backoffLimit: must be at least 0 (got -1)');
  });

  test('fails when backoffLimit is above 2147483647', () => {
    expectValid(() => job({ backoffLimit: 2147483647 }));
    expectProblem(
      () => job({ backoffLimit: 2147483648 }),
      'backoffLimit: must be at most 2147483647 (got 2147483648)'
    );
  });

  test('fails when backoffLimit is not a whole number', () => {
    expectProblem(() => job({ backoffLimit: 1.5 }), 'backoffLimit: must be a whole number (got 1.5)');
  });

  const durationProps = ['activeDeadline', 'ttlAfterFinished', 'terminationGracePeriod'] as const;

  test.each(durationProps)('fails when %s is not a whole number of seconds', (prop) => {
    expectValid(() => job({ [prop]: Duration.millis(1000) }));
    expectProblem(
      () => job({ [prop]: Duration.millis(1500) }),
      `${prop}: must be a whole number of seconds (got 1 second 500 millis)`
    );
  });

  test.each(durationProps)('fails when %s is below 0 seconds', (prop) => {
    expectValid(() => job({ [prop]: Duration.seconds(0) }));
    // cdk8s refuses negative amounts itself, so only a tampered Duration can reach the rule.
    const negative = Object.assign(Duration.seconds(1), { amount: -1 });
    expectProblem(() => job({ [prop]: negative }), problemRule(`${prop}: must be at least 0s`));
  });

  test.each(durationProps)('fails when %s is above 2147483647 seconds', (prop) => {
    expectValid(() => job({ [prop]: Duration.seconds(2147483647) }));
    expectProblem(
      () => job({ [prop]: Duration.seconds(2147483648) }),
      `${prop}: must be at most 2147483647s (got 24855 days 3 hours)`
    );
  });

  test('fails when restartPolicy is not Never or OnFailure', () => {
    expectValid(() => job({ restartPolicy: RestartPolicy.ON_FAILURE }));
    expectProblem(
      () => job({ restartPolicy: invalid('Always') }),
      'restartPolicy: must be Never or OnFailure (Jobs do not allow Always) (got "Always")'
    );
  });
});

describe('patterns', () => {
  test('fails when completions is below 1', () => {
    expectValid(() => job({ pattern: JobPattern.fixedCompletions({ completions: 1 }) }));
    expectProblem(
      () => job({ pattern: JobPattern.fixedCompletions({ completions: 0 }) }),
      'pattern.completions: must be a whole number from 1 to 2147483647 (got 0)'
    );
    expectProblem(
      () => job({ pattern: JobPattern.indexed({ completions: 0 }) }),
      'pattern.completions: must be a whole number from 1 to 2147483647 (got 0)'
    );
  });

  test('fails when parallelism is below 1', () => {
    expectValid(() => job({ pattern: JobPattern.workQueue({ parallelism: 1 }) }));
    expectProblem(
      () => job({ pattern: JobPattern.workQueue({ parallelism: 0 }) }),
      'pattern.parallelism: must be a whole number from 1 to 2147483647 (got 0)'
    );
  });

  test('fails when completions or parallelism is not a whole number', () => {
    expectProblem(
      () => job({ pattern: JobPattern.fixedCompletions({ completions: invalid('3') }) }),
      'options.completions: must be a number (got "3")'
    );
    expectProblem(
      () => job({ pattern: JobPattern.workQueue({ parallelism: 2.5 }) }),
      'pattern.parallelism: must be a whole number from 1 to 2147483647 (got 2.5)'
    );
  });

  test('fails when parallelism exceeds completions', () => {
    expectValid(() => job({ pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 3 }) }));
    expectProblem(
      () => job({ pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 4 }) }),
      'pattern.parallelism: must not exceed completions (3): Kubernetes would run only 3 pods at once (got 4)'
    );
  });

  test('fails when completions 1 has parallelism above 1, pointing to the work-queue pattern', () => {
    expectValid(() => job({ pattern: JobPattern.fixedCompletions({ completions: 1, parallelism: 1 }) }));
    expectProblem(
      () => job({ pattern: JobPattern.fixedCompletions({ completions: 1, parallelism: 3 }) }),
      'pattern.parallelism: completions 1 with parallelism 3 runs only one pod: Kubernetes runs at most ' +
        '(completions - succeeded) pods at once. For 3 pods that take work from a queue use ' +
        'JobPattern.workQueue({ parallelism: 3 }); for 3 pods that must each succeed use ' +
        'JobPattern.fixedCompletions({ completions: 3, parallelism: 3 }) (got 3)'
    );
  });

  test('fails when an indexed parallelism exceeds completions', () => {
    expectProblem(
      () => job({ pattern: JobPattern.indexed({ completions: 1, parallelism: 2 }) }),
      'pattern.parallelism: must not exceed completions (1): Kubernetes would run only 1 pod at once (got 2)'
    );
  });

  test('fails when an indexed parallelism is above 100000', () => {
    expectValid(() => job({ pattern: JobPattern.indexed({ completions: 100001, parallelism: 100000 }) }));
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          pattern: JobPattern.indexed({ completions: 100001, parallelism: 100001 }),
        }),
      'pattern.parallelism: must be a whole number from 1 to 100000 (got 100001)'
    );
  });

  test('fails when backoffLimitPerIndex is below 0', () => {
    expectValid(() =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 5, backoffLimitPerIndex: 0 }),
      })
    );
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          pattern: JobPattern.indexed({ completions: 5, backoffLimitPerIndex: -1 }),
        }),
      'pattern.backoffLimitPerIndex: must be a whole number from 0 to 2147483647 (got -1)'
    );
  });

  test('fails when maxFailedIndexes is below 0', () => {
    const indexed = (maxFailedIndexes: number) =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 5, backoffLimitPerIndex: 1, maxFailedIndexes }),
      });
    expectValid(() => indexed(0));
    expectProblem(
      () => indexed(-1),
      'pattern.maxFailedIndexes: must be a whole number from 0 to 100000 (got -1)'
    );
  });

  test('fails when maxFailedIndexes is given without backoffLimitPerIndex', () => {
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          pattern: JobPattern.indexed({ completions: 5, maxFailedIndexes: 1 }),
        }),
      'pattern.maxFailedIndexes: needs backoffLimitPerIndex (got 1)'
    );
  });

  test('fails when maxFailedIndexes exceeds completions', () => {
    const indexed = (maxFailedIndexes: number) =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 5, backoffLimitPerIndex: 1, maxFailedIndexes }),
      });
    expectValid(() => indexed(5));
    expectProblem(() => indexed(6), 'pattern.maxFailedIndexes: must not exceed completions (5) (got 6)');
  });

  test('fails when maxFailedIndexes is above 100000', () => {
    const indexed = (maxFailedIndexes: number) =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 100001, backoffLimitPerIndex: 1, maxFailedIndexes }),
      });
    const line = problemLine(
      'pattern.maxFailedIndexes: must be a whole number from 0 to 100000 (got 100001)'
    );
    // 100000 still breaks the 10000 rule for huge jobs, but not this one.
    expect(() => indexed(100000)).not.toThrow(
      problemRule('pattern.maxFailedIndexes: must be a whole number')
    );
    expectProblem(() => indexed(100001), line);
  });

  test('fails when completions above 100000 with backoffLimitPerIndex has no maxFailedIndexes', () => {
    expectValid(() =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 100000, backoffLimitPerIndex: 1 }),
      })
    );
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          pattern: JobPattern.indexed({ completions: 100001, backoffLimitPerIndex: 1 }),
        }),
      'pattern.maxFailedIndexes: is required when completions is above 100000 with backoffLimitPerIndex (got nothing)'
    );
  });

  test('fails when completions above 100000 with backoffLimitPerIndex has maxFailedIndexes above 10000', () => {
    const indexed = (maxFailedIndexes: number) =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 100001, backoffLimitPerIndex: 1, maxFailedIndexes }),
      });
    expectValid(() => indexed(10000));
    expectProblem(
      () => indexed(10001),
      'pattern.maxFailedIndexes: must be at most 10000 when completions is above 100000 with backoffLimitPerIndex (got 10001)'
    );
  });

  test('fails when completions above 100000 with backoffLimitPerIndex has parallelism above 10000', () => {
    const indexed = (parallelism: number) =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({
          completions: 100001,
          parallelism,
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 10,
        }),
      });
    expectValid(() => indexed(10000));
    expectProblem(
      () => indexed(10001),
      'pattern.parallelism: must be at most 10000 when completions is above 100000 with backoffLimitPerIndex (got 10001)'
    );
  });

  test('fails when workItems does not have one item per index', () => {
    const indexed = (workItems: string[]) =>
      job({ kubernetesVersion: V1_29, pattern: JobPattern.indexed({ completions: 3, workItems }) });
    expectValid(() => indexed(['a', 'b', 'c']));
    expectProblem(
      () => indexed(['a', 'b']),
      'pattern.workItems: must have exactly one item per index: 3 items (has 2) (got ["a","b"])'
    );
    expectProblem(
      () => indexed(['a', 'b', 'c', 'd']),
      'pattern.workItems: must have exactly one item per index: 3 items (has 4) (got ["a","b","c","d"])'
    );
  });

  test('fails at JobPattern.indexed when a work item is not a string', () => {
    expectProblem(
      () => job({ pattern: JobPattern.indexed({ completions: 2, workItems: ['a', invalid(5)] }) }),
      'options.workItems[1]: must be a string (got 5)'
    );
  });

  test('fails at JobPattern.indexed when workItems is not a list', () => {
    expectProblem(
      () => job({ pattern: JobPattern.indexed({ completions: 2, workItems: invalid('ab') }) }),
      problemLine('options.workItems: must be a list (got "ab")')
    );
  });

  test('fails when work items exceed the 1 MiB ConfigMap limit', () => {
    // Each entry counts its key ("0") and its value.
    const indexed = (item: string) =>
      job({ pattern: JobPattern.indexed({ completions: 1, workItems: [item] }) });
    expectValid(() => indexed('x'.repeat(1048575)));
    expectProblem(
      () => indexed('x'.repeat(1048576)),
      problemRule('pattern.workItems: must total at most 1048576 bytes, the ConfigMap limit (are 1048577)')
    );
  });

  test('fails when a volume is named work-items next to work items', () => {
    expectValid(() =>
      job({ pattern: JobPattern.indexed({ completions: 1 }), volumes: [Volume.emptyDir('work-items')] })
    );
    expectProblem(
      () =>
        job({
          pattern: JobPattern.indexed({ completions: 1, workItems: ['a'] }),
          volumes: [Volume.emptyDir('work-items')],
        }),
      `volumes[0].name: "work-items" is the indexed pattern's work-items volume (got "work-items")`
    );
  });

  test('fails when a mounted volume object is named work-items next to work items', () => {
    // The pod would get two volumes named work-items, which the API server rejects as a duplicate.
    expectProblem(
      () =>
        jobWithContainer(
          { volumeMounts: [{ volume: Volume.emptyDir('work-items'), mountPath: '/scratch' }] },
          { pattern: JobPattern.indexed({ completions: 1, workItems: ['a'] }) }
        ),
      problemRule(
        'containers[0].volumeMounts[0].volume.name: "work-items" is the indexed pattern\'s work-items volume'
      )
    );
  });

  test('fails when a mountPath collides with the work-items mount', () => {
    // The container would mount two volumes at the same path, which the API server rejects.
    expectProblem(
      () =>
        jobWithContainer(
          { volumeMounts: [{ volume: 'data', mountPath: '/var/run/cdk8s-batch/work-items' }] },
          {
            pattern: JobPattern.indexed({ completions: 1, workItems: ['a'] }),
            volumes: [Volume.emptyDir('data')],
          }
        ),
      /^ {2}- containers\[0\]\.volumeMounts\[0\]\.mountPath: .*$/m
    );
  });

  test('fails when a container sets an env variable the indexed pattern sets', () => {
    expectValid(() => jobWithContainer({ env: { JOB_COMPLETION_INDEX: '1', WORK_ITEM_FILE: 'f' } }));
    expectValid(() =>
      jobWithContainer({ env: { WORK_ITEM_FILE: 'f' } }, { pattern: JobPattern.indexed({ completions: 1 }) })
    );
    const create = () =>
      job({
        pattern: JobPattern.indexed({ completions: 1, workItems: ['a'] }),
        initContainers: [{ image: IMAGE, env: { JOB_COMPLETION_INDEX: '1', WORK_ITEM_FILE: 'f' } }],
      });
    expectProblem(
      create,
      'initContainers[0].env.JOB_COMPLETION_INDEX: is set by the indexed pattern; do not set it yourself (got "1")'
    );
    expectProblem(
      create,
      'initContainers[0].env.WORK_ITEM_FILE: is set by the indexed pattern; do not set it yourself (got "f")'
    );
  });
});

describe('pod failure policy', () => {
  test('fails when podFailurePolicy is used with restartPolicy OnFailure', () => {
    expectValid(() =>
      job({ restartPolicy: RestartPolicy.NEVER, podFailurePolicy: [PodFailureRule.ignoreDisruptions()] })
    );
    expectProblem(
      () =>
        job({
          restartPolicy: RestartPolicy.ON_FAILURE,
          podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
        }),
      problemRule('podFailurePolicy: needs restartPolicy Never (Kubernetes rejects it with OnFailure)')
    );
  });

  test('fails when podFailurePolicy has more than 20 rules', () => {
    expectValid(() => job({ podFailurePolicy: ignoreRules(20) }));
    expectProblem(
      () => job({ podFailurePolicy: ignoreRules(21) }),
      /^ {2}- podFailurePolicy: must have at most 20 rules \(got a list of 21 PodFailureRules\)$/m
    );
  });

  test('fails when an exit code is outside 0 to 255', () => {
    const notIn = (codes: number[]) =>
      job({
        podFailurePolicy: [
          PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes, operator: ExitCodeOperator.NOT_IN }),
        ],
      });
    expectValid(() => notIn([0, 255]));
    expectProblem(
      () => notIn([256]),
      'podFailurePolicy[0].onExitCodes.codes[0]: must be an exit code from 0 to 255 (got 256)'
    );
    expectProblem(
      () => notIn([-1]),
      'podFailurePolicy[0].onExitCodes.codes[0]: must be an exit code from 0 to 255 (got -1)'
    );
    expectProblem(() => notIn([invalid('1')]), 'options.codes[0]: must be a number (got "1")');
  });

  test('fails when exit code 0 is used with the In operator', () => {
    const rule = (operator: ExitCodeOperator) =>
      PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [1, 0], operator });
    expectValid(() => job({ podFailurePolicy: [rule(ExitCodeOperator.NOT_IN)] }));
    expectProblem(
      () => job({ podFailurePolicy: [rule(ExitCodeOperator.IN)] }),
      'podFailurePolicy[0].onExitCodes.codes[1]: must not be 0 with the In operator (0 means success) (got 0)'
    );
  });

  test('fails when a rule lists no exit codes or more than 255', () => {
    const rule = (codes: number[], operator = ExitCodeOperator.IN) =>
      job({ podFailurePolicy: [PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes, operator })] });
    const upTo = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);
    expectValid(() => rule([1]));
    expectValid(() => rule(upTo(255, 1)));
    expectProblem(
      () => rule([]),
      'podFailurePolicy[0].onExitCodes.codes: must list 1 to 255 exit codes (got [])'
    );
    expectProblem(
      () => rule(upTo(256, 0), ExitCodeOperator.NOT_IN),
      problemRule('podFailurePolicy[0].onExitCodes.codes: must list 1 to 255 exit codes')
    );
  });

  test('fails at PodFailureRule.onExitCodes when exit codes are not a list', () => {
    expectProblem(
      () =>
        job({
          podFailurePolicy: [
            PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: invalid(undefined) }),
          ],
        }),
      'options.codes: must be a list (got nothing)'
    );
  });

  test('fails when an exit-code rule names a container the pod does not have', () => {
    const rule = (containerName: string) =>
      job({
        initContainers: [{ image: IMAGE }],
        podFailurePolicy: [
          PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [1], containerName }),
        ],
      });
    expectValid(() => rule('main'));
    expectValid(() => rule('init-0'));
    expectProblem(
      () => rule('worker'),
      'podFailurePolicy[0].onExitCodes.containerName: must name a container or init container of the pod (main, init-0) (got "worker")'
    );
  });

  test('fails when a field needs a newer Kubernetes than kubernetesVersion, naming the version that has it', () => {
    const props: BatchJobProps = {
      pattern: JobPattern.indexed({ completions: 4, backoffLimitPerIndex: 1, maxFailedIndexes: 2 }),
      podFailurePolicy: [PodFailureRule.onExitCodes(PodFailureAction.FAIL_INDEX, { codes: [3] })],
    };
    const rule = (field: string) =>
      `${field} needs Kubernetes 1.29+ (feature gate JobBackoffLimitPerIndex), but kubernetesVersion is 1.28, ` +
      'whose API server drops it; set kubernetesVersion: KubernetesVersion.V1_29 or later ' +
      '(e.g. JobDefaults.set(app, { kubernetesVersion }))';
    // All three come together, with the default target (1.28) and with it given.
    for (const given of [{}, { kubernetesVersion: KubernetesVersion.V1_28 }]) {
      expect(problemsOf(() => job({ ...props, ...given }))).toEqual([
        `pattern.backoffLimitPerIndex: ${rule('backoffLimitPerIndex')} (got 1)`,
        `pattern.maxFailedIndexes: ${rule('maxFailedIndexes')} (got 2)`,
        `podFailurePolicy[0].action: ${rule('the FailIndex action')} (got "FailIndex")`,
      ]);
    }
    for (const kubernetesVersion of [V1_29, KubernetesVersion.V1_35]) {
      expectValid(() => job({ ...props, kubernetesVersion }));
    }
    expectProblem(
      () => job({ kubernetesVersion: '1.27' as KubernetesVersion }),
      'kubernetesVersion: must be a KubernetesVersion, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35 (got "1.27")'
    );
  });

  test('fails when FailIndex is used without an indexed pattern with backoffLimitPerIndex', () => {
    const failIndex = [PodFailureRule.onExitCodes(PodFailureAction.FAIL_INDEX, { codes: [42] })];
    const line =
      'podFailurePolicy[0].action: FailIndex needs JobPattern.indexed with backoffLimitPerIndex (got "FailIndex")';
    expectValid(() =>
      job({
        kubernetesVersion: V1_29,
        pattern: JobPattern.indexed({ completions: 2, backoffLimitPerIndex: 1 }),
        podFailurePolicy: failIndex,
      })
    );
    expectProblem(() => job({ kubernetesVersion: V1_29, podFailurePolicy: failIndex }), line);
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          pattern: JobPattern.fixedCompletions({ completions: 2 }),
          podFailurePolicy: failIndex,
        }),
      line
    );
    expectProblem(
      () =>
        job({
          kubernetesVersion: V1_29,
          pattern: JobPattern.indexed({ completions: 2 }),
          podFailurePolicy: failIndex,
        }),
      line
    );
  });

  test('fails when a pod condition type is not a qualified name', () => {
    const rule = (type: string) =>
      job({ podFailurePolicy: [PodFailureRule.onPodCondition(PodFailureAction.IGNORE, { type })] });
    expectValid(() => rule('example.com/NodeLost'));
    expectProblem(
      () => rule('bad type'),
      `podFailurePolicy[0].onPodCondition.type: condition type ${NAME_PART_RULE} (got "bad type")`
    );
  });

  test('fails when a rule has an unknown action or operator', () => {
    expectProblem(
      () =>
        job({
          podFailurePolicy: [PodFailureRule.onPodCondition(invalid('Retry'), { type: 'DisruptionTarget' })],
        }),
      'podFailurePolicy[0].action: must be one of FailJob, Ignore, Count, FailIndex (got "Retry")'
    );
    expectProblem(
      () =>
        job({
          podFailurePolicy: [
            PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [1], operator: invalid('Is') }),
          ],
        }),
      'podFailurePolicy[0].onExitCodes.operator: must be In or NotIn (got "Is")'
    );
  });

  test('fails when a pod condition status is not True, False or Unknown', () => {
    expectValid(() =>
      job({
        podFailurePolicy: [
          PodFailureRule.onPodCondition(PodFailureAction.IGNORE, {
            type: 'DisruptionTarget',
            status: ConditionStatus.UNKNOWN,
          }),
        ],
      })
    );
    expectProblem(
      () =>
        job({
          podFailurePolicy: [
            PodFailureRule.onPodCondition(PodFailureAction.IGNORE, {
              type: 'DisruptionTarget',
              status: invalid('Maybe'),
            }),
          ],
        }),
      problemRule('podFailurePolicy[0].onPodCondition.status: must be True, False or Unknown')
    );
  });

  test('fails when a podFailurePolicy entry is not a PodFailureRule', () => {
    expectProblem(
      () => job({ podFailurePolicy: [invalid({ action: 'FailJob' })] }),
      'podFailurePolicy[0]: must be a PodFailureRule (got {"action":"FailJob"})'
    );
  });
});

describe('containers', () => {
  test('fails when a container name is longer than 63 characters', () => {
    expectValid(() => jobWithContainer({ name: 'c'.repeat(63) }));
    const name = 'c'.repeat(64);
    expectProblem(
      () => jobWithContainer({ name }),
      `containers[0].name: must be at most 63 characters (is 64) (got "${name}")`
    );
  });

  test('fails when a container name is not a DNS-1123 label', () => {
    expectProblem(
      () => jobWithContainer({ name: 'Main' }),
      `containers[0].name: ${DNS_LABEL_RULE} (got "Main")`
    );
    expectProblem(
      () => job({ initContainers: [{ name: 'set_up', image: IMAGE }] }),
      `initContainers[0].name: ${DNS_LABEL_RULE} (got "set_up")`
    );
  });

  test('fails when two containers or init containers share a name', () => {
    expectProblem(
      () =>
        job({ containers: [{ name: 'app', image: IMAGE }], initContainers: [{ name: 'app', image: IMAGE }] }),
      'initContainers[0].name: container name "app" is used twice in the pod (got "app")'
    );
    expectProblem(
      () => job({ containers: [{ image: IMAGE }, { name: 'main', image: IMAGE }] }),
      'containers[1].name: container name "main" is used twice in the pod (got "main")'
    );
  });

  test('fails when an image is not an image reference', () => {
    expectValid(() => jobWithContainer({ image: 'registry.example.com:5000/team/app:1.2' }));
    expectValid(() => jobWithContainer({ image: `app@sha256:${'a'.repeat(64)}` }));
    expectProblem(
      () => jobWithContainer({ image: 'Perl:5' }),
      `containers[0].image: ${IMAGE_RULE} (got "Perl:5")`
    );
    expectProblem(
      () => jobWithContainer({ image: ' perl' }),
      'containers[0].image: must be a non-empty image reference without spaces (got " perl")'
    );
    expectProblem(
      () => jobWithContainer({ image: '' }),
      'containers[0].image: must be a non-empty image reference without spaces (got "")'
    );
  });

  test('fails when an image tag is longer than 128 characters', () => {
    expectValid(() => jobWithContainer({ image: `perl:${'t'.repeat(128)}` }));
    expectProblem(
      () => jobWithContainer({ image: `perl:${'t'.repeat(129)}` }),
      problemRule(`containers[0].image: ${IMAGE_RULE}`)
    );
  });

  test('fails when an image name is longer than 255 characters', () => {
    expectValid(() => jobWithContainer({ image: 'a'.repeat(255) }));
    expectProblem(
      () => jobWithContainer({ image: 'a'.repeat(256) }),
      problemRule(`containers[0].image: ${IMAGE_RULE}`)
    );
  });

  test('fails when command is empty', () => {
    expectValid(() => jobWithContainer({ command: ['perl'] }));
    expectProblem(
      () => jobWithContainer({ command: [] }),
      "containers[0].command: must not be empty; leave it out to use the image's entrypoint (got [])"
    );
  });

  test('fails when workingDir is not absolute', () => {
    expectValid(() => jobWithContainer({ workingDir: '/work' }));
    expectProblem(
      () => jobWithContainer({ workingDir: 'work' }),
      `containers[0].workingDir: must be an absolute path (starting with '/') (got "work")`
    );
  });

  test("fails when an env variable name breaks Kubernetes' rule (IsEnvVarName, before 1.32)", () => {
    expectValid(() =>
      jobWithContainer({ env: { _A_1: 'v', 'A-B': 'v', 'my.env-name': 'v', '-x': 'v', '.x': 'v' } })
    );
    const create = () => jobWithContainer({ env: { '1A': 'v', 'A B': 'v', É: 'v' } });
    // A name that 1.32's relaxed rule takes says so; É is not ASCII, which no version takes.
    expectProblem(create, `containers[0].env.1A: variable name: ${ENV_NAME_RULE}${RELAXED_HINT} (got "1A")`);
    expectProblem(
      create,
      `containers[0].env.A B: variable name: ${ENV_NAME_RULE}${RELAXED_HINT} (got "A B")`
    );
    expectProblem(create, `containers[0].env.É: variable name: ${ENV_NAME_RULE} (got "É")`);
  });

  test.each(['.', '..', '..x'])(
    "fails when an env variable name is '.' or '..' or starts with '..': %p",
    (name) => {
      expectProblem(
        () => jobWithContainer({ env: { [name]: 'v' } }),
        `containers[0].env.${name}: variable name: must not be '.' or '..' or start with '..'${RELAXED_HINT} (got "${name}")`
      );
    }
  );

  test('a credential-looking env name with - or . is still caught', () => {
    for (const name of ['db-password', 'api.token', 'Client-Secret']) {
      expectProblem(
        () => jobWithContainer({ env: { [name]: 'hunter2' } }),
        new RegExp(`containers\\[0\\]\\.env\\.${name.replace('.', '\\.')}: looks like a credential`)
      );
    }
  });

  test('fails when an env value is neither a string nor an EnvValue', () => {
    expectProblem(
      () => jobWithContainer({ env: { A: invalid(5) } }),
      'containers[0].env.A: must be a string or an EnvValue (got 5)'
    );
  });

  test('fails when an env field path is not one the pod exposes', () => {
    expectValid(() => jobWithContainer({ env: { A: EnvValue.fromFieldPath("metadata.labels['app']") } }));
    expectValid(() => jobWithContainer({ env: { A: EnvValue.fromFieldPath('status.podIP') } }));
    expectProblem(
      () => jobWithContainer({ env: { A: EnvValue.fromFieldPath('metadata.bogus') } }),
      'containers[0].env.A.source.fieldPath: must be one of metadata.name, metadata.namespace, metadata.uid, ' +
        'spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, ' +
        "or metadata.labels['<key>'] / metadata.annotations['<key>'] (got \"metadata.bogus\")"
    );
  });

  test('fails when an env key reference has a bad name or key', () => {
    const keyRule = "must be 1 to 253 letters, digits, '-', '_' or '.'";
    expectValid(() => jobWithContainer({ env: { A: EnvValue.fromSecretKey('creds', 'k'.repeat(253)) } }));
    expectProblem(
      () => jobWithContainer({ env: { A: EnvValue.fromSecretKey('creds', 'k'.repeat(254)) } }),
      problemRule(`containers[0].env.A.source.secretKeyRef.key: ${keyRule}`)
    );
    expectProblem(
      () => jobWithContainer({ env: { A: EnvValue.fromConfigMapKey('settings', '') } }),
      `containers[0].env.A.source.configMapKeyRef.key: ${keyRule} (got "")`
    );
    expectProblem(
      () => jobWithContainer({ env: { A: EnvValue.fromSecretKey('Bad_Secret', 'key') } }),
      `containers[0].env.A.source.secretKeyRef.ref: name ${DNS_SUBDOMAIN_RULE} (got "Bad_Secret")`
    );
  });

  test('fails when an envFrom prefix or name is invalid', () => {
    expectValid(() => jobWithContainer({ envFrom: [EnvFrom.configMap('settings', { prefix: 'APP_' })] }));
    expectValid(() => jobWithContainer({ envFrom: [EnvFrom.configMap('settings', { prefix: 'app.' })] }));
    expectProblem(
      () => jobWithContainer({ envFrom: [EnvFrom.configMap('settings', { prefix: '1X' })] }),
      `containers[0].envFrom[0].prefix: ${ENV_NAME_RULE}${RELAXED_HINT} (got "1X")`
    );
    expectProblem(
      () => jobWithContainer({ envFrom: [EnvFrom.secret('Bad_Secret')] }),
      `containers[0].envFrom[0].ref: name ${DNS_SUBDOMAIN_RULE} (got "Bad_Secret")`
    );
    expectProblem(
      () => jobWithContainer({ envFrom: [invalid({ kind: 'secret', ref: 's' })] }),
      'containers[0].envFrom[0]: must be an EnvFrom (got {"kind":"secret","ref":"s"})'
    );
  });

  const smallest = [
    { resource: 'cpu', least: Cpu.millis(1), zero: Cpu.millis(0), unit: 'millicores', shown: '"0m"' },
    {
      resource: 'memory',
      least: Size.kibibytes(1),
      zero: Size.kibibytes(0),
      unit: 'bytes',
      shown: '0 kibibytes',
    },
    {
      resource: 'ephemeralStorage',
      least: Size.kibibytes(1),
      zero: Size.kibibytes(0),
      unit: 'bytes',
      shown: '0 kibibytes',
    },
  ];

  test.each(smallest)(
    'fails when a $resource request or limit is not above 0',
    ({ resource, least, zero, unit, shown }) => {
      const resources = (pair: object) => invalid<ContainerResources>({ [resource]: pair });
      expectValid(() => jobWithContainer({ resources: resources({ request: least, limit: least }) }));
      expectProblem(
        () => jobWithContainer({ resources: resources({ request: zero }) }),
        `containers[0].resources.${resource}.request: must be more than 0 ${unit}; leave it out for no request (got ${shown})`
      );
      expectProblem(
        () => jobWithContainer({ resources: resources({ limit: zero }) }),
        `containers[0].resources.${resource}.limit: must be more than 0 ${unit}; leave it out for no limit (got ${shown})`
      );
    }
  );

  const requestAboveLimit = [
    {
      resource: 'cpu',
      limit: Cpu.millis(500),
      equal: Cpu.units(0.5),
      above: Cpu.millis(501),
      shown: '"501m"',
    },
    {
      resource: 'memory',
      limit: Size.mebibytes(512),
      equal: Size.kibibytes(524288),
      above: Size.kibibytes(524289),
      shown: '524289 kibibytes',
    },
    {
      resource: 'ephemeralStorage',
      limit: Size.gibibytes(1),
      equal: Size.mebibytes(1024),
      above: Size.mebibytes(1025),
      shown: '1025 mebibytes',
    },
  ];

  test.each(requestAboveLimit)(
    'fails when a $resource request exceeds its limit',
    ({ resource, limit, equal, above, shown }) => {
      const resources = (pair: object) => invalid<ContainerResources>({ [resource]: pair });
      expectValid(() => jobWithContainer({ resources: resources({ request: equal, limit }) }));
      expectProblem(
        () => jobWithContainer({ resources: resources({ request: above, limit }) }),
        `containers[0].resources.${resource}.request: must not exceed the limit (got ${shown})`
      );
    }
  );

  test('fails when resources have an unknown kind or a value of the wrong type', () => {
    expectProblem(
      () => jobWithContainer({ resources: invalid({ gpu: { limit: 1 } }) }),
      "containers[0].resources: unknown prop 'gpu'"
    );
    expectProblem(
      () => jobWithContainer({ resources: { cpu: { request: invalid(250), limit: Cpu.millis(100) } } }),
      'containers[0].resources.cpu.request: must be a Kubernetes quantity such as "250m", "0.5" or "2", or a cdk8s-plus Cpu (e.g. Cpu.millis(250)) (got 250)'
    );
    expectProblem(
      () => jobWithContainer({ resources: { memory: { limit: invalid(512) } } }),
      'containers[0].resources.memory.limit: must be a Kubernetes quantity such as "512Mi" or a cdk8s Size (e.g. Size.mebibytes(512)) (got 512)'
    );
  });

  test('fails when a mountPath is not absolute', () => {
    expectProblem(
      () =>
        jobWithContainer(
          { volumeMounts: [{ volume: 'data', mountPath: 'data' }] },
          { volumes: [Volume.emptyDir('data')] }
        ),
      `containers[0].volumeMounts[0].mountPath: must be an absolute path (starting with '/') (got "data")`
    );
  });

  test('fails when a container mounts two volumes at the same path', () => {
    const volumes = [Volume.emptyDir('a'), Volume.emptyDir('b')];
    expectValid(() =>
      job({
        volumes,
        containers: [
          { image: IMAGE, volumeMounts: [{ volume: 'a', mountPath: '/data' }] },
          { name: 'sidecar', image: IMAGE, volumeMounts: [{ volume: 'b', mountPath: '/data' }] },
        ],
      })
    );
    expectProblem(
      () =>
        jobWithContainer(
          {
            volumeMounts: [
              { volume: 'a', mountPath: '/data' },
              { volume: 'b', mountPath: '/data' },
            ],
          },
          { volumes }
        ),
      'containers[0].volumeMounts[1].mountPath: must be unique in the container (got "/data")'
    );
  });

  test('fails when a subPath is absolute, empty or climbs out with ..', () => {
    const mount = (subPath: string) =>
      jobWithContainer(
        { volumeMounts: [{ volume: 'data', mountPath: '/data', subPath }] },
        { volumes: [Volume.emptyDir('data')] }
      );
    expectValid(() => mount('logs/today'));
    expectValid(() => mount('..hidden'));
    const field = 'containers[0].volumeMounts[0].subPath';
    expectProblem(() => mount('/logs'), `${field}: must be a relative path (got "/logs")`);
    expectProblem(() => mount('logs/../..'), `${field}: must not contain '..' (got "logs/../..")`);
    expectProblem(() => mount('..'), `${field}: must not contain '..' (got "..")`);
    expectProblem(() => mount(''), `${field}: must not be empty (got "")`);
  });
});

describe('numbers Kubernetes cannot represent', () => {
  const RANGE = (unit: string) =>
    `must be at most 9223372036854775807 (2^63 − 1) ${unit}, the largest Kubernetes quantity (a larger one is silently capped)`;

  test('fails when an emptyDir sizeLimit is NaN, infinite or beyond 2^63 − 1 bytes', () => {
    const withLimit = (sizeLimit: Size) => job({ volumes: [Volume.emptyDir('scratch', { sizeLimit })] });
    expectValid(() => withLimit(Size.gibibytes(1)));
    expectProblem(
      () => withLimit(Size.mebibytes(NaN)),
      'volumes[0].sizeLimit: must be a number of bytes, not NaN (got NaN mebibytes)'
    );
    expectProblem(
      () => withLimit(Size.mebibytes(Infinity)),
      `volumes[0].sizeLimit: ${RANGE('bytes')} (got Infinity mebibytes)`
    );
    expectProblem(
      () => withLimit(Size.mebibytes(1e308)),
      `volumes[0].sizeLimit: ${RANGE('bytes')} (got 1e+308 mebibytes)`
    );
  });

  test('fails when a memory or CPU amount is beyond what a quantity holds', () => {
    expectProblem(
      () => jobWithContainer({ resources: { memory: { limit: Size.mebibytes(Infinity) } } }),
      `containers[0].resources.memory.limit: ${RANGE('bytes')} (got Infinity mebibytes)`
    );
    expectProblem(
      () => jobWithContainer({ resources: { memory: { limit: '1e30' } } }),
      `containers[0].resources.memory.limit: ${RANGE('bytes')} (got "1e30")`
    );
    expectProblem(
      () => jobWithContainer({ resources: { cpu: { limit: '1e30' } } }),
      `containers[0].resources.cpu.limit: ${RANGE('cores')} (got "1e30")`
    );
    expectProblem(
      () => jobWithContainer({ resources: { cpu: { limit: Cpu.millis(1e308) } } }),
      'containers[0].resources.cpu.limit: must be a Kubernetes quantity such as "250m", "0.5" or "2" (got "1e+308m")'
    );
  });

  test('fails when an EnvValue has no source (EnvValue.fromValue(undefined) from JavaScript)', () => {
    const hollow = Object.create(EnvValue.prototype, { source: { value: { value: undefined } } });
    expectProblem(
      () => jobWithContainer({ env: { A: hollow } }),
      'containers[0].env.A.source: must have one source: a value, a ConfigMap key, a Secret key or a field path (got {})'
    );
  });
});

describe('volumes', () => {
  test('fails when a volume name is longer than 63 characters', () => {
    expectValid(() => job({ volumes: [Volume.emptyDir('v'.repeat(63))] }));
    const name = 'v'.repeat(64);
    expectProblem(
      () => job({ volumes: [Volume.emptyDir(name)] }),
      `volumes[0].name: volume name must be at most 63 characters (is 64) (got "${name}")`
    );
  });

  test('fails when a volume name is not a DNS-1123 label', () => {
    expectProblem(
      () => job({ volumes: [Volume.emptyDir('Data')] }),
      `volumes[0].name: volume name ${DNS_LABEL_RULE} (got "Data")`
    );
    expectProblem(
      () => jobWithContainer({ volumeMounts: [{ volume: Volume.emptyDir('Data'), mountPath: '/data' }] }),
      `containers[0].volumeMounts[0].volume.name: volume name ${DNS_LABEL_RULE} (got "Data")`
    );
  });

  test('fails when two volumes have the same name', () => {
    expectProblem(
      () => job({ volumes: [Volume.emptyDir('data'), Volume.fromSecret('data', 'creds')] }),
      'volumes[1].name: volume name "data" is used twice (got "data")'
    );
  });

  test('fails when a mount names a volume the pod does not have', () => {
    expectValid(() =>
      jobWithContainer(
        { volumeMounts: [{ volume: 'data', mountPath: '/data' }] },
        { volumes: [Volume.emptyDir('data')] }
      )
    );
    expectProblem(
      () => jobWithContainer({ volumeMounts: [{ volume: 'data', mountPath: '/data' }] }),
      'containers[0].volumeMounts[0].volume: no volume named "data" in the pod; add it to volumes (got "data")'
    );
  });

  test('fails when two different Volume objects have the same name', () => {
    const data = Volume.emptyDir('data');
    expectValid(() =>
      job({
        volumes: [data],
        containers: [{ image: IMAGE, volumeMounts: [{ volume: data, mountPath: '/data' }] }],
        initContainers: [{ image: IMAGE, volumeMounts: [{ volume: data, mountPath: '/data' }] }],
      })
    );
    expectProblem(
      () =>
        jobWithContainer(
          { volumeMounts: [{ volume: Volume.emptyDir('data'), mountPath: '/data' }] },
          { volumes: [Volume.fromSecret('data', 'creds')] }
        ),
      'containers[0].volumeMounts[0].volume.name: volume name "data" is used twice (got "data")'
    );
    expectProblem(
      () =>
        job({
          containers: [
            { image: IMAGE, volumeMounts: [{ volume: Volume.emptyDir('data'), mountPath: '/data' }] },
          ],
          initContainers: [
            { image: IMAGE, volumeMounts: [{ volume: Volume.emptyDir('data'), mountPath: '/data' }] },
          ],
        }),
      'initContainers[0].volumeMounts[0].volume.name: volume name "data" is used twice (got "data")'
    );
  });

  test.each([
    ['secret', (defaultMode: number) => Volume.fromSecret('creds', 'creds', { defaultMode })],
    ['configMap', (defaultMode: number) => Volume.fromConfigMap('settings', 'settings', { defaultMode })],
  ])('fails when a %s volume defaultMode is outside 0 to 0o777', (_kind, volume) => {
    expectValid(() => job({ volumes: [volume(0)] }));
    expectValid(() => job({ volumes: [volume(0o777)] }));
    expectProblem(
      () => job({ volumes: [volume(0o1000)] }),
      problemRule(`volumes[0].defaultMode: ${FILE_MODE_RULE}`)
    );
    expectProblem(
      () => job({ volumes: [volume(-1)] }),
      problemRule(`volumes[0].defaultMode: ${FILE_MODE_RULE}`)
    );
  });

  test('fails when an item mode is outside 0 to 0o777', () => {
    const item = (mode: number) =>
      job({
        volumes: [Volume.fromConfigMap('settings', 'settings', { items: [{ key: 'k', path: 'k', mode }] })],
      });
    expectValid(() => item(0o400));
    expectProblem(() => item(0o1000), problemRule(`volumes[0].items[0].mode: ${FILE_MODE_RULE}`));
  });

  test('fails when an item path is not relative or climbs out with ..', () => {
    const item = (path: string) =>
      job({ volumes: [Volume.fromSecret('creds', 'creds', { items: [{ key: 'k', path }] })] });
    expectValid(() => item('conf/app.yaml'));
    expectProblem(
      () => item('/etc/app.yaml'),
      problemRule('volumes[0].items[0].path: must be a relative path')
    );
    expectProblem(() => item('../app.yaml'), problemRule("volumes[0].items[0].path: must not contain '..'"));
    expectProblem(() => item(''), problemRule('volumes[0].items[0].path: must not be empty'));
  });

  test('fails when an item key is empty', () => {
    expectProblem(
      () => job({ volumes: [Volume.fromSecret('creds', 'creds', { items: [{ key: '', path: 'p' }] })] }),
      problemLine("volumes[0].items[0].key: must be 1 to 253 letters, digits, '-', '_' or '.' (got \"\")")
    );
  });

  test('fails when an item path starts with .. (reserved by the kubelet)', () => {
    // API server: validateLocalNonReservedPath, "must not start with '..'" (job-api.md §3, Volumes).
    expectProblem(
      () =>
        job({ volumes: [Volume.fromSecret('creds', 'creds', { items: [{ key: 'k', path: '..data' }] })] }),
      problemRule("volumes[0].items[0].path: must not start with '..'")
    );
  });

  test('reports the offending value of a volume option', () => {
    expectProblem(
      () => job({ volumes: [Volume.fromSecret('creds', 'creds', { defaultMode: 0o1000 })] }),
      `volumes[0].defaultMode: ${FILE_MODE_RULE} (got 512)`
    );
  });

  test('fails when a secret, configMap or claim name is not a DNS-1123 subdomain', () => {
    expectValid(() => job({ volumes: [Volume.fromSecret('creds', 'team.creds')] }));
    expectProblem(
      () => job({ volumes: [Volume.fromSecret('creds', 'Bad_Secret')] }),
      problemLine(`volumes[0].secret: name ${DNS_SUBDOMAIN_RULE} (got "Bad_Secret")`)
    );
    expectProblem(
      () => job({ volumes: [Volume.fromConfigMap('settings', 'Bad_Map')] }),
      problemLine(`volumes[0].configMap: name ${DNS_SUBDOMAIN_RULE} (got "Bad_Map")`)
    );
    expectProblem(
      () => job({ volumes: [Volume.fromPersistentVolumeClaim('data', 'Bad_Claim')] }),
      problemLine(`volumes[0].claim: name ${DNS_SUBDOMAIN_RULE} (got "Bad_Claim")`)
    );
  });

  test('fails when a volumes entry is not a Volume', () => {
    expectProblem(
      () => job({ volumes: [invalid({ name: 'x' })] }),
      'volumes[0]: must be a Volume (e.g. Volume.emptyDir("scratch")) (got {"name":"x"})'
    );
  });

  test('fails at Volume.emptyDir, not with a TypeError at synth, when a volume has no name', () => {
    expectProblem(
      () =>
        jobWithContainer({
          volumeMounts: [{ volume: Volume.emptyDir(invalid(undefined)), mountPath: '/data' }],
        }),
      'name: must be a string (got nothing)'
    );
  });

  test('fails at Volume.emptyDir when a volume name is not a string', () => {
    expectProblem(() => job({ volumes: [Volume.emptyDir(invalid(5))] }), 'name: must be a string (got 5)');
  });

  test('fails at Volume.fromSecret, not with a TypeError, when volume options are null', () => {
    expectProblem(
      () => job({ volumes: [Volume.fromSecret('creds', 'creds', invalid(null))] }),
      'options: must be an object (got null)'
    );
  });

  test('fails at Volume.fromSecret, not with a TypeError at synth, when items is not a list', () => {
    expectProblem(
      () => job({ volumes: [Volume.fromSecret('creds', 'creds', { items: invalid('app.yaml') })] }),
      'options.items: must be a list (got "app.yaml")'
    );
  });

  test('fails at Volume.emptyDir, not with a TypeError at synth, when an emptyDir sizeLimit is not a Size', () => {
    expectProblem(
      () => job({ volumes: [Volume.emptyDir('scratch', { sizeLimit: invalid('1Gi') })] }),
      'options.sizeLimit: must be a cdk8s Size (e.g. Size.gibibytes(1)) (got "1Gi")'
    );
  });
});

describe('pod settings', () => {
  test('fails when an imagePullSecrets name is not a DNS-1123 subdomain', () => {
    const other = Secret.fromSecretName(Testing.chart(), 'other', 'other.creds');
    expectValid(() => job({ imagePullSecrets: ['registry-creds', other] }));
    expectProblem(
      () => job({ imagePullSecrets: ['Registry_Creds'] }),
      `imagePullSecrets[0]: name ${DNS_SUBDOMAIN_RULE} (got "Registry_Creds")`
    );
    expectProblem(
      () => job({ imagePullSecrets: ['ok', invalid(5)] }),
      'imagePullSecrets[1]: must be a name or a cdk8s-plus Secret (got 5)'
    );
  });

  test('fails when a nodeSelector key or value breaks the label rules', () => {
    expectValid(() => job({ nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    const create = () => job({ nodeSelector: { 'disk type': 'ssd', disktype: '-ssd' } });
    expectProblem(create, `nodeSelector.disk type: label key ${NAME_PART_RULE} (got "disk type")`);
    expectProblem(create, `nodeSelector.disktype: ${LABEL_VALUE_RULE} (got "-ssd")`);
  });

  test('fails when RunAs.nonRootUser gets a UID below 1', () => {
    // The API server rejects a negative runAsUser (core validation IsValidUserID); UID 0 with
    // runAsNonRoot makes the kubelet refuse the container. The docs promise a UID ≥ 1.
    expectValid(() => job({ runAs: RunAs.nonRootUser(1) }));
    expectProblem(() => job({ runAs: RunAs.nonRootUser(0) }), /^ {2}- runAs\b.*$/m);
    expectProblem(() => job({ runAs: RunAs.nonRootUser(-1, -1) }), /^ {2}- runAs\b.*$/m);
  });
});

describe('validation after construction', () => {
  test('addContainer validates like the containers prop and leaves the job unchanged on failure', () => {
    // GIVEN
    const chart = Testing.chart();
    const batchJob = new BatchJob(chart, 'job', { containers: [{ image: IMAGE }] });
    const before = Testing.synth(chart);
    // WHEN
    const add = () => batchJob.addContainer({ image: 'Perl:5' });
    // THEN
    expect(add).toThrow(ValidationError);
    expect(add).toThrow(problemLine(`containers[1].image: ${IMAGE_RULE} (got "Perl:5")`));
    expect(batchJob.containerNames).toEqual(['main']);
    expect(Testing.synth(chart)).toEqual(before);
  });

  test('addInitContainer validates names across containers and init containers', () => {
    const chart = Testing.chart();
    const batchJob = new BatchJob(chart, 'job', { containers: [{ image: IMAGE }] });
    const add = () => batchJob.addInitContainer({ name: 'main', image: IMAGE });
    expect(add).toThrow(ValidationError);
    expect(add).toThrow(
      problemLine('initContainers[0].name: container name "main" is used twice in the pod (got "main")')
    );
    expect(batchJob.containerNames).toEqual(['main']);
  });

  test('addVolume validates like the volumes prop and leaves the job unchanged on failure', () => {
    const chart = Testing.chart();
    const batchJob = new BatchJob(chart, 'job', {
      containers: [{ image: IMAGE }],
      volumes: [Volume.emptyDir('data')],
    });
    const before = Testing.synth(chart);
    const add = () => batchJob.addVolume(Volume.emptyDir('data'));
    expect(add).toThrow(ValidationError);
    expect(add).toThrow(problemLine('volumes[1].name: volume name "data" is used twice (got "data")'));
    expect(() => batchJob.addVolume(Volume.emptyDir('Scratch'))).toThrow(
      problemLine(`volumes[1].name: volume name ${DNS_LABEL_RULE} (got "Scratch")`)
    );
    expect(Testing.synth(chart)).toEqual(before);
  });

  test('fails at synth when the Job has no container, naming containers', () => {
    // GIVEN
    const chart = Testing.chart();
    const batchJob = new BatchJob(chart, 'job');
    // THEN
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/job\] containers: a Job needs at least one container; pass containers or call addContainer\(\)/
    );
    // WHEN a container is added later, the same chart synthesizes
    batchJob.addContainer({ image: IMAGE });
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
