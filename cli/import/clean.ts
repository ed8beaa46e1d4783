/**
 * What `cdk8s-batch import` removes from an object before it writes code for it: what the API server and the
 * controllers wrote (`kubectl get -o yaml` output), which nobody should put into code.
 */
import { JOB_CONTROLLER_LABELS } from '../../lib/rules/job-limits';
import { asList, asObject, Json } from '../check/manifest-defaults';

/** Metadata fields the API server sets. */
export const SERVER_METADATA_FIELDS = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'ownerReferences',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'finalizers',
] as const;

/** Labels the Job controller writes on Jobs and their pod templates. */
const CONTROLLER_LABELS = new Set<string>([
  ...JOB_CONTROLLER_LABELS.jobName,
  ...JOB_CONTROLLER_LABELS.controllerUid,
]);

/**
 * Annotations controllers and tools write: the Job controller (`batch.kubernetes.io/*`, e.g. `job-tracking`,
 * `cronjob-scheduled-timestamp`), DaoCloud DCE (`revisions`, `job.kpanda.io/*`), `kubectl apply`.
 */
const CONTROLLER_ANNOTATIONS = [
  /^batch\.kubernetes\.io\//,
  /^revisions$/,
  /^job\.kpanda\.io\//,
  /^kubectl\.kubernetes\.io\/last-applied-configuration$/,
];

/** Labels and annotations cdk8s-batch writes itself: the constructs add them again. */
export const OWN_LABELS = ['app.kubernetes.io/managed-by', 'cdk8s-batch.io/job'] as const;
export const OWN_ANNOTATIONS = [
  'cdk8s-batch.io/pod-security',
  'cdk8s-batch.io/schedule-description',
] as const;

/** The cleaned object and the paths of what was removed (`metadata.uid`, `status`, ...). */
export interface Cleaned {
  readonly object: Json;
  readonly removed: string[];
}

function removeKeys(map: Json | undefined, at: string, test: (key: string) => boolean, removed: string[]) {
  if (!map) return;
  for (const key of Object.keys(map)) {
    if (test(key)) {
      delete map[key];
      removed.push(`${at}[${key}]`);
    }
  }
}

function cleanMetadata(meta: Json | undefined, at: string, removed: string[], ownKeys: boolean): void {
  if (!meta) return;
  for (const field of SERVER_METADATA_FIELDS) {
    if (field in meta) {
      // `creationTimestamp: null` in pod templates is what Go's encoder writes for an unset time.
      delete meta[field];
      removed.push(`${at}.${field}`);
    }
  }
  const labels = asObject(meta.labels);
  // Our own labels only on objects cdk8s-batch wrote (the constructs write them again).
  const ours = ownKeys && labels?.[OWN_LABELS[0]] === 'cdk8s-batch';
  removeKeys(
    labels,
    `${at}.labels`,
    (k) => CONTROLLER_LABELS.has(k) || (ours && (OWN_LABELS as readonly string[]).includes(k)),
    removed
  );
  removeKeys(
    asObject(meta.annotations),
    `${at}.annotations`,
    (k) =>
      CONTROLLER_ANNOTATIONS.some((p) => p.test(k)) ||
      (ownKeys && (OWN_ANNOTATIONS as readonly string[]).includes(k)),
    removed
  );
  for (const key of ['labels', 'annotations']) {
    const map = asObject(meta[key]);
    if (map && Object.keys(map).length === 0) delete meta[key];
  }
}

/** The selector the API server generates (`batch.kubernetes.io/controller-uid` only), unless set by hand. */
function isGeneratedSelector(spec: Json): boolean {
  if (spec.manualSelector === true) return false;
  const selector = asObject(spec.selector);
  if (!selector) return false;
  const keys = Object.keys(asObject(selector.matchLabels) ?? {});
  return (
    asList(selector.matchExpressions).length === 0 &&
    keys.length > 0 &&
    keys.every((k) => (JOB_CONTROLLER_LABELS.controllerUid as readonly string[]).includes(k))
  );
}

function cleanJobSpec(spec: Json | undefined, at: string, removed: string[]): void {
  if (!spec) return;
  if (isGeneratedSelector(spec)) {
    delete spec.selector;
    removed.push(`${at}.selector`);
    if (spec.manualSelector === false) delete spec.manualSelector;
  }
  // Defaulted by 1.29+ API servers: TerminatingOrFailed, or Failed with a pod failure policy.
  const replacement = spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  if (spec.podReplacementPolicy === replacement) {
    delete spec.podReplacementPolicy;
    removed.push(`${at}.podReplacementPolicy`);
  }
  const template = asObject(spec.template);
  cleanMetadata(asObject(template?.metadata), `${at}.template.metadata`, removed, false);
  const templateMeta = asObject(template?.metadata);
  if (template && templateMeta && Object.keys(templateMeta).length === 0) delete template.metadata;
  const podSpec = asObject(template?.spec);
  // `serviceAccount` is the deprecated mirror of `serviceAccountName` the API server fills in.
  if (
    podSpec &&
    podSpec.serviceAccount !== undefined &&
    podSpec.serviceAccount === podSpec.serviceAccountName
  ) {
    delete podSpec.serviceAccount;
    removed.push(`${at}.template.spec.serviceAccount`);
  }
}

/**
 * A copy of a Job or CronJob without what the API server and the controllers wrote: `status`, server metadata
 * ({@link SERVER_METADATA_FIELDS}), the Job controller's labels, annotations and generated selector, consoles'
 * bookkeeping annotations, `kubectl apply`'s last-applied configuration, and cdk8s-batch's own labels and
 * annotations (the constructs write them again).
 */
export function stripServerFields(input: Json): Cleaned {
  const object = structuredClone(input);
  const removed: string[] = [];
  if ('status' in object) {
    delete object.status;
    removed.push('status');
  }
  cleanMetadata(asObject(object.metadata), 'metadata', removed, true);
  const spec = asObject(object.spec);
  if (object.kind === 'CronJob') {
    const jobTemplate = asObject(spec?.jobTemplate);
    cleanMetadata(asObject(jobTemplate?.metadata), 'spec.jobTemplate.metadata', removed, false);
    const meta = asObject(jobTemplate?.metadata);
    if (jobTemplate && meta && Object.keys(meta).length === 0) delete jobTemplate.metadata;
    cleanJobSpec(asObject(jobTemplate?.spec), 'spec.jobTemplate.spec', removed);
  } else {
    cleanJobSpec(spec, 'spec', removed);
  }
  return { object, removed };
}
