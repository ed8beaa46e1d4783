/** ACK Logtail config names across an app (lib/constructs/logtail-names.ts; issue 19). */
import { App, Chart, Testing } from 'cdk8s';
import { BatchJob, collectWarnings, CronBatch, JobDefaults, Platform, Schedule, Volume } from '../lib';

const IMAGE = 'example/batch:1.0';

/** An app with one chart per namespace, each defaulting to `Platform.ack()`. */
function ackApp(...namespaces: string[]): { app: App; charts: Chart[] } {
  const app = Testing.app();
  const charts = namespaces.map((namespace) => {
    const chart = new Chart(app, namespace, { namespace });
    JobDefaults.set(chart, { platform: Platform.ack() });
    return chart;
  });
  return { app, charts };
}

const stdoutJob = (chart: Chart, id: string, extra: object = {}) =>
  new BatchJob(chart, id, { containers: [{ image: IMAGE, logs: { stdout: true }, ...extra }] });

describe('ACK Logtail config names across the app', () => {
  test('two Jobs with the default name and the same settings: a warning on each, naming the other', () => {
    // GIVEN
    const { app, charts } = ackApp('team-a', 'team-b');
    // WHEN
    stdoutJob(charts[0], 'train');
    stdoutJob(charts[1], 'report');
    // THEN
    const how =
      "set a distinct logs.ack.name on one of them (e.g. the Job's name; logs.ack.logstore keeps one logstore for both)";
    expect(collectWarnings(app)).toEqual([
      {
        path: 'team-a/train',
        message:
          'container "main": Logtail config "aliyun_logs_main" is also declared by team-b/report (container "main"): ' +
          'config names are unique in the cluster, so both Jobs share one collection config and their logs one ' +
          `logstore; if that is not meant, ${how}`,
      },
      {
        path: 'team-b/report',
        message:
          'container "main": Logtail config "aliyun_logs_main" is also declared by team-a/train (container "main"): ' +
          'config names are unique in the cluster, so both Jobs share one collection config and their logs one ' +
          `logstore; if that is not meant, ${how}`,
      },
    ]);
    expect(() => app.synth()).not.toThrow();
  });

  test('fails at synth when two Jobs declare one config name with other settings', () => {
    // GIVEN
    const { app, charts } = ackApp('batch');
    const logs = Volume.emptyDir('logs');
    // WHEN
    stdoutJob(charts[0], 'train');
    new BatchJob(charts[0], 'export', {
      containers: [
        {
          image: IMAGE,
          volumeMounts: [{ volume: logs, mountPath: '/var/log/app' }],
          logs: { stdout: true, ack: { logstore: 'exports', ttlDays: 7 } },
        },
      ],
    });
    // THEN
    const how =
      "set a distinct logs.ack.name on one of them (e.g. the Job's name; logs.ack.logstore keeps one logstore for both)";
    expect(() => app.synth()).toThrow(
      'Validation failed with the following errors:\n' +
        '  [batch/train] container "main": Logtail config "aliyun_logs_main" is also declared by batch/export ' +
        '(container "main") with other settings (source "stdout" here; source "stdout", logstore "exports", ' +
        'ttl "7" there). A config name is one collection config in the cluster, so one Job\'s settings would ' +
        `replace the other's: ${how}\n` +
        '  [batch/export] container "main": Logtail config "aliyun_logs_main" is also declared by batch/train ' +
        '(container "main") with other settings (source "stdout", logstore "exports", ttl "7" here; source ' +
        '"stdout" there). A config name is one collection config in the cluster, so one Job\'s settings would ' +
        `replace the other's: ${how}`
    );
    expect(collectWarnings(app)).toEqual([]);
  });

  test('distinct names (logs.ack.name), or another platform: nothing to report', () => {
    const { app, charts } = ackApp('batch');
    stdoutJob(charts[0], 'train', { logs: { stdout: true, ack: { name: 'train' } } });
    stdoutJob(charts[0], 'report', { logs: { stdout: true, ack: { name: 'report', logstore: 'train' } } });
    const other = new Chart(app, 'plain');
    stdoutJob(other, 'plain-a');
    stdoutJob(other, 'plain-b');
    expect(collectWarnings(app)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('a container added after construction counts (a CronBatch and a BatchJob), and a file config too', () => {
    // GIVEN
    const { app, charts } = ackApp('batch');
    const cron = new CronBatch(charts[0], 'nightly', { schedule: Schedule.cron('0 2 * * *') });
    stdoutJob(charts[0], 'train', { name: 'worker', logs: { stdout: false, files: ['/var/log/a.log'] } });
    expect(collectWarnings(app)).toEqual([]); // the app-wide index is built here, then must follow the change
    // WHEN
    cron.addContainer({
      image: IMAGE,
      name: 'worker',
      volumeMounts: [{ volume: Volume.emptyDir('logs'), mountPath: '/var/log' }],
      logs: { stdout: false, files: ['/var/log/b.log'] },
    });
    // THEN
    expect(() => app.synth()).toThrow(
      /\[batch\/nightly\] container "worker": Logtail config "aliyun_logs_worker-1" is also declared by batch\/train \(container "worker"\) with other settings \(source "\/var\/log\/b.log" here; source "\/var\/log\/a.log" there\)/
    );
    expect(() => app.synth()).toThrow(
      /\[batch\/train\] container "worker": Logtail config "aliyun_logs_worker-1" is also declared by batch\/nightly/
    );
  });
});
