import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  ContainerProps,
  CronBatch,
  EnvFrom,
  FloatingIpReleasePolicy,
  Gpu,
  GpuJob,
  ImagePullPolicy,
  JobDefaults,
  NetworkMode,
  Platform,
  Probe,
  Schedule,
  ValidationError,
  Volume,
} from '../lib';
import { logVolumeName } from '../lib/platforms/platform';
import { PLATFORM_TABLE_BEGIN, PLATFORM_TABLE_END, platformTable } from '../scripts/tables/platforms';
import { withTable } from '../scripts/tables/markers';

const logs = Volume.emptyDir('logs');
const base = (
  platform: Platform,
  extra: Partial<BatchJobProps> = {},
  container: Partial<ContainerProps> = {}
) => {
  const chart = Testing.chart();
  new BatchJob(chart, 'job', {
    name: 'pi',
    platform,
    displayName: '圆周率',
    description: 'digits of pi',
    containers: [{ name: 'pi', image: 'perl:5.34.0', ...container }],
    ...extra,
  });
  return Testing.synth(chart).find((o) => o.kind === 'Job');
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podOf = (job: any) => job.spec.template;
const OURS = { 'app.kubernetes.io/managed-by': 'cdk8s-batch', 'cdk8s-batch.io/job': 'pi' };

describe('identity keys per platform', () => {
  test.each<[string, Platform, Record<string, string>, Record<string, string>]>([
    [
      'kubernetes',
      Platform.kubernetes(),
      { 'cdk8s-batch.io/display-name': '圆周率', 'kubernetes.io/description': 'digits of pi' },
      {},
    ],
    [
      'kubesphere',
      Platform.kubesphere({ creator: 'admin' }),
      {
        'kubesphere.io/alias-name': '圆周率',
        'kubesphere.io/description': 'digits of pi',
        'kubesphere.io/creator': 'admin',
      },
      { app: 'pi' },
    ],
    ['dce', Platform.dce(), { 'kpanda.io/alias-name': '圆周率', 'kpanda.io/describe': 'digits of pi' }, {}],
    [
      'dce with overridden keys',
      Platform.dce({ aliasKey: 'example.com/alias', descriptionKey: 'example.com/desc' }),
      { 'example.com/alias': '圆周率', 'example.com/desc': 'digits of pi' },
      {},
    ],
    [
      'tkestack',
      Platform.tkestack(),
      { 'cdk8s-batch.io/display-name': '圆周率', description: 'digits of pi' },
      { 'qcloud-app': 'pi' },
    ],
    [
      'ack',
      Platform.ack(),
      { 'cdk8s-batch.io/display-name': '圆周率', 'kubernetes.io/description': 'digits of pi' },
      {},
    ],
  ])('%s: annotations and labels on the Job and its pods', (_name, platform, annotations, labels) => {
    const job = base(platform);
    expect(job.metadata.annotations).toEqual({ 'cdk8s-batch.io/pod-security': 'restricted', ...annotations });
    expect(job.metadata.labels).toEqual({ ...OURS, ...labels });
    expect(podOf(job).metadata?.labels ?? {}).toEqual(labels);
  });

  test('the platform label reaches a CronJob, its Jobs and their pods', () => {
    const chart = Testing.chart();
    new CronBatch(chart, 'cron', {
      name: 'report',
      platform: Platform.kubesphere(),
      schedule: Schedule.daily(),
      containers: [{ image: 'busybox:1.36' }],
    });
    const cron = Testing.synth(chart)[0];
    expect(cron.metadata.labels.app).toBe('report');
    expect(cron.spec.jobTemplate.metadata.labels).toEqual({ app: 'report' });
    expect(cron.spec.jobTemplate.spec.template.metadata.labels).toEqual({ app: 'report' });
  });

  test('JobDefaults sets the platform once for a chart', () => {
    const chart = Testing.chart();
    JobDefaults.set(chart, { platform: Platform.tkestack() });
    new BatchJob(chart, 'a', { name: 'a', containers: [{ image: 'x:1' }] });
    new BatchJob(chart, 'b', { name: 'b', platform: Platform.kubernetes(), containers: [{ image: 'x:1' }] });
    const [a, b] = Testing.synth(chart);
    expect(a.metadata.labels['qcloud-app']).toBe('a');
    expect(b.metadata.labels['qcloud-app']).toBeUndefined();
  });
});

describe('env names per platform', () => {
  const TKESTACK_RULE =
    "variable name must be letters, digits and '_', not starting with a digit (the TKEStack console's rule, platform Platform.tkestack())";

  test.each(
    [Platform.kubernetes(), Platform.ack(), Platform.dce(), Platform.kubesphere()].map(
      (p) => [p.displayName, p] as const
    )
  )("%s takes Kubernetes' names with '-' and '.'", (_name, platform) => {
    const job = base(platform, {}, { env: { 'my.env-name': 'v', 'A-B': 'v' } });
    expect(job.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'my.env-name', value: 'v' },
        { name: 'A-B', value: 'v' },
      ])
    );
  });

  test('ACK takes Logtail variables aliyun_logs_<name>-1 written by hand', () => {
    const env = { 'aliyun_logs_app-1': '/var/log/app/*.log', 'aliyun_logs_app-1_project': 'k8s-logs' };
    const job = base(Platform.ack(), {}, { env });
    expect(job.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'aliyun_logs_app-1', value: '/var/log/app/*.log' },
        { name: 'aliyun_logs_app-1_project', value: 'k8s-logs' },
      ])
    );
    expect(() => base(Platform.tkestack(), {}, { env })).toThrow(
      `containers[0].env.aliyun_logs_app-1: ${TKESTACK_RULE} (got "aliyun_logs_app-1")`
    );
  });

  test('TKEStack takes POSIX names only, in containers and init containers', () => {
    expect(() => base(Platform.tkestack(), {}, { env: { _A_1: 'v', lower_case: 'v' } })).not.toThrow();
    expect(() => base(Platform.tkestack(), {}, { env: { 'A-B': 'v' } })).toThrow(ValidationError);
    expect(() => base(Platform.tkestack(), {}, { env: { 'A-B': 'v' } })).toThrow(
      `containers[0].env.A-B: ${TKESTACK_RULE} (got "A-B")`
    );
    expect(() =>
      base(Platform.tkestack(), {
        initContainers: [{ name: 'init', image: 'busybox:1.36', env: { 'my.name': 'v' } }],
      })
    ).toThrow(`initContainers[0].env.my.name: ${TKESTACK_RULE} (got "my.name")`);
  });

  test('TKEStack takes POSIX envFrom prefixes only', () => {
    expect(() =>
      base(Platform.tkestack(), {}, { envFrom: [EnvFrom.configMap('settings', { prefix: 'APP_' })] })
    ).not.toThrow();
    expect(() =>
      base(Platform.tkestack(), {}, { envFrom: [EnvFrom.configMap('settings', { prefix: 'app.' })] })
    ).toThrow(
      "containers[0].envFrom[0].prefix: must be letters, digits and '_', not starting with a digit (the TKEStack console's rule, platform Platform.tkestack()) (got \"app.\")"
    );
    expect(() =>
      base(Platform.kubernetes(), {}, { envFrom: [EnvFrom.configMap('settings', { prefix: 'app.' })] })
    ).not.toThrow();
  });

  test('a credential-looking name with - is caught under every platform', () => {
    for (const platform of [Platform.kubernetes(), Platform.ack(), Platform.tkestack()]) {
      expect(() => base(platform, {}, { env: { 'db-password': 'hunter2' } })).toThrow(
        'containers[0].env.db-password: looks like a credential'
      );
    }
  });
});

describe('console limits', () => {
  test.each<[string, Platform, Partial<BatchJobProps>, string]>([
    [
      'a KubeSphere alias over 63',
      Platform.kubesphere(),
      { displayName: 'a'.repeat(64) },
      'displayName: must be at most 63 characters for Platform.kubesphere()',
    ],
    [
      'a KubeSphere description over 256',
      Platform.kubesphere(),
      { description: 'd'.repeat(257) },
      'description: must be at most 256 characters for Platform.kubesphere() (is 257)',
    ],
    [
      'a DCE description over 512',
      Platform.dce(),
      { description: 'd'.repeat(513) },
      'description: must be at most 512 characters for Platform.dce() (is 513)',
    ],
    [
      'a TKEStack description over 1000',
      Platform.tkestack(),
      { description: 'd'.repeat(1001) },
      'description: must be at most 1000 characters for Platform.tkestack() (is 1001)',
    ],
    [
      'a description over 512 on Kubernetes',
      Platform.kubernetes(),
      { description: 'd'.repeat(513) },
      'description: must be at most 512 characters for Platform.kubernetes() (is 513)',
    ],
  ])('fails on %s', (_what, platform, props, line) => {
    expect(() => base(platform, props)).toThrow(ValidationError);
    expect(() => base(platform, props)).toThrow(line);
  });

  test('the TKEStack description error names the construct path, the field and the length', () => {
    let error: unknown;
    try {
      base(Platform.tkestack(), { description: '描'.repeat(1001) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toContain('test/job');
    expect(message).toContain(
      'description: must be at most 1000 characters for Platform.tkestack() (is 1001)'
    );
  });

  test('TKEStack takes descriptions from 513 to 1000 characters (in characters, not bytes)', () => {
    const chart = Testing.chart();
    const description = '描'.repeat(1000);
    new BatchJob(chart, 'job', {
      platform: Platform.tkestack(),
      description,
      containers: [{ image: 'x:1' }],
    });
    expect(Testing.synth(chart)[0].metadata.annotations.description).toBe(description);
    expect(() => base(Platform.tkestack(), { description: 'd'.repeat(513) })).not.toThrow();
  });

  test('accepts the limits exactly', () => {
    expect(() =>
      base(Platform.kubesphere(), { displayName: 'a'.repeat(63), description: 'd'.repeat(256) })
    ).not.toThrow();
    expect(() => base(Platform.dce(), { description: 'd'.repeat(512) })).not.toThrow();
    expect(() => base(Platform.tkestack(), { description: 'd'.repeat(1000) })).not.toThrow();
  });

  test.each([
    ['annotations', 'revisions'],
    ['annotations', 'job.kpanda.io/last-reversion-handle-uid'],
    ['labels', 'controller-uid'],
    ['labels', 'batch.kubernetes.io/job-name'],
  ])('fails when %s carry controller bookkeeping %s', (field, key) => {
    expect(() => base(Platform.dce(), { [field]: { [key]: 'x' } })).toThrow(
      `${field}.${key}: is written by a controller; do not set it`
    );
  });
});

describe('network modes', () => {
  test('TKEStack overlay and NAT write galaxy-flannel; random port mapping its own key', () => {
    expect(podOf(base(Platform.tkestack())).metadata).toMatchObject({
      annotations: { 'k8s.v1.cni.cncf.io/networks': 'galaxy-flannel' },
    });
    const nat = podOf(base(Platform.tkestack(), { network: NetworkMode.nat({ randomPortMapping: true }) }));
    expect(nat.metadata).toMatchObject({
      annotations: { 'k8s.v1.cni.cncf.io/networks': 'galaxy-flannel', 'tkestack.io/portmapping': '' },
    });
  });

  test.each<[FloatingIpReleasePolicy, string]>([
    [FloatingIpReleasePolicy.IMMUTABLE, 'immutable'],
    [FloatingIpReleasePolicy.NEVER, 'never'],
    [FloatingIpReleasePolicy.ALWAYS, ''],
  ])('TKEStack floating IP with release policy %s', (releasePolicy, rendered) => {
    const pod = podOf(base(Platform.tkestack(), { network: NetworkMode.floatingIp({ releasePolicy }) })) as {
      metadata: { annotations: Record<string, string> };
      spec: { containers: { resources: unknown }[] };
    };
    expect(pod.metadata.annotations['k8s.v1.cni.cncf.io/networks']).toBe('galaxy-k8s-vlan');
    expect(pod.metadata.annotations['k8s.v1.cni.galaxy.io/release-policy']).toBe(rendered);
    expect(pod.spec.containers[0].resources).toEqual({ limits: { 'tke.cloud.tencent.com/eni-ip': 1 } });
  });

  test('host network is plain hostNetwork on every platform, and makes the pod privileged', () => {
    for (const platform of [Platform.kubernetes(), Platform.tkestack()]) {
      const job = base(platform, { network: NetworkMode.host() });
      expect(job.spec.template.spec.hostNetwork).toBe(true);
      expect(job.metadata.annotations['cdk8s-batch.io/pod-security']).toBe('privileged');
    }
  });

  test.each([
    ['nat', NetworkMode.nat()],
    ['floatingIp', NetworkMode.floatingIp()],
  ])('fails when NetworkMode.%s() is used outside TKEStack, naming both', (name, network) => {
    expect(() => base(Platform.ack(), { network })).toThrow(
      `network: NetworkMode.${name}() is a TKEStack network mode; it needs platform Platform.tkestack() (the platform is Platform.ack())`
    );
  });
});

describe('log collection', () => {
  const withLogs = (platform: Platform, logsProp: ContainerProps['logs'], mounts = true) =>
    base(
      platform,
      {},
      { logs: logsProp, volumeMounts: mounts ? [{ volume: logs, mountPath: '/var/log/app' }] : [] }
    );

  test('ACK renders aliyun_logs_* env vars with the settings as suffixes', () => {
    const job = withLogs(Platform.ack(), {
      stdout: true,
      files: ['/var/log/app/*.log'],
      ack: {
        name: 'pi',
        project: 'k8s-logs',
        logstore: 'batch_pi',
        ttlDays: 30,
        shards: 2,
        tags: { team: 'data' },
      },
    });
    const env = job.spec.template.spec.containers[0].env;
    expect(env).toEqual(
      ['pi', 'pi-1'].flatMap((key, i) => [
        { name: `aliyun_logs_${key}`, value: i === 0 ? 'stdout' : '/var/log/app/*.log' },
        { name: `aliyun_logs_${key}_project`, value: 'k8s-logs' },
        { name: `aliyun_logs_${key}_logstore`, value: 'batch_pi' },
        { name: `aliyun_logs_${key}_ttl`, value: '30' },
        { name: `aliyun_logs_${key}_shard`, value: '2' },
        { name: `aliyun_logs_${key}_tags`, value: 'team=data' },
      ])
    );
  });

  test('ACK mounts an emptyDir where a log file lies on no volume', () => {
    const job = withLogs(Platform.ack(), { stdout: false, files: ['/var/log/other/app-*.log'] }, false);
    const pod = job.spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'logs-pi-1', mountPath: '/var/log/other' }]);
    expect(pod.volumes).toEqual([{ name: 'logs-pi-1', emptyDir: {} }]);
  });

  test('ACK gives each log folder of a long-named container its own emptyDir with a DNS-label name', () => {
    // GIVEN a 58-character container name, whose `logs-<name>-<n>` is longer than 63 characters
    const name = `${'a'.repeat(55)}-b9`;
    const files = ['/var/log/one/*.log', '/var/log/two/*.log'];
    // WHEN
    const job = base(Platform.ack(), {}, { name, logs: { stdout: false, files } });
    // THEN two volumes, each a valid DNS label of at most 63 characters, distinct, and mounted
    const pod = job.spec.template.spec;
    const names = pod.volumes.map((v: { name: string }) => v.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(pod.containers[0].volumeMounts.map((m: { name: string }) => m.name)).toEqual(names);
  });

  test('ACK keeps the plain log volume name when it fits, and cuts a long one without a trailing dash', () => {
    expect(logVolumeName('pi', 1)).toBe('logs-pi-1');
    expect(logVolumeName('a'.repeat(51), 1)).toBe(`logs-${'a'.repeat(51)}-1`);
    // the cut falls right after the '-' of the name: that '-' goes too
    const cut = logVolumeName(`${'a'.repeat(45)}-${'b'.repeat(12)}`, 12);
    expect(cut).toMatch(/^logs-a{45}-[0-9a-f]{8}-12$/);
    expect(logVolumeName('c'.repeat(58), 1)).toHaveLength(63);
  });

  test('TKEStack records the log directory per container', () => {
    const job = withLogs(Platform.tkestack(), { stdout: false, directory: '/var/log/app/pi' });
    expect(job.spec.template.metadata.annotations['log.tke.cloud.tencent.com/log-dir']).toBe(
      '{"pi":"/var/log/app/pi"}'
    );
  });

  test('other platforms record logs only in the generic annotation', () => {
    for (const platform of [Platform.kubernetes(), Platform.kubesphere(), Platform.dce()]) {
      const job = withLogs(platform, { stdout: true, files: ['/var/log/app/*.log'] });
      expect(job.spec.template.spec.containers[0].env).toBeUndefined();
      expect(Object.keys(job.spec.template.metadata.annotations)).toEqual(['cdk8s-batch.io/logs']);
    }
  });

  test.each<[string, ContainerProps['logs'], string]>([
    [
      'a log key with "_"',
      { ack: { name: 'my_app' } },
      "containers[0].logs.ack.name: must be lowercase letters, digits and '-' (aliyun_logs_{name})",
    ],
    [
      'a logstore of 2 characters',
      { ack: { logstore: 'ab' } },
      'containers[0].logs.ack.logstore: must be 3-63 lowercase letters',
    ],
    [
      'a logstore ending in "_"',
      { ack: { logstore: 'batch_' } },
      'containers[0].logs.ack.logstore: must be 3-63 lowercase letters',
    ],
    ['a ttl of 0 days', { ack: { ttlDays: 0 } }, 'containers[0].logs.ack.ttlDays: must be 1 to 3650 days'],
    [
      'a ttl over 3650 days',
      { ack: { ttlDays: 3651 } },
      'containers[0].logs.ack.ttlDays: must be 1 to 3650 days',
    ],
    ['11 shards', { ack: { shards: 11 } }, 'containers[0].logs.ack.shards: must be 1 to 10'],
  ])('fails on %s', (_what, logsProp, line) => {
    expect(() => withLogs(Platform.ack(), logsProp)).toThrow(line);
  });

  test('fails when ACK log settings are used outside ACK, naming both platforms', () => {
    expect(() => withLogs(Platform.tkestack(), { ack: { name: 'pi' } })).toThrow(
      'containers[0].logs.ack: Alibaba Cloud log settings need platform Platform.ack() (the platform is Platform.tkestack())'
    );
  });

  test('fails when a log directory is not under any mount', () => {
    expect(() => withLogs(Platform.tkestack(), { directory: '/srv/logs' })).toThrow(
      'containers[0].logs.directory: must lie on a volume mount of the container (/var/log/app)'
    );
  });
});

describe('GPU stack per platform', () => {
  test.each<[string, Platform, Gpu, string]>([
    [
      'dce',
      Platform.dce(),
      Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) }),
      'nvidia.com/vgpu',
    ],
    [
      'tkestack',
      Platform.tkestack(),
      Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) }),
      'tencent.com/vcuda-core',
    ],
    [
      'ack (shared)',
      Platform.ack(),
      Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) }),
      'aliyun.com/gpu-mem',
    ],
    ['ack (whole card)', Platform.ack(), Gpu.wholeCard({ count: 1 }), 'nvidia.com/gpu'],
    ['kubesphere', Platform.kubesphere(), Gpu.wholeCard({ count: 1 }), 'nvidia.com/gpu'],
  ])('%s selects its stack by default', (_name, platform, gpu, resource) => {
    const chart = new Chart(Testing.app(), 'c');
    const job = new GpuJob(chart, 'gpu', { platform, gpu, containers: [{ image: 'x:1' }] });
    expect(Object.keys(job.gpuResources)).toContain(resource);
  });
});

test('the docs/platforms.md table is up to date (run `npm run docs`)', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'platforms.md'), 'utf8');
  expect(withTable(page, PLATFORM_TABLE_BEGIN, PLATFORM_TABLE_END, platformTable())).toBe(page);
});

describe('console defaults: pull policy', () => {
  const pull = (platform: Platform, image: string, container: Partial<ContainerProps> = {}) =>
    podOf(base(platform, {}, { image, ...container })).spec.containers[0].imagePullPolicy;

  test.each<[string, Platform]>([
    ['kubernetes', Platform.kubernetes()],
    ['dce', Platform.dce()],
    ['tkestack', Platform.tkestack()],
  ])("%s keeps Kubernetes' default by tag", (_, platform) => {
    expect(pull(platform, 'perl')).toBe('Always');
    expect(pull(platform, 'perl:latest')).toBe('Always');
    expect(pull(platform, 'perl:5.34.0')).toBe('IfNotPresent');
  });

  // KubeSphere: the form's documented default. ACK: the "always pull" box is unchecked by default.
  test.each<[string, Platform]>([
    ['kubesphere', Platform.kubesphere()],
    ['ack', Platform.ack()],
  ])("%s renders the console's IfNotPresent, also for latest or no tag", (_, platform) => {
    expect(pull(platform, 'perl')).toBe('IfNotPresent');
    expect(pull(platform, 'perl:latest')).toBe('IfNotPresent');
    expect(pull(platform, 'perl:5.34.0')).toBe('IfNotPresent');
  });

  test.each<[string, Platform]>([
    ['kubesphere', Platform.kubesphere()],
    ['ack', Platform.ack()],
  ])("%s keeps the user's pull policy", (_, platform) => {
    expect(pull(platform, 'perl', { imagePullPolicy: ImagePullPolicy.ALWAYS })).toBe('Always');
    expect(pull(platform, 'perl:1', { imagePullPolicy: ImagePullPolicy.NEVER })).toBe('Never');
  });

  test("kubesphere's default applies to init containers and CronBatch pods", () => {
    const chart = Testing.chart();
    new CronBatch(chart, 'cron', {
      name: 'nightly',
      platform: Platform.kubesphere(),
      schedule: Schedule.cron('0 2 * * *'),
      containers: [{ name: 'main', image: 'perl' }],
      initContainers: [{ name: 'init', image: 'busybox' }],
    });
    const cron = Testing.synth(chart).find((o) => o.kind === 'CronJob');
    const spec = cron.spec.jobTemplate.spec.template.spec;
    expect(spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(spec.initContainers[0].imagePullPolicy).toBe('IfNotPresent');
  });
});

describe('console defaults: probe initial delays', () => {
  const probes = {
    livenessProbe: Probe.http({ port: 8080 }),
    readinessProbe: Probe.tcp({ port: 8080 }),
    startupProbe: Probe.command(['true']),
  };
  const delays = (platform: Platform, container: Partial<ContainerProps>) => {
    const c = podOf(base(platform, {}, container)).spec.containers[0];
    return [c.livenessProbe, c.readinessProbe, c.startupProbe].map((p) => p.initialDelaySeconds);
  };

  test("ack renders the console's delays by probe type: HTTP 3 s, TCP 15 s, command 5 s", () => {
    expect(delays(Platform.ack(), probes)).toEqual([3, 15, 5]);
  });

  test('ack keeps the delay the user gave, 0 included', () => {
    const given = {
      livenessProbe: Probe.http({ port: 8080, initialDelay: Duration.seconds(0) }),
      readinessProbe: Probe.tcp({ port: 8080, initialDelay: Duration.seconds(7) }),
      startupProbe: Probe.command(['true'], { initialDelay: Duration.seconds(1) }),
    };
    expect(delays(Platform.ack(), given)).toEqual([0, 7, 1]);
  });

  test.each<[string, Platform]>([
    ['kubernetes', Platform.kubernetes()],
    ['kubesphere', Platform.kubesphere()],
    ['dce', Platform.dce()],
    ['tkestack', Platform.tkestack()],
  ])("%s keeps Kubernetes' 0 s", (_, platform) => {
    expect(delays(platform, probes)).toEqual([0, 0, 0]);
  });
});
