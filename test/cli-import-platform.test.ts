/**
 * Console platform keys in `import` (issue 19), as a round trip: a Job synthesized under a console profile with
 * arbitrary network modes and log settings, imported again, gives the platform, `network` and each container's
 * `logs` back as props (none of the keys they render stays raw), and those props alone synthesize the Job.
 */
import fc from 'fast-check';
import { App, Chart, ApiObject } from 'cdk8s';
import {
  BatchJob,
  ContainerProps,
  FloatingIpReleasePolicy,
  NetworkMode,
  Platform,
  Probe,
  Volume,
  ImagePullPolicy,
  ReapplyPolicy,
  CronBatch,
  Schedule,
} from '../lib/index';
import { importObject } from '../cli/import/importer';
import { podPlatformKeys } from '../cli/import/platform-keys';
import { printExpr, valueOf } from '../cli/import/expr';
import type { Json } from '../cli/check/manifest-defaults';
import { fuzzParameters, replayHint } from './support/fuzz';

// The shared seed and run count (support/fuzz.ts): a fixed seed under `npm test`, FUZZ_SEED/FUZZ_RUNS to fuzz.
const fuzz = fuzzParameters();
jest.setTimeout(fuzz.timeout);

/** Runs a property with the shared seed; on failure, says how to replay it. */
function check(property: fc.IProperty<unknown>): void {
  const parameters = fuzz.parameters(fuzz.runs(40));
  try {
    fc.assert(property, parameters);
  } catch (error) {
    (error as Error).message += `\n\n${replayHint(parameters)}`;
    throw error;
  }
}

/** The manifest of a BatchJob with `props`, or of a CronBatch when they have a schedule. */
function synth(props: Record<string, unknown>): Json {
  const chart = new Chart(new App(), 'c');
  const job =
    props.schedule !== undefined
      ? new CronBatch(chart, 'job', props as never)
      : new BatchJob(chart, 'job', { reapply: ReapplyPolicy.fixedName(), ...props } as never);
  return ApiObject.of(job).toJson() as Json;
}

/** A BatchJob's props, or a CronBatch's. */
const kind = fc.constantFrom<Record<string, unknown>>({}, { schedule: Schedule.cron('0 3 * * *') });

const logName = fc.constantFrom('app', 'audit-1', 'orders', 'x9');
const tagText = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const ackOptions = fc.record(
  {
    name: logName,
    project: fc.constantFrom('k8s-log-prod', 'p1'),
    logstore: fc.constantFrom('order-sync', 'abc'),
    ttlDays: fc.integer({ min: 1, max: 3650 }),
    shards: fc.integer({ min: 1, max: 10 }),
    tags: fc.dictionary(tagText, tagText, { maxKeys: 2 }),
  },
  { requiredKeys: [] }
);
const files = fc.uniqueArray(
  fc.constantFrom('/var/log/a/*.log', '/var/log/a/x.log', '/data/out.log', '/var/log/b/c.txt', '/tmp/t.log'),
  { maxLength: 3 }
);

/** Containers with ACK log settings (stdout, files, ack options), some with a volume mount of their own. */
const ackContainers = fc
  .uniqueArray(
    fc.record({
      name: fc.constantFrom('main', 'side', 'worker'),
      stdout: fc.boolean(),
      files,
      ack: fc.option(ackOptions, { nil: undefined }),
      mountData: fc.boolean(),
      env: fc.boolean(),
      probe: fc.constantFrom('none', 'http', 'tcp', 'command'),
    }),
    { selector: (c) => c.name, minLength: 1, maxLength: 2 }
  )
  .filter((cs) => {
    // Collection names unique in the pod (the construct requires it) and something to collect.
    const names = cs.map((c) => c.ack?.name ?? c.name);
    return new Set(names).size === names.length && cs.every((c) => c.stdout || c.files.length > 0);
  });

const probeOf = (kind: string, port: number) =>
  kind === 'http'
    ? Probe.http({ port })
    : kind === 'tcp'
      ? Probe.tcp({ port })
      : kind === 'command'
        ? Probe.command(['true'])
        : undefined;

const tkeNetwork = fc.constantFrom(
  NetworkMode.overlay(),
  NetworkMode.nat(),
  NetworkMode.nat({ randomPortMapping: true }),
  NetworkMode.floatingIp(),
  NetworkMode.floatingIp({ releasePolicy: FloatingIpReleasePolicy.NEVER }),
  NetworkMode.floatingIp({ releasePolicy: FloatingIpReleasePolicy.ALWAYS }),
  NetworkMode.host()
);

/** Imports `manifest` and checks the round trip; returns the props' code. */
function roundTrip(manifest: Json): string {
  const imported = importObject(structuredClone(manifest), new Set());
  // THEN no JSON patch was needed: the props alone synthesize the input
  expect(imported.escapeHatches).toEqual([]);
  expect(imported.notReproduced).toEqual([]);
  // AND re-synthesizing the props gives the same object
  expect(synth(valueOf(imported.props) as Record<string, unknown>)).toEqual(manifest);
  return printExpr(imported.props);
}

describe('console platform keys: synthesize → import → the same props render the same Job (issue 19)', () => {
  test('ACK: Logtail env vars and log folder volumes come back as logs props', () => {
    check(
      fc.property(ackContainers, kind, (cs, construct) => {
        const containers: ContainerProps[] = cs.map((c, i) => ({
          name: c.name,
          image: 'registry.example.com/app:1',
          ...(c.env ? { env: { MODE: 'fast' } } : {}),
          ...(c.mountData ? { volumeMounts: [{ volume: 'data', mountPath: '/data' }] } : {}),
          ...(c.probe !== 'none'
            ? { ports: [{ number: 8080 + i }], readinessProbe: probeOf(c.probe, 8080 + i) }
            : {}),
          logs: {
            ...(c.stdout ? {} : { stdout: false }),
            ...(c.files.length > 0 ? { files: c.files } : {}),
            ...(c.ack ? { ack: c.ack } : {}),
          },
        }));
        const manifest = synth({
          ...construct,
          name: 'logs',
          platform: Platform.ack(),
          containers,
          volumes: [Volume.emptyDir('data')],
        });
        const code = roundTrip(manifest);
        expect(code).toContain('platform: Platform.ack()');
        expect(code).not.toContain('aliyun_logs');
        expect(code).not.toMatch(/'logs-(main|side|worker)-\d'/);
      })
    );
  });

  test('TKEStack: network modes and log directories come back as network and logs props', () => {
    check(
      fc.property(
        tkeNetwork,
        fc.boolean(),
        fc.constantFrom('/var/log/app', '/var/log/app/sub'),
        fc.boolean(),
        kind,
        (network, withDirectory, directory, secondContainer, construct) => {
          const containers: ContainerProps[] = [
            {
              name: 'main',
              image: 'ccr.example.com/etl:2',
              volumeMounts: [{ volume: 'app-logs', mountPath: '/var/log/app' }],
              ...(withDirectory ? { logs: { directory } } : {}),
            },
            ...(secondContainer
              ? [
                  {
                    name: 'side',
                    image: 'ccr.example.com/side:1',
                    volumeMounts: [{ volume: 'app-logs', mountPath: '/var/log/app' }],
                    logs: { directory: '/var/log/app' },
                  },
                ]
              : []),
          ];
          const manifest = synth({
            ...construct,
            name: 'etl',
            platform: Platform.tkestack(),
            network,
            containers,
            volumes: [Volume.emptyDir('app-logs')],
          });
          const code = roundTrip(manifest);
          // (Under the host network with no log directory, only the qcloud-app labels are TKEStack's: labels
          // alone do not identify a console, so they stay labels.)
          if (network.kind !== 'host' || withDirectory || secondContainer)
            expect(code).toContain('platform: Platform.tkestack()');
          for (const raw of ['galaxy', 'eni-ip', 'log-dir', 'portmapping']) expect(code).not.toContain(raw);
        }
      )
    );
  });

  test('KubeSphere: the pull policy is written only where it is not the console default', () => {
    check(
      fc.property(
        fc.constantFrom('app:1', 'app:latest', 'app'),
        fc.constantFrom(undefined, ...Object.values(ImagePullPolicy)),
        (image, imagePullPolicy) => {
          const manifest = synth({
            name: 'pull',
            platform: Platform.kubesphere(),
            displayName: 'Pull',
            containers: [{ image, ...(imagePullPolicy ? { imagePullPolicy } : {}) }],
          });
          const code = roundTrip(manifest);
          expect(code).toContain('platform: Platform.kubesphere()');
          const rendered = manifest.spec as { template: { spec: { containers: Json[] } } };
          const policy = rendered.template.spec.containers[0].imagePullPolicy;
          if (policy === ImagePullPolicy.IF_NOT_PRESENT) expect(code).not.toContain('imagePullPolicy');
          else expect(code).toContain('imagePullPolicy');
        }
      )
    );
  });
});

describe('podPlatformKeys: exact readings (issue 19)', () => {
  const template = (containers: Json[], extra: Json = {}, annotations?: Record<string, string>): Json => ({
    ...(annotations ? { metadata: { annotations } } : {}),
    spec: { containers, ...extra },
  });
  const env = (pairs: Record<string, string>) =>
    Object.entries(pairs).map(([name, value]) => ({ name, value }));

  test('Logtail stdout and files with settings: one logs prop, the vars and the emptyDir listed as rendered', () => {
    const keys = podPlatformKeys(
      Platform.ack(),
      template(
        [
          {
            name: 'main',
            image: 'app:1',
            env: env({
              A: '1',
              aliyun_logs_main: 'stdout',
              aliyun_logs_main_tags: 'a=b=c,d=',
              'aliyun_logs_main-1': '/var/log/x/*.log',
              'aliyun_logs_main-1_tags': 'a=b=c,d=',
            }),
            volumeMounts: [{ name: 'logs-main-1', mountPath: '/var/log/x' }],
          },
        ],
        { volumes: [{ name: 'logs-main-1', emptyDir: {} }] }
      )
    )!;
    expect(keys.logs).toEqual(
      new Map([[0, { files: ['/var/log/x/*.log'], ack: { tags: { a: 'b=c', d: '' } } }]])
    );
    expect(keys.env).toEqual(
      new Map([
        [0, ['aliyun_logs_main', 'aliyun_logs_main_tags', 'aliyun_logs_main-1', 'aliyun_logs_main-1_tags']],
      ])
    );
    expect([keys.volumes, keys.mounts]).toEqual([['logs-main-1'], new Map([[0, ['logs-main-1']]])]);
    expect(keys.unmapped).toEqual([]);
  });

  test.each<[string, Json]>([
    [
      'a var from a Secret',
      {
        name: 'main',
        image: 'a:1',
        env: [{ name: 'aliyun_logs_main', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      },
    ],
    [
      'two stdout sources',
      { name: 'main', image: 'a:1', env: env({ aliyun_logs_main: 'stdout', aliyun_logs_other: 'stdout' }) },
    ],
    [
      'a file source numbered from 2',
      { name: 'main', image: 'a:1', env: env({ 'aliyun_logs_main-2': '/l/a.log' }) },
    ],
    [
      'a ttl out of range',
      { name: 'main', image: 'a:1', env: env({ aliyun_logs_main: 'stdout', aliyun_logs_main_ttl: '0' }) },
    ],
    [
      'an empty project',
      { name: 'main', image: 'a:1', env: env({ aliyun_logs_main: 'stdout', aliyun_logs_main_project: '' }) },
    ],
    [
      'a logstore the schema rejects',
      {
        name: 'main',
        image: 'a:1',
        env: env({ aliyun_logs_main: 'stdout', aliyun_logs_main_logstore: 'A' }),
      },
    ],
    [
      'a tag named __proto__',
      {
        name: 'main',
        image: 'a:1',
        env: env({ aliyun_logs_main: 'stdout', aliyun_logs_main_tags: '__proto__=x' }),
      },
    ],
  ])('no logs prop from %s', (_what, container) => {
    const keys = podPlatformKeys(Platform.ack(), template([container]))!;
    expect([keys.logs.size, keys.env.size]).toEqual([0, 0]);
    // (the warning names the container when settings were read but would not re-render)
    const noReading = [
      'a var from a Secret',
      'two stdout sources',
      'a file source numbered from 2',
      'a tag named __proto__',
    ];
    expect(keys.unmapped).toEqual(noReading.includes(_what) ? [] : ['main']);
  });

  test('a log folder emptyDir that an init container also mounts stays a volume', () => {
    const keys = podPlatformKeys(
      Platform.ack(),
      template(
        [
          {
            name: 'main',
            image: 'a:1',
            env: env({ aliyun_logs_main: 'stdout', 'aliyun_logs_main-1': '/l/a.log' }),
            volumeMounts: [{ name: 'logs-main-1', mountPath: '/l' }],
          },
        ],
        {
          volumes: [{ name: 'logs-main-1', emptyDir: {} }],
          initContainers: [
            { name: 'init', image: 'a:1', volumeMounts: [{ name: 'logs-main-1', mountPath: '/l' }] },
          ],
        }
      )
    )!;
    expect([keys.logs.size, keys.volumes]).toEqual([0, []]);
    expect(keys.unmapped).toEqual(['main']);
  });

  test('TKEStack floating IP: the release policy read back, an eni-ip request other than the limit refused', () => {
    const annotations = {
      'k8s.v1.cni.cncf.io/networks': 'galaxy-k8s-vlan',
      'k8s.v1.cni.galaxy.io/release-policy': '',
    };
    const limit = { limits: { 'tke.cloud.tencent.com/eni-ip': '1' } };
    const ok = podPlatformKeys(
      Platform.tkestack(),
      template([{ name: 'm', image: 'a:1', resources: limit }], {}, annotations)
    )!;
    expect(ok.network).toEqual(NetworkMode.floatingIp({ releasePolicy: FloatingIpReleasePolicy.ALWAYS }));
    expect([ok.podAnnotations, ok.limits]).toEqual([
      ['k8s.v1.cni.cncf.io/networks', 'k8s.v1.cni.galaxy.io/release-policy'],
      new Map([[0, ['tke.cloud.tencent.com/eni-ip']]]),
    ]);
    const request = { ...limit, requests: { 'tke.cloud.tencent.com/eni-ip': '2' } };
    expect(
      podPlatformKeys(
        Platform.tkestack(),
        template([{ name: 'm', image: 'a:1', resources: request }], {}, annotations)
      )
    ).toBeUndefined();
  });

  test('a profile that renders network keys the pod lacks does not fit', () => {
    expect(podPlatformKeys(Platform.tkestack(), template([{ name: 'm', image: 'a:1' }]))).toBeUndefined();
    expect(podPlatformKeys(Platform.ack(), template([{ name: 'm', image: 'a:1' }]))?.podAnnotations).toEqual(
      []
    );
  });
});
