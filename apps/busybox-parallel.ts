import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { App, Chart } from 'cdk8s';
import { BatchJob, JobPattern } from '../lib';

/**
 * Alibaba Cloud ACK's example: a busybox Job of the "fixed completions in parallel" pattern,
 * in the `default` namespace, with CPU/memory requests and limits as in the console form.
 */
export function busyboxParallelChart(app: App): Chart {
  const chart = new Chart(app, 'busybox-parallel');
  new BatchJob(chart, 'busybox', {
    name: 'busybox-parallel',
    namespace: 'default',
    displayName: 'busybox 并行任务',
    pattern: JobPattern.fixedCompletions({ completions: 4, parallelism: 2 }),
    backoffLimit: 6,
    containers: [
      {
        name: 'busybox',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo "work item on $(hostname)"; sleep 5'],
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
      },
    ],
  });
  return chart;
}
