/**
 * kube-apiserver's create-time rules for Jobs, CronJobs and their pod templates (`../shared/reference/job-api.md`
 * §1–§3), as pure functions over manifests **after** the defaults of `manifest-defaults.ts`. One function per
 * rule family; each returns its problems with the family's name as `rule`.
 *
 * The naming and value rules are the ones the constructs use (`rules.ts`, `paths.ts`, `probe-schema.ts`,
 * `scheduling-schema.ts`, `time-zone.ts`), so a manifest and a construct cannot disagree on them. Where the
 * constructs are deliberately stricter than Kubernetes (POSIX env names, parallelism ≤ completions, absolute
 * mount paths, named probe ports that must exist), these functions apply Kubernetes' own rule instead.
 */
import { HostPathType } from '../../lib/values/volume';
import { HEADER_NAME, portNameProblem } from '../../lib/props/probe';
import { absolutePathProblem, noBackstepsProblem, relativePathProblem } from '../../lib/rules/paths';
import { nodeRequirementProblems, tolerationProblems } from '../../lib/props/scheduling';
import { timeZoneProblem } from '../../lib/rules/time-zone';
import { podSecurityLevel, PodSecurityLevel, podSecurityViolations } from '../../lib/rules/pod-security';
import { gateEnabled, GATES, KubeVersion } from '../../lib/rules/kube-versions';
import { asList, asObject, Json, ManifestProblem, PLACEHOLDER_UID } from './manifest-defaults';
import { NANOS_PER_UNIT, quantityNanos } from '../../lib/rules/quantity';
import { JOB_CONTROLLER_LABELS, JOB_LIMITS } from '../../lib/rules/job-limits';
import { annotationsProblems, labelsProblems } from '../../lib/rules/metadata';
import {
  configKeyProblem,
  csiDriverNameProblem,
  dns1035LabelProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  envFieldPathProblem,
  envVarNameProblem,
  indexedHostnameProblem,
  INT32_MAX,
  isFileMode,
  labelValueProblem,
  qualifiedNameProblem,
} from '../../lib/rules/names';
import { podAnnotationsProblems, SeccompProfileLike } from '../../lib/rules/pod-annotations';
import { scheduleProblems } from './schedule';
import { fieldPath, keyPath } from './schema-check';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Collects the problems of one rule family. */
function family(rule: string) {
  const problems: ManifestProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message, rule });
  return { problems, add };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
const isSet = (v: unknown) => v !== undefined && v !== null;
const quote = (v: unknown) => JSON.stringify(v);
const oneOf = (values: readonly string[]) => values.map(quote).join(', ');
/** A string outside `values` (other types are the schema check's business). */
const invalidChoice = (value: unknown, values: readonly string[]) =>
  typeof value === 'string' && !values.includes(value);
const unsupported = (value: unknown, values: readonly string[]) =>
  `unsupported value ${quote(value)}: supported values: ${oneOf(values)}`;
const NONNEGATIVE = 'must be greater than or equal to 0';

/** `base` followed by the segments of a shared rule's problem path (`['values', 0]` → `base.values[0]`). */
function subPath(base: string, segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (acc, k) => (typeof k === 'number' ? keyPath(acc, k) : fieldPath(acc, String(k))),
    base
  );
}

/** Every container of a pod spec with its path: init containers first, then containers. */
function containersOf(spec: Json, path: string) {
  const out: { c: Json; path: string; init: boolean }[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    asList(spec[list]).forEach((c, i) => {
      const container = asObject(c);
      if (container)
        out.push({ c: container, path: keyPath(fieldPath(path, list), i), init: list === 'initContainers' });
    });
  }
  return out;
}

/** Labels and annotations of some metadata, at `path`. */
function labelAndAnnotationProblems(
  meta: Json | undefined,
  path: string,
  add: (path: string, message: string) => void,
  skipLabels: ReadonlySet<string> = new Set()
) {
  const labels = asObject(meta?.labels);
  if (labels) {
    const own = Object.fromEntries(Object.entries(labels).filter(([k]) => !skipLabels.has(k)));
    for (const p of labelsProblems(own)) add(keyPath(fieldPath(path, 'labels'), p.key!), p.message);
  }
  const annotations = asObject(meta?.annotations);
  if (annotations) {
    for (const p of annotationsProblems(annotations)) {
      add(
        p.key === undefined ? fieldPath(path, 'annotations') : keyPath(fieldPath(path, 'annotations'), p.key),
        p.message
      );
    }
  }
}

/** A `LabelSelector`'s own rules (`ValidateLabelSelector`). */
function labelSelectorProblems(selector: Json, path: string, add: (path: string, message: string) => void) {
  const matchLabels = asObject(selector.matchLabels);
  if (matchLabels) {
    for (const p of labelsProblems(matchLabels))
      add(keyPath(fieldPath(path, 'matchLabels'), p.key!), p.message);
  }
  asList(selector.matchExpressions).forEach((e, i) => {
    const expr = asObject(e);
    if (!expr) return;
    const at = keyPath(fieldPath(path, 'matchExpressions'), i);
    const key = str(expr.key);
    if (key !== undefined) {
      const problem = qualifiedNameProblem(key);
      if (problem) add(fieldPath(at, 'key'), `label key ${problem}`);
    }
    const values = asList(expr.values);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          add(fieldPath(at, 'values'), `must be specified when operator is ${expr.operator}`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          add(fieldPath(at, 'values'), `may not be specified when operator is ${expr.operator}`);
        break;
      default:
        if (typeof expr.operator === 'string') {
          add(
            fieldPath(at, 'operator'),
            unsupported(expr.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist'])
          );
        }
    }
    values.forEach((v, j) => {
      const problem = typeof v === 'string' ? labelValueProblem(v) : undefined;
      if (problem) add(keyPath(fieldPath(at, 'values'), j), problem);
    });
  });
}

/** Whether a `LabelSelector` selects `labels` (an empty selector selects everything). */
export function selectorMatches(selector: Json, labels: Json): boolean {
  for (const [k, v] of Object.entries(asObject(selector.matchLabels) ?? {})) {
    if (labels[k] !== v) return false;
  }
  return asList(selector.matchExpressions).every((e) => {
    const expr = asObject(e) ?? {};
    const key = String(expr.key);
    const has = key in labels;
    const values = asList(expr.values);
    switch (expr.operator) {
      case 'In':
        return has && values.includes(labels[key]);
      case 'NotIn':
        return !has || !values.includes(labels[key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Object metadata

/** The name rule of each kind this checker knows (`ValidateObjectMeta` name functions). */
const NAME_RULES: Readonly<Record<string, (name: string) => string | undefined>> = {
  Job: dnsSubdomainProblem,
  CronJob: dnsSubdomainProblem,
  Pod: dnsSubdomainProblem,
  PodTemplate: dnsSubdomainProblem,
  ConfigMap: dnsSubdomainProblem,
  Secret: dnsSubdomainProblem,
  ServiceAccount: dnsSubdomainProblem,
  PersistentVolumeClaim: dnsSubdomainProblem,
  Service: dns1035LabelProblem,
  Namespace: (name) => dnsLabelProblem(name),
};
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** `metadata`: name or generateName, the kind's name rule, namespace, labels, annotations, finalizers. */
export function metadataRules(obj: Json, kind: string): ManifestProblem[] {
  const { problems, add } = family('metadata');
  const meta = asObject(obj.metadata) ?? {};
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (!name && !generateName) add('metadata.name', 'name or generateName is required');
  const nameRule = NAME_RULES[kind];
  if (nameRule && name) {
    const problem = nameRule(name);
    if (problem) add('metadata.name', problem);
  }
  if (nameRule && generateName && !name) {
    // A trailing '-' is allowed in a prefix (`maskTrailingDash`).
    const masked =
      generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
    const problem = nameRule(masked);
    if (problem) add('metadata.generateName', problem);
  }
  const namespace = str(meta.namespace);
  if (namespace) {
    const problem = dnsLabelProblem(namespace);
    if (problem) add('metadata.namespace', problem);
  }
  // `ValidateObjectMetaAccessor`, on create (`rest.BeforeCreate`).
  if (isSet(meta.resourceVersion) && meta.resourceVersion !== '') {
    add('metadata.resourceVersion', 'resourceVersion should not be set on objects to be created');
  }
  labelAndAnnotationProblems(meta, 'metadata', add);
  asList(meta.finalizers).forEach((f, i) => {
    if (typeof f !== 'string') return;
    const problem = qualifiedNameProblem(f);
    if (problem) add(keyPath('metadata.finalizers', i), problem);
    else if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      add(
        keyPath('metadata.finalizers', i),
        'name is neither a standard finalizer name nor is it fully qualified'
      );
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Job

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
    const at = fieldPath(path, 'managedBy');
    const slash = managedBy.indexOf('/');
    if (slash <= 0 || slash === managedBy.length - 1) {
      add(at, 'must be a domain-prefixed path (such as "acme.io/foo")');
    } else {
      const domainProblem = dnsSubdomainProblem(managedBy.slice(0, slash));
      if (domainProblem) add(at, `domain ${domainProblem}`);
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(managedBy.slice(slash + 1))) {
        add(at, "path must consist of letters, digits and /-._~%!$&'()*+,;=:");
      }
    }
    if (managedBy.length > 63) add(at, `must have at most 63 characters (is ${managedBy.length})`);
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

/** `validateIndexesFormat`: "1,3-5" style index lists, below `completions`. Returns the count or an error. */
function parseIndexes(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) {
      return `the fragment ${quote(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    }
    const bounds: number[] = [];
    for (const l of limits) {
      if (!/^[+-]?\d+$/.test(l)) return `cannot convert string to integer for index: ${quote(l)}`;
      const n = Number(l);
      if (n >= completions) return `too large index: ${quote(l)}`;
      bounds.push(n);
    }
    const [x, y = x] = bounds;
    if (limits.length > 1 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** `successPolicy` (1.31+ by default), on an Indexed Job. */
export function successPolicyRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('success-policy');
  const policy = asObject(spec.successPolicy);
  if (!policy || spec.completionMode !== 'Indexed') return problems;
  const at = fieldPath(path, 'successPolicy.rules');
  const rules = asList(policy.rules);
  if (rules.length === 0) add(at, 'at least one rules must be specified when the successPolicy is specified');
  if (rules.length > JOB_LIMITS.successPolicyRules) {
    add(at, `must have at most ${JOB_LIMITS.successPolicyRules} items (has ${rules.length})`);
  }
  const completions = int(spec.completions) ?? 0;
  rules.forEach((r, i) => {
    const rule = asObject(r) ?? {};
    const rulePath = keyPath(at, i);
    if (!isSet(rule.succeededCount) && !isSet(rule.succeededIndexes)) {
      add(rulePath, 'at least one of succeededCount or succeededIndexes must be specified');
    }
    let total: number | undefined;
    const indexes = str(rule.succeededIndexes);
    if (indexes !== undefined) {
      if (indexes.length > 64 * 1024)
        add(fieldPath(rulePath, 'succeededIndexes'), 'must have at most 65536 bytes');
      const parsed = parseIndexes(indexes, completions);
      if (typeof parsed === 'string') {
        add(fieldPath(rulePath, 'succeededIndexes'), `error parsing succeededIndexes: ${parsed}`);
      } else total = parsed;
    }
    const count = int(rule.succeededCount);
    if (count !== undefined) {
      const countPath = fieldPath(rulePath, 'succeededCount');
      if (count < 0) add(countPath, NONNEGATIVE);
      if (count > completions) {
        add(countPath, `must be less than or equal to ${completions} (the number of specified completions)`);
      }
      if (indexes !== undefined && total !== undefined && count > total) {
        add(
          countPath,
          `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`
        );
      }
    }
  });
  return problems;
}

/** `podFailurePolicy` (`validatePodFailurePolicy`) and `podReplacementPolicy`. */
export function podFailurePolicyRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('pod-failure-policy');
  const policy = asObject(spec.podFailurePolicy);
  const replacement = spec.podReplacementPolicy;
  if (isSet(replacement)) {
    const allowed = policy ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (invalidChoice(replacement, allowed)) {
      add(
        fieldPath(path, 'podReplacementPolicy'),
        `${unsupported(replacement, allowed)}${policy ? ' (with a podFailurePolicy only Failed is allowed)' : ''}`
      );
    }
  }
  if (!policy) return problems;
  const rulesPath = fieldPath(path, 'podFailurePolicy.rules');
  const rules = asList(policy.rules);
  if (rules.length > JOB_LIMITS.podFailurePolicyRules) {
    add(rulesPath, `must have at most ${JOB_LIMITS.podFailurePolicyRules} items (has ${rules.length})`);
  }
  const podSpec = asObject(asObject(spec.template)?.spec) ?? {};
  const names = new Set(containersOf(podSpec, '').map(({ c }) => c.name));
  const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
  rules.forEach((r, i) => {
    const rule = asObject(r) ?? {};
    const rulePath = keyPath(rulesPath, i);
    const action = rule.action;
    if (!isSet(action) || action === '')
      add(fieldPath(rulePath, 'action'), `is required: one of ${oneOf(actions)}`);
    else if (action === 'FailIndex') {
      if (!isSet(spec.backoffLimitPerIndex)) {
        add(fieldPath(rulePath, 'action'), 'FailIndex requires the backoffLimitPerIndex to be set');
      }
    } else if (invalidChoice(action, actions))
      add(fieldPath(rulePath, 'action'), unsupported(action, actions));

    const onExitCodes = asObject(rule.onExitCodes);
    const onPodConditions = asList(rule.onPodConditions);
    if (onExitCodes) {
      const at = fieldPath(rulePath, 'onExitCodes');
      const operator = onExitCodes.operator;
      if (!isSet(operator) || operator === '') add(fieldPath(at, 'operator'), 'is required: "In" or "NotIn"');
      else if (invalidChoice(operator, ['In', 'NotIn']))
        add(fieldPath(at, 'operator'), unsupported(operator, ['In', 'NotIn']));
      const containerName = onExitCodes.containerName;
      if (isSet(containerName) && !names.has(containerName)) {
        add(
          fieldPath(at, 'containerName'),
          'must be one of the container or initContainer names in the pod template'
        );
      }
      const values = asList(onExitCodes.values);
      const valuesPath = fieldPath(at, 'values');
      if (values.length === 0) add(valuesPath, 'at least one value is required');
      else if (values.length > JOB_LIMITS.onExitCodesValues) {
        add(valuesPath, `must have at most ${JOB_LIMITS.onExitCodesValues} items (has ${values.length})`);
      }
      const seen = new Set<unknown>();
      let ordered = true;
      values.forEach((v, j) => {
        if (operator === 'In' && v === 0)
          add(keyPath(valuesPath, j), 'must not be 0 for the In operator (0 means success)');
        if (seen.has(v)) add(keyPath(valuesPath, j), `duplicate value ${quote(v)}`);
        seen.add(v);
        if (j > 0 && (values[j - 1] as number) > (v as number)) ordered = false;
      });
      if (!ordered) add(valuesPath, 'must be ordered');
    }
    if (onPodConditions.length > 0) {
      const at = fieldPath(rulePath, 'onPodConditions');
      if (onPodConditions.length > JOB_LIMITS.onPodConditions) {
        add(at, `must have at most ${JOB_LIMITS.onPodConditions} items (has ${onPodConditions.length})`);
      }
      onPodConditions.forEach((p, j) => {
        const pattern = asObject(p) ?? {};
        const type = str(pattern.type);
        const typeProblem = type === undefined ? undefined : qualifiedNameProblem(type);
        if (typeProblem) add(fieldPath(keyPath(at, j), 'type'), typeProblem);
        if (invalidChoice(pattern.status, ['True', 'False', 'Unknown'])) {
          add(fieldPath(keyPath(at, j), 'status'), unsupported(pattern.status, ['False', 'True', 'Unknown']));
        }
      });
    }
    if (onExitCodes && onPodConditions.length > 0) {
      add(rulePath, 'specifying both OnExitCodes and OnPodConditions is not supported');
    }
    if (!onExitCodes && onPodConditions.length === 0) {
      add(rulePath, 'specifying one of OnExitCodes and OnPodConditions is required');
    }
  });
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

// ---------------------------------------------------------------------------------------------
// CronJob

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

// ---------------------------------------------------------------------------------------------
// Pod template and pod spec

/** A pod template's own labels and annotations (the generated Job labels excluded). */
export function podTemplateMetadataRules(
  template: Json,
  path: string,
  generated: ReadonlySet<string> = new Set()
): ManifestProblem[] {
  const { problems, add } = family('metadata');
  labelAndAnnotationProblems(asObject(template.metadata), fieldPath(path, 'metadata'), add, generated);
  return problems;
}

/**
 * The pod annotations the API server validates against the pod spec (`ValidatePodSpecificAnnotations`,
 * `validateSeccompAnnotationsAndFields`): `annotationsPath` is where the annotations are, `specPath` the pod spec.
 */
export function podAnnotationRules(
  annotations: Json | undefined,
  spec: Json,
  annotationsPath: string,
  specPath: string
): ManifestProblem[] {
  const { problems, add } = family('pod-annotations');
  if (!annotations) return problems;
  const names: string[] = [];
  const containerPaths = new Map<string, string>();
  const containerSeccompProfiles = new Map<string, SeccompProfileLike>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asList(spec[list]).forEach((item, i) => {
      const c = asObject(item);
      const name = str(c?.name);
      if (!c || name === undefined) return;
      names.push(name);
      containerPaths.set(name, keyPath(fieldPath(specPath, list), i));
      const profile = asObject(asObject(c.securityContext)?.seccompProfile);
      if (profile) containerSeccompProfiles.set(name, profile);
    });
  }
  const podSeccompProfile = asObject(asObject(spec.securityContext)?.seccompProfile);
  for (const p of podAnnotationsProblems(annotations, {
    containerNames: names,
    podSeccompProfile,
    containerSeccompProfiles,
  })) {
    if (!p.field) add(keyPath(annotationsPath, p.key), p.message);
    else {
      const base = p.field.container === undefined ? specPath : containerPaths.get(p.field.container)!;
      add(p.field.path.reduce(fieldPath, base), p.message);
    }
  }
  return problems;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

/** Containers (`validateContainers`, `validateInitContainers`): names, images, policies, init-container rules. */
export function containerRules(spec: Json, path: string, inTemplate: boolean): ManifestProblem[] {
  const { problems, add } = family('containers');
  if (asList(spec.containers).length === 0)
    add(fieldPath(path, 'containers'), 'is required: a pod needs at least one container');
  const seen = new Set<string>();
  for (const { c, path: at, init } of containersOf(spec, path)) {
    const name = str(c.name);
    if (!name) add(fieldPath(at, 'name'), 'is required');
    else {
      const problem = dnsLabelProblem(name);
      if (problem) add(fieldPath(at, 'name'), problem);
      if (seen.has(name))
        add(
          fieldPath(at, 'name'),
          `duplicate value ${quote(name)}: container names must be unique across containers and initContainers`
        );
      seen.add(name);
    }
    if (!str(c.image)) add(fieldPath(at, 'image'), 'is required');
    if (invalidChoice(c.imagePullPolicy, PULL_POLICIES)) {
      add(fieldPath(at, 'imagePullPolicy'), unsupported(c.imagePullPolicy, PULL_POLICIES));
    }
    if (invalidChoice(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES)) {
      add(
        fieldPath(at, 'terminationMessagePolicy'),
        unsupported(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES)
      );
    }
    if (!init) {
      if (isSet(c.restartPolicy))
        add(fieldPath(at, 'restartPolicy'), 'may not be set for non-init containers');
      continue;
    }
    if (invalidChoice(c.restartPolicy, ['Always'])) {
      add(fieldPath(at, 'restartPolicy'), unsupported(c.restartPolicy, ['Always']));
    }
    if (c.restartPolicy !== 'Always') {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(c[field]))
          add(fieldPath(at, field), 'may not be set for init containers without restartPolicy=Always');
      }
    }
  }
  if (inTemplate && asList(spec.ephemeralContainers).length > 0) {
    add(fieldPath(path, 'ephemeralContainers'), 'ephemeral containers not allowed in pod template');
  }
  return problems;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** Container ports (`validateContainerPorts`, host port conflicts). */
export function portRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('ports');
  const hostPorts = new Set<string>();
  for (const { c, path: at, init } of containersOf(spec, path)) {
    const names = new Set<string>();
    asList(c.ports).forEach((p, i) => {
      const port = asObject(p) ?? {};
      const portPath = keyPath(fieldPath(at, 'ports'), i);
      const number = int(port.containerPort);
      if (!isSet(port.containerPort)) add(fieldPath(portPath, 'containerPort'), 'is required');
      else if (number !== undefined && (number < 1 || number > 65535)) {
        add(fieldPath(portPath, 'containerPort'), 'must be between 1 and 65535, inclusive');
      }
      const hostPort = int(port.hostPort);
      if (hostPort !== undefined && hostPort !== 0 && (hostPort < 1 || hostPort > 65535)) {
        add(fieldPath(portPath, 'hostPort'), 'must be between 1 and 65535, inclusive');
      }
      if (invalidChoice(port.protocol, PROTOCOLS))
        add(fieldPath(portPath, 'protocol'), unsupported(port.protocol, PROTOCOLS));
      const name = str(port.name);
      if (name !== undefined && name !== '') {
        const problem = portNameProblem(name);
        if (problem) add(fieldPath(portPath, 'name'), problem);
        if (names.has(name)) add(fieldPath(portPath, 'name'), `duplicate value ${quote(name)}`);
        names.add(name);
      }
      if (!init && hostPort) {
        const key = `${hostPort}/${port.protocol}${port.hostIP ? ` on ${port.hostIP}` : ''}`;
        if (hostPorts.has(key))
          add(fieldPath(portPath, 'hostPort'), `duplicate host port ${quote(key)} in the pod`);
        hostPorts.add(key);
      }
    });
  }
  return problems;
}

const RESOURCE_FIELD_REFS = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]);

/** A ConfigMap or Secret key reference: a valid object name and a key. */
function keyRefProblems(ref: Json, at: string, add: (path: string, message: string) => void) {
  const nameProblem = dnsSubdomainProblem(String(ref.name ?? ''));
  if (nameProblem) add(fieldPath(at, 'name'), nameProblem);
  const key = str(ref.key);
  if (!key) add(fieldPath(at, 'key'), 'is required');
  else {
    const problem = configKeyProblem(key);
    if (problem) add(fieldPath(at, 'key'), problem);
  }
}

/**
 * `env` and `envFrom` (`ValidateEnv`): names by Kubernetes' rule at `version` (strict up to 1.31, relaxed from
 * 1.32), exactly one source per `valueFrom`, valid references.
 */
export function envRules(spec: Json, path: string, version: KubeVersion): ManifestProblem[] {
  const { problems, add } = family('env');
  const relaxed = gateEnabled(GATES.RelaxedEnvironmentVariableValidation, version);
  for (const { c, path: at } of containersOf(spec, path)) {
    asList(c.env).forEach((e, i) => {
      const env = asObject(e) ?? {};
      const envPath = keyPath(fieldPath(at, 'env'), i);
      const name = str(env.name);
      if (!name) add(fieldPath(envPath, 'name'), 'is required');
      else {
        const problem = envVarNameProblem(name, relaxed);
        if (problem)
          add(
            fieldPath(envPath, 'name'),
            relaxed ? problem : `${problem} (Kubernetes ${version}; relaxed names need 1.32+)`
          );
      }
      const valueFrom = asObject(env.valueFrom);
      if (!valueFrom) return;
      const from = fieldPath(envPath, 'valueFrom');
      if (typeof env.value === 'string' && env.value !== '')
        add(from, 'may not be specified when `value` is not empty');
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((s) =>
        isSet(valueFrom[s])
      );
      if (sources.length === 0) {
        add(from, 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
      } else if (sources.length > 1) {
        add(from, 'may not have more than one field specified at a time');
      }
      const fieldRef = asObject(valueFrom.fieldRef);
      if (fieldRef) {
        const fp = str(fieldRef.fieldPath);
        const problem = fp ? envFieldPathProblem(fp) : 'is required';
        if (problem) add(fieldPath(from, 'fieldRef.fieldPath'), problem);
      }
      const resourceRef = asObject(valueFrom.resourceFieldRef);
      if (resourceRef) {
        const resource = String(resourceRef.resource ?? '');
        if (!RESOURCE_FIELD_REFS.has(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
          add(
            fieldPath(from, 'resourceFieldRef.resource'),
            unsupported(resourceRef.resource, [...RESOURCE_FIELD_REFS])
          );
        }
      }
      for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
        const ref = asObject(valueFrom[kind]);
        if (ref) keyRefProblems(ref, fieldPath(from, kind), add);
      }
    });
    asList(c.envFrom).forEach((e, i) => {
      const source = asObject(e) ?? {};
      const at2 = keyPath(fieldPath(at, 'envFrom'), i);
      const refs = ['configMapRef', 'secretRef'].filter((r) => isSet(source[r]));
      if (refs.length !== 1) add(at2, 'must specify exactly one of: `configMapRef` or `secretRef`');
      for (const r of refs) {
        const problem = dnsSubdomainProblem(String(asObject(source[r])?.name ?? ''));
        if (problem) add(fieldPath(fieldPath(at2, r), 'name'), problem);
      }
      const prefix = str(source.prefix);
      if (prefix) {
        const problem = envVarNameProblem(prefix, relaxed);
        if (problem) add(fieldPath(at2, 'prefix'), problem);
      }
    });
  }
  return problems;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string) => name.startsWith('hugepages-');
/** `IsNativeResource`: unprefixed or in the `kubernetes.io` namespace. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** `IsExtendedResourceName`: e.g. `nvidia.com/gpu`. */
const isExtended = (name: string) =>
  !isNative(name) && !name.startsWith('requests.') && qualifiedNameProblem(`requests.${name}`) === undefined;

/**
 * Container resources (`validateResourceRequirements`): resource names, quantities ≥ 0, whole numbers for
 * extended resources (GPUs), request ≤ limit, and request = limit for resources that cannot be overcommitted
 * (extended resources and hugepages).
 */
export function resourceRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('resources');
  for (const { c, path: at } of containersOf(spec, path)) {
    const resources = asObject(c.resources);
    if (!resources) continue;
    const limits = asObject(resources.limits) ?? {};
    const requests = asObject(resources.requests) ?? {};
    const limitsPath = fieldPath(at, 'resources.limits');
    const requestsPath = fieldPath(at, 'resources.requests');
    for (const [list, listPath] of [
      [limits, limitsPath],
      [requests, requestsPath],
    ] as const) {
      for (const [name, quantity] of Object.entries(list)) {
        const at2 = keyPath(listPath, name);
        const nameProblem = qualifiedNameProblem(name);
        if (nameProblem) add(at2, `resource name ${nameProblem}`);
        else if (!name.includes('/')) {
          if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
            add(
              at2,
              'must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>)'
            );
          }
        } else if (!isNative(name) && !isExtended(name))
          add(at2, "doesn't follow extended resource name standard");
        const nanos = quantityNanos(quantity);
        if (nanos === undefined) continue;
        if (nanos < 0n) add(at2, NONNEGATIVE);
        if (isExtended(name) && nanos % NANOS_PER_UNIT !== 0n)
          add(at2, `must be an integer (got ${quote(quantity)})`);
      }
    }
    for (const [name, request] of Object.entries(requests)) {
      const req = quantityNanos(request);
      const lim = name in limits ? quantityNanos(limits[name]) : undefined;
      const overcommit = isNative(name) && !isHugePages(name);
      if (!overcommit && !(name in limits)) {
        add(
          keyPath(limitsPath, name),
          `must be set when ${name} is requested: limit must be set for non overcommitable resources`
        );
      }
      if (req === undefined || lim === undefined) continue;
      if (req > lim) {
        add(
          keyPath(requestsPath, name),
          `must be less than or equal to ${name} limit of ${limits[name]} (got ${request})`
        );
      } else if (!overcommit && req !== lim) {
        add(
          keyPath(requestsPath, name),
          `must be equal to ${name} limit of ${limits[name]} (got ${request}): ${name} cannot be overcommitted`
        );
      }
    }
    const names = [...Object.keys(limits), ...Object.keys(requests)];
    if (names.some(isHugePages) && !names.some((n) => n === 'cpu' || n === 'memory')) {
      add(fieldPath(at, 'resources'), 'HugePages require cpu or memory');
    }
  }
  return problems;
}

/** Every volume source field of a 1.28 `Volume`. */
const VOLUME_SOURCES = new Set([
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
]);
const MODE_RULE = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES: readonly string[] = Object.values(HostPathType);

/** Items of secret/configMap/downwardAPI sources: paths inside the volume, modes. */
function itemProblems(
  items: unknown,
  at: string,
  add: (path: string, message: string) => void,
  needKey: boolean
) {
  asList(items).forEach((it, i) => {
    const item = asObject(it) ?? {};
    const itemPath = keyPath(fieldPath(at, 'items'), i);
    if (needKey && !str(item.key)) add(fieldPath(itemPath, 'key'), 'is required');
    const p = str(item.path);
    const problem = p === undefined ? 'is required' : relativePathProblem(p, true);
    if (problem) add(fieldPath(itemPath, 'path'), problem);
    if (isSet(item.mode) && !isFileMode(item.mode)) add(fieldPath(itemPath, 'mode'), MODE_RULE);
  });
}

/** Pod volumes (`ValidateVolumes`): names, one source each, and each source's own rules. */
export function volumeRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('volumes');
  const names = new Set<string>();
  asList(spec.volumes).forEach((v, i) => {
    const volume = asObject(v) ?? {};
    const at = keyPath(fieldPath(path, 'volumes'), i);
    const name = str(volume.name);
    if (!name) add(fieldPath(at, 'name'), 'is required');
    else {
      const problem = dnsLabelProblem(name);
      if (problem) add(fieldPath(at, 'name'), problem);
      if (names.has(name)) add(fieldPath(at, 'name'), `duplicate value ${quote(name)}`);
      names.add(name);
    }
    const sources = Object.keys(volume).filter((k) => VOLUME_SOURCES.has(k) && isSet(volume[k]));
    if (sources.length > 1) add(at, `may not specify more than 1 volume type (has ${sources.join(', ')})`);
    const source = (key: string) => asObject(volume[key]);
    const emptyDir = source('emptyDir');
    if (emptyDir) {
      const medium = emptyDir.medium;
      if (
        typeof medium === 'string' &&
        medium !== '' &&
        medium !== 'Memory' &&
        !/^HugePages(-.+)?$/.test(medium)
      ) {
        add(
          fieldPath(at, 'emptyDir.medium'),
          unsupported(medium, ['', 'Memory', 'HugePages', 'HugePages-<size>'])
        );
      }
      const size = quantityNanos(emptyDir.sizeLimit);
      if (size !== undefined && size < 0n) add(fieldPath(at, 'emptyDir.sizeLimit'), NONNEGATIVE);
    }
    const hostPath = source('hostPath');
    if (hostPath) {
      const p = str(hostPath.path);
      const problem = p ? noBackstepsProblem(p) : 'is required';
      if (problem) add(fieldPath(at, 'hostPath.path'), problem);
      if (invalidChoice(hostPath.type, HOST_PATH_TYPES)) {
        add(fieldPath(at, 'hostPath.type'), unsupported(hostPath.type, HOST_PATH_TYPES));
      }
    }
    const nfs = source('nfs');
    if (nfs) {
      if (!str(nfs.server)) add(fieldPath(at, 'nfs.server'), 'is required');
      const p = str(nfs.path);
      const problem = p ? absolutePathProblem(p) : 'is required';
      if (problem) add(fieldPath(at, 'nfs.path'), problem);
    }
    const secret = source('secret');
    if (secret) {
      if (!str(secret.secretName)) add(fieldPath(at, 'secret.secretName'), 'is required');
      if (isSet(secret.defaultMode) && !isFileMode(secret.defaultMode))
        add(fieldPath(at, 'secret.defaultMode'), MODE_RULE);
      itemProblems(secret.items, fieldPath(at, 'secret'), add, true);
    }
    const configMap = source('configMap');
    if (configMap) {
      if (!str(configMap.name)) add(fieldPath(at, 'configMap.name'), 'is required');
      if (isSet(configMap.defaultMode) && !isFileMode(configMap.defaultMode)) {
        add(fieldPath(at, 'configMap.defaultMode'), MODE_RULE);
      }
      itemProblems(configMap.items, fieldPath(at, 'configMap'), add, true);
    }
    const downwardAPI = source('downwardAPI');
    if (downwardAPI) {
      if (isSet(downwardAPI.defaultMode) && !isFileMode(downwardAPI.defaultMode)) {
        add(fieldPath(at, 'downwardAPI.defaultMode'), MODE_RULE);
      }
      itemProblems(downwardAPI.items, fieldPath(at, 'downwardAPI'), add, false);
    }
    const pvc = source('persistentVolumeClaim');
    if (pvc && !str(pvc.claimName)) add(fieldPath(at, 'persistentVolumeClaim.claimName'), 'is required');
    const csi = source('csi');
    if (csi) {
      const driver = str(csi.driver);
      const problem = driver ? csiDriverNameProblem(driver) : 'is required';
      if (problem) add(fieldPath(at, 'csi.driver'), problem);
    }
    const projected = source('projected');
    if (projected) {
      if (isSet(projected.defaultMode) && !isFileMode(projected.defaultMode))
        add(fieldPath(at, 'projected.defaultMode'), MODE_RULE);
      asList(projected.sources).forEach((s, j) => {
        const src = asObject(s) ?? {};
        const srcPath = keyPath(fieldPath(at, 'projected.sources'), j);
        const kinds = Object.keys(src).filter((k) => isSet(src[k]));
        if (kinds.length !== 1) add(srcPath, 'must specify exactly one projection source');
        for (const k of ['secret', 'configMap', 'downwardAPI']) {
          const inner = asObject(src[k]);
          if (inner) itemProblems(inner.items, fieldPath(srcPath, k), add, k !== 'downwardAPI');
        }
        const token = asObject(src.serviceAccountToken);
        if (token) {
          const seconds = int(token.expirationSeconds);
          if (seconds !== undefined && seconds < 600) {
            add(
              fieldPath(srcPath, 'serviceAccountToken.expirationSeconds'),
              'may not specify a duration less than 10 minutes'
            );
          } else if (seconds !== undefined && seconds > 2 ** 32) {
            add(
              fieldPath(srcPath, 'serviceAccountToken.expirationSeconds'),
              'may not specify a duration larger than 2^32 seconds'
            );
          }
          const p = str(token.path);
          const problem = p === undefined ? 'is required' : relativePathProblem(p, true);
          if (problem) add(fieldPath(srcPath, 'serviceAccountToken.path'), problem);
        }
      });
    }
  });
  return problems;
}

const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];

/** Volume mounts (`ValidateVolumeMounts`): an existing volume, unique mount paths, relative sub-paths. */
export function volumeMountRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('volume-mounts');
  const volumes = new Set(asList(spec.volumes).map((v) => asObject(v)?.name));
  for (const { c, path: at } of containersOf(spec, path)) {
    const mountPaths = new Set<string>();
    const privileged = asObject(c.securityContext)?.privileged === true;
    asList(c.volumeMounts).forEach((m, i) => {
      const mount = asObject(m) ?? {};
      const mountPath = keyPath(fieldPath(at, 'volumeMounts'), i);
      const name = str(mount.name);
      if (!name) add(fieldPath(mountPath, 'name'), 'is required');
      else if (!volumes.has(name))
        add(fieldPath(mountPath, 'name'), `not found: no volume named ${quote(name)} in the pod`);
      const target = str(mount.mountPath);
      if (!target) add(fieldPath(mountPath, 'mountPath'), 'is required');
      else {
        if (mountPaths.has(target)) add(fieldPath(mountPath, 'mountPath'), 'must be unique');
        mountPaths.add(target);
      }
      for (const field of ['subPath', 'subPathExpr']) {
        const sub = str(mount[field]);
        const problem = sub ? relativePathProblem(sub) : undefined;
        if (problem) add(fieldPath(mountPath, field), problem);
      }
      if (str(mount.subPath) && str(mount.subPathExpr)) {
        add(fieldPath(mountPath, 'subPathExpr'), 'subPathExpr and subPath are mutually exclusive');
      }
      const propagation = mount.mountPropagation;
      if (typeof propagation === 'string') {
        if (!PROPAGATIONS.includes(propagation)) {
          add(fieldPath(mountPath, 'mountPropagation'), unsupported(propagation, PROPAGATIONS));
        } else if (propagation === 'Bidirectional' && !privileged) {
          add(
            fieldPath(mountPath, 'mountPropagation'),
            'Bidirectional mount propagation is available only to privileged containers'
          );
        }
      }
    });
  }
  return problems;
}

/** A probe's or hook's port: 1–65535 or a port name (`IsValidPortNum`, `IsValidPortName`). */
function portProblem(port: unknown): string | undefined {
  if (typeof port === 'string') return portNameProblem(port);
  const n = int(port);
  return n === undefined || n < 1 || n > 65535 ? 'must be between 1 and 65535, inclusive' : undefined;
}

/** The handler of a probe or lifecycle hook: exactly one of `kinds`, each valid. */
function handlerProblems(
  handler: Json,
  at: string,
  kinds: readonly string[],
  add: (path: string, message: string) => void
) {
  const present = kinds.filter((k) => isSet(handler[k]));
  if (present.length === 0) add(at, `must specify a handler type (one of ${kinds.join(', ')})`);
  else if (present.length > 1)
    add(at, `may not specify more than 1 handler type (has ${present.join(', ')})`);
  const exec = asObject(handler.exec);
  if (exec && asList(exec.command).length === 0) add(fieldPath(at, 'exec.command'), 'is required');
  const http = asObject(handler.httpGet);
  if (http) {
    const problem = portProblem(http.port);
    if (problem) add(fieldPath(at, 'httpGet.port'), problem);
    if (invalidChoice(http.scheme, ['HTTP', 'HTTPS'])) {
      add(fieldPath(at, 'httpGet.scheme'), unsupported(http.scheme, ['HTTP', 'HTTPS']));
    }
    asList(http.httpHeaders).forEach((h, i) => {
      const name = str(asObject(h)?.name);
      if (name !== undefined && !HEADER_NAME.test(name)) {
        add(
          keyPath(fieldPath(at, 'httpGet.httpHeaders'), i),
          "header name must consist of letters, digits and '-'"
        );
      }
    });
  }
  const tcp = asObject(handler.tcpSocket);
  if (tcp) {
    const problem = portProblem(tcp.port);
    if (problem) add(fieldPath(at, 'tcpSocket.port'), problem);
  }
  const grpc = asObject(handler.grpc);
  if (grpc) {
    const port = int(grpc.port);
    if (port === undefined || port < 1 || port > 65535)
      add(fieldPath(at, 'grpc.port'), 'must be between 1 and 65535, inclusive');
  }
}

/** Probes and lifecycle hooks (`validateProbe`, `validateLifecycle`), after the probe defaults. */
export function probeRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('probes');
  for (const { c, path: at } of containersOf(spec, path)) {
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = asObject(c[kind]);
      if (!probe) continue;
      const probePath = fieldPath(at, kind);
      handlerProblems(probe, probePath, ['exec', 'httpGet', 'tcpSocket', 'grpc'], add);
      for (const field of [
        'initialDelaySeconds',
        'timeoutSeconds',
        'periodSeconds',
        'successThreshold',
        'failureThreshold',
      ]) {
        const v = int(probe[field]);
        if (v !== undefined && v < 0) add(fieldPath(probePath, field), NONNEGATIVE);
      }
      if (kind !== 'readinessProbe' && isSet(probe.successThreshold) && probe.successThreshold !== 1) {
        add(fieldPath(probePath, 'successThreshold'), `must be 1 for a ${kind.replace('Probe', '')} probe`);
      }
      const grace = probe.terminationGracePeriodSeconds;
      if (isSet(grace)) {
        if (kind === 'readinessProbe')
          add(fieldPath(probePath, 'terminationGracePeriodSeconds'), 'must not be set for readinessProbes');
        else if ((int(grace) ?? 1) <= 0)
          add(fieldPath(probePath, 'terminationGracePeriodSeconds'), 'must be greater than 0');
      }
    }
    const lifecycle = asObject(c.lifecycle);
    for (const hook of ['postStart', 'preStop']) {
      const handler = asObject(lifecycle?.[hook]);
      if (handler)
        handlerProblems(handler, fieldPath(at, `lifecycle.${hook}`), ['exec', 'httpGet', 'tcpSocket'], add);
    }
  }
  return problems;
}

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** Pod-level fields (`ValidatePodSpec`): policies, names, deadlines, user and group IDs, scheduling gates. */
export function podSpecRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('pod-spec');
  const restart = spec.restartPolicy;
  if (invalidChoice(restart, RESTART_POLICIES)) {
    add(fieldPath(path, 'restartPolicy'), unsupported(restart, RESTART_POLICIES));
  }
  const dnsPolicy = spec.dnsPolicy;
  if (invalidChoice(dnsPolicy, DNS_POLICIES)) {
    add(fieldPath(path, 'dnsPolicy'), unsupported(dnsPolicy, DNS_POLICIES));
  }
  const nameservers = asList(asObject(spec.dnsConfig)?.nameservers);
  if (dnsPolicy === 'None' && nameservers.length === 0) {
    add(fieldPath(path, 'dnsConfig'), 'must provide at least one DNS nameserver when `dnsPolicy` is None');
  }
  if (nameservers.length > 3)
    add(fieldPath(path, 'dnsConfig.nameservers'), 'must not have more than 3 nameservers');
  const deadline = int(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > INT32_MAX)) {
    add(fieldPath(path, 'activeDeadlineSeconds'), `must be between 1 and ${INT32_MAX}, inclusive`);
  }
  for (const [field, rule] of [
    ['serviceAccountName', dnsSubdomainProblem],
    ['serviceAccount', dnsSubdomainProblem],
    ['priorityClassName', dnsSubdomainProblem],
    ['hostname', (v: string) => dnsLabelProblem(v)],
    ['subdomain', (v: string) => dnsLabelProblem(v)],
  ] as const) {
    const value = str(spec[field]);
    const problem = value ? rule(value) : undefined;
    if (problem) add(fieldPath(path, field), problem);
  }
  const ids = (sc: Json | undefined, at: string) => {
    for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) {
      const v = int(sc?.[field]);
      if (v !== undefined && (v < 0 || v > INT32_MAX))
        add(fieldPath(at, field), `must be between 0 and ${INT32_MAX}, inclusive`);
    }
  };
  ids(asObject(spec.securityContext), fieldPath(path, 'securityContext'));
  for (const { c, path: at } of containersOf(spec, path))
    ids(asObject(c.securityContext), fieldPath(at, 'securityContext'));
  const gates = new Set<string>();
  asList(spec.schedulingGates).forEach((g, i) => {
    const name = str(asObject(g)?.name);
    if (name === undefined) return;
    const at = fieldPath(keyPath(fieldPath(path, 'schedulingGates'), i), 'name');
    const problem = qualifiedNameProblem(name);
    if (problem) add(at, problem);
    if (gates.has(name)) add(at, `duplicate value ${quote(name)}`);
    gates.add(name);
  });
  return problems;
}

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** A node selector term: its requirements (shared with the constructs) and match fields. */
function nodeTermProblems(term: Json, at: string, add: (path: string, message: string) => void) {
  asList(term.matchExpressions).forEach((r, i) => {
    const req = asObject(r) ?? {};
    const reqPath = keyPath(fieldPath(at, 'matchExpressions'), i);
    if (invalidChoice(req.operator, NODE_OPERATORS))
      add(fieldPath(reqPath, 'operator'), unsupported(req.operator, NODE_OPERATORS));
    for (const p of nodeRequirementProblems(req)) add(subPath(reqPath, p.path), p.message);
  });
  asList(term.matchFields).forEach((r, i) => {
    const req = asObject(r) ?? {};
    const reqPath = keyPath(fieldPath(at, 'matchFields'), i);
    if (req.key !== 'metadata.name')
      add(fieldPath(reqPath, 'key'), 'not a valid field selector key: only metadata.name is supported');
    if (invalidChoice(req.operator, ['In', 'NotIn'])) {
      add(fieldPath(reqPath, 'operator'), unsupported(req.operator, ['In', 'NotIn']));
    }
    if (asList(req.values).length !== 1) add(fieldPath(reqPath, 'values'), 'must have exactly one value');
  });
}

/** A pod (anti-)affinity term: topology key and label selector. */
function podAffinityTermProblems(term: Json, at: string, add: (path: string, message: string) => void) {
  const key = str(term.topologyKey);
  const problem = key ? qualifiedNameProblem(key) : 'can not be empty';
  if (problem) add(fieldPath(at, 'topologyKey'), problem);
  const selector = asObject(term.labelSelector);
  if (selector) labelSelectorProblems(selector, fieldPath(at, 'labelSelector'), add);
}

/** Where pods may run (`ValidatePodSpec`): nodeSelector, tolerations, affinity, topology spread. */
export function schedulingRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('scheduling');
  const nodeSelector = asObject(spec.nodeSelector);
  if (nodeSelector) {
    for (const p of labelsProblems(nodeSelector))
      add(keyPath(fieldPath(path, 'nodeSelector'), p.key!), p.message);
  }
  asList(spec.tolerations).forEach((t, i) => {
    const toleration = asObject(t) ?? {};
    const at = keyPath(fieldPath(path, 'tolerations'), i);
    const operator = toleration.operator;
    if (operator !== '' && invalidChoice(operator, TOLERATION_OPERATORS)) {
      add(fieldPath(at, 'operator'), unsupported(operator, TOLERATION_OPERATORS));
    }
    const effect = toleration.effect;
    if (effect !== '' && invalidChoice(effect, TAINT_EFFECTS)) {
      add(fieldPath(at, 'effect'), unsupported(effect, TAINT_EFFECTS));
    }
    for (const p of tolerationProblems(toleration)) add(subPath(at, p.path), p.message);
  });
  const affinity = asObject(spec.affinity) ?? {};
  const nodeAffinity = asObject(affinity.nodeAffinity);
  if (nodeAffinity) {
    const at = fieldPath(path, 'affinity.nodeAffinity');
    const required = asObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const termsPath = fieldPath(at, 'requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms');
      const terms = asList(required.nodeSelectorTerms);
      if (terms.length === 0) add(termsPath, 'must have at least one node selector term');
      terms.forEach((t, i) => nodeTermProblems(asObject(t) ?? {}, keyPath(termsPath, i), add));
    }
    asList(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pref = asObject(p) ?? {};
      const prefPath = keyPath(fieldPath(at, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = int(pref.weight);
      if (weight === undefined || weight < 1 || weight > 100)
        add(fieldPath(prefPath, 'weight'), 'must be in the range 1-100');
      nodeTermProblems(asObject(pref.preference) ?? {}, fieldPath(prefPath, 'preference'), add);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const podAffinity = asObject(affinity[kind]);
    if (!podAffinity) continue;
    const at = fieldPath(path, `affinity.${kind}`);
    asList(podAffinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      podAffinityTermProblems(
        asObject(t) ?? {},
        keyPath(fieldPath(at, 'requiredDuringSchedulingIgnoredDuringExecution'), i),
        add
      )
    );
    asList(podAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pref = asObject(p) ?? {};
      const prefPath = keyPath(fieldPath(at, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = int(pref.weight);
      if (weight === undefined || weight < 1 || weight > 100)
        add(fieldPath(prefPath, 'weight'), 'must be in the range 1-100');
      podAffinityTermProblems(
        asObject(pref.podAffinityTerm) ?? {},
        fieldPath(prefPath, 'podAffinityTerm'),
        add
      );
    });
  }
  asList(spec.topologySpreadConstraints).forEach((t, i) => {
    const constraint = asObject(t) ?? {};
    const at = keyPath(fieldPath(path, 'topologySpreadConstraints'), i);
    const skew = int(constraint.maxSkew);
    if (skew !== undefined && skew <= 0) add(fieldPath(at, 'maxSkew'), 'must be greater than zero');
    const key = str(constraint.topologyKey);
    const problem = key ? qualifiedNameProblem(key) : 'can not be empty';
    if (problem) add(fieldPath(at, 'topologyKey'), problem);
    const when = constraint.whenUnsatisfiable;
    if (invalidChoice(when, ['DoNotSchedule', 'ScheduleAnyway'])) {
      add(fieldPath(at, 'whenUnsatisfiable'), unsupported(when, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    const selector = asObject(constraint.labelSelector);
    if (selector) labelSelectorProblems(selector, fieldPath(at, 'labelSelector'), add);
  });
  return problems;
}

/** The annotation cdk8s-batch writes with the pods' Pod Security Standards level. */
export const POD_SECURITY_ANNOTATION = 'cdk8s-batch.io/pod-security';
const LEVELS: readonly string[] = Object.values(PodSecurityLevel);

/**
 * cdk8s-batch's own rule: a `cdk8s-batch.io/pod-security` annotation must state the level the pods really meet
 * (computed by `pod-security.ts`, as the constructs do). Catches hand edits that loosen a pod but keep the label.
 * `podSpec` is the pod spec as written (before defaults), like the constructs see it.
 */
export function podSecurityAnnotationRules(
  obj: Json,
  podSpec: Json,
  podAnnotations: Json
): ManifestProblem[] {
  const { problems, add } = family('pod-security');
  const claimed = asObject(asObject(obj.metadata)?.annotations)?.[POD_SECURITY_ANNOTATION];
  if (claimed === undefined) return problems;
  const at = keyPath('metadata.annotations', POD_SECURITY_ANNOTATION);
  if (!LEVELS.includes(String(claimed))) {
    add(at, unsupported(claimed, LEVELS));
    return problems;
  }
  const annotations = Object.fromEntries(Object.entries(podAnnotations).map(([k, v]) => [k, String(v)]));
  const actual = podSecurityLevel(podSpec, annotations);
  if (actual === claimed) return problems;
  const stricter = LEVELS.indexOf(String(claimed)) < LEVELS.indexOf(actual);
  // The first violation that keeps the pods from the next stricter level than they meet.
  const first = stricter
    ? podSecurityViolations(podSpec, annotations).find((v) =>
        actual === PodSecurityLevel.PRIVILEGED
          ? v.level === PodSecurityLevel.BASELINE
          : v.level === PodSecurityLevel.RESTRICTED
      )
    : undefined;
  add(
    at,
    `says ${quote(claimed)} but the pods meet ${quote(actual)}${first ? ` (${first.check}: ${first.path} ${first.message})` : ''}`
  );
  return problems;
}

/** ConfigMap and Secret data: valid keys, no key in both data and binaryData, at most 1 MiB. */
export function configDataRules(obj: Json): ManifestProblem[] {
  const { problems, add } = family('config-data');
  const fields = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const seen = new Set<string>();
  let size = 0;
  for (const field of fields) {
    for (const [key, value] of Object.entries(asObject(obj[field]) ?? {})) {
      const problem = configKeyProblem(key);
      if (problem) add(keyPath(field, key), `key ${problem}`);
      if (obj.kind === 'ConfigMap' && seen.has(key))
        add(keyPath(field, key), 'duplicate of key present in data');
      seen.add(key);
      const base64 = (obj.kind === 'Secret' && field === 'data') || field === 'binaryData';
      size += Buffer.byteLength(key) + Buffer.from(String(value ?? ''), base64 ? 'base64' : 'utf8').length;
    }
  }
  if (size > 1024 * 1024) add(fields[0], `must have at most 1048576 bytes in total (has ${size})`);
  return problems;
}
