import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './support/cli';
import type { SummaryReport } from '../cli/commands/summary';
import { formatDuration } from '../cli/summarize';

const FIXTURES = 'test/fixtures/import';
const NOW = '2026-05-01T00:00:00Z';

async function report(...args: string[]): Promise<SummaryReport> {
  const result = await cli(['summary', ...args, '--json', '--now', NOW]);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as SummaryReport;
}

const fixture = (name: string) => path.join(FIXTURES, `${name}.yaml`);

describe('summary rows', () => {
  test('pattern, completions/parallelism, peak pods, restart policy, deadline, security', async () => {
    const { rows } = await report(
      fixture('seed-tkestack-pi'),
      fixture('work-queue'),
      fixture('indexed'),
      fixture('fixed-completions-parallel-normalized'),
      fixture('seed-dce-helm-operation'),
      fixture('one-off-migration'),
      fixture('security-privileged')
    );
    const pick = rows.map((r) => ({
      name: `${r.namespace ?? '-'}/${r.name}`,
      pattern: r.pattern,
      counts: `${r.completions ?? '-'}/${r.parallelism}`,
      peak: r.peakPods,
      restart: r.restartPolicy,
      deadline: r.deadlineSeconds,
      security: r.security,
    }));
    expect(pick).toEqual([
      {
        name: '-/pi',
        pattern: 'fixedCompletions',
        counts: '2/2',
        peak: 2,
        restart: 'Never',
        deadline: null,
        security: 'baseline',
      },
      {
        name: 'batch/queue-workers',
        pattern: 'workQueue',
        counts: '-/3',
        peak: 3,
        restart: 'OnFailure',
        deadline: null,
        security: 'baseline',
      },
      {
        name: '-/shard-index',
        pattern: 'indexed',
        counts: '10/3',
        peak: 3,
        restart: 'Never',
        deadline: null,
        security: 'baseline',
      },
      // Kubernetes runs at most `completions` pods at once.
      {
        name: '-/render-frames',
        pattern: 'fixedCompletions',
        counts: '4/8',
        peak: 4,
        restart: 'Never',
        deadline: null,
        security: 'baseline',
      },
      {
        name: 'gpu-operator/helm-operation-install-gpu-operator-r9qgklbfzr',
        pattern: 'oneOff',
        counts: '1/1',
        peak: 1,
        restart: 'Never',
        deadline: 1800,
        security: 'baseline',
      },
      {
        name: 'payments/db-migrate',
        pattern: 'oneOff',
        counts: '1/1',
        peak: 1,
        restart: 'Never',
        deadline: 900,
        security: 'restricted',
      },
      {
        name: 'kube-system/node-maintenance',
        pattern: 'oneOff',
        counts: '1/1',
        peak: 1,
        restart: 'Never',
        deadline: null,
        security: 'privileged',
      },
    ]);
  });

  test('GPU requests: mode, count and the stack recognized from the resource names', async () => {
    const names = [
      'nvidia-whole-card',
      'mig',
      'hami-vgpu',
      'dce-vgpu',
      'aliyun-cgpu',
      'tencent-qgpu',
      'tkestack-gpu-manager',
      'volcano',
    ];
    const { rows, totals } = await report(...names.map((n) => fixture(`gpu-${n}`)));
    expect(
      rows.map((r) => r.gpus.map((g) => [g.container, g.mode, g.count, g.stack, g.description]))
    ).toEqual([
      [['trainer', 'wholeCard', 2, 'nvidia', '2 cards A100-SXM4-80GB']],
      [['infer', 'mig', 2, 'nvidia', '2 × 1g.10gb']],
      [['scorer', 'virtual', 1, 'hami', '1 card, 30% cores, 8 GiB']],
      [['main', 'virtual', 1, 'dce', '1 card, 50% memory']],
      [['main', 'virtual', 1, 'aliyunCgpu', '1 card, 30% cores, 8 GiB']],
      [['main', 'virtual', 1, 'tencentQgpu', '1 card, 50% cores, 4 GiB']],
      [['trainer', 'wholeCard', 2, 'tkestackGpuManager', '2 cards']],
      [['main', 'virtual', 1, 'volcano', '1 card, 50% cores, 4 GiB']],
    ]);
    // train-resnet: 2 cards × 2 pods at once; gpu-manager: 2 cards × 1 pod.
    expect(totals.gpus).toEqual({ wholeCards: 6, virtual: 5, mig: 2 });
  });

  test('GPU resources no stack renders like this are shown as unrecognized', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'odd-gpu' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'a', image: 'x:1', resources: { limits: { 'nvidia.com/gpumem': 1024 } } }],
          },
        },
      },
    };
    const result = await cli(['summary', '-', '--json'], { stdin: JSON.stringify(job) });
    const { rows } = JSON.parse(result.out) as SummaryReport;
    expect(rows[0].gpus).toEqual([
      {
        container: 'a',
        mode: 'unrecognized',
        count: 0,
        stack: null,
        description: 'no card count (nvidia.com/gpu, nvidia.com/vgpu, ...)',
        resources: { 'nvidia.com/gpumem': 1024 },
      },
    ]);
  });

  test('CronJobs: schedule, time zone and the next run after --now, as CronBatch.nextRuns computes it', async () => {
    const { rows } = await report(
      fixture('cronjob-v1'),
      fixture('cronjob-macro'),
      fixture('seed-blog-echo-cronjob')
    );
    expect(rows.map((r) => [r.name, r.schedule, r.timeZone, r.nextRun, r.suspended])).toEqual([
      // Friday 2026-05-01 08:00 in Shanghai: the next weekday 02:30 there is Monday, 18:30 UTC on Sunday.
      ['nightly-report', '30 2 * * 1-5', 'Asia/Shanghai', '2026-05-03T18:30:00.000Z', true],
      ['cleanup', '@daily', null, '2026-05-02T00:00:00.000Z', false],
      ['echo', '*/1 * * * *', null, '2026-05-01T00:01:00.000Z', false],
    ]);
  });

  test('$CDK8S_BATCH_NOW stands in for --now', async () => {
    const result = await cli(['summary', fixture('cronjob-macro'), '--json'], {
      env: { CDK8S_BATCH_NOW: '2030-01-01T12:00:00Z' },
    });
    const parsed = JSON.parse(result.out) as SummaryReport;
    expect(parsed.now).toBe('2030-01-01T12:00:00.000Z');
    expect(parsed.rows[0].nextRun).toBe('2030-01-02T00:00:00.000Z');
  });

  test('a schedule CronBatch would reject has no next run, and says why', async () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'never' },
      spec: {
        schedule: '0 0 30 2 *',
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x:1' }] } } } },
      },
    };
    const { rows } = JSON.parse(
      (await cli(['summary', '-', '--json', '--now', NOW], { stdin: JSON.stringify(cron) })).out
    );
    expect(rows[0].nextRun).toBeNull();
    expect(rows[0].scheduleProblem).toMatch(/never/);
  });
});

describe('output formats', () => {
  const files = [fixture('seed-tkestack-pi'), fixture('cronjob-v1'), fixture('gpu-hami-vgpu')];

  test('a plain-text table with totals', async () => {
    const result = await cli(['summary', ...files, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        'KIND                 NAMESPACE/NAME          PATTERN           COMPLETIONS/PARALLELISM  RESTART    DEADLINE  GPU                                      SCHEDULE                    NEXT RUN           SECURITY',
        'Job                  -/pi                    fixedCompletions  2/2                      Never      -         -                                        -                           -                  baseline',
        'CronJob (suspended)  reports/nightly-report  oneOff            1/1                      OnFailure  1h        -                                        30 2 * * 1-5 Asia/Shanghai  2026-05-03T18:30Z  baseline',
        'Job                  -/hami-scoring          oneOff            1/1                      Never      -         virtual 1 card, 30% cores, 8 GiB (hami)  -                           -                  baseline',
        '',
        'Totals: 3 jobs (2 Jobs, 1 CronJob); 4 pods at peak parallelism; GPUs at peak: 1 virtual GPU',
        '',
      ].join('\n')
    );
  });

  test('--markdown, for a pull request comment', async () => {
    const result = await cli(['summary', ...files, '--now', NOW, '--markdown']);
    expect(result.out.split('\n').slice(0, 3)).toEqual([
      '| kind | namespace/name | pattern | completions/parallelism | restart | deadline | gpu | schedule | next run | security |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| Job | `-/pi` | fixedCompletions | 2/2 | Never | - | - | - | - | baseline |',
    ]);
    expect(result.out).toContain(
      '**Totals:** 3 jobs (2 Jobs, 1 CronJob); 4 pods at peak parallelism; GPUs at peak: 1 virtual GPU\n'
    );
  });

  test('--json: rows, totals and the objects that are not jobs', async () => {
    const parsed = await report(fixture('kubectl-list'));
    expect(parsed.now).toBe('2026-05-01T00:00:00.000Z');
    expect(parsed.rows.map((r) => `${r.kind}/${r.name}`)).toEqual(['Job/hello', 'CronJob/hourly-sync']);
    expect(parsed.totals).toEqual({
      jobs: 1,
      cronJobs: 1,
      peakPods: 2,
      gpus: { wholeCards: 0, virtual: 0, mig: 0 },
    });
    expect(parsed.others).toEqual(['test/fixtures/import/kubectl-list.yaml:0 items[2] Service/sync-api']);
  });

  test('dist/ by default', async () => {
    const result = await cli(['summary', '--json', '--now', NOW]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as SummaryReport;
    expect(parsed.rows.length).toBeGreaterThan(5);
    expect(parsed.rows.some((r) => r.kind === 'CronJob' && r.nextRun !== null)).toBe(true);
    expect(parsed.totals.peakPods).toBe(parsed.rows.reduce((n, r) => n + r.peakPods, 0));
    expect(parsed.others).toContainEqual(expect.stringContaining('Application/batch-jobs'));
  });

  test('durations in the table', () => {
    expect([45, 60, 1800, 5400, 86400, 90061].map(formatDuration)).toEqual([
      '45s',
      '1m',
      '30m',
      '1h30m',
      '1d',
      '1d1h1m1s',
    ]);
  });
});

describe('bad input: one-line errors, exit 1 or 2', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-summary-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const summaryOf = async (text: string) => {
    const file = path.join(dir, 'input.yaml');
    writeFileSync(file, text);
    return cli(['summary', file]);
  };

  test('malformed YAML: file and line, exit 2', async () => {
    const result = await summaryOf('kind: Job\nmetadata: {name: [\n');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^cdk8s-batch summary: .*input\.yaml:0: malformed YAML: line \d+, column \d+: .+\n$/
    );
    expect(result.out).toBe('');
  });

  test('a document without kind, exit 1', async () => {
    const result = await summaryOf('apiVersion: batch/v1\nmetadata:\n  name: x\n');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/input\.yaml:0 \?\/x: the document has no kind\n$/);
  });

  test('an unknown apiVersion, exit 1', async () => {
    const result = await summaryOf('apiVersion: batch/v9\nkind: Job\nmetadata:\n  name: x\n');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Job\/x: unknown apiVersion "batch\/v9" for a Job\n$/);
  });

  test('a file that does not exist, an empty input, a bad --now: exit 2', async () => {
    expect((await cli(['summary', path.join(dir, 'nope.yaml')])).err).toBe(
      `cdk8s-batch summary: no such file or folder: ${path.join(dir, 'nope.yaml')}\n`
    );
    const empty = await summaryOf('# empty\n');
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/no Kubernetes objects in .* \(the YAML files are empty\)\n$/);
    const now = await cli(['summary', fixture('seed-tkestack-pi'), '--now', 'tomorrow']);
    expect(now.code).toBe(2);
    expect(now.err).toContain('--now must be a date and time such as 2026-05-01T00:00:00Z (got "tomorrow")');
    expect((await cli(['summary', '--json', '--markdown'])).code).toBe(2);
  });

  test('only other kinds: says so, exit 0', async () => {
    const result = await summaryOf('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^no Jobs or CronJobs in .*input\.yaml \(1 other object\)\n$/);
  });

  test('--help', async () => {
    const result = await cli(['summary', '--help']);
    expect(result.out).toContain('Usage: cdk8s-batch summary [options] [paths...]');
    expect(result.out).toContain('--markdown');
    expect(result.out).toContain('--now <time>');
  });
});
