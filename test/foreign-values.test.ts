import { Cron, Duration, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import {
  ArgoCdApplication,
  BatchJob,
  BatchJobProps,
  ContainerResources,
  CronBatch,
  EnvFrom,
  EnvValue,
  Gpu,
  GpuJob,
  GpuStack,
  Probe,
  Schedule,
  Volume,
} from '../lib';
import { expectProblem } from './support/problems';

/*
 * Values from other libraries are checked by shape, not with `instanceof` our own copy: a project may
 * hold another copy of cdk8s (older or newer 2.x) and any cdk8s-plus version (cdk8s-init projects use
 * cdk8s-plus-33), and may write resources as Kubernetes quantity strings.
 */

const IMAGE = 'perl:5.34.0';

/* eslint-disable @typescript-eslint/no-require-imports -- a second copy of a package is a fresh require */
/** A second copy of cdk8s and cdk8s-plus-28 (their classes are not ours), as a project with its own copy has. */
function secondCopy(): { cdk8s: typeof import('cdk8s'); plus: typeof import('cdk8s-plus-28') } {
  let copy: ReturnType<typeof secondCopy> | undefined;
  jest.isolateModules(() => {
    copy = { cdk8s: require('cdk8s'), plus: require('cdk8s-plus-28') };
  });
  return copy!;
}
/* eslint-enable @typescript-eslint/no-require-imports */

const other = secondCopy();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized manifests are plain JSON
type Manifest = any;

function jobManifest(props: BatchJobProps): Manifest {
  const chart = Testing.chart();
  new BatchJob(chart, 'job', { name: 'job', ...props });
  return Testing.synth(chart).find((o) => o.kind === 'Job');
}

function container(props: BatchJobProps): Manifest {
  return jobManifest(props).spec.template.spec.containers[0];
}

function withResources(resources: ContainerResources): BatchJobProps {
  return { containers: [{ image: IMAGE, resources }] };
}

describe('the second copy stands for a foreign copy', () => {
  test('its classes are not ours, so instanceof would reject its values', () => {
    expect(other.cdk8s.Size.mebibytes(1)).not.toBeInstanceOf(Size);
    expect(other.cdk8s.Duration.minutes(1)).not.toBeInstanceOf(Duration);
    expect(other.plus.Cpu.millis(250)).not.toBeInstanceOf(plus.Cpu);
  });
});

describe('cdk8s values from another copy of cdk8s', () => {
  test('Size and Duration render as our own copy renders them', () => {
    // GIVEN the same props written with our copy and with the other one
    const props = (c: typeof import('cdk8s')): BatchJobProps => ({
      activeDeadline: c.Duration.minutes(30),
      ttlAfterFinished: c.Duration.hours(6),
      terminationGracePeriod: c.Duration.seconds(10),
      containers: [
        {
          image: IMAGE,
          resources: { memory: { request: c.Size.mebibytes(256), limit: c.Size.gibibytes(1) } },
          readinessProbe: Probe.tcp({ port: 8080, period: c.Duration.seconds(5) }),
          volumeMounts: [
            { volume: Volume.emptyDir('scratch', { sizeLimit: c.Size.gibibytes(2) }), mountPath: '/s' },
          ],
        },
      ],
    });
    // WHEN both synthesize
    // THEN the manifests are the same
    const foreign = jobManifest(props(other.cdk8s));
    expect(foreign).toEqual(jobManifest(props(require('cdk8s')))); // eslint-disable-line @typescript-eslint/no-require-imports
    expect(foreign.spec.activeDeadlineSeconds).toBe(1800);
    expect(foreign.spec.template.spec.containers[0].resources.limits.memory).toBe('1Gi');
    expect(foreign.spec.template.spec.containers[0].readinessProbe.periodSeconds).toBe(5);
  });

  test('GpuJob takes a Size for shared memory and GPU memory', () => {
    const chart = Testing.chart();
    const job = new GpuJob(chart, 'train', {
      name: 'train',
      gpu: Gpu.virtual({ cards: 1, memory: other.cdk8s.Size.gibibytes(8) }),
      gpuStack: GpuStack.hami(),
      sharedMemory: other.cdk8s.Size.gibibytes(1),
      containers: [{ image: IMAGE }],
    });
    expect(job.gpuResources).toMatchObject({ 'nvidia.com/gpumem': 8192 });
    const pod = Testing.synth(chart).find((o) => o.kind === 'Job').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } });
  });

  test('CronBatch takes a Duration, and a Cron wrapped by Schedule.fromCron', () => {
    const chart = Testing.chart();
    new CronBatch(chart, 'nightly', {
      name: 'nightly',
      schedule: Schedule.fromCron(other.cdk8s.Cron.daily()),
      startingDeadline: other.cdk8s.Duration.minutes(5),
      containers: [{ image: IMAGE }],
    });
    const cronJob = Testing.synth(chart).find((o) => o.kind === 'CronJob');
    expect(cronJob.spec).toMatchObject({ schedule: '0 0 * * *', startingDeadlineSeconds: 300 });
  });

  test('fails when a Cron of any copy is given where a Schedule is expected', () => {
    for (const cron of [Cron.daily(), other.cdk8s.Cron.daily()]) {
      expectProblem(
        () =>
          new CronBatch(Testing.chart(), 'nightly', {
            schedule: cron as unknown as Schedule,
            containers: [{ image: IMAGE }],
          }),
        /^ {2}- schedule: must be a Schedule: wrap the cdk8s Cron with Schedule\.fromCron\(cron\)/m
      );
    }
  });
});

describe('cdk8s-plus values of another version', () => {
  test('a Cpu of another copy renders its amount', () => {
    const c = container(
      withResources({ cpu: { request: other.plus.Cpu.millis(250), limit: other.plus.Cpu.units(1) } })
    );
    expect(c.resources).toEqual({ requests: { cpu: '250m' }, limits: { cpu: '1' } });
  });

  test('Secrets, ConfigMaps, ServiceAccounts and claims of another copy are referred to by name', () => {
    const scope = other.cdk8s.Testing.chart();
    const secret = other.plus.Secret.fromSecretName(scope, 'secret', 'db-creds');
    const configMap = other.plus.ConfigMap.fromConfigMapName(scope, 'config', 'settings');
    const account = other.plus.ServiceAccount.fromServiceAccountName(scope, 'account', 'runner');
    const claim = other.plus.PersistentVolumeClaim.fromClaimName(scope, 'claim', 'results');
    const job = jobManifest({
      imagePullSecrets: [secret],
      serviceAccount: account,
      volumes: [Volume.fromSecret('creds', secret), Volume.fromConfigMap('conf', configMap)],
      containers: [
        {
          image: IMAGE,
          env: { DB_PASSWORD: EnvValue.fromSecretKey(secret, 'password') },
          envFrom: [EnvFrom.configMap(configMap)],
          volumeMounts: [
            { volume: 'creds', mountPath: '/creds' },
            { volume: 'conf', mountPath: '/conf' },
            { volume: Volume.fromPersistentVolumeClaim('results', claim), mountPath: '/results' },
          ],
        },
      ],
    });
    const pod = job.spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'db-creds' }]);
    expect(pod.serviceAccountName).toBe('runner');
    expect(pod.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } },
    ]);
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'settings' } }]);
    expect(pod.volumes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'creds', secret: { secretName: 'db-creds' } }),
        expect.objectContaining({ name: 'conf', configMap: { name: 'settings' } }),
        expect.objectContaining({ name: 'results', persistentVolumeClaim: { claimName: 'results' } }),
      ])
    );
  });

  test('cdk8s-plus-33 values (what `cdk8s init` projects use) fit the same props', () => {
    const chart = Testing.chart();
    const secret = new plus33.Secret(chart, 'creds', { metadata: { name: 'db-creds' } });
    const account = new plus33.ServiceAccount(chart, 'account', { metadata: { name: 'runner' } });
    new BatchJob(chart, 'job', {
      name: 'job',
      serviceAccount: account,
      containers: [
        {
          image: IMAGE,
          resources: { cpu: { request: plus33.Cpu.millis(250) } },
          envFrom: [EnvFrom.secret(secret)],
        },
      ],
    });
    const pod = Testing.synth(chart).find((o) => o.kind === 'Job').spec.template.spec;
    expect(pod.serviceAccountName).toBe('runner');
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '250m' } });
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: 'db-creds' } }]);
  });

  test('any object of the same shape fits', () => {
    // GIVEN plain objects shaped like a cdk8s-plus Cpu and an imported Secret
    const cpu = { amount: '500m' };
    const secret = { name: 'registry', kind: 'Secret', apiVersion: 'v1' };
    const job = jobManifest({ imagePullSecrets: [secret], ...withResources({ cpu: { limit: cpu } }) });
    expect(job.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(job.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '500m' });
  });

  test('fails when a resource of another kind is given', () => {
    const scope = other.cdk8s.Testing.chart();
    const configMap = other.plus.ConfigMap.fromConfigMapName(scope, 'config', 'settings');
    expectProblem(
      () =>
        jobManifest({ containers: [{ image: IMAGE, env: { X: EnvValue.fromSecretKey(configMap, 'x') } }] }),
      /^ {2}- containers\[0\]\.env\.X\.source\.secretKeyRef\.ref: must be a Secret, not a ConfigMap/m
    );
    expectProblem(
      () => jobManifest({ imagePullSecrets: [{ name: 'runner', kind: 'ServiceAccount' }] }),
      /^ {2}- imagePullSecrets\[0\]: must be a Secret, not a ServiceAccount/m
    );
    expectProblem(
      () =>
        jobManifest({
          volumes: [Volume.fromPersistentVolumeClaim('data', { name: 'data', kind: 'Secret' })],
        }),
      /^ {2}- volumes\[0\]\.claim: must be a PersistentVolumeClaim, not a Secret/m
    );
    expectProblem(
      () => jobManifest({ containers: [{ image: IMAGE, envFrom: [EnvFrom.secret(configMap)] }] }),
      /^ {2}- containers\[0\]\.envFrom\[0\]\.ref: must be a Secret, not a ConfigMap/m
    );
  });
});

describe('Kubernetes quantity strings', () => {
  test('CPU, memory and ephemeral storage render as written', () => {
    const c = container(
      withResources({
        cpu: { request: '250m', limit: '1.5' },
        memory: { request: '512Mi', limit: '1G' },
        ephemeralStorage: { limit: '2Gi' },
      })
    );
    expect(c.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1.5', memory: '1G', 'ephemeral-storage': '2Gi' },
    });
  });

  test('strings, Cpu and Size compare by amount: a request may equal its limit in another form', () => {
    expect(() =>
      jobManifest(
        withResources({
          cpu: { request: plus.Cpu.millis(500), limit: '0.5' },
          memory: { request: '1Gi', limit: Size.mebibytes(1024) },
          ephemeralStorage: { request: Size.gibibytes(1), limit: '1073741824' },
        })
      )
    ).not.toThrow();
    expectProblem(
      () => jobManifest(withResources({ cpu: { request: '501m', limit: plus.Cpu.millis(500) } })),
      'containers[0].resources.cpu.request: must not exceed the limit (got "501m")'
    );
    expectProblem(
      () => jobManifest(withResources({ memory: { request: '1G', limit: Size.mebibytes(512) } })),
      'containers[0].resources.memory.request: must not exceed the limit (got "1G")'
    );
  });

  test.each([
    ['cpu', '250 m', 'must be a Kubernetes quantity such as "250m", "0.5" or "2"'],
    ['cpu', 'two', 'must be a Kubernetes quantity such as "250m", "0.5" or "2"'],
    ['cpu', '0', 'must be more than 0 millicores; leave it out for no limit'],
    ['cpu', '-1', 'must be more than 0 millicores; leave it out for no limit'],
    ['memory', '1 Gi', 'must be a Kubernetes quantity of bytes such as "512Mi", "1Gi" or "1G"'],
    ['memory', '1GB', 'must be a Kubernetes quantity of bytes such as "512Mi", "1Gi" or "1G"'],
    ['memory', '400m', 'must not be in thousandths of a byte ("m" is milli): did you mean "400Mi"?'],
    ['memory', '2000m', 'must not be in thousandths of a byte ("m" is milli): did you mean "2000Mi"?'],
    ['memory', '0.5', 'must be a whole number of bytes'],
    ['memory', '0Gi', 'must be more than 0 bytes; leave it out for no limit'],
    ['ephemeralStorage', '0.1Ki', 'must be a whole number of bytes'],
  ])('fails when a %s limit is %j', (resource, amount, rule) => {
    expectProblem(
      () => jobManifest(withResources({ [resource]: { limit: amount } })),
      `containers[0].resources.${resource}.limit: ${rule} (got ${JSON.stringify(amount)})`
    );
  });

  test('a fraction of a unit is fine when it makes whole bytes (1.5Ki is 1536 bytes)', () => {
    expect(container(withResources({ memory: { limit: '1.5Ki' } })).resources.limits.memory).toBe('1.5Ki');
  });
});

describe('constructs 10.3.0, the oldest the peer range allows', () => {
  test('no construct of ours has a method constructs 10.3.0 rejects at synth (validate, prepare, ...)', () => {
    // constructs 10.3.0's node.validate() throws for these legacy hooks, whatever their visibility
    const chart = Testing.chart();
    const ours = [
      new BatchJob(chart, 'job', { containers: [{ image: IMAGE }] }),
      new GpuJob(chart, 'gpu', { gpu: Gpu.wholeCard({ count: 1 }), containers: [{ image: IMAGE }] }),
      new CronBatch(chart, 'cron', { schedule: Schedule.daily(), containers: [{ image: IMAGE }] }),
      new ArgoCdApplication(chart, 'app', { name: 'app', repoUrl: 'https://git.example.com/app.git' }),
    ];
    for (const construct of ours) {
      for (const method of ['validate', 'onValidate', 'synthesize', 'onSynthesize', 'prepare', 'onPrepare']) {
        expect([
          construct.node.path,
          method,
          typeof (construct as unknown as Record<string, unknown>)[method],
        ]).toEqual([construct.node.path, method, 'undefined']);
      }
    }
  });
});
