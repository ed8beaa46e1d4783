import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Size, Testing } from 'cdk8s';
import fc from 'fast-check';
import {
  BatchJob,
  ContainerProps,
  CronBatch,
  Gpu,
  GpuJob,
  JobBase,
  PodSecurityLevel,
  podSecurityLevel,
  podSecurityViolations,
  RunAs,
  Schedule,
  Volume,
} from '../lib';
import { CONSTRUCT_KINDS, ConstructKind, Scenario, validScenario } from './support/arbitraries';
import { build, Manifest, podTemplatesOf, readYaml } from './support/build';
import { fuzzParameters } from './support/fuzz';

/*
 * Restricted by default, and the `cdk8s-batch.io/pod-security` annotation tells the truth.
 *
 * Every pod template in dist/ (Jobs and CronJob job templates) and in generated prop sets is
 * evaluated with lib/rules/pod-security.ts (the checks of the Kubernetes "Pod Security Standards"
 * page, policy v1.28). The annotation must equal the strictest level the rendered pod meets; for
 * generated props it must also equal a level predicted from the props alone, opt-in by opt-in.
 */

const ANNOTATION = 'cdk8s-batch.io/pod-security';
const LEVELS = [PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED];
/** Capabilities "baseline" allows to be added (Pod Security Standards, "Capabilities"). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** The Job or CronJob object of a manifest list, with its pod template. */
function workloads(objects: Manifest[]): { obj: Manifest; template: Manifest; where: string }[] {
  return objects.flatMap((obj) =>
    podTemplatesOf(obj).map(({ path: p, template }) => ({ obj, template, where: p }))
  );
}

/** The level the rendered pod meets, by the Pod Security Standards checks. */
function levelOfTemplate(template: Manifest): PodSecurityLevel {
  return podSecurityLevel(template.spec ?? {}, template.metadata?.annotations ?? {});
}

/**
 * The level a scenario's pods should meet, predicted from the props: each opt-in of the tables in
 * docs/security.md ("Pod security") and docs/pod-template.md lowers it. `JobDefaults` apply to props that are not given or given as undefined.
 */
function predictedLevel(s: Scenario): PodSecurityLevel {
  const p = s.props;
  let level = 0;
  const atMost = (l: PodSecurityLevel) => (level = Math.max(level, LEVELS.indexOf(l)));
  const runAs = p.runAs ?? s.defaults?.runAs ?? RunAs.DEFAULT;
  if (runAs.kind === 'root') atMost(PodSecurityLevel.BASELINE);
  if (p.network?.kind === 'host') atMost(PodSecurityLevel.PRIVILEGED);
  const containers: ContainerProps[] = [
    ...(p.containers ?? []),
    ...(p.sidecars ?? []),
    ...(p.initContainers ?? []),
  ];
  const volumes: Volume[] = [
    ...(p.volumes ?? []),
    ...containers.flatMap((c) =>
      (c.volumeMounts ?? []).map((m) => m.volume).filter((v) => v instanceof Volume)
    ),
  ];
  for (const c of containers) {
    if (c.privileged === true) atMost(PodSecurityLevel.PRIVILEGED);
    // A container's own RunAs.root() is the same opt-in as the pod's.
    if (c.runAs?.kind === 'root') atMost(PodSecurityLevel.BASELINE);
    if (c.allowPrivilegeEscalation === true) atMost(PodSecurityLevel.BASELINE);
    for (const cap of c.capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.has(cap)) atMost(PodSecurityLevel.PRIVILEGED);
      else if (cap !== 'NET_BIND_SERVICE') atMost(PodSecurityLevel.BASELINE);
    }
    if (c.capabilities?.drop !== undefined && !c.capabilities.drop.includes('ALL'))
      atMost(PodSecurityLevel.BASELINE);
  }
  for (const v of volumes) {
    if (v.source.kind === 'hostPath') atMost(PodSecurityLevel.PRIVILEGED);
    if (v.source.kind === 'nfs') atMost(PodSecurityLevel.BASELINE);
  }
  for (const [key, value] of Object.entries(p.podAnnotations ?? {})) {
    const appArmor = key.startsWith('container.apparmor.security.beta.kubernetes.io/');
    if (appArmor && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      atMost(PodSecurityLevel.PRIVILEGED);
    }
  }
  return LEVELS[level];
}

/** Every manifest file under dir, recursively. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return yamlFiles(full);
      return name.endsWith('.yaml') ? [full] : [];
    });
}

describe('pod templates in dist/', () => {
  const distDir = path.join(__dirname, '..', 'dist');
  const pods = yamlFiles(distDir).flatMap((file) =>
    workloads(readYaml(readFileSync(file, 'utf8'))).map((w) => ({
      name: `${path.relative(distDir, file)} ${w.obj.kind} ${w.obj.metadata?.name}`,
      ...w,
    }))
  );

  test('there are Jobs and CronJobs to check', () => {
    expect(pods.filter((p) => p.obj.kind === 'Job').length).toBeGreaterThan(5);
    expect(pods.filter((p) => p.obj.kind === 'CronJob').length).toBeGreaterThan(0);
  });

  test.each(pods.map((p) => [p.name, p] as const))(
    '%s: the annotation is the strictest level the pod meets',
    (_name, { obj, template }) => {
      expect(obj.metadata.annotations[ANNOTATION]).toBe(levelOfTemplate(template));
    }
  );

  test('every example pod is restricted except kitchen-sink, which opts into privileged features', () => {
    const notRestricted = pods
      .filter((p) => levelOfTemplate(p.template) !== PodSecurityLevel.RESTRICTED)
      .map((p) => `${p.name}: ${levelOfTemplate(p.template)}`);
    expect(notRestricted).toEqual([expect.stringMatching(/^kitchen-sink\.k8s\.yaml Job .*: privileged$/)]);
  });
});

describe('defaults are restricted', () => {
  const minimal: Record<ConstructKind, (chart: ReturnType<typeof Testing.chart>) => JobBase> = {
    BatchJob: (chart) => new BatchJob(chart, 'job', { containers: [{ image: 'busybox:1.36' }] }),
    GpuJob: (chart) =>
      new GpuJob(chart, 'job', { gpu: Gpu.wholeCard({ count: 1 }), containers: [{ image: 'busybox:1.36' }] }),
    CronBatch: (chart) =>
      new CronBatch(chart, 'job', { schedule: Schedule.daily(), containers: [{ image: 'busybox:1.36' }] }),
  };

  test.each(CONSTRUCT_KINDS)(
    '%s with only the required props is restricted, without a single violation',
    (kind) => {
      const chart = Testing.chart();
      const job = minimal[kind](chart);
      const [w] = workloads(Testing.synth(chart));
      expect(podSecurityViolations(w.template.spec, w.template.metadata?.annotations ?? {})).toEqual([]);
      expect(w.obj.metadata.annotations[ANNOTATION]).toBe(PodSecurityLevel.RESTRICTED);
      expect(job.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    }
  );

  test('a GpuJob with a sized /dev/shm is still restricted (memory-backed emptyDir)', () => {
    const chart = Testing.chart();
    new GpuJob(chart, 'job', {
      gpu: Gpu.wholeCard({ count: 1 }),
      sharedMemory: Size.gibibytes(8),
      containers: [{ image: 'busybox:1.36' }],
    });
    expect(Testing.synth(chart)[0].metadata.annotations[ANNOTATION]).toBe(PodSecurityLevel.RESTRICTED);
  });
});

const fuzz = fuzzParameters();

describe.each(CONSTRUCT_KINDS)('%s pods in generated prop sets', (kind) => {
  test(
    'the annotation is the level the rendered pod meets, and the level the props predict',
    () => {
      fc.assert(
        fc.property(validScenario(kind), (s) => {
          const { chart, construct } = build(s);
          const [w] = workloads(chart.toJson());
          const annotation = w.obj.metadata.annotations[ANNOTATION];
          expect(annotation).toBe(levelOfTemplate(w.template));
          expect(annotation).toBe(predictedLevel(s));
          expect(construct.podSecurityLevel).toBe(annotation);
        }),
        fuzz.parameters(fuzz.runs(60))
      );
    },
    fuzz.timeout
  );
});
