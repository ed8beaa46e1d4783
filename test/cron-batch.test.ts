import { ApiObject, App, Chart, Cron, Duration, Testing } from 'cdk8s';
import { Cron as Croner } from 'croner';
import * as fc from 'fast-check';
import {
  BatchJob,
  collectWarnings,
  ConcurrencyPolicy,
  CronBatch,
  CronBatchProps,
  JobPattern,
  RestartPolicy,
  Schedule,
  ValidationError,
} from '../lib';
import { echoCronChart, nightlyReportChart } from '../apps/cron';

const container = { image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] };
const FIELDS = 'minute hour day-of-month month day-of-week';

/** Casts JS-level input that TypeScript would refuse, as a plain-JavaScript caller could pass it. */
function invalid<T>(value: unknown): T {
  return value as T;
}

/** A CronBatch `cron` in a fresh chart: nightly at 02:00, one container, unless `props` say otherwise. */
function cronBatch(props: Partial<CronBatchProps> = {}, chart: Chart = Testing.chart()): CronBatch {
  return new CronBatch(chart, 'cron', {
    schedule: Schedule.cron('0 2 * * *'),
    containers: [container],
    ...props,
  });
}

/** The CronJob object a chart renders. */
function cronJobOf(chart: Chart) {
  const cronJob = Testing.synth(chart).find((o) => o.kind === 'CronJob');
  if (!cronJob) throw new Error('no CronJob rendered');
  return cronJob;
}

/** The next run times of `schedule` after `from`, as ISO strings. */
function runs(schedule: string, from: string, count: number, timeZone?: string): string[] {
  return cronBatch({ schedule: Schedule.expression(schedule), timeZone })
    .nextRuns(count, new Date(from))
    .map((d) => d.toISOString());
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Expects one ValidationError with exactly this problem line (`field: message (got value)`). */
function expectProblem(create: () => unknown, line: string): void {
  expect(create).toThrow(ValidationError);
  expect(create).toThrow(new RegExp(`^  - ${escape(line)}$`, 'm'));
}

describe('defaults', () => {
  test('a CronBatch with a schedule and one container renders every documented default', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new CronBatch(chart, 'cron', { schedule: Schedule.cron('*/15 9-17 * * 1-5'), containers: [container] });
    const cronJob = cronJobOf(chart);
    // THEN
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.kind).toBe('CronJob');
    expect(cronJob.metadata.name).toMatch(/^test-cron-[0-9a-f]{8}$/);
    expect(cronJob.metadata.namespace).toBe('default');
    expect(cronJob.spec.schedule).toBe('*/15 9-17 * * 1-5');
    expect(cronJob.spec.timeZone).toBeUndefined();
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.spec.startingDeadlineSeconds).toBeUndefined();
    expect(cronJob.spec.successfulJobsHistoryLimit).toBe(3);
    expect(cronJob.spec.failedJobsHistoryLimit).toBe(1);
    expect(cronJob.spec.suspend).toBe(false);
    expect(cronJob.spec.jobTemplate.metadata).toBeUndefined();
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      suspend: false,
      ttlSecondsAfterFinished: 86400,
    });
    expect(cronJob.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    expect(cronJob.metadata.annotations['cdk8s-batch.io/schedule-description']).toBe(
      "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday (kube-controller-manager's local time)"
    );
    expect(collectWarnings(chart)).toEqual([]);
    expect(cronJob).toMatchSnapshot();
  });

  test('its Jobs are rendered like a BatchJob with the same props', () => {
    // GIVEN the same Job props
    const props = {
      pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 2 }),
      backoffLimit: 2,
      activeDeadline: Duration.minutes(10),
      restartPolicy: RestartPolicy.ON_FAILURE,
      podLabels: { app: 'report' },
      containers: [container],
    };
    const chart = Testing.chart();
    // WHEN one BatchJob and one CronBatch are made from them
    new BatchJob(chart, 'job', props);
    new CronBatch(chart, 'cron', { ...props, schedule: Schedule.daily() });
    // THEN the CronJob's job template is the Job's spec
    const [job, cronJob] = Testing.synth(chart);
    expect(cronJob.spec.jobTemplate.spec).toEqual(job.spec);
  });

  test('exposes the normalized values as readonly fields', () => {
    const cron = cronBatch({ name: 'nightly', namespace: 'reports' });
    expect(cron.name).toBe('nightly');
    expect(cron.namespace).toBe('reports');
    expect(cron.schedule.expressionString).toBe('0 2 * * *');
    expect(cron.timeZone).toBeUndefined();
    expect(cron.concurrencyPolicy).toBe(ConcurrencyPolicy.FORBID);
    expect(cron.startingDeadline).toBeUndefined();
    expect(cron.successfulJobsHistoryLimit).toBe(3);
    expect(cron.failedJobsHistoryLimit).toBe(1);
    expect(cron.suspend).toBe(false);
    expect(cron.scheduleDescription).toBe("At 02:00 AM (kube-controller-manager's local time)");
    expect(cron.containerNames).toEqual(['main']);
    expect(ApiObject.of(cron)).toBe(cron.apiObject);
    expect(cron.apiObject.kind).toBe('CronJob');
  });

  test('a derived name stays within 52 characters', () => {
    const chart = new Chart(Testing.app(), 'a'.repeat(40));
    const cron = new CronBatch(chart, 'b'.repeat(40), {
      schedule: Schedule.daily(),
      containers: [container],
    });
    expect(cron.name.length).toBeLessThanOrEqual(52);
    expect(cron.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('CronJob settings', () => {
  test('renders every setting', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new CronBatch(chart, 'cron', {
      name: 'report',
      schedule: Schedule.cron('0 2 * * *'),
      timeZone: 'Asia/Shanghai',
      concurrencyPolicy: ConcurrencyPolicy.REPLACE,
      startingDeadline: Duration.minutes(5),
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 0,
      jobLabels: { app: 'report' },
      jobAnnotations: { 'example.com/owner': 'data' },
      containers: [container],
    });
    const spec = cronJobOf(chart).spec;
    // THEN
    expect(spec).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Asia/Shanghai',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 0,
      suspend: false,
    });
    expect(spec.jobTemplate.metadata).toEqual({
      labels: { app: 'report' },
      annotations: { 'example.com/owner': 'data' },
    });
  });

  test('suspend suspends the CronJob, not the Jobs it creates', () => {
    const chart = Testing.chart();
    cronBatch({ suspend: true }, chart);
    const spec = cronJobOf(chart).spec;
    expect(spec.suspend).toBe(true);
    expect(spec.jobTemplate.spec.suspend).toBe(false);
  });

  test('ConcurrencyPolicy.ALLOW restores Kubernetes’ default', () => {
    const chart = Testing.chart();
    cronBatch({ concurrencyPolicy: ConcurrencyPolicy.ALLOW }, chart);
    expect(cronJobOf(chart).spec.concurrencyPolicy).toBe('Allow');
  });

  test('warns when startingDeadline is under 10 seconds', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    cronBatch({ startingDeadline: Duration.seconds(5) }, chart);
    // THEN
    expect(collectWarnings(chart)).toEqual([
      {
        path: 'test/cron',
        message:
          'startingDeadline is 5s: under 10s the CronJob controller, which checks schedules about every ' +
          '10 seconds, may miss runs',
      },
    ]);
  });

  test('does not warn when startingDeadline is 10 seconds', () => {
    const chart = Testing.chart();
    cronBatch({ startingDeadline: Duration.seconds(10) }, chart);
    expect(collectWarnings(chart)).toEqual([]);
  });
});

describe('schedule', () => {
  test.each([
    ['Schedule.cron', Schedule.cron('*/15 9-17 * * 1-5'), '*/15 9-17 * * 1-5'],
    ['Schedule.expression', Schedule.expression('@midnight'), '@midnight'],
    ['Schedule.hourly', Schedule.hourly(), '@hourly'],
    ['Schedule.daily', Schedule.daily(), '@daily'],
    ['Schedule.weekly', Schedule.weekly(), '@weekly'],
    ['Schedule.monthly', Schedule.monthly(), '@monthly'],
    ['Schedule.yearly', Schedule.yearly(), '@yearly'],
    [
      'Schedule.fromCron(Cron.schedule)',
      Schedule.fromCron(Cron.schedule({ minute: '0', hour: '2' })),
      '0 2 * * *',
    ],
    ['Schedule.fromCron(Cron.weekly)', Schedule.fromCron(Cron.weekly()), '0 0 * * 0'],
  ])('%s renders spec.schedule', (_name, schedule, expected) => {
    const chart = Testing.chart();
    cronBatch({ schedule }, chart);
    expect(cronJobOf(chart).spec.schedule).toBe(expected);
    expect(schedule.toString()).toBe(expected);
  });

  test.each([
    '59 23 31 12 6',
    '0 0 1 1 0',
    '00 02 * * *',
    '5/15 * * * *',
    '0-30/10 * * * *',
    '*/1 * * * *',
    '*/60 * * * *',
    '0 */24 * * *',
    '0 0 ? * mon',
    '? ? ? ? ?',
    '0 0 * JAN-Mar SUN',
    '0 0 * * sat,sun',
    '0 0 1,15 * *',
    '0\t0   * * *',
    ' 0 0 * * * ',
    '0 0 29 2 *',
    '0 0 30 2 1',
    '0 0 31 * *',
    '@annually',
  ])('accepts "%s"', (expression) => {
    expect(() => cronBatch({ schedule: Schedule.expression(expression) })).not.toThrow();
  });

  test.each([
    [
      '*/15 9-17 * * 1-5',
      undefined,
      "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday (kube-controller-manager's local time)",
    ],
    ['0 2 * * *', 'Asia/Shanghai', 'At 02:00 AM (Asia/Shanghai)'],
    ['@weekly', 'UTC', 'At 12:00 AM, only on Sunday (UTC)'],
    ['0 0 ? * mon', 'UTC', 'At 12:00 AM, only on Monday (UTC)'],
    ['5/15 * * * *', 'UTC', 'Every 15 minutes, starting at 5 minutes past the hour (UTC)'],
  ])('"%s" in %s is described in the annotation', (expression, timeZone, description) => {
    const chart = Testing.chart();
    const cron = cronBatch({ schedule: Schedule.expression(expression), timeZone }, chart);
    expect(cronJobOf(chart).metadata.annotations['cdk8s-batch.io/schedule-description']).toBe(description);
    expect(cron.scheduleDescription).toBe(description);
  });

  const got = (expression: string) => ` (got ${JSON.stringify(expression)})`;
  test.each([
    ['is empty', '', `must not be empty: give 5 fields (${FIELDS}) or a macro such as @daily`],
    [
      'has seconds (6 fields)',
      '0 */5 * * * *',
      `has 6 fields; Kubernetes takes exactly 5 (${FIELDS}): a leading seconds field is not supported`,
    ],
    [
      'has seconds and a year (7 fields)',
      '0 0 12 * * ? 2026',
      `has 7 fields; Kubernetes takes exactly 5 (${FIELDS}): seconds and year fields are not supported`,
    ],
    ['has 4 fields', '0 12 * *', `has 4 fields; Kubernetes takes exactly 5 (${FIELDS})`],
    ['has minute 60', '60 * * * *', 'minute 60 is out of range 0-59'],
    ['has hour 24', '0 24 * * *', 'hour 24 is out of range 0-23'],
    ['has day-of-month 0', '0 0 0 * *', 'day-of-month 0 is out of range 1-31'],
    ['has day-of-month 32', '0 0 32 * *', 'day-of-month 32 is out of range 1-31'],
    ['has month 0', '0 0 * 0 *', 'month 0 is out of range 1-12'],
    ['has month 13', '0 0 * 13 *', 'month 13 is out of range 1-12'],
    [
      'has day-of-week 7 for Sunday',
      '0 0 * * 7',
      'day-of-week 7 is out of range 0-6 (Sunday is 0; Kubernetes does not accept 7)',
    ],
    [
      'has a day-of-week range ending at 7',
      '0 0 * * 1-7',
      'day-of-week 7 is out of range 0-6 (Sunday is 0; Kubernetes does not accept 7)',
    ],
    [
      'has a month name as weekday',
      '0 0 * * jan',
      'day-of-week "jan" is not a number or a day name (sun-sat)',
    ],
    ['has an unknown month name', '0 0 * foo *', 'month "foo" is not a number or a month name (jan-dec)'],
    ['has a name in the minute field', 'mon * * * *', 'minute "mon" is not a number'],
    ['has a signed number', '+5 * * * *', 'minute "+5" is not a number'],
    [
      'has a backwards range',
      '0 22-2 * * *',
      'hour range "22-2" runs backwards (22 > 2): cron ranges do not wrap around; use a list such as "22-23,0-2"',
    ],
    [
      'has a backwards range of names',
      '0 0 * * fri-mon',
      'day-of-week range "fri-mon" runs backwards (5 > 1): cron ranges do not wrap around; use a list such as "5-6,0-1"',
    ],
    ['has a step of 0', '*/0 * * * *', 'minute step 0 in "*/0" must be at least 1'],
    [
      'has a step beyond the field',
      '*/90 * * * *',
      'minute step 90 in "*/90" exceeds the field\'s 60 values, so it matches only minute 0: cron steps restart every hour',
    ],
    ['has a step that is not a number', '*/x * * * *', 'minute step "x" in "*/x" is not a number'],
    ['has an empty list item', '0 0 1,,15 * *', 'day-of-month "1,,15" has an empty list item'],
    ['has a trailing comma', '0 0 1, * *', 'day-of-month "1," has an empty list item'],
    [
      'has a range starting with *',
      '*-5 * * * *',
      'minute "*-5" is not a range: "*" cannot start one (Kubernetes would read it as "*")',
    ],
    ['has two hyphens', '1-2-3 * * * *', 'minute "1-2-3" has more than one "-"'],
    ['has two slashes', '1/2/3 * * * *', 'minute "1/2/3" has more than one "/"'],
    ['has a range without an end', '5- * * * *', 'minute "5-" is not a value, range or step'],
    [
      'has TZ=',
      'TZ=Asia/Shanghai 0 2 * * *',
      'must not contain TZ= or CRON_TZ= (Kubernetes rejects it): set the timeZone prop instead, e.g. timeZone: "Asia/Shanghai"',
    ],
    [
      'has CRON_TZ=',
      'CRON_TZ=UTC 0 2 * * *',
      'must not contain TZ= or CRON_TZ= (Kubernetes rejects it): set the timeZone prop instead, e.g. timeZone: "Asia/Shanghai"',
    ],
    [
      'is @every',
      '@every 1h30m',
      '@every is not supported: its runs count from when the CronJob was created or last ran, so they cannot be known from the manifest, and re-creating the CronJob shifts them; write the interval as 5 fields, e.g. "*/30 * * * *"',
    ],
    [
      'is an unknown macro',
      '@reboot',
      'unknown macro @reboot: Kubernetes accepts @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (lowercase)',
    ],
    [
      'is an uppercase macro',
      '@DAILY',
      'unknown macro @DAILY: Kubernetes accepts @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (lowercase)',
    ],
    [
      'has spaces around a macro',
      ' @daily',
      'macro @daily must not have spaces around it (Kubernetes rejects it)',
    ],
    ['is February 30th', '0 0 30 2 *', 'never runs: February has no day 30'],
    [
      'is the 31st of 30-day months',
      '0 0 31 4,6,9,11 *',
      'never runs: April, June, September and November have no day 31',
    ],
    [
      'is February 30th or 31st with day-of-week ?',
      '0 0 30,31 feb ?',
      'never runs: February has no day 30 or 31',
    ],
  ])('fails when the schedule %s', (_name, expression, message) => {
    expectProblem(
      () => cronBatch({ schedule: Schedule.expression(expression) }),
      `schedule: ${message}${got(expression)}`
    );
  });

  test('fails when Schedule.cron is given a macro', () => {
    expectProblem(
      () => cronBatch({ schedule: Schedule.cron('@daily') }),
      `schedule: Schedule.cron takes 5 fields (${FIELDS}); for the macro @daily use Schedule.expression('@daily') (got "@daily")`
    );
  });

  test('fails at Schedule.fromCron when it is not given a cdk8s Cron', () => {
    expectProblem(
      () => cronBatch({ schedule: Schedule.fromCron(invalid(undefined)) }),
      'cron: must be a cdk8s Cron (e.g. Cron.daily(), Cron.schedule({ ... })) (got nothing)'
    );
  });

  test('lists every problem of the expression', () => {
    let error: unknown;
    try {
      cronBatch({ schedule: Schedule.cron('61 25 * * *') });
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).message).toBe(
      [
        "invalid CronBatch at 'test/cron' (2 problems):",
        '  - schedule: minute 61 is out of range 0-59 (got "61 25 * * *")',
        '  - schedule: hour 25 is out of range 0-23 (got "61 25 * * *")',
      ].join('\n')
    );
  });

  test.each([
    ['is missing', undefined, "schedule: is required, e.g. Schedule.cron('0 2 * * *') (got nothing)"],
    [
      'is a string',
      '0 2 * * *',
      'schedule: must be a Schedule, e.g. Schedule.expression("0 2 * * *") (got "0 2 * * *")',
    ],
    [
      'is a cdk8s Cron',
      Cron.daily(),
      'schedule: must be a Schedule: wrap the cdk8s Cron with Schedule.fromCron(cron) (got a Cron)',
    ],
    ['is a number', 5, "schedule: must be a Schedule, e.g. Schedule.cron('0 2 * * *') (got 5)"],
  ])('fails when the schedule prop %s', (_name, schedule, line) => {
    expectProblem(() => cronBatch({ schedule: invalid(schedule) }), line);
  });
});

describe('day-of-month and day-of-week (robfig/cron semantics)', () => {
  test('with both restricted, a day matching either runs: "0 0 30 2 1" runs on Mondays in February', () => {
    expect(runs('0 0 30 2 1', '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-02-02T00:00:00.000Z',
      '2026-02-09T00:00:00.000Z',
      '2026-02-16T00:00:00.000Z',
      '2026-02-23T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ]);
  });

  test('"*/2" is not a star: "0 0 */2 * 1" runs on odd days or Mondays (Vixie cron would need both)', () => {
    // 2026-06-01 is a Monday
    expect(runs('0 0 */2 * 1', '2026-06-01T00:00:00Z', 5)).toEqual([
      '2026-06-03T00:00:00.000Z',
      '2026-06-05T00:00:00.000Z',
      '2026-06-07T00:00:00.000Z',
      '2026-06-08T00:00:00.000Z',
      '2026-06-09T00:00:00.000Z',
    ]);
  });

  test('with one day field * or ?, both must match: "0 0 13 * ?" runs on the 13th only', () => {
    expect(runs('0 0 13 * ?', '2026-06-01T00:00:00Z', 2)).toEqual([
      '2026-06-13T00:00:00.000Z',
      '2026-07-13T00:00:00.000Z',
    ]);
  });

  // robfig/cron v3 spec_test.go TestActivation, the 5-field cases: does `spec` run at `time`?
  test.each([
    ['2012-07-09T15:00:00Z', '0/15 * * * *', true],
    ['2012-07-09T15:45:00Z', '0/15 * * * *', true],
    ['2012-07-09T15:40:00Z', '0/15 * * * *', false],
    ['2012-07-09T15:05:00Z', '5/15 * * * *', true],
    ['2012-07-09T15:20:00Z', '5/15 * * * *', true],
    ['2012-07-09T15:50:00Z', '5/15 * * * *', true],
    ['2012-07-15T15:00:00Z', '0/15 * * Jul *', true],
    ['2012-07-15T15:00:00Z', '0/15 * * Jun *', false],
    ['2012-07-15T08:30:00Z', '30 08 ? Jul Sun', true],
    ['2012-07-15T08:30:00Z', '30 08 15 Jul ?', true],
    ['2012-07-16T08:30:00Z', '30 08 ? Jul Sun', false],
    ['2012-07-16T08:30:00Z', '30 08 15 Jul ?', false],
    ['2012-07-09T15:00:00Z', '@hourly', true],
    ['2012-07-09T15:04:00Z', '@hourly', false],
    ['2012-07-09T15:00:00Z', '@daily', false],
    ['2012-07-09T00:00:00Z', '@daily', true],
    ['2012-07-09T00:00:00Z', '@weekly', false],
    ['2012-07-08T00:00:00Z', '@weekly', true],
    ['2012-07-08T01:00:00Z', '@weekly', false],
    ['2012-07-08T00:00:00Z', '@monthly', false],
    ['2012-07-01T00:00:00Z', '@monthly', true],
    ['2012-07-15T00:00:00Z', '* * 1,15 * Sun', true],
    ['2012-06-15T00:00:00Z', '* * 1,15 * Sun', true],
    ['2012-08-01T00:00:00Z', '* * 1,15 * Sun', true],
    ['2012-07-15T00:00:00Z', '* * */10 * Sun', true],
    ['2012-07-15T00:00:00Z', '* * * * Mon', false],
    ['2012-07-09T00:00:00Z', '* * 1,15 * *', false],
    ['2012-07-15T00:00:00Z', '* * 1,15 * *', true],
    ['2012-07-15T00:00:00Z', '* * */2 * Sun', true],
  ])('robfig: at %s, "%s" runs: %s', (time, spec, expected) => {
    const at = new Date(time).getTime();
    const [next] = runs(spec, new Date(at - 1000).toISOString(), 1);
    expect(next === new Date(at).toISOString()).toBe(expected);
  });
});

describe('timeZone', () => {
  test.each([
    'Asia/Shanghai',
    'UTC',
    'Etc/GMT+8',
    'America/Argentina/ComodRivadavia',
    'America/Port-au-Prince',
    'US/Eastern',
  ])('accepts %s', (timeZone) => {
    expect(() => cronBatch({ timeZone })).not.toThrow();
  });

  const unknown =
    'unknown time zone: expected an IANA name such as "Asia/Shanghai", "Europe/Berlin" or "UTC"';
  test.each([
    [
      'is empty',
      '',
      "must not be empty (Kubernetes rejects it); leave timeZone out to use kube-controller-manager's time zone",
    ],
    [
      'is Local',
      'Local',
      'must be an explicit IANA time zone such as "Asia/Shanghai", "Europe/Berlin" or "UTC"; Kubernetes rejects "Local"',
    ],
    [
      'is local',
      'local',
      'must be an explicit IANA time zone such as "Asia/Shanghai", "Europe/Berlin" or "UTC"; Kubernetes rejects "Local"',
    ],
    ['is unknown', 'Mars/Olympus_Mons', unknown],
    ['is an offset', '+08:00', unknown],
    ['is a path', '../etc/passwd', unknown],
    ['has a part longer than 14 characters', 'America/Argentina_Buenos_Aires', unknown],
    [
      'is in the wrong case',
      'asia/shanghai',
      'unknown time zone: names are case-sensitive; did you mean "Asia/Shanghai"?',
    ],
    ['is an alias in the wrong case', 'us/eastern', 'unknown time zone: names are case-sensitive'],
  ])('fails when the timeZone %s', (_name, timeZone, message) => {
    expectProblem(() => cronBatch({ timeZone }), `timeZone: ${message} (got ${JSON.stringify(timeZone)})`);
  });
});

describe('other props', () => {
  test('fails when the name is longer than 52 characters', () => {
    expect(() => cronBatch({ name: 'a'.repeat(52) })).not.toThrow();
    expectProblem(
      () => cronBatch({ name: 'a'.repeat(53) }),
      'name: must be at most 52 characters (is 53): the controller appends 11 (-<minutes since epoch>) to name ' +
        `each Job, and Job names are at most 63 (got "${'a'.repeat(53)}")`
    );
  });

  test('fails when the name is not a DNS label', () => {
    expectProblem(
      () => cronBatch({ name: 'Nightly_Report' }),
      'name: must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit (got "Nightly_Report")'
    );
  });

  test.each(['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const)(
    'fails when %s is negative or not a whole number',
    (prop) => {
      expect(() => cronBatch({ [prop]: 0 })).not.toThrow();
      expectProblem(() => cronBatch({ [prop]: -1 }), `${prop}: must be at least 0 (got -1)`);
      expectProblem(() => cronBatch({ [prop]: 1.5 }), `${prop}: must be a whole number (got 1.5)`);
    }
  );

  test('fails when concurrencyPolicy is not Allow, Forbid or Replace', () => {
    expectProblem(
      () => cronBatch({ concurrencyPolicy: invalid('Sometimes') }),
      'concurrencyPolicy: must be one of "Allow", "Forbid", "Replace" (got "Sometimes")'
    );
  });

  test('fails when startingDeadline is not a whole number of seconds', () => {
    expect(() => cronBatch({ startingDeadline: Duration.seconds(0) })).not.toThrow();
    expectProblem(
      () => cronBatch({ startingDeadline: Duration.millis(1500) }),
      'startingDeadline: must be a whole number of seconds (got 1 second 500 millis)'
    );
  });

  test('fails when job labels or annotations are not valid', () => {
    expectProblem(
      () => cronBatch({ jobLabels: { app: 'a b' } }),
      "jobLabels.app: label value must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit (got \"a b\")"
    );
    expectProblem(
      () => cronBatch({ jobAnnotations: { '-bad': 'x' } }),
      "jobAnnotations.-bad: annotation key name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit (got \"-bad\")"
    );
  });

  test('fails when the annotations set the schedule description', () => {
    expectProblem(
      () => cronBatch({ annotations: { 'cdk8s-batch.io/schedule-description': 'sometimes' } }),
      'annotations.cdk8s-batch.io/schedule-description: is written by cdk8s-batch; do not set it (got "sometimes")'
    );
  });

  test('fails on a Job rule, checked by the shared job schema', () => {
    expectProblem(() => cronBatch({ backoffLimit: -1 }), 'backoffLimit: must be at least 0 (got -1)');
  });

  test('a failed construction leaves nothing in the chart', () => {
    const chart = Testing.chart();
    expect(() => cronBatch({ schedule: Schedule.cron('0 0 30 2 *') }, chart)).toThrow(ValidationError);
    expect(chart.node.children).toEqual([]);
  });
});

describe('indexed CronBatch', () => {
  test('delivers work items through a ConfigMap mounted into every pod', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const cron = cronBatch(
      { name: 'shards', pattern: JobPattern.indexed({ completions: 2, workItems: ['a', 'b'] }) },
      chart
    );
    const [configMap, cronJob] = Testing.synth(chart);
    // THEN
    expect(configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'shards-work-items',
        namespace: 'default',
        labels: { 'app.kubernetes.io/managed-by': 'cdk8s-batch', 'cdk8s-batch.io/job': 'shards' },
      },
      data: { '0': 'a', '1': 'b' },
    });
    expect(cron.workItemsConfigMap?.name).toBe('shards-work-items');
    const jobSpec = cronJob.spec.jobTemplate.spec;
    expect(jobSpec.completionMode).toBe('Indexed');
    expect(jobSpec.template.spec.volumes).toContainEqual({
      name: 'work-items',
      configMap: { name: 'shards-work-items' },
    });
  });

  test('fails when pod hostnames "<name>-<10 digits>-<index>" would exceed 63 characters', () => {
    // 10 indexes: 63 - 11 (the controller's suffix) - 1 - 1 (index "9") = 50
    const pattern = JobPattern.indexed({ completions: 10 });
    expect(() => cronBatch({ name: 'a'.repeat(50), pattern })).not.toThrow();
    expectProblem(
      () => cronBatch({ name: 'a'.repeat(51), pattern }),
      'name: must be at most 50 characters with 10 indexes: pod hostnames "<name>-<10 digits>-<index>" must be ' +
        `DNS labels (≤ 63 characters) (got "${'a'.repeat(51)}")`
    );
  });

  test('a derived name leaves room for the controller suffix and the index', () => {
    const chart = new Chart(Testing.app(), 'a'.repeat(40));
    const cron = new CronBatch(chart, 'b'.repeat(40), {
      schedule: Schedule.daily(),
      pattern: JobPattern.indexed({ completions: 1000 }),
      containers: [container],
    });
    expect(`${cron.name}-${'2'.repeat(10)}-999`.length).toBeLessThanOrEqual(63);
  });
});

describe('lazy and idempotent', () => {
  test('a container added after construction is rendered', () => {
    // GIVEN a CronBatch without containers
    const chart = Testing.chart();
    const cron = new CronBatch(chart, 'cron', { schedule: Schedule.daily() });
    // WHEN
    cron.addContainer({ name: 'late', image: 'busybox:1.36' });
    // THEN
    const containers = cronJobOf(chart).spec.jobTemplate.spec.template.spec.containers;
    expect(containers.map((c: { name: string }) => c.name)).toEqual(['late']);
  });

  test('an added container is validated like the prop', () => {
    const cron = new CronBatch(Testing.chart(), 'cron', { schedule: Schedule.daily() });
    expect(() => cron.addContainer({ image: '' })).toThrow(ValidationError);
  });

  test('fails at synth when no container was added', () => {
    const chart = Testing.chart();
    new CronBatch(chart, 'cron', { schedule: Schedule.daily() });
    expect(() => Testing.synth(chart)).toThrow(/containers: a Job needs at least one container/);
  });

  test('synthesizing twice gives the same manifest', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    cronBatch(
      { timeZone: 'Asia/Shanghai', jobLabels: { a: 'b' }, pattern: JobPattern.indexed({ completions: 2 }) },
      chart
    );
    expect(app.synthYaml()).toEqual(app.synthYaml());
  });
});

describe('nextRuns', () => {
  test('lists the next runs after a fixed date, in UTC without a timeZone', () => {
    // 2026-01-02 is a Friday
    expect(runs('*/15 9-17 * * 1-5', '2026-01-02T16:50:00Z', 6)).toEqual([
      '2026-01-02T17:00:00.000Z',
      '2026-01-02T17:15:00.000Z',
      '2026-01-02T17:30:00.000Z',
      '2026-01-02T17:45:00.000Z',
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:15:00.000Z',
    ]);
  });

  test('reads the schedule in its time zone', () => {
    expect(runs('0 2 * * *', '2026-01-01T00:00:00Z', 2, 'Asia/Shanghai')).toEqual([
      '2026-01-01T18:00:00.000Z',
      '2026-01-02T18:00:00.000Z',
    ]);
  });

  test('starts strictly after `from`', () => {
    expect(runs('0 2 * * *', '2026-01-01T02:00:00Z', 1)).toEqual(['2026-01-02T02:00:00.000Z']);
    expect(runs('0 2 * * *', '2026-01-01T01:59:59.999Z', 1)).toEqual(['2026-01-01T02:00:00.000Z']);
  });

  test('New York, spring forward 2026-03-08: a daily 02:30 run is skipped that day', () => {
    expect(runs('30 2 * * *', '2026-03-07T12:00:00Z', 3, 'America/New_York')).toEqual([
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
      '2026-03-11T06:30:00.000Z',
    ]);
  });

  test('Berlin, spring forward 2026-03-29: a daily 02:30 run is skipped that day', () => {
    expect(runs('30 2 * * *', '2026-03-27T12:00:00Z', 3, 'Europe/Berlin')).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  test('New York, spring forward: an hourly run loses only the skipped hour', () => {
    expect(runs('30 * * * *', '2026-03-08T05:40:00Z', 3, 'America/New_York')).toEqual([
      '2026-03-08T06:30:00.000Z', // 01:30 EST
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
      '2026-03-08T08:30:00.000Z',
    ]);
  });

  test('New York, fall back 2026-11-01: a daily 01:30 run runs twice', () => {
    expect(runs('30 1 * * *', '2026-10-31T16:00:00Z', 3, 'America/New_York')).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T06:30:00.000Z', // 01:30 EST
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  // robfig/cron v3 spec_test.go TestNext, the DST cases (seconds field dropped).
  test.each([
    ['2012-03-11T00:00:00-05:00', '30 2 11 Mar ?', '2013-03-11T02:30:00-04:00'],
    ['2012-03-11T00:00:00-05:00', '0 * * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', '0 * * * ?', '2012-03-11T03:00:00-04:00'],
    ['2012-03-11T03:00:00-04:00', '0 * * * ?', '2012-03-11T04:00:00-04:00'],
    ['2012-03-11T00:00:00-05:00', '0 1 * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', '0 1 * * ?', '2012-03-12T01:00:00-04:00'],
    ['2012-03-11T00:00:00-05:00', '0 2 * * ?', '2012-03-12T02:00:00-04:00'],
    ['2012-11-04T00:00:00-04:00', '30 2 04 Nov ?', '2012-11-04T02:30:00-05:00'],
    ['2012-11-04T01:45:00-04:00', '30 1 04 Nov ?', '2012-11-04T01:30:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 * * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', '0 * * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', '0 * * * ?', '2012-11-04T02:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 1 * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', '0 1 * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', '0 1 * * ?', '2012-11-05T01:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 2 * * ?', '2012-11-04T02:00:00-05:00'],
    ['2012-11-04T02:00:00-05:00', '0 2 * * ?', '2012-11-05T02:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 3 * * ?', '2012-11-04T03:00:00-05:00'],
    ['2012-11-04T03:00:00-05:00', '0 3 * * ?', '2012-11-05T03:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 3 3 * ?', '2012-12-03T03:00:00-05:00'],
  ])('robfig, America/New_York: after %s, "%s" runs at %s', (from, spec, expected) => {
    expect(runs(spec, from, 1, 'America/New_York')).toEqual([new Date(expected).toISOString()]);
  });

  test.each([
    ['2018-10-17T05:00:00-04:00', '0 9 10 * ?', '2018-11-10T06:00:00-05:00'],
    ['2018-02-14T05:00:00-05:00', '0 9 22 * ?', '2018-02-22T07:00:00-05:00'],
  ])('robfig, America/Sao_Paulo (DST at midnight): after %s, "%s" runs at %s', (from, spec, expected) => {
    expect(runs(spec, from, 1, 'America/Sao_Paulo')).toEqual([new Date(expected).toISOString()]);
  });

  test('February 29th runs in leap years, within Kubernetes’ 5-year horizon', () => {
    expect(runs('0 0 29 2 *', '2026-06-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
    // 2100 is not a leap year: the next February 29th, in 2104, is beyond the horizon
    expect(runs('0 0 29 2 *', '2097-03-01T00:00:00Z', 1)).toEqual([]);
  });

  test('is pure, and defaults `from` to now', () => {
    const cron = cronBatch({ schedule: Schedule.hourly() });
    const from = new Date('2026-01-01T00:30:00Z');
    expect(cron.nextRuns(3, from)).toEqual(cron.nextRuns(3, from));
    expect(cron.nextRuns(0, from)).toEqual([]);
    const before = Date.now();
    const [next] = cron.nextRuns(1);
    expect(next.getTime()).toBeGreaterThan(before);
    expect(next.getTime()).toBeLessThanOrEqual(before + 3_600_000 + 60_000);
  });

  test.each([-1, 1.5, 1001])('fails when count is %s', (count) => {
    expect(() => cronBatch().nextRuns(count)).toThrow(
      new RangeError(`nextRuns: count must be a whole number from 0 to 1000 (got ${count})`)
    );
  });

  test('fails when from is not a valid Date', () => {
    expect(() => cronBatch().nextRuns(1, new Date('not a date'))).toThrow(
      new RangeError('nextRuns: from must be a valid Date (got Invalid Date)')
    );
  });

  test('agrees with croner on standard expressions in UTC', () => {
    const field = (min: number, max: number, star: boolean) => {
      const value = fc.integer({ min, max });
      const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
      const stepped = fc
        .tuple(range, fc.integer({ min: 2, max: max - min + 1 }))
        .map(([r, step]) => `${r}/${step}`);
      const item = fc.oneof(value.map(String), range, stepped);
      const list = fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
      const starStep = fc.integer({ min: 2, max: max - min + 1 }).map((step) => `*/${step}`);
      return star ? fc.oneof(fc.constant('*'), starStep, list) : fc.oneof(starStep, list);
    };
    const expression = fc
      .tuple(
        field(0, 59, true),
        field(0, 23, true),
        field(1, 31, true),
        field(1, 12, true),
        field(0, 6, true)
      )
      .map((fields) => fields.join(' '));
    const from = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(expression, from, (text, start) => {
        const expected = new Croner(text, { timezone: 'UTC', mode: '5-part' }).nextRuns(5, start);
        let cron: CronBatch;
        try {
          cron = cronBatch({ schedule: Schedule.cron(text) });
        } catch (error) {
          // only schedules that never run are rejected; croner finds no run either
          expect((error as Error).message).toMatch(/never runs/);
          expect(expected).toEqual([]);
          return;
        }
        expect(cron.nextRuns(5, start)).toEqual(expected);
      }),
      { numRuns: 300 }
    );
  });
});

describe('example apps', () => {
  test('echo-cron is the blog’s CronJob on batch/v1: every minute, busybox, OnFailure', () => {
    const chart = echoCronChart(Testing.app());
    const cronJob = cronJobOf(chart);
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.metadata.name).toBe('echo-cron');
    expect(cronJob.spec.schedule).toBe('* * * * *');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('OnFailure');
    expect(pod.containers[0]).toMatchObject({
      image: 'busybox:1.36',
      command: ['sh', '-c', 'echo this a job'],
    });
  });

  test('nightly-report runs at 02:00 in Asia/Shanghai and forbids overlapping runs', () => {
    const chart = nightlyReportChart(Testing.app());
    const cronJob = cronJobOf(chart);
    expect(cronJob.spec).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Asia/Shanghai',
      concurrencyPolicy: 'Forbid',
    });
    const cron = chart.node.findAll().find((c): c is CronBatch => c instanceof CronBatch)!;
    expect(cron.nextRuns(2, new Date('2026-05-01T00:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-05-01T18:00:00.000Z',
      '2026-05-02T18:00:00.000Z',
    ]);
  });
});
