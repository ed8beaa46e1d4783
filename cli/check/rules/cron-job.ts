/** CronJob rules (`ValidateCronJobCreate`). */
import { scheduleProblems } from '../../../lib/rules/cron';
import { JOB_LIMITS } from '../../../lib/rules/job-limits';
import { indexedHostnameProblem } from '../../../lib/rules/names';
import { timeZoneProblem } from '../../../lib/rules/time-zone';
import { asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath } from '../schema-check';
import { family, int, invalidChoice, isSet, NONNEGATIVE, str, unsupported } from './helpers';

/** CronJob rules (`ValidateCronJobCreate`): name ≤ 52, schedule, timeZone, limits, job template selector. */
export function cronJobRules(cronJob: Json): ManifestProblem[] {
  const { problems, add } = family('cronjob');
  const name = str(asObject(cronJob.metadata)?.name);
  if (name && name.length > JOB_LIMITS.cronJobName) {
    add(
      'metadata.name',
      `must be no more than ${JOB_LIMITS.cronJobName} characters (is ${name.length}): the CronJob controller appends "-<time>" (11 characters) to name each Job`
    );
  }
  const spec = asObject(cronJob.spec) ?? {};
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '') add('spec.schedule', 'is required');
  else for (const problem of scheduleProblems(schedule)) add('spec.schedule', problem);
  if (typeof spec.timeZone === 'string') {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem) add('spec.timeZone', problem);
  }
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const v = int(spec[field]);
    if (v !== undefined && v < 0) add(fieldPath('spec', field), NONNEGATIVE);
  }
  const concurrency = spec.concurrencyPolicy;
  if (invalidChoice(concurrency, ['Allow', 'Forbid', 'Replace'])) {
    add('spec.concurrencyPolicy', unsupported(concurrency, ['Allow', 'Forbid', 'Replace']));
  }
  const jobSpec = asObject(asObject(spec.jobTemplate)?.spec) ?? {};
  if (isSet(jobSpec.selector)) {
    add('spec.jobTemplate.spec.selector', '`selector` will be auto-generated; leave it out');
  }
  if (jobSpec.manualSelector === true) {
    add('spec.jobTemplate.spec.manualSelector', 'unsupported value true: supported values: "nil", "false"');
  }
  // Not an API-server rule for the CronJob itself: every Job it creates would be rejected.
  const completions = int(jobSpec.completions);
  if (name && jobSpec.completionMode === 'Indexed' && completions !== undefined) {
    const problem = indexedHostnameProblem(`${name}-${'0'.repeat(10)}`, completions);
    if (problem) {
      add(
        'metadata.name',
        `is too long for its Indexed Jobs (named <name>-<10 digits>): ${problem}; the API server accepts the CronJob but rejects every Job it creates`
      );
    }
  }
  return problems;
}
