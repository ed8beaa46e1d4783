/**
 * What kube-apiserver does to a Job, CronJob or Pod on create **before** it validates it
 * (defaults, then `PrepareForCreate` of
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/registry/batch/job/strategy.go, then
 * validation), simulated on a copy of the manifest:
 *
 * 1. v1 defaults: `SetDefaults_Job` (Jobs only; a CronJob's `jobTemplate` only gets the pod defaults),
 *    `SetDefaults_CronJob`, and the PodSpec, container, probe and volume defaults that can change a
 *    rule's outcome;
 * 2. `generateName` → `name` (`generateName[:58]` + 5 random characters);
 * 3. `PrepareForCreate`: the Job selector and pod labels are generated, and fields whose feature gate is
 *    off at the target version are dropped (each drop is reported, since the manifest then does not do
 *    what it says).
 *
 * Not simulated, on purpose: copying the pod template's labels to a Job without labels (it would report
 * each bad template label twice) and the defaults no rule depends on (schedulerName, terminationMessagePath…).
 */
import {
  gateEnabled,
  gatedJobSpecFields,
  gateOffReason,
  GATES,
  KubeVersion,
} from '../../lib/rules/kube-versions';
import { JOB_CONTROLLER_LABELS } from '../../lib/rules/job-limits';
import { INT32_MAX } from '../../lib/rules/names';
import { fieldPath, keyPath } from './schema-check';

export type Json = Record<string, unknown>;

/** A problem found while simulating the API server, with the rule family that found it. */
export interface ManifestProblem {
  /** Field path in the manifest, e.g. `spec.template.spec.containers[0].name`. */
  readonly path: string;
  readonly message: string;
  /** The rule family, e.g. `job-selector` (see `rules/`). */
  readonly rule: string;
}

/** The UID stand-in for the generated `controller-uid` labels (the real one is only known after create). */
export const PLACEHOLDER_UID = '00000000-0000-4000-8000-000000000000';
/** The 5 characters stand in for the random suffix of `generateName`. */
export const GENERATED_NAME_SUFFIX = 'xxxxx';
/** The API server keeps at most 58 characters of `generateName` (`MaxGeneratedNameLength`, k8s.io/apiserver pkg/storage/names). */
export const GENERATED_PREFIX_MAX = 58;

export const asObject = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The object at `parent[key]`, created when missing (for defaulting). */
function child(parent: Json, key: string): Json {
  const existing = asObject(parent[key]);
  if (existing) return existing;
  const created: Json = {};
  parent[key] = created;
  return created;
}

const unset = (v: unknown) => v === undefined || v === null;

/** `SetDefaults_Job` (https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/batch/v1/defaults.go). `version` decides whether podReplacementPolicy is defaulted. */
export function applyJobDefaults(job: Json, version: KubeVersion): void {
  const spec = asObject(job.spec);
  if (!spec) return;
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : INT32_MAX;
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  applyPodFailurePolicyDefaults(spec);
  if (gateEnabled(GATES.JobPodReplacementPolicy, version) && unset(spec.podReplacementPolicy)) {
    spec.podReplacementPolicy = unset(spec.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed';
  }
  if (unset(spec.manualSelector)) spec.manualSelector = false;
}

/** `onPodConditions[].status` defaults to `True`. */
function applyPodFailurePolicyDefaults(spec: Json): void {
  for (const rule of asList(asObject(spec.podFailurePolicy)?.rules)) {
    for (const pattern of asList(asObject(rule)?.onPodConditions)) {
      const p = asObject(pattern);
      if (p && (unset(p.status) || p.status === '')) p.status = 'True';
    }
  }
}

/** `SetDefaults_CronJob`; the job template gets only the pod defaults (not `SetDefaults_Job`). */
export function applyCronJobDefaults(cronJob: Json): void {
  const spec = asObject(cronJob.spec);
  if (!spec) return;
  if (unset(spec.concurrencyPolicy) || spec.concurrencyPolicy === '') spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobSpec = asObject(asObject(spec.jobTemplate)?.spec);
  if (jobSpec) applyPodFailurePolicyDefaults(jobSpec);
}

const PROBE_DEFAULTS: ReadonlyArray<[string, number]> = [
  ['timeoutSeconds', 1],
  ['periodSeconds', 10],
  ['successThreshold', 1],
  ['failureThreshold', 3],
];

/** The PodSpec, container, probe and volume defaults that rules depend on (`core/v1/defaults.go`). */
export function applyPodSpecDefaults(spec: Json): void {
  if (unset(spec.restartPolicy) || spec.restartPolicy === '') spec.restartPolicy = 'Always';
  if (unset(spec.dnsPolicy) || spec.dnsPolicy === '') spec.dnsPolicy = 'ClusterFirst';
  if (unset(spec.terminationGracePeriodSeconds)) spec.terminationGracePeriodSeconds = 30;
  const hostNetwork = spec.hostNetwork === true;
  for (const list of ['initContainers', 'containers'] as const) {
    for (const c of asList(spec[list])) {
      const container = asObject(c);
      if (!container) continue;
      for (const port of asList(container.ports)) {
        const p = asObject(port);
        if (!p) continue;
        if (unset(p.protocol) || p.protocol === '') p.protocol = 'TCP';
        // With host networking a container port is a host port (`defaultHostNetworkPorts`).
        if (hostNetwork && (unset(p.hostPort) || p.hostPort === 0)) p.hostPort = p.containerPort;
      }
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        const probe = asObject(container[kind]);
        if (!probe) continue;
        for (const [field, value] of PROBE_DEFAULTS) {
          if (unset(probe[field]) || probe[field] === 0) probe[field] = value;
        }
      }
    }
  }
  for (const v of asList(spec.volumes)) {
    const volume = asObject(v);
    // A volume without a source is an emptyDir (`SetDefaults_Volume`).
    if (volume && Object.keys(volume).every((k) => k === 'name')) volume.emptyDir = {};
  }
}

/** `generateName` → `name`, as the generic store does when `name` is empty. */
export function applyGenerateName(obj: Json): void {
  const meta = asObject(obj.metadata);
  if (!meta || (typeof meta.name === 'string' && meta.name !== '')) return;
  if (typeof meta.generateName === 'string' && meta.generateName !== '') {
    meta.name = `${meta.generateName.slice(0, GENERATED_PREFIX_MAX)}${GENERATED_NAME_SUFFIX}`;
  }
}

/**
 * `generateSelectorIfNeeded` for a Job without `manualSelector: true`: the pod labels `job-name`,
 * `batch.kubernetes.io/job-name`, `controller-uid`, `batch.kubernetes.io/controller-uid` (each unless
 * present) and `selector.matchLabels[batch.kubernetes.io/controller-uid]` (unless present).
 * Returns the label keys it added.
 */
export function generateJobSelector(job: Json): Set<string> {
  const added = new Set<string>();
  const spec = asObject(job.spec);
  if (!spec || spec.manualSelector === true) return added;
  const name = String(asObject(job.metadata)?.name ?? '');
  const template = child(spec, 'template');
  const labels = child(child(template, 'metadata'), 'labels');
  for (const key of JOB_CONTROLLER_LABELS.jobName) {
    if (!(key in labels)) {
      labels[key] = name;
      added.add(key);
    }
  }
  for (const key of JOB_CONTROLLER_LABELS.controllerUid) {
    if (!(key in labels)) {
      labels[key] = PLACEHOLDER_UID;
      added.add(key);
    }
  }
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  const uidKey = JOB_CONTROLLER_LABELS.controllerUid[1];
  if (!(uidKey in matchLabels)) matchLabels[uidKey] = PLACEHOLDER_UID;
  return added;
}

/**
 * `PrepareForCreate`'s drop of fields whose gate is off at `version`, on a Job spec (or a CronJob's job
 * template spec) and its pod spec. Each field that was set is reported and removed.
 */
export function dropDisabledFields(
  jobSpec: Json,
  path: string,
  version: KubeVersion,
  userSetBackoffLimit: boolean
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const report = (p: string, message: string) => problems.push({ path: p, message, rule: 'feature-gates' });
  const fieldAt = (segments: readonly (string | number)[]) =>
    segments.reduce<string>((at, s) => (typeof s === 'number' ? keyPath(at, s) : fieldPath(at, s)), path);
  const off = gatedJobSpecFields(jobSpec).filter((f) => !gateEnabled(f.gate, version));
  for (const { path: segments, gate } of off) {
    const reason = gateOffReason(gate, version);
    const [field] = segments;
    if (field === 'backoffLimitPerIndex') {
      const retries = userSetBackoffLimit
        ? ''
        : '; backoffLimit was already defaulted to 2147483647 because of it, so failed pods are retried without limit';
      report(fieldAt(segments), `${reason}${retries}`);
    } else if (field === 'podFailurePolicy') {
      report(fieldAt(segments), `FailIndex rules: ${reason}`);
    } else if (field === 'template') {
      report(fieldAt(segments), `sidecar containers: ${reason}`);
    } else if (field !== 'managedBy' && field !== 'successPolicy') {
      // managedBy and successPolicy: reported by the schema check (unknown at the target), dropped here.
      report(fieldAt(segments), reason);
    }
  }
  // The drops, after the reports (the FailIndex rules' indexes stay those of the manifest).
  for (const { path: segments } of off) {
    if (segments.length === 1) delete jobSpec[segments[0]];
    else if (segments[0] === 'template') {
      const container = asObject(
        asList(asObject(asObject(jobSpec.template)?.spec)?.initContainers)[segments[3] as number]
      );
      if (container) delete container.restartPolicy;
    }
  }
  const policy = asObject(jobSpec.podFailurePolicy);
  if (policy && off.some((f) => f.path[0] === 'podFailurePolicy')) {
    policy.rules = asList(policy.rules).filter((r) => asObject(r)?.action !== 'FailIndex');
  }
  return problems;
}
