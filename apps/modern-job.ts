import { App, Chart, Size } from 'cdk8s';
import {
  BatchJob,
  JobDefaults,
  JobPattern,
  KubernetesVersion,
  PodFailureAction,
  PodFailureRule,
  Probe,
  Volume,
} from '../lib';

/**
 * The Kubernetes version the modern-job app is synthesized for: dist/modern/ is validated at it
 * (DIST_KUBERNETES_VERSIONS in apps/index.ts).
 */
export const MODERN_KUBERNETES_VERSION = KubernetesVersion.V1_33;

/**
 * Fields a newer Kubernetes enables, set once for the whole app with `JobDefaults`: a native sidecar that
 * ships the Job's log files (and no longer keeps the Job from completing), per-index retries with a
 * `FailIndex` rule, and a Job that MultiKueue dispatches to a worker cluster (`managedBy`).
 */
export function modernJobApp(app: App): void {
  JobDefaults.set(app, { kubernetesVersion: MODERN_KUBERNETES_VERSION });
  const chart = new Chart(app, 'modern-job');
  const logs = Volume.emptyDir('logs', { sizeLimit: Size.gibibytes(1) });
  new BatchJob(chart, 'render', {
    name: 'render-frames',
    description: 'Renders 8 frame ranges; a log shipper sidecar sends /var/log/render while they run',
    pattern: JobPattern.indexed({
      completions: 8,
      parallelism: 4,
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 2,
    }),
    podFailurePolicy: [
      PodFailureRule.ignoreDisruptions(),
      // Exit code 42: this frame range cannot be rendered; retrying it will not help.
      PodFailureRule.onExitCodes(PodFailureAction.FAIL_INDEX, { codes: [42], containerName: 'render' }),
    ],
    volumes: [logs],
    containers: [
      {
        name: 'render',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo "rendering range $JOB_COMPLETION_INDEX" >> /var/log/render/frames.log'],
        volumeMounts: [{ volume: logs, mountPath: '/var/log/render' }],
        logs: { directory: '/var/log/render' },
      },
    ],
    sidecars: [
      {
        name: 'log-shipper',
        image: 'fluent/fluent-bit:3.0.7',
        args: ['-i', 'tail', '-p', 'path=/var/log/render/*.log', '-o', 'stdout'],
        volumeMounts: [{ volume: logs, mountPath: '/var/log/render', readOnly: true }],
        resources: {
          cpu: { request: '50m', limit: '200m' },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
        // Unlike an init container, a sidecar may have probes: the next container starts once it is up.
        startupProbe: Probe.command(['sh', '-c', 'test -d /var/log/render']),
      },
    ],
  });
  new BatchJob(chart, 'train', {
    name: 'multikueue-train',
    description: 'Queued in Kueue and run on a worker cluster that MultiKueue picks',
    queue: 'team-a',
    managedBy: 'kueue.x-k8s.io/multikueue',
    pattern: JobPattern.fixedCompletions({ completions: 1 }),
    containers: [{ name: 'train', image: 'busybox:1.36', command: ['sh', '-c', 'echo training'] }],
  });
}
