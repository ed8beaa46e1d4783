import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, Secret } from 'cdk8s-plus-28';
import {
  BatchJob,
  collectWarnings,
  CompletionMode,
  EnvFrom,
  ExitCodeOperator,
  EnvValue,
  ImagePullPolicy,
  JobDefaults,
  JobDefaultsProps,
  KubernetesVersion,
  JobPattern,
  PodFailureAction,
  PodFailureRule,
  RestartPolicy,
  RunAs,
  Volume,
} from '../lib';

const container = { image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] };

/** The Job object a chart renders (the single `batch/v1` Job). */
function jobOf(chart: Chart) {
  const job = Testing.synth(chart).find((o) => o.kind === 'Job');
  if (!job) throw new Error('no Job rendered');
  return job;
}

describe('defaults', () => {
  test('a Job with one container renders every documented default', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new BatchJob(chart, 'job', { containers: [container] });
    const job = jobOf(chart);
    // THEN
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.metadata.namespace).toBe('default');
    // The base name comes from the construct path; rename-on-change appends a content hash.
    expect(job.metadata.name).toMatch(/^test-job-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(job.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-batch',
      'cdk8s-batch.io/job': 'test-job-c8a36c90',
    });
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      completionMode: 'NonIndexed',
      backoffLimit: 6,
      suspend: false,
      ttlSecondsAfterFinished: 86400,
    });
    expect(job.spec.activeDeadlineSeconds).toBeUndefined();
    expect(job.metadata.annotations).toEqual({ 'cdk8s-batch.io/pod-security': 'restricted' });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.terminationGracePeriodSeconds).toBeUndefined();
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0]).toMatchObject({
      name: 'main',
      imagePullPolicy: 'IfNotPresent',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(pod.containers[0].resources).toBeUndefined();
    expect(job.spec.template.metadata).toBeUndefined();
    expect(job).toMatchSnapshot();
  });

  test('the chart namespace is the default namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'batch' });
    new BatchJob(chart, 'job', { containers: [container] });
    expect(jobOf(chart).metadata.namespace).toBe('batch');
  });

  test('exposes the normalized values as readonly fields', () => {
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'job', { name: 'exposed', namespace: 'ns', containers: [container] });
    expect(job.name).toBe('exposed');
    expect(job.namespace).toBe('ns');
    expect(job.pattern.kind).toBe('oneOff');
    expect(job.containerNames).toEqual(['main']);
    expect(ApiObject.of(job)).toBe(job.apiObject);
    expect(job.apiObject.kind).toBe('Job');
  });

  test('ttlAfterFinished null keeps finished Jobs', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { ttlAfterFinished: null, containers: [container] });
    expect(jobOf(chart).spec.ttlSecondsAfterFinished).toBeUndefined();
  });
});

describe('patterns', () => {
  test.each([
    ['oneOff', JobPattern.oneOff(), { completions: 1, parallelism: 1, completionMode: 'NonIndexed' }],
    [
      'fixedCompletions, sequential',
      JobPattern.fixedCompletions({ completions: 5 }),
      { completions: 5, parallelism: 1, completionMode: 'NonIndexed' },
    ],
    [
      'fixedCompletions, parallel',
      JobPattern.fixedCompletions({ completions: 8, parallelism: 3 }),
      { completions: 8, parallelism: 3, completionMode: 'NonIndexed' },
    ],
    ['workQueue', JobPattern.workQueue({ parallelism: 4 }), { parallelism: 4, completionMode: 'NonIndexed' }],
    [
      'indexed',
      JobPattern.indexed({ completions: 10, parallelism: 5 }),
      { completions: 10, parallelism: 5, completionMode: 'Indexed' },
    ],
  ])('%s renders completions, parallelism and completionMode', (_name, pattern, expected) => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { pattern, containers: [container] });
    const spec = jobOf(chart).spec;
    expect({
      completions: spec.completions,
      parallelism: spec.parallelism,
      completionMode: spec.completionMode,
    }).toEqual({ completions: undefined, ...expected });
  });

  test('an indexed Job exposes JOB_COMPLETION_INDEX to every container, first in env', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      pattern: JobPattern.indexed({ completions: 3 }),
      containers: [{ ...container, env: { A: 'a' } }],
      initContainers: [{ image: 'busybox:1.36' }],
    });
    const pod = jobOf(chart).spec.template.spec;
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.env[0]).toEqual({
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: {
          fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
        },
      });
    }
    expect(pod.containers[0].env[1]).toEqual({ name: 'A', value: 'a' });
    expect(pod.volumes).toBeUndefined();
  });

  test('indexed work items become a ConfigMap entry per index, mounted into each pod', () => {
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'job', {
      name: 'shards',
      pattern: JobPattern.indexed({ completions: 2, workItems: ['a', 'b'] }),
      containers: [container],
    });
    const [configMap, rendered] = Testing.synth(chart);
    expect(configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'shards-work-items',
        namespace: 'default',
        labels: { 'app.kubernetes.io/managed-by': 'cdk8s-batch', 'cdk8s-batch.io/job': 'shards' },
      },
      data: { '0': 'a', '1': 'b' },
    });
    expect(job.workItemsConfigMap?.name).toBe('shards-work-items');
    const pod = rendered.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'work-items', configMap: { name: 'shards-work-items' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'work-items', mountPath: '/var/run/cdk8s-batch/work-items', readOnly: true },
    ]);
    expect(pod.containers[0].env[1]).toEqual({
      name: 'WORK_ITEM_FILE',
      value: '/var/run/cdk8s-batch/work-items/$(JOB_COMPLETION_INDEX)',
    });
  });

  test('backoffLimitPerIndex leaves backoffLimit to Kubernetes, on a 1.29 target without warnings', () => {
    const chart = Testing.chart();
    JobDefaults.set(chart, { kubernetesVersion: KubernetesVersion.V1_29 });
    new BatchJob(chart, 'job', {
      pattern: JobPattern.indexed({ completions: 4, backoffLimitPerIndex: 1, maxFailedIndexes: 2 }),
      podFailurePolicy: [PodFailureRule.onExitCodes(PodFailureAction.FAIL_INDEX, { codes: [3] })],
      containers: [container],
    });
    const spec = jobOf(chart).spec;
    expect(spec.backoffLimit).toBeUndefined();
    expect(spec.backoffLimitPerIndex).toBe(1);
    expect(spec.maxFailedIndexes).toBe(2);
    expect(collectWarnings(chart)).toEqual([]);
  });

  test('an explicit backoffLimit is kept with backoffLimitPerIndex', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      kubernetesVersion: KubernetesVersion.V1_29,
      backoffLimit: 10,
      pattern: JobPattern.indexed({ completions: 4, backoffLimitPerIndex: 1 }),
      containers: [container],
    });
    expect(jobOf(chart).spec.backoffLimit).toBe(10);
  });

  test('derived names of indexed Jobs leave room for the index suffix', () => {
    const chart = new Chart(Testing.app(), 'a'.repeat(40));
    const job = new BatchJob(chart, 'b'.repeat(40), {
      pattern: JobPattern.indexed({ completions: 1000 }),
      containers: [container],
    });
    expect(`${job.name}-999`.length).toBeLessThanOrEqual(63);
    expect(job.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('job settings', () => {
  test('renders every setting', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      name: 'all',
      namespace: 'batch',
      displayName: '报表任务',
      description: 'nightly report',
      labels: { team: 'data' },
      annotations: { 'example.com/owner': 'data' },
      podLabels: { app: 'report' },
      podAnnotations: { 'example.com/trace': 'on' },
      backoffLimit: 2,
      activeDeadline: Duration.minutes(30),
      ttlAfterFinished: Duration.hours(2),
      restartPolicy: RestartPolicy.NEVER,
      suspend: true,
      terminationGracePeriod: Duration.seconds(0),
      podFailurePolicy: [
        PodFailureRule.ignoreDisruptions(),
        PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [42, 3, 3], containerName: 'main' }),
        PodFailureRule.onExitCodes(PodFailureAction.COUNT, {
          codes: [0, 1],
          operator: ExitCodeOperator.NOT_IN,
        }),
      ],
      imagePullSecrets: ['registry-a'],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      automountServiceAccountToken: true,
      containers: [container],
    });
    const job = jobOf(chart);
    expect(job.metadata).toEqual({
      name: expect.stringMatching(/^all-[0-9a-f]{8}$/),
      namespace: 'batch',
      labels: { 'app.kubernetes.io/managed-by': 'cdk8s-batch', 'cdk8s-batch.io/job': 'all', team: 'data' },
      annotations: {
        'cdk8s-batch.io/display-name': '报表任务',
        'cdk8s-batch.io/pod-security': 'restricted',
        'kubernetes.io/description': 'nightly report',
        'example.com/owner': 'data',
      },
    });
    expect(job.spec).toMatchObject({
      backoffLimit: 2,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 7200,
      suspend: true,
    });
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [3, 42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0, 1] } },
    ]);
    expect(job.spec.template.metadata).toEqual({
      labels: { app: 'report' },
      annotations: { 'example.com/trace': 'on' },
    });
    expect(job.spec.template.spec).toMatchObject({
      terminationGracePeriodSeconds: 0,
      imagePullSecrets: [{ name: 'registry-a' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      automountServiceAccountToken: true,
    });
  });

  test('OnFailure restarts containers in place', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { restartPolicy: RestartPolicy.ON_FAILURE, containers: [container] });
    expect(jobOf(chart).spec.template.spec.restartPolicy).toBe('OnFailure');
  });
});

describe('security', () => {
  test('RunAs.imageUser keeps runAsNonRoot without a UID', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { runAs: RunAs.imageUser(), containers: [container] });
    expect(jobOf(chart).spec.template.spec.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('RunAs.root is an explicit opt-in that still drops capabilities', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { runAs: RunAs.root(), containers: [container] });
    const pod = jobOf(chart).spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: false,
      runAsUser: 0,
      runAsGroup: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('RunAs.nonRootUser sets the UID and GID', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { runAs: RunAs.nonRootUser(1000, 2000), containers: [container] });
    expect(jobOf(chart).spec.template.spec.securityContext).toMatchObject({
      runAsUser: 1000,
      runAsGroup: 2000,
    });
  });
});

describe('containers', () => {
  test.each([
    ['busybox', 'Always'],
    ['busybox:latest', 'Always'],
    ['busybox:1.36', 'IfNotPresent'],
    ['registry.example.com:5000/team/app', 'Always'],
    ['registry.example.com:5000/team/app:v2', 'IfNotPresent'],
    [`app@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`app:latest@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
  ])('image %s defaults imagePullPolicy to %s', (image, policy) => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', { containers: [{ image }] });
    expect(jobOf(chart).spec.template.spec.containers[0].imagePullPolicy).toBe(policy);
  });

  test('an explicit imagePullPolicy wins', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      containers: [{ image: 'busybox', imagePullPolicy: ImagePullPolicy.NEVER }],
    });
    expect(jobOf(chart).spec.template.spec.containers[0].imagePullPolicy).toBe('Never');
  });

  test('renders env, envFrom, resources, mounts, init containers and default names', () => {
    const chart = Testing.chart();
    const secret = Secret.fromSecretName(chart, 'creds', 'db-creds');
    const scratch = Volume.emptyDir('scratch', { sizeLimit: Size.gibibytes(1) });
    new BatchJob(chart, 'job', {
      volumes: [
        Volume.fromConfigMap('config', 'app-config', { items: [{ key: 'a', path: 'a.yaml', mode: 0o400 }] }),
      ],
      initContainers: [{ image: 'busybox:1.36', command: ['true'] }],
      containers: [
        {
          image: 'app:1',
          args: ['--fast'],
          workingDir: '/work',
          env: {
            PLAIN: 'v',
            LITERAL: EnvValue.fromValue('x'),
            FROM_CM: EnvValue.fromConfigMapKey('app-config', 'level', { optional: true }),
            FROM_SECRET: EnvValue.fromSecretKey(secret, 'password'),
            POD: EnvValue.fromFieldPath('metadata.name'),
          },
          envFrom: [EnvFrom.configMap('app-config', { prefix: 'CFG_' }), EnvFrom.secret(secret)],
          resources: {
            cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
            memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) },
            ephemeralStorage: { limit: Size.gibibytes(4) },
          },
          volumeMounts: [
            { volume: 'config', mountPath: '/etc/app', readOnly: true, subPath: 'a.yaml' },
            { volume: scratch, mountPath: '/scratch' },
          ],
        },
        { image: 'sidecar:1' },
      ],
    });
    const pod = jobOf(chart).spec.template.spec;
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual(['init-0']);
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['main', 'container-1']);
    const main = pod.containers[0];
    expect(main.env).toEqual([
      { name: 'PLAIN', value: 'v' },
      { name: 'LITERAL', value: 'x' },
      {
        name: 'FROM_CM',
        valueFrom: { configMapKeyRef: { name: 'app-config', key: 'level', optional: true } },
      },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(main.envFrom).toEqual([
      { prefix: 'CFG_', configMapRef: { name: 'app-config' } },
      { secretRef: { name: 'db-creds' } },
    ]);
    expect(main.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '2Gi', 'ephemeral-storage': '4Gi' },
    });
    expect(main.volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/app', readOnly: true, subPath: 'a.yaml' },
      { name: 'scratch', mountPath: '/scratch' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'app-config', items: [{ key: 'a', path: 'a.yaml', mode: 256 }] } },
      { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
    ]);
  });

  test('a volume mounted by two containers is rendered once', () => {
    const chart = Testing.chart();
    const shared = Volume.emptyDir('shared');
    new BatchJob(chart, 'job', {
      containers: [
        { image: 'a:1', volumeMounts: [{ volume: shared, mountPath: '/a' }] },
        { image: 'b:1', volumeMounts: [{ volume: shared, mountPath: '/b' }] },
      ],
    });
    expect(jobOf(chart).spec.template.spec.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
  });
});

describe('lazy additions', () => {
  test('containers, init containers and volumes added after construction are rendered', () => {
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'job');
    job.addVolume(Volume.fromPersistentVolumeClaim('data', 'data-claim', { readOnly: true }));
    job.addContainer({ image: 'app:1', volumeMounts: [{ volume: 'data', mountPath: '/data' }] });
    job.addInitContainer({ image: 'init:1' });
    const pod = jobOf(chart).spec.template.spec;
    expect(pod.containers.map((c: { image: string }) => c.image)).toEqual(['app:1']);
    expect(pod.initContainers.map((c: { image: string }) => c.image)).toEqual(['init:1']);
    expect(pod.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-claim', readOnly: true } },
    ]);
    expect(job.containerNames).toEqual(['main', 'init-0']);
  });
});

describe('rendering', () => {
  test('is idempotent: synthesizing twice gives the same output', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      pattern: JobPattern.indexed({ completions: 2, workItems: ['a', 'b'] }),
      podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
      containers: [{ ...container, volumeMounts: [{ volume: Volume.emptyDir('tmp'), mountPath: '/tmp' }] }],
    });
    const first = JSON.stringify(Testing.synth(chart));
    expect(JSON.stringify(Testing.synth(chart))).toBe(first);
  });

  test('the same props in two apps give the same manifest', () => {
    const build = () => {
      const chart = Testing.chart();
      new BatchJob(chart, 'job', { containers: [container] });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(build()).toBe(build());
  });

  test('a documented JSON patch on a known field survives', () => {
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'job', { containers: [container] });
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/podReplacementPolicy', 'Failed'));
    expect(jobOf(chart).spec.podReplacementPolicy).toBe('Failed');
  });
});

test('CompletionMode values are the API values', () => {
  expect(Object.values(CompletionMode)).toEqual(['NonIndexed', 'Indexed']);
});

describe('JobDefaults', () => {
  test('chart-level defaults apply to every job below, props win, nearer scopes win', () => {
    // GIVEN
    const app = Testing.app();
    JobDefaults.set(app, { backoffLimit: 1, ttlAfterFinished: null });
    const chart = new Chart(app, 'c');
    JobDefaults.set(chart, { ttlAfterFinished: Duration.hours(6), runAs: RunAs.imageUser() });
    // WHEN
    new BatchJob(chart, 'a', { name: 'a', containers: [container] });
    new BatchJob(chart, 'b', { name: 'b', backoffLimit: 9, containers: [container] });
    // THEN
    const [a, b] = Testing.synth(chart);
    expect(a.spec.backoffLimit).toBe(1);
    expect(a.spec.ttlSecondsAfterFinished).toBe(21600);
    expect(a.spec.template.spec.securityContext.runAsUser).toBeUndefined();
    expect(b.spec.backoffLimit).toBe(9);
  });

  test('fails when a default is invalid, naming the field, when it is set', () => {
    const chart = Testing.chart();
    expect(() => JobDefaults.set(chart, { backoffLimit: -1 })).toThrow(
      `invalid JobDefaults at 'JobDefaults.set(scope, defaults)' (1 problem):
  - defaults.backoffLimit: must be at least 0 (got -1)`
    );
  });

  test('fails when a default is misspelled or has no chart-wide default', () => {
    const chart = Testing.chart();
    expect(() => JobDefaults.set(chart, { backofflimit: 2, containers: [] } as JobDefaultsProps)).toThrow(
      "  - defaults: unknown props 'backofflimit' (did you mean 'backoffLimit'?), 'containers' (has no chart-wide default; give it to each construct)"
    );
  });
});
