/**
 * The benchmark fleet built with cdk8s-batch (see `fleet.ts`): `BatchJob`, `GpuJob` or `CronBatch`, in
 * a module of its own that loads neither cdk8s-plus nor the raw and cdk8s-plus variants, so a
 * whole-process run (`process-fleet.ts`) loads only what an app of ours would: CPU amounts are
 * quantity strings (`'500m'`, as in the README's examples), which render the same manifests as
 * cdk8s-plus' `Cpu.millis(500)`.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
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
} from 'cdk8s-batch';
import { BUCKET, CHARTS, NAMESPACE, UPLOADER_IMAGE, WORKER_IMAGE } from './fleet-spec';

export const OUR_VARIANTS = ['batchJob', 'gpuJob', 'cronBatch'] as const;
export type OurVariant = (typeof OUR_VARIANTS)[number];

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
        cpu: { request: '500m', limit: '1' },
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
        cpu: { request: '100m', limit: '200m' },
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

/** Adds the fleet's `CHARTS` charts holding `n` jobs of one of our constructs to `app`. */
export function addOurFleet(app: App, variant: OurVariant, n: number): void {
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
