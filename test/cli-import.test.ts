import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli } from './support/cli';
import type { ImportReport } from '../cli/commands/import';
import { stripServerFields } from '../cli/import/clean';
import { canonicalQuantity, comparable, differences } from '../cli/import/compare';
import { parseQuantity, quantityNanos } from '../lib/rules/quantity';
import { kindType, l1Pointer } from '../cli/import/schema-walk';
import { recognizeGpu } from '../cli/gpu-resources';
import { NORMALIZATIONS } from '../cli/import/importer';
import { KUBECTL_YAML_OPTIONS, objectsOf } from '../cli/read/manifests';
import { hasUrlPassword, looksLikeCredentialName } from '../lib/rules/credentials';
import { podSecurityLevel } from '../lib/rules/pod-security';
import { platformProfile, registerPlatformProfile } from '../lib/platforms/registry';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are poked at freely
type Manifest = any;

const root = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'import');
/**
 * Generated code is written outside the repository (so that no lint run of another developer ever sees it),
 * with its imports resolved to this repository: 'cdk8s-batch' to lib/, the others to node_modules.
 */
const GENERATED = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-generated-'));
const MODULES: Record<string, string> = {
  'cdk8s-batch': path.join(root, 'lib', 'index.ts'),
  cdk8s: require.resolve('cdk8s'),
  'cdk8s-plus-28': require.resolve('cdk8s-plus-28'),
  constructs: require.resolve('constructs'),
};

afterAll(() => rmSync(GENERATED, { recursive: true, force: true }));

function parseYaml(text: string): Manifest[] {
  return parseAllDocuments(text, KUBECTL_YAML_OPTIONS)
    .map((d) => d.toJS())
    .filter((v) => v !== null && v !== undefined)
    .flatMap((v) => objectsOf(v).map((o) => o.value));
}

let counter = 0;

/** Runs the generated app in-process (jest transpiles it on require); the app synthesizes into $CDK8S_OUTDIR. */
function runGenerated(code: string, name: string): Manifest[] {
  const file = path.join(GENERATED, `${name}-${++counter}.ts`);
  writeFileSync(
    file,
    code.replace(/from '([^']+)';/g, (line, specifier: string) =>
      MODULES[specifier] ? `from ${JSON.stringify(MODULES[specifier])};` : line
    )
  );
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-import-'));
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated app synthesizes when loaded
    require(file);
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
  }
  const manifests = readdirSync(outdir)
    .sort()
    .flatMap((f) => parseYaml(readFileSync(path.join(outdir, f), 'utf8')));
  rmSync(outdir, { recursive: true, force: true });
  return manifests;
}

const specOf = (o: Manifest) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec : o.spec);
const podOf = (o: Manifest) => specOf(o).template.spec;

/**
 * The input as the constructs synthesize it: the documented normalizations (docs/cli.md, "import"), applied here
 * independently of the importer. Returns the normalized input and the kinds that changed something.
 */
function normalized(
  input: Manifest,
  actual: Manifest,
  exact: boolean
): { expected: Manifest; kinds: Set<string> } {
  const e = structuredClone(input);
  const kinds = new Set<string>();
  const mark = (kind: string) => kinds.add(kind);
  if (e.apiVersion !== 'batch/v1') {
    e.apiVersion = 'batch/v1';
    mark('api-version');
  }
  e.metadata.labels = {
    ...e.metadata.labels,
    'app.kubernetes.io/managed-by': 'cdk8s-batch',
    'cdk8s-batch.io/job': e.metadata.name,
  };
  mark('labels');
  // The level the synthesized pods really meet.
  e.metadata.annotations = {
    ...e.metadata.annotations,
    'cdk8s-batch.io/pod-security': podSecurityLevel(
      podOf(actual),
      specOf(actual).template.metadata?.annotations
    ),
  };
  if (e.kind === 'CronJob') {
    expect(actual.metadata.annotations['cdk8s-batch.io/schedule-description']).toMatch(/\w/);
    e.metadata.annotations['cdk8s-batch.io/schedule-description'] =
      actual.metadata.annotations['cdk8s-batch.io/schedule-description'];
  }
  mark('annotations');
  // Our pod annotation of the containers' log settings, where a console's became `logs` props.
  const logs = specOf(actual).template.metadata?.annotations?.['cdk8s-batch.io/logs'];
  if (logs !== undefined && specOf(e).template.metadata?.annotations?.['cdk8s-batch.io/logs'] === undefined) {
    const template = specOf(e).template;
    template.metadata = {
      ...template.metadata,
      annotations: { ...template.metadata?.annotations, 'cdk8s-batch.io/logs': logs },
    };
  }
  // A literal that may be a credential: a key of the Secret <name>-env (in --exact mode too).
  for (const list of ['initContainers', 'containers']) {
    for (const c of podOf(e)[list] ?? []) {
      for (const [i, v] of (c.env ?? []).entries()) {
        if (
          typeof v.value === 'string' &&
          v.value !== '' &&
          (looksLikeCredentialName(v.name) || hasUrlPassword(v.value))
        ) {
          c.env[i] = {
            name: v.name,
            valueFrom: { secretKeyRef: { name: `${e.metadata.name}-env`, key: v.name } },
          };
          mark('credential');
        }
      }
    }
  }
  if (exact) return { expected: e, kinds };

  if (e.metadata.namespace === undefined) {
    e.metadata.namespace = 'default';
    mark('namespace');
  }
  const spec = specOf(e);
  if (spec.completions !== undefined && spec.parallelism > spec.completions) {
    spec.parallelism = spec.completions;
    mark('pattern');
  }
  const pod = podOf(e);
  const actualPod = podOf(actual);
  if (pod.restartPolicy === undefined) {
    pod.restartPolicy = 'Never';
    mark('restart-policy');
  }
  // Secure defaults, only where the input has nothing, and only these values.
  const secure = (target: Manifest, key: string, value: unknown, allowed: unknown[]) => {
    if (target[key] !== undefined || value === undefined) return;
    expect(allowed).toContainEqual(value);
    target[key] = value;
    mark('security');
  };
  secure(pod, 'automountServiceAccountToken', actualPod.automountServiceAccountToken, [false]);
  pod.securityContext ??= {};
  const actualSc = actualPod.securityContext ?? {};
  secure(pod.securityContext, 'runAsNonRoot', actualSc.runAsNonRoot, [true, false]);
  secure(pod.securityContext, 'runAsUser', actualSc.runAsUser, [65534, 0]);
  secure(pod.securityContext, 'runAsGroup', actualSc.runAsGroup, [65534, 0, pod.securityContext.runAsUser]);
  secure(pod.securityContext, 'seccompProfile', actualSc.seccompProfile, [{ type: 'RuntimeDefault' }]);
  for (const list of ['initContainers', 'containers']) {
    (pod[list] ?? []).forEach((c: Manifest, i: number) => {
      const actualSec = actualPod[list][i].securityContext ?? {};
      c.securityContext ??= {};
      secure(c.securityContext, 'allowPrivilegeEscalation', actualSec.allowPrivilegeEscalation, [
        false,
        true,
      ]);
      if (actualSec.capabilities?.drop !== undefined) {
        c.securityContext.capabilities ??= {};
        secure(c.securityContext.capabilities, 'drop', actualSec.capabilities.drop, [['ALL']]);
      }
    });
  }
  // GpuJob's toleration of the nvidia.com/gpu taint.
  const gpuToleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
  const tolerated = (list: Manifest[] | undefined) =>
    (list ?? []).some((t) => t.key === 'nvidia.com/gpu' && t.operator === 'Exists');
  if (tolerated(actualPod.tolerations) && !tolerated(pod.tolerations)) {
    pod.tolerations = [...(pod.tolerations ?? []), gpuToleration];
    mark('gpu-toleration');
  }
  return { expected: e, kinds };
}

/** Indexed Jobs: JOB_COMPLETION_INDEX is compared apart (the constructs write it first in every container). */
function withoutIndexEnv(o: Manifest): { object: Manifest; indexEnv: Manifest[] } {
  const copy = structuredClone(o);
  const indexEnv: Manifest[] = [];
  if (specOf(copy).completionMode !== 'Indexed') return { object: copy, indexEnv };
  const pod = podOf(copy);
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    indexEnv.push(...(c.env ?? []).filter((v: Manifest) => v.name === 'JOB_COMPLETION_INDEX'));
    c.env = (c.env ?? []).filter((v: Manifest) => v.name !== 'JOB_COMPLETION_INDEX');
    if (c.env.length === 0) delete c.env;
  }
  return { object: copy, indexEnv };
}

/** Jobs and CronJobs of a fixture, without what the API server wrote. */
function inputObjects(file: string): Manifest[] {
  return parseYaml(readFileSync(file, 'utf8'))
    .filter((o) => o.kind === 'Job' || o.kind === 'CronJob')
    .map((o) => stripServerFields(o).object);
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

test('the fixture set: the four seed examples and at least 15 more', () => {
  expect(fixtures.filter((f) => f.startsWith('seed-'))).toEqual([
    'seed-blog-echo-cronjob.yaml',
    'seed-blog-echo-job.yaml',
    'seed-dce-helm-operation.yaml',
    'seed-tkestack-pi.yaml',
  ]);
  expect(fixtures.length - 4).toBeGreaterThanOrEqual(15);
});

describe.each([
  ['default', false],
  ['--exact', true],
])(
  'round trip (%s): import → synthesize gives the input, with Kubernetes defaults on both sides',
  (_mode, exact) => {
    test.each(fixtures)('%s', async (fixture) => {
      // GIVEN a fixture WHEN imported
      const file = path.join(FIXTURES, fixture);
      const result = await cli(['import', file, '--json', ...(exact ? ['--exact'] : [])]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.out) as ImportReport;
      expect(report.errors).toEqual([]);

      // THEN the generated app synthesizes the input's objects, in order
      const actual = runGenerated(report.code!, fixture.replace(/\.yaml$/, ''));
      const inputs = inputObjects(file);
      expect(actual.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
        inputs.map((o) => `${o.kind}/${o.metadata.name ?? o.metadata.generateName}`)
      );
      inputs.forEach((input, i) => {
        const { expected, kinds } = normalized(input, actual[i], exact);
        const a = withoutIndexEnv(actual[i]);
        const e = withoutIndexEnv(expected);
        expect(differences(comparable(e.object), comparable(a.object))).toEqual([]);
        // JOB_COMPLETION_INDEX: the input's, if any, is the one the constructs write.
        for (const v of e.indexEnv) expect(a.indexEnv).toContainEqual(v);
        // AND each normalization made is a documented one, reported by the import
        const reported = new Set(report.objects[i].normalizations.map((n) => n.kind));
        for (const kind of kinds) expect([kind, reported.has(kind)]).toEqual([kind, true]);
        for (const kind of reported) expect(Object.keys(NORMALIZATIONS)).toContain(kind);
        if (exact) expect([...reported].sort()).toEqual([...kinds].sort());
        expect(report.objects[i].notReproduced).toEqual([]);
      });
    });
  }
);

/** Code on one line, as if printed without a width limit: `f({\n  a: 1,\n})` → `f({ a: 1 })`. */
function flat(code: string): string {
  return code
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/,(\s*[}\])])/g, '$1')
    .replace(/\s+/g, ' ')
    .replace(/\[ /g, '[')
    .replace(/ \]/g, ']')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')');
}

describe('what import writes', () => {
  const importOf = async (fixture: string, ...args: string[]) => {
    const result = await cli(['import', path.join('test/fixtures/import', fixture), '--json', ...args]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as ImportReport;
    return { ...report, code: flat(report.code!), raw: report.code! };
  };

  test.each([
    ['gpu-nvidia-whole-card.yaml', "gpu: Gpu.wholeCard({ count: 2, model: 'A100-SXM4-80GB' })", undefined],
    ['gpu-mig.yaml', "gpu: Gpu.mig({ profile: '1g.10gb', count: 2 })", undefined],
    ['gpu-hami-vgpu.yaml', 'cardPolicy: GpuSchedulingPolicy.BINPACK', 'GpuStack.hami()'],
    [
      'gpu-dce-vgpu.yaml',
      'gpu: Gpu.virtual({ cards: 1, memoryPercent: 50, priority: GpuTaskPriority.HIGH })',
      'GpuStack.dce()',
    ],
    [
      'gpu-aliyun-cgpu.yaml',
      'gpu: Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) })',
      'GpuStack.aliyunCgpu()',
    ],
    [
      'gpu-tencent-qgpu.yaml',
      'gpu: Gpu.virtual({ cards: 1, coresPercent: 50, memory: Size.gibibytes(4) })',
      'GpuStack.tencentQgpu()',
    ],
    ['gpu-tkestack-gpu-manager.yaml', 'gpu: Gpu.wholeCard({ count: 2 })', 'GpuStack.tkestackGpuManager()'],
    [
      'gpu-volcano.yaml',
      'gpu: Gpu.virtual({ cards: 1, coresPercent: 50, memory: Size.gibibytes(4) })',
      'GpuStack.volcano()',
    ],
  ])(
    '%s: a GpuJob with the GPU mode and stack recognized from the resource names',
    async (fixture, gpu, stack) => {
      const report = await importOf(fixture);
      expect(report.objects.map((o) => o.construct)).toEqual(['GpuJob']);
      expect(report.code).toContain(gpu);
      if (stack) expect(report.code).toContain(`gpuStack: ${stack}`);
      else expect(report.code).not.toContain('gpuStack');
      expect(report.objects[0].escapeHatches).toEqual([]);
    }
  );

  test.each([
    ['seed-tkestack-pi.yaml', 'pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 })'],
    ['seed-blog-echo-job.yaml', "new BatchJob(this, 'echo', {"],
    ['fixed-completions-serial.yaml', 'pattern: JobPattern.fixedCompletions({ completions: 5 })'],
    ['work-queue.yaml', 'pattern: JobPattern.workQueue({ parallelism: 3 })'],
    [
      'indexed.yaml',
      'JobPattern.indexed({ completions: 10, parallelism: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 2 })',
    ],
    [
      'fixed-completions-parallel-normalized.yaml',
      'JobPattern.fixedCompletions({ completions: 4, parallelism: 4 })',
    ],
  ])('%s: the JobPattern from completions, parallelism and completionMode', async (fixture, expected) => {
    expect((await importOf(fixture)).code).toContain(expected);
  });

  test('durations, resources, env, probes and security as typed props', async () => {
    const migration = (await importOf('one-off-migration.yaml')).code!;
    for (const expected of [
      'activeDeadline: Duration.minutes(15)',
      'ttlAfterFinished: Duration.hours(1)',
      "description: 'Applies the schema migrations of the payments database'",
      "DB_PASSWORD: EnvValue.fromSecretKey('payments-db', 'password')",
      "DB_HOST: EnvValue.fromConfigMapKey('payments-db', 'host')",
      "POD_NAME: EnvValue.fromFieldPath('metadata.name')",
      "EnvFrom.secret('payments-extra', { prefix: 'EXTRA_', optional: true })",
      'cpu: { request: Cpu.millis(250), limit: Cpu.units(1) }',
      'memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) }',
      'runAs: RunAs.nonRootUser(1000, 1000)',
      "PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [3, 42], containerName: 'migrate' })",
      'PodFailureRule.ignoreDisruptions()',
      'reapply: ReapplyPolicy.fixedName()',
    ]) {
      expect(migration).toContain(expected);
    }
    const probes = (await importOf('probes-lifecycle.yaml')).code!;
    for (const expected of [
      "startupProbe: Probe.http({ path: '/healthz', port: 'http', period: Duration.seconds(5), failureThreshold: 30 })",
      'livenessProbe: Probe.tcp({ port: 8080, initialDelay: Duration.seconds(15), timeout: Duration.seconds(3) })',
      "readinessProbe: Probe.command(['cat', '/tmp/ready'], { period: Duration.seconds(20), successThreshold: 2 })",
      "preStop: LifecycleHandler.command(['sh', '-c', 'kill -TERM 1; sleep 5'])",
      'scheme: HttpScheme.HTTPS',
      '{ number: 9090, protocol: Protocol.UDP }',
    ]) {
      expect(probes).toContain(expected);
    }
    const privileged = (await importOf('security-privileged.yaml')).code!;
    for (const expected of ['runAs: RunAs.root()', 'privileged: true', 'network: NetworkMode.host()']) {
      expect(privileged).toContain(expected);
    }
  });

  test("a CronJob: schedule, time zone and history as CronBatch props; Kubernetes' concurrency default kept", async () => {
    const nightly = (await importOf('cronjob-v1.yaml')).code!;
    for (const expected of [
      "schedule: Schedule.cron('30 2 * * 1-5')",
      "timeZone: 'Asia/Shanghai'",
      'startingDeadline: Duration.minutes(5)',
      'successfulJobsHistoryLimit: 5',
      "jobLabels: { report: 'nightly' }",
      'runAs: RunAs.imageUser()',
    ]) {
      expect(nightly).toContain(expected);
    }
    expect(nightly).not.toContain('concurrencyPolicy'); // Forbid is CronBatch's default
    const cleanup = (await importOf('cronjob-macro.yaml')).code!;
    expect(cleanup).toContain("schedule: Schedule.expression('@daily')");
    expect(cleanup).toContain('concurrencyPolicy: ConcurrencyPolicy.REPLACE');
    const echo = (await importOf('seed-blog-echo-cronjob.yaml')).code!;
    expect(echo).toContain('concurrencyPolicy: ConcurrencyPolicy.ALLOW');
  });

  test('a KubeSphere console Job: Platform.kubesphere({ creator }), displayName and description, no raw keys (issue 19)', async () => {
    const { code } = await importOf('console-kubesphere-job.yaml');
    expect(code).toContain("platform: Platform.kubesphere({ creator: 'admin' })");
    expect(code).toContain("description: 'Exports the monthly report to object storage'");
    expect(code).toContain("displayName: 'Monthly report export'");
    expect(code).not.toContain('kubesphere.io/');
    expect(code).not.toContain("app: 'report-export'");
    expect(code).not.toContain('podLabels');
  });

  test('a DCE console CronJob: Platform.dce(), the kpanda alias and description as props (issue 19)', async () => {
    const { code } = await importOf('console-dce-cronjob.yaml');
    expect(code).toContain('platform: Platform.dce()');
    expect(code).toContain("description: 'Warms the page cache every hour'");
    expect(code).toContain("displayName: 'Cache warm-up'");
    expect(code).not.toContain('kpanda.io/');
  });

  test('a TKEStack console Job: Platform.tkestack(), description as a prop, qcloud-app not repeated (issue 19)', async () => {
    const { code } = await importOf('console-tkestack-job.yaml');
    expect(code).toContain('platform: Platform.tkestack()');
    expect(code).toContain("description: 'Nightly database backup'");
    expect(code).not.toContain('qcloud-app');
    expect(code).not.toContain('labels');
  });

  test('ACK storage and repeated headers: ephemeral claims, inline CSI kept only where the kubelet mounts it (issue 19)', async () => {
    const { code, objects } = await importOf('ack-storage-headers.yaml');
    for (const expected of [
      "Volume.ephemeralClaim('scratch', { size: Size.gibibytes(40), storageClass: 'alicloud-disk-topology-alltype' })",
      "Volume.ephemeralClaim('shared', { size: Size.mebibytes(1536), accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] })",
      "Volume.fromCsi('secrets', 'secrets-store.csi.k8s.io', { attributes: { secretProviderClass: 'app-secrets' }, readOnly: true })",
      "headers: [{ name: 'Accept', value: 'text/plain' }, { name: 'Accept', value: 'application/json' }]",
      "headers: { 'X-Probe': 'kubelet' }",
    ]) {
      expect(code).toContain(expected);
    }
    expect(code).not.toContain("Volume.fromCsi('disk'");
    expect(objects[0].escapeHatches).toEqual([
      {
        op: 'add',
        path: '/spec/template/spec/containers/0/volumeMounts/3',
        reason: 'volume "disk" is not a Volume of the props',
      },
      {
        op: 'add',
        path: '/spec/template/spec/volumes/3',
        reason:
          'diskplugin.csi.alibabacloud.com (Alibaba Cloud disk) does not support inline CSI volumes: its CSIDriver ' +
          'object declares only the Persistent lifecycle mode, so the kubelet refuses to mount the volume and the ' +
          'pod never starts; Volume.fromCsi refuses it: mount it through a claim ' +
          '(Volume.fromPersistentVolumeClaim or Volume.ephemeralClaim)',
      },
    ]);
  });

  test('console keys that would not re-render exactly stay raw annotations and labels (issue 19)', async () => {
    const { code } = await importOf('console-keys-raw.yaml');
    expect(code).not.toContain('platform:');
    expect(code).toContain("annotations: { 'kubesphere.io/alias-name': 'Mixed keys' }");
    expect(code).toContain("labels: { app: 'something-else' }");
    expect(code).toContain("labels: { 'qcloud-app': 'partial-tkestack' }");
    expect(code).toContain("annotations: { description: 'No pod label' }");
  });

  test('the report says why console keys stay raw (issue 19)', async () => {
    const { objects } = await importOf('console-keys-raw.yaml');
    expect(objects.map((o) => o.warnings.filter((w) => w.startsWith('console keys')))).toEqual([
      [
        "console keys stay raw annotations, labels and env vars, not platform props: Platform.kubesphere(): its labels (app: mixed-keys) are not all on the object, its pods and a CronJob's Jobs",
      ],
      [
        "console keys stay raw annotations, labels and env vars, not platform props: Platform.tkestack(): its labels (qcloud-app: partial-tkestack) are not all on the object, its pods and a CronJob's Jobs",
      ],
    ]);
  });

  test('ACK Logtail env vars and the log folder emptyDir become logs props under Platform.ack() (issue 19)', async () => {
    const report = await importOf('console-ack-logtail.yaml');
    // THEN the stdout and file sources with their settings are one logs prop; the vars and the volume are gone
    expect(report.code).toContain(
      "platform: Platform.ack(), backoffLimit: 2, ttlAfterFinished: null, containers: [{ name: 'sync', image: 'registry.cn-hangzhou.aliyuncs.com/acme/sync:1.4', env: { MODE: 'full' }, ports: [{ number: 8080 }], livenessProbe: Probe.tcp({ port: 8080 }), readinessProbe: Probe.http({ path: '/ready', port: 8080, initialDelay: Duration.seconds(0) }), logs: { files: ['/var/log/sync/*.log'], ack: { project: 'k8s-log-prod', logstore: 'order-sync', ttlDays: 30, tags: { team: 'orders', env: 'prod' } } } }] });"
    );
    // AND a collection named apart from its container, files only on a mounted folder, shards read back
    expect(report.code).toContain(
      "volumeMounts: [{ volume: 'data', mountPath: '/data' }], logs: { stdout: false, files: ['/data/logs/audit.log'], ack: { name: 'audit', shards: 4 } } }], volumes: [Volume.fromPersistentVolumeClaim('data', 'export-data')] });"
    );
    expect(report.code).not.toContain('aliyun_logs');
    expect(report.code).not.toContain('logs-sync-1');
    expect(report.objects.map((o) => o.escapeHatches)).toEqual([[], []]);
    expect(report.objects[0].normalizations).toContainEqual({
      kind: 'annotations',
      path: 'spec.template.metadata.annotations[cdk8s-batch.io/logs]',
      message: 'added: {"sync":{"stdout":true,"files":["/var/log/sync/*.log"]}}',
    });
  });

  test('an ACK CronJob: the Logtail variable of a collection named apart, the command probe default (issue 19)', async () => {
    const report = await importOf('console-ack-cronjob.yaml');
    expect(report.code).toContain(
      "platform: Platform.ack(), schedule: Schedule.cron('15 6 * * *'), ttlAfterFinished: null, restartPolicy: RestartPolicy.ON_FAILURE, containers: [{ name: 'report', image: 'registry.cn-hangzhou.aliyuncs.com/acme/report:3.2', readinessProbe: Probe.command(['cat', '/tmp/ready']), logs: { ack: { name: 'stock-report', logstore: 'reports' } } }] });"
    );
    expect(report.objects[0].normalizations).toContainEqual({
      kind: 'annotations',
      path: 'spec.jobTemplate.spec.template.metadata.annotations[cdk8s-batch.io/logs]',
      message: 'added: {"report":{"stdout":true}}',
    });
  });

  test('TKEStack network modes and log directory become network and logs props under Platform.tkestack() (issue 19)', async () => {
    const report = await importOf('console-tkestack-network-logs.yaml');
    expect(report.code).toContain(
      "platform: Platform.tkestack(), ttlAfterFinished: null, containers: [{ name: 'etl', image: 'ccr.ccs.tencentyun.com/acme/etl:2.0', volumeMounts: [{ volume: 'app-logs', mountPath: '/var/log/etl' }], logs: { directory: '/var/log/etl' } }], volumes: [Volume.emptyDir('app-logs')], network: NetworkMode.floatingIp({ releasePolicy: FloatingIpReleasePolicy.NEVER }) });"
    );
    expect(report.code).toContain(
      "containers: [{ name: 'probe', image: 'ccr.ccs.tencentyun.com/acme/probe:1.0' }], network: NetworkMode.nat({ randomPortMapping: true }) });"
    );
    for (const gone of ['galaxy', 'eni-ip', 'log-dir', 'portmapping', 'podAnnotations', 'resources'])
      expect(report.code).not.toContain(gone);
    expect(report.objects.map((o) => o.escapeHatches)).toEqual([[], []]);
  });

  test("the overlay network's galaxy-flannel annotation is not repeated in podAnnotations (issue 19)", async () => {
    const { code } = await importOf('console-tkestack-job.yaml');
    expect(code).not.toContain('podAnnotations');
    expect(code).not.toContain('galaxy-flannel');
  });

  test("KubeSphere's IfNotPresent pull-policy default: written only where the input's policy differs (issue 19)", async () => {
    const { code, raw } = await importOf('console-kubesphere-pull-policy.yaml');
    expect(code).toContain(
      "containers: [{ name: 'rebuild', image: 'acme/indexer:latest' }, { name: 'notify', image: 'acme/notify', imagePullPolicy: ImagePullPolicy.ALWAYS }]"
    );
    expect(raw).toContain("// the input has none: Kubernetes' default for the image, not the console's");
  });

  test('console log keys that would not re-render exactly stay raw, and the report says why (issue 19)', async () => {
    const report = await importOf('console-logs-raw.yaml');
    expect(report.code).toContain("env: { aliyun_logs_main: 'stdout', MODE: 'fast' }");
    expect(report.code).toContain(
      'podAnnotations: { \'log.tke.cloud.tencent.com/log-dir\': \'{"gone":"/var/log/gone"}\' }'
    );
    expect(report.code).not.toContain('logs: {');
    expect(report.objects[0].warnings).toContain(
      "the log settings of container main stay raw keys, not logs props: Platform.ack() would not re-render them exactly as the input holds them (their values, their order after the container's other env vars, or the log folder's volume)"
    );
  });

  test('keys two profiles would render alike are ambiguous and stay raw (issue 19)', async () => {
    // GIVEN a test-only console with KubeSphere's identity keys
    const unregister = registerPlatformProfile({
      id: 'test-console-like-kubesphere',
      displayName: 'Platform._of("test-console-like-kubesphere")',
      identityKeys: (o) => platformProfile('kubesphere').identityKeys(o),
      identityAnnotations: (o) => platformProfile('kubesphere').identityAnnotations!(o),
      identityLabels: (name) => platformProfile('kubesphere').identityLabels!(name),
    });
    try {
      // WHEN a KubeSphere console Job is imported THEN no platform is guessed
      const { code, objects } = await importOf('console-kubesphere-job.yaml');
      expect(code).not.toContain('platform:');
      expect(code).toContain("'kubesphere.io/alias-name': 'Monthly report export'");
      expect(objects[0].warnings).toContain(
        'console keys stay raw annotations, labels and env vars, not platform props: the keys fit Platform.kubesphere() and Platform._of("test-console-like-kubesphere") alike'
      );
    } finally {
      unregister();
    }
  });

  test("the blog's batch/v1beta1 CronJob is imported as batch/v1, and the change is reported", async () => {
    const result = await cli(['import', path.join(FIXTURES, 'seed-blog-echo-cronjob.yaml')]);
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      'normalized (api-version): apiVersion: batch/v1beta1 → batch/v1 (batch/v1beta1 CronJobs were removed in Kubernetes 1.25)'
    );
  });

  test('kubectl get -o yaml: server fields stripped, other kinds reported and skipped', async () => {
    const result = await cli(['import', path.join(FIXTURES, 'kubectl-list.yaml')]);
    expect(result.code).toBe(0);
    expect(result.err).toContain('Service/default/sync-api: skipped: not a Job or CronJob');
    for (const gone of [
      'uid',
      'resourceVersion',
      'managedFields',
      'creationTimestamp',
      'controller-uid',
      'last-applied',
      'selector',
      '6f0c1d8e',
    ]) {
      expect(result.out).not.toContain(gone);
    }
    const report = JSON.parse(
      (await cli(['import', path.join(FIXTURES, 'kubectl-list.yaml'), '--json'])).out
    );
    expect(report.skipped).toEqual([
      {
        file: 'test/fixtures/import/kubectl-list.yaml',
        document: 0,
        object: 'Service/default/sync-api',
        reason: 'not a Job or CronJob',
      },
    ]);
    expect(report.objects[0].removed).toEqual(
      expect.arrayContaining([
        'status',
        'metadata.uid',
        'metadata.managedFields',
        'spec.selector',
        'metadata.labels[controller-uid]',
      ])
    );
  });

  test('fields the constructs do not model become commented JSON patches, reported on stderr and in --json', async () => {
    const report = await importOf('unmodeled-fields.yaml');
    const code = report.code!;
    expect(code).toContain('ApiObject.of(oddJob).addJsonPatch(');
    const raw = (await cli(['import', path.join(FIXTURES, 'unmodeled-fields.yaml')])).out;
    expect(raw).toContain('      // pod hostIPC is not modeled by BatchJob\n');
    // The L1 reads hostIPC as hostIpc, and quantities as k8s.Quantity: patches in that form survive.
    expect(code).toContain("JsonPatch.add('/spec/template/spec/hostIpc', true)");
    expect(code).toContain("divisor: k8s.Quantity.fromString('1Mi')");
    expect(code).toContain("'hugepages-2Mi': k8s.Quantity.fromString('256Mi')");
    // Kubernetes' env name rule (IsEnvVarName) takes '.' and '-': the name is a prop, not a patch.
    expect(code).toContain("'my.dotted-name':");
    expect(report.objects[0].escapeHatches).not.toContainEqual(
      expect.objectContaining({ path: '/spec/template/spec/containers/0/env/1' })
    );
    const text = await cli(['import', path.join(FIXTURES, 'unmodeled-fields.yaml')]);
    expect(text.err).toContain(
      'escape hatch: add /spec/template/spec/dnsConfig: pod dnsConfig is not modeled by BatchJob'
    );
    // podReplacementPolicy is a prop (issue 19), no longer a patch.
    expect(code).toContain('podReplacementPolicy: PodReplacementPolicy.FAILED');
    expect(text.err).toContain('10 escape hatches');
  });

  test('a field no JSON patch can write (unknown to the 1.28 schema) is reported as not reproduced, exit 1', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'resized' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            // Pod-level resources: Kubernetes 1.32+, not modeled, and unknown to cdk8s-plus-28.
            resources: { limits: { cpu: '1' } },
            containers: [{ name: 'a', image: 'busybox:1.36' }],
          },
        },
      },
    };
    const result = await cli(['import', '-', '--json'], { stdin: JSON.stringify(job) });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as ImportReport;
    expect(report.objects[0].notReproduced).toEqual([
      { path: 'spec.template.spec.resources', expected: { limits: { cpu: '1' } }, actual: undefined },
    ]);
    expect(report.objects[0].warnings).toContain(
      '/spec/template/spec/resources: unknown to the Kubernetes 1.28 schema that cdk8s-plus-28 writes, so a JSON patch cannot add it'
    );
  });

  test('managedBy becomes the prop, with the kubernetesVersion that has it', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'managed' },
      spec: {
        managedBy: 'kueue.x-k8s.io/multikueue',
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'busybox:1.36' }] } },
      },
    };
    const result = await cli(['import', '-', '--json'], { stdin: JSON.stringify(job) });
    const report = JSON.parse(result.out) as ImportReport;
    expect(report.objects[0].notReproduced).toEqual([]);
    expect(report.objects[0].escapeHatches).toEqual([]);
    expect(report.code).toContain("managedBy: 'kueue.x-k8s.io/multikueue'");
    expect(report.code).toContain('kubernetesVersion: KubernetesVersion.V1_32');
    expect(result.code).toBe(0);
  });

  test('an init container with restartPolicy Always becomes a sidecars entry, probes and hooks included', async () => {
    const sidecar = {
      name: 'shipper',
      image: 'fluent/fluent-bit:3.0',
      restartPolicy: 'Always',
      readinessProbe: { tcpSocket: { port: 2020 } },
      lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
    };
    const job = (initContainers: unknown[]) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'with-sidecar' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            initContainers,
            containers: [{ name: 'a', image: 'busybox:1.36' }],
          },
        },
      },
    });
    const init = { name: 'setup', image: 'busybox:1.36', command: ['true'] };
    const result = await cli(['import', '-', '--json'], { stdin: JSON.stringify(job([sidecar, init])) });
    const report = JSON.parse(result.out) as ImportReport;
    expect(report.objects[0].notReproduced).toEqual([]);
    expect(report.objects[0].escapeHatches).toEqual([]);
    expect(flat(report.code!)).toContain(
      "sidecars: [{ name: 'shipper', image: 'fluent/fluent-bit:3.0', readinessProbe: Probe.tcp({ port: 2020 }), lifecycle: { preStop: LifecycleHandler.command(['sleep', '5']) } }]"
    );
    expect(flat(report.code!)).toContain(
      "initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }]"
    );
    expect(report.code).toContain('kubernetesVersion: KubernetesVersion.V1_29');
    expect(result.code).toBe(0);
    // A sidecar after an ordinary init container moves before it: said so.
    const moved = JSON.parse(
      (await cli(['import', '-', '--json'], { stdin: JSON.stringify(job([init, sidecar])) })).out
    ) as ImportReport;
    expect(moved.objects[0].warnings).toContain(
      '/spec/template/spec/initContainers/1: a sidecar after an ordinary init container; sidecars start before every init container, so it now starts earlier'
    );
  });

  test('--chart-only writes the chart class alone, which an app can use', async () => {
    const report = await importOf('seed-tkestack-pi.yaml', '--chart-only', '--chart-name', 'batch-jobs');
    const code = report.raw;
    expect(code).toContain('export class BatchJobsChart extends Chart {');
    expect(code).not.toContain('new App');
    expect(code).not.toContain('synth()');
    const actual = runGenerated(
      `${code}\nimport { App as TestApp } from 'cdk8s';\nconst testApp = new TestApp({ outdir: process.env.CDK8S_OUTDIR });\nnew BatchJobsChart(testApp, 'batch-jobs');\ntestApp.synth();\n`,
      'chart-only'
    );
    expect(actual.map((o) => o.metadata.name)).toEqual(['pi']);
  });

  test('--out writes the file (named after the input by default) and the report goes to stderr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-out-'));
    const result = await cli([
      'import',
      'test/fixtures/import/seed-tkestack-pi.yaml',
      '--out',
      path.join(dir, 'pi.ts'),
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/wrote .*pi\.ts: 1 BatchJob; 0 escape hatches\n$/);
    const code = readFileSync(path.join(dir, 'pi.ts'), 'utf8');
    expect(code).toContain("new SeedTkestackPiChart(app, 'seed-tkestack-pi');");
    expect(code).toContain("const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });");
    expect(readdirSync(dir)).toEqual(['pi.ts']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('standard input', async () => {
    const result = await cli(['import', '-'], {
      stdin: readFileSync(path.join(FIXTURES, 'seed-blog-echo-job.yaml'), 'utf8'),
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain('export class ImportedChart extends Chart {');
    expect(result.err).toContain('<stdin>:0 Job echo: BatchJob');
  });

  test('two objects with one name get distinct construct ids', async () => {
    const both = ['seed-blog-echo-job.yaml', 'seed-blog-echo-cronjob.yaml']
      .map((f) => readFileSync(path.join(FIXTURES, f), 'utf8'))
      .join('---\n');
    const report = JSON.parse((await cli(['import', '-', '--json'], { stdin: both })).out) as ImportReport;
    expect(report.objects.map((o) => o.id)).toEqual(['echo', 'echo-cronjob']);
  });
});

describe('bad input: one-line errors, exit 1 or 2, nothing written', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-bad-'));
    out = path.join(dir, 'out.ts');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const importText = async (text: string, ...args: string[]) => {
    const file = path.join(dir, 'input.yaml');
    writeFileSync(file, text);
    return cli(['import', file, '--out', out, ...args]);
  };
  const expectOneLineErrors = (err: string) => {
    for (const line of err.trimEnd().split('\n')) expect(line).toMatch(/^cdk8s-batch import: /);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  };
  const good = readFileSync(path.join(FIXTURES, 'seed-tkestack-pi.yaml'), 'utf8');

  test('malformed YAML: file and line, exit 2; the good documents are not written either', async () => {
    const result = await importText(`${good}---\nkind: Job\nmetadata: {name: [\n`);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^cdk8s-batch import: .*input\.yaml:1: malformed YAML: line 19, column \d+: /m
    );
    expect(result.err).toContain('nothing written (1 problem)');
    expectOneLineErrors(result.err);
    expect(existsSync(out)).toBe(false);
  });

  test('a document without kind, exit 1', async () => {
    const result = await importText('apiVersion: batch/v1\nmetadata:\n  name: x\n');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/input\.yaml:0 \?\/x: the document has no kind\n/);
    expectOneLineErrors(result.err);
    expect(existsSync(out)).toBe(false);
  });

  test('an unknown apiVersion, exit 1', async () => {
    const result = await importText(good.replace('batch/v1', 'batch/v2'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('Job/pi: unknown apiVersion "batch/v2" for a Job (expected batch/v1)');
    expectOneLineErrors(result.err);
    expect(existsSync(out)).toBe(false);
  });

  test('a CronJob schedule CronBatch rejects, exit 1', async () => {
    const result = await importText(
      readFileSync(path.join(FIXTURES, 'cronjob-v1.yaml'), 'utf8').replace('30 2 * * 1-5', '0 0 31 2 *')
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /CronJob\/reports\/nightly-report: spec\.schedule "0 0 31 2 \*" is not accepted by CronBatch: /
    );
    expectOneLineErrors(result.err);
  });

  test('a file that does not exist, exit 2', async () => {
    const result = await cli(['import', path.join(dir, 'missing.yaml'), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `cdk8s-batch import: no such file or folder: ${path.join(dir, 'missing.yaml')}\n`
    );
  });

  test('an empty input, exit 2', async () => {
    const result = await importText('# nothing here\n');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^cdk8s-batch import: no Kubernetes objects in .*input\.yaml \(the input is empty\)\n$/
    );
    expect((await cli(['import', '-'], { stdin: '' })).code).toBe(2);
  });

  test('only other kinds, exit 1', async () => {
    const result = await importText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    expect(result.code).toBe(1);
    expect(result.err).toContain('no Job or CronJob to import (1 other object skipped)');
    expect(existsSync(out)).toBe(false);
  });

  test('usage errors, exit 2', async () => {
    expect((await cli(['import'])).err).toBe(
      "cdk8s-batch import: give one file, folder or - (standard input) to import; see 'cdk8s-batch import --help'\n"
    );
    expect((await cli(['import', 'a.yaml', 'b.yaml'])).code).toBe(2);
    expect(
      (await cli(['import', 'test/fixtures/import/seed-tkestack-pi.yaml', '--out', 'pi.js'])).err
    ).toContain('--out must name a .ts file (got "pi.js")');
    const noFolder = await cli([
      'import',
      'test/fixtures/import/seed-tkestack-pi.yaml',
      '--out',
      path.join(dir, 'no', 'such', 'x.ts'),
    ]);
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toContain('folder');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the output replaces an existing file only when complete (temp file and rename)', async () => {
    writeFileSync(out, '// the previous version\n');
    const failed = await importText('kind: Job\n');
    expect(failed.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('// the previous version\n');
    const ok = await importText(good);
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('export class InputChart');
    expect(readdirSync(dir).sort()).toEqual(['input.yaml', 'out.ts']);
  });

  test('--help', async () => {
    const result = await cli(['import', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: cdk8s-batch import [options] <file|folder|->');
    expect(result.out).toContain('--chart-only');
    expect(result.out).toContain('--exact');
  });
});

describe('import helpers', () => {
  test('quantities compare by value, as the API server stores them', () => {
    const same = (a: unknown, b: unknown) => expect(canonicalQuantity(a)).toBe(canonicalQuantity(b));
    same('500m', '0.5');
    same('1Gi', '1024Mi');
    same('1k', '1e3');
    same('2', 2);
    expect(canonicalQuantity('1G')).not.toBe(canonicalQuantity('1Gi'));
    expect(parseQuantity('1.5x')).toBeUndefined();
  });

  test('an exact quantity is the nano-unit reading, and a hostile exponent is refused', () => {
    // One reading of quantity text (lib/rules/quantity.ts) serves both forms.
    for (const text of ['500m', '0.5', '1.5Gi', '2e3', '-3k', '1n', '0.0000000015', 2.5]) {
      const q = parseQuantity(text)!;
      const nanos = quantityNanos(text)!;
      expect((q.num * 1_000_000_000n + q.den - 1n) / q.den).toBe(nanos);
    }
    expect(parseQuantity('1e100')).toEqual({ num: 10n ** 100n, den: 1n });
    // Before, these built a BigInt of a hundred million digits.
    expect(parseQuantity('1e99999999')).toBeUndefined();
    expect(parseQuantity('1e-99999999')).toBeUndefined();
  });

  test('patch paths use the L1 field names and escape map keys', () => {
    const job = kindType('batch/v1', 'Job');
    expect(l1Pointer(job, ['spec', 'template', 'spec', 'hostIPC'])).toBe('/spec/template/spec/hostIpc');
    expect(l1Pointer(job, ['metadata', 'labels', 'hostIPC'])).toBe('/metadata/labels/hostIPC');
    expect(l1Pointer(job, ['metadata', 'annotations', 'a.io/b~c'])).toBe('/metadata/annotations/a.io~1b~0c');
  });

  test('GPU resources a stack would render differently are not taken for a request', () => {
    expect(recognizeGpu({ limits: { cpu: '1' } })).toBeUndefined();
    expect(recognizeGpu({ limits: { 'nvidia.com/gpu': 1, 'nvidia.com/gpucores': 150 } })).toMatchObject({
      unrecognized: expect.stringContaining('coresPercent'),
    });
    expect(recognizeGpu({ limits: { 'nvidia.com/gpu': '500m' } })).toEqual({
      unrecognized: 'nvidia.com/gpu is not a whole number',
      resourceNames: ['nvidia.com/gpu'],
    });
  });

  test.each([
    // gpu-manager counts memory in 256 MiB units, qGPU and cGPU in GiB (reference/gpu.md).
    [
      { 'tencent.com/vcuda-core': 50, 'tencent.com/vcuda-memory': 8 },
      { coresPercent: 50, memoryMib: 2048 },
      'tkestackGpuManager',
    ],
    [
      { 'tke.cloud.tencent.com/qgpu-core': 30, 'tke.cloud.tencent.com/qgpu-memory': 4 },
      { coresPercent: 30, memoryMib: 4096 },
      'tencentQgpu',
    ],
    [{ 'aliyun.com/gpu-mem': 6 }, { memoryMib: 6144 }, 'aliyunCgpu'],
  ])(
    "a share of one card is recognized with its stack's memory unit: %j",
    (limits, options, stackFactory) => {
      expect(recognizeGpu({ limits })).toMatchObject({
        mode: 'virtual',
        options: { cards: 1, ...options },
        stackFactory,
      });
    }
  );

  test('a selector written by hand is kept (only the generated one is removed)', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x', uid: 'u' },
      spec: {
        manualSelector: true,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } },
      },
    };
    const { object, removed } = stripServerFields(job);
    expect(object.spec).toEqual(job.spec);
    expect(removed).toEqual(['metadata.uid']);
  });

  test('--json on bad input: the problems, no code', async () => {
    const result = await cli(['import', '-', '--json'], {
      stdin: 'apiVersion: batch/v1\nkind: Job\n---\nkind: Job\n',
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as ImportReport;
    expect(report.output).toBeNull();
    expect(report.code).toBeUndefined();
    expect(report.errors.map((e) => e.message)).toEqual([
      'spec is missing',
      'the document has no apiVersion',
    ]);
  });
});
