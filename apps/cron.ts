import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ConcurrencyPolicy, CronBatch, RestartPolicy, Schedule } from '../lib';

/**
 * The blog's CronJob, moved from `batch/v1beta1` (not served since Kubernetes 1.25) to `batch/v1`:
 * every minute busybox prints one line; a failed container is restarted in place.
 */
export function echoCronChart(app: App): Chart {
  const chart = new Chart(app, 'echo-cron');
  new CronBatch(chart, 'echo', {
    name: 'echo-cron',
    schedule: Schedule.cron('* * * * *'),
    restartPolicy: RestartPolicy.ON_FAILURE,
    containers: [{ name: 'echo', image: 'busybox:1.36', command: ['sh', '-c', 'echo this a job'] }],
  });
  return chart;
}

/**
 * A nightly report at 02:00 Beijing time. Forbid: a report still running the next night is not
 * started twice; a run missed by more than 30 minutes (controller down) is skipped. The Jobs of the
 * last 7 good and 3 failed nights are kept for their logs (no TTL, so the history limits decide).
 */
export function nightlyReportChart(app: App): Chart {
  const chart = new Chart(app, 'nightly-report');
  new CronBatch(chart, 'report', {
    name: 'nightly-report',
    description: "Builds the previous day's sales report at 02:00 Beijing time",
    schedule: Schedule.cron('0 2 * * *'),
    timeZone: 'Asia/Shanghai',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    startingDeadline: Duration.minutes(30),
    successfulJobsHistoryLimit: 7,
    failedJobsHistoryLimit: 3,
    ttlAfterFinished: null,
    activeDeadline: Duration.hours(2),
    backoffLimit: 2,
    jobLabels: { app: 'nightly-report' },
    podLabels: { app: 'nightly-report' },
    containers: [
      {
        name: 'report',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo "building the report for the previous day"'],
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        },
      },
    ],
  });
  return chart;
}
