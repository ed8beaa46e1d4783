/** Job rules (`validateJob`, `validateJobSpec`): the name's hidden limits, the selector, counts, completion mode, restart policy. */
import { JOB_CONTROLLER_LABELS, JOB_LIMITS } from '../../../lib/rules/job-limits';
import { indexedHostnameProblem } from '../../../lib/rules/names';
import { asObject, Json, ManifestProblem, PLACEHOLDER_UID } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { family, int, invalidChoice, isSet, NONNEGATIVE, str, unsupported } from './helpers';
import { labelSelectorProblems, selectorMatches } from './label-selector';
import { managedByProblems } from '../../../lib/rules/managed-by';

/**
 * The Job name's hidden limits: without `manualSelector: true` it becomes the value of the pod labels
 * `job-name` (≤ 63 characters); for an Indexed Job, `<name>-<completions-1>` must be a DNS label.
 */
export function jobNameRules(job: Json): ManifestProblem[] {
  const { problems, add } = family('job-name');
  const name = str(asObject(job.metadata)?.name);
  const spec = asObject(job.spec) ?? {};
  if (!name) return problems;
  if (spec.manualSelector !== true && name.length > JOB_LIMITS.jobName) {
    add(
      'metadata.name',
      `must be no more than ${JOB_LIMITS.jobName} characters (is ${name.length}): the API server copies it into the pod labels job-name and batch.kubernetes.io/job-name, and label values are at most 63 characters`
    );
  }
  const completions = int(spec.completions);
  if (spec.completionMode === 'Indexed' && completions !== undefined) {
    const problem = indexedHostnameProblem(name, completions);
    if (problem) add('metadata.name', `${problem} (Indexed pods' hostnames are <name>-<index>)`);
  }
  return problems;
}

/**
 * The selector and the generated labels (`validateGeneratedSelector`, `ValidateJobSpec`). `generated` are the
 * pod labels the simulated API server added; the others were in the manifest.
 */
export function jobSelectorRules(job: Json, generated: ReadonlySet<string>): ManifestProblem[] {
  const { problems, add } = family('job-selector');
  const spec = asObject(job.spec) ?? {};
  const name = String(asObject(job.metadata)?.name ?? '');
  const labels = asObject(asObject(asObject(spec.template)?.metadata)?.labels) ?? {};
  const selector = asObject(spec.selector);
  const labelsPath = 'spec.template.metadata.labels';
  if (spec.manualSelector === true) {
    if (!selector) {
      add('spec.selector', 'is required when manualSelector is true');
      return problems;
    }
    labelSelectorProblems(selector, 'spec.selector', add);
  } else {
    for (const key of JOB_CONTROLLER_LABELS.jobName) {
      if (!generated.has(key) && labels[key] !== name) {
        add(
          keyPath(labelsPath, key),
          `must be '${name}' (the Job's name); leave it out, the API server sets it`
        );
      }
    }
    for (const key of JOB_CONTROLLER_LABELS.controllerUid) {
      if (!generated.has(key)) {
        add(
          keyPath(labelsPath, key),
          "is set by the API server to the Job's UID, which a manifest cannot know; leave it out"
        );
      }
    }
    const expected: Json = {};
    for (const key of JOB_CONTROLLER_LABELS.jobName) expected[key] = name;
    for (const key of JOB_CONTROLLER_LABELS.controllerUid) expected[key] = PLACEHOLDER_UID;
    if (selector && !selectorMatches(selector, expected)) {
      add(
        'spec.selector',
        '`selector` not auto-generated: leave the selector out (the API server generates it), or set manualSelector: true to give your own'
      );
    }
    if (problems.length > 0) return problems;
  }
  if (selector && !selectorMatches(selector, labels))
    add(labelsPath, '`selector` does not match template `labels`');
  return problems;
}

/** Scalar fields of a Job spec (`validateJobSpec`): non-negative counts, managedBy. */
export function jobSpecScalarRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('job-spec');
  for (const field of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
  ]) {
    const v = int(spec[field]);
    if (v !== undefined && v < 0) add(fieldPath(path, field), NONNEGATIVE);
  }
  if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex)) {
    add(fieldPath(path, 'backoffLimitPerIndex'), 'is required when maxFailedIndexes is specified');
  }
  const managedBy = str(spec.managedBy);
  if (managedBy !== undefined) {
    for (const problem of managedByProblems(managedBy)) add(fieldPath(path, 'managedBy'), problem);
  }
  return problems;
}

/** completionMode and the Indexed limits (`validateJobSpec`); successPolicy needs Indexed. */
export function jobCompletionModeRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('job-indexed');
  const mode = spec.completionMode;
  const completions = int(spec.completions);
  const parallelism = int(spec.parallelism);
  const maxFailed = int(spec.maxFailedIndexes);
  const limit = JOB_LIMITS.indexed;
  if (invalidChoice(mode, ['NonIndexed', 'Indexed'])) {
    add(fieldPath(path, 'completionMode'), unsupported(mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed') {
    if (!isSet(spec.completions))
      add(fieldPath(path, 'completions'), 'is required when completion mode is Indexed');
    if (parallelism !== undefined && parallelism > limit) {
      add(
        fieldPath(path, 'parallelism'),
        `must be less than or equal to ${limit} when completion mode is Indexed`
      );
    }
    if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
      add(fieldPath(path, 'maxFailedIndexes'), 'must be less than or equal to completions');
    }
    if (maxFailed !== undefined && maxFailed > limit) {
      add(fieldPath(path, 'maxFailedIndexes'), `must be less than or equal to ${limit}`);
    }
    if (completions !== undefined && completions > limit && isSet(spec.backoffLimitPerIndex)) {
      const why = `when completions are above ${limit} and used with backoff limit per index`;
      if (maxFailed === undefined) {
        add(fieldPath(path, 'maxFailedIndexes'), `must be specified when completions is above ${limit}`);
      }
      if (parallelism !== undefined && parallelism > JOB_LIMITS.indexedLarge) {
        add(
          fieldPath(path, 'parallelism'),
          `must be less than or equal to ${JOB_LIMITS.indexedLarge} ${why}`
        );
      }
      if (maxFailed !== undefined && maxFailed > JOB_LIMITS.indexedLarge) {
        add(
          fieldPath(path, 'maxFailedIndexes'),
          `must be less than or equal to ${JOB_LIMITS.indexedLarge} ${why}`
        );
      }
    }
  } else {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isSet(spec[field]))
        add(fieldPath(path, field), 'requires indexed completion mode (completionMode: Indexed)');
    }
    if (isSet(spec.successPolicy)) {
      add(fieldPath(path, 'successPolicy'), 'requires indexed completion mode (completionMode: Indexed)');
    }
  }
  return problems;
}

/** A Job's pods must not restart on their own: restartPolicy OnFailure or Never; Never with a podFailurePolicy. */
export function jobRestartPolicyRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('restart-policy');
  const at = fieldPath(path, 'template.spec.restartPolicy');
  const policy = asObject(asObject(spec.template)?.spec)?.restartPolicy;
  if (policy === 'Always' || policy === '' || !isSet(policy)) {
    add(
      at,
      'must be "OnFailure" or "Never" for a Job (an unset restartPolicy defaults to "Always", which a Job does not allow)'
    );
  } else if (policy === 'OnFailure' && isSet(spec.podFailurePolicy)) {
    add(at, 'only "Never" is supported when podFailurePolicy is specified');
  }
  return problems;
}
