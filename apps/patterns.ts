import { App, Chart } from 'cdk8s';
import { BatchJob, JobPattern, PodFailureAction, PodFailureRule } from '../lib';

/**
 * One chart per Job pattern, with the use case the seeds give for it.
 */

const worker = (command: string) => ({
  name: 'worker',
  image: 'busybox:1.36',
  command: ['sh', '-c', command],
});

/** One-off: one pod until it succeeds once, e.g. a database migration. */
export function oneOffChart(app: App): Chart {
  const chart = new Chart(app, 'pattern-one-off');
  new BatchJob(chart, 'migrate', {
    name: 'db-migrate',
    description: 'One-off: runs the schema migration once',
    pattern: JobPattern.oneOff(),
    podFailurePolicy: [
      PodFailureRule.ignoreDisruptions(),
      PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [42], containerName: 'worker' }),
    ],
    containers: [worker('echo migrating; exit 0')],
  });
  return chart;
}

/** Fixed completion count: N pods succeed one after another. */
export function fixedCompletionsChart(app: App): Chart {
  const chart = new Chart(app, 'pattern-fixed-completions');
  new BatchJob(chart, 'sequential', {
    name: 'process-sequentially',
    description: 'Fixed completions: five pods, one at a time',
    pattern: JobPattern.fixedCompletions({ completions: 5 }),
    containers: [worker('echo processing one item')],
  });
  return chart;
}

/** Fixed completion count in parallel: N pods must succeed, M at a time. */
export function fixedParallelChart(app: App): Chart {
  const chart = new Chart(app, 'pattern-fixed-parallel');
  new BatchJob(chart, 'parallel', {
    name: 'process-in-parallel',
    description: 'Fixed completions in parallel: eight pods, three at a time',
    pattern: JobPattern.fixedCompletions({ completions: 8, parallelism: 3 }),
    containers: [worker('echo processing one item')],
  });
  return chart;
}

/** Work queue: M pods drain a queue; the Job succeeds once one pod succeeds and all have ended. */
export function workQueueChart(app: App): Chart {
  const chart = new Chart(app, 'pattern-work-queue');
  new BatchJob(chart, 'queue', {
    name: 'drain-queue',
    description: 'Work queue: four workers take items until the queue is empty',
    pattern: JobPattern.workQueue({ parallelism: 4 }),
    containers: [
      {
        ...worker('while item=$(next-item); do process "$item"; done'),
        env: { QUEUE_URL: 'redis://queue.default.svc:6379/0' },
      },
    ],
  });
  return chart;
}

/** Indexed: each pod gets an index and its own work item. */
export function indexedChart(app: App): Chart {
  const chart = new Chart(app, 'pattern-indexed');
  new BatchJob(chart, 'shards', {
    name: 'render-shards',
    description: 'Indexed: one pod per shard, two at a time, each reads its own work item',
    pattern: JobPattern.indexed({
      completions: 3,
      parallelism: 2,
      workItems: ['shard-a', 'shard-b', 'shard-c'],
    }),
    containers: [worker('echo "index $JOB_COMPLETION_INDEX: $(cat "$WORK_ITEM_FILE")"')],
  });
  return chart;
}
