/**
 * The benchmark fleet: the same N batch jobs built five ways. Each job has two containers (a worker
 * and an uploader), env (literal and from a Secret key), CPU/memory requests and limits, a shared
 * emptyDir volume mounted in both, a named port and liveness probes (HTTP and command).
 *
 * The raw variant writes by hand the Job our `BatchJob` renders (same pod and job spec, restricted
 * security context, explicit probe timings), so the two produce the same manifests but for our
 * labels and annotations. cdk8s-plus-28's `Job` gets the same pod; it cannot set completions or
 * parallelism, and it renders its own defaults (e.g. its security context).
 */
import { App, Chart, Duration, Size, Yaml } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BatchJob,
  ContainerProps,
  CronBatch,
  EmptyDirMedium,
  EnvValue,
  Gpu,
  GpuJob,
  JobPattern,
  Probe,
  Schedule,
  Volume,
} from '../lib';
import { addCdk8sFleet, BUCKET, CHARTS, NAMESPACE, UPLOADER_IMAGE, WORKER_IMAGE } from './fleet-cdk8s';

export { CHARTS };

export const VARIANTS = ['raw', 'plus', 'batchJob', 'gpuJob', 'cronBatch'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<Variant, string> = {
  raw: '(a) raw k8s.KubeJob',
  plus: '(b) cdk8s-plus-28 Job',
  batchJob: '(c) BatchJob',
  gpuJob: '(d) GpuJob',
  cronBatch: '(e) CronBatch',
};

/** The two containers of job `i`, as `BatchJob` props. */
function ourContainers(i: number, scratch: Volume): ContainerProps[] {
  return [
    {
      name: 'worker',
      image: WORKER_IMAGE(i),
      command: ['worker', '--shard', String(i)],
      env: {
        LOG_LEVEL: 'info',
        SHARD: String(i),
        API_TOKEN: EnvValue.fromSecretKey('api', 'token'),
      },
      resources: {
        cpu: { request: Cpu.millis(500), limit: Cpu.units(1) },
        memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
      },
      ports: [{ name: 'http', number: 8080 }],
      volumeMounts: [{ volume: scratch, mountPath: '/scratch' }],
      livenessProbe: Probe.http({ path: '/healthz', port: 8080, period: Duration.seconds(20) }),
    },
    {
      name: 'uploader',
      image: UPLOADER_IMAGE,
      args: ['--dir', '/scratch', '--bucket', BUCKET(i)],
      env: { BUCKET: BUCKET(i) },
      resources: {
        cpu: { request: Cpu.millis(100), limit: Cpu.millis(200) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
      },
      volumeMounts: [{ volume: scratch, mountPath: '/scratch' }],
      livenessProbe: Probe.command(['cat', '/tmp/healthy']),
    },
  ];
}

function ourProps(i: number) {
  const scratch = Volume.emptyDir('scratch', {
    medium: EmptyDirMedium.DEFAULT,
    sizeLimit: Size.gibibytes(1),
  });
  return {
    name: `job-${i}`,
    namespace: NAMESPACE,
    labels: { team: `team-${i % CHARTS}` },
    pattern: JobPattern.fixedCompletions({ completions: 4, parallelism: 2 }),
    backoffLimit: 3,
    activeDeadline: Duration.hours(1),
    containers: ourContainers(i, scratch),
  };
}

/** Builds an app with `n` jobs of one variant in `CHARTS` charts. */
export function buildFleet(variant: Variant, n: number): App {
  const app = new App({ outdir: '/nonexistent' });
  addFleet(app, variant, n);
  return app;
}

/** Adds the fleet's `CHARTS` charts holding `n` jobs of `variant` to `app`. */
export function addFleet(app: App, variant: Variant, n: number): void {
  if (variant === 'raw' || variant === 'plus') return addCdk8sFleet(app, variant, n);
  const charts = Array.from({ length: CHARTS }, (_, c) => new Chart(app, `team-${c}`));
  for (let i = 0; i < n; i++) {
    const chart = charts[i % CHARTS];
    switch (variant) {
      case 'batchJob':
        new BatchJob(chart, `job-${i}`, ourProps(i));
        break;
      case 'gpuJob':
        new GpuJob(chart, `job-${i}`, { ...ourProps(i), gpu: Gpu.wholeCard({ count: 1 }) });
        break;
      case 'cronBatch':
        new CronBatch(chart, `job-${i}`, {
          ...ourProps(i),
          name: `cron-${i}`,
          schedule: Schedule.cron(`${i % 60} ${i % 24} * * *`),
          timeZone: 'Asia/Shanghai',
        });
        break;
    }
  }
}

/**
 * Synthesizes every chart to Kubernetes JSON, as `Testing.synth` and `app.synthYaml()` do (chart by
 * chart, each `chart.toJson()` resolving and validating the app): the library's share of synthesis.
 */
export function synthFleet(app: App): unknown[] {
  const docs: unknown[] = [];
  for (const chart of app.charts) docs.push(...Object.values(chart.toJson()));
  return docs;
}

/** The manifests as the YAML `app.synthYaml()` returns: the same for every variant per byte. */
export function toYaml(docs: unknown[]): string {
  return Yaml.stringify(...docs);
}
