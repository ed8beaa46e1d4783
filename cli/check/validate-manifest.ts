/**
 * Validates one Kubernetes object the way a kube-apiserver of the target version would on create:
 *
 * 1. the Kubernetes 1.28 OpenAPI schema, unknown fields included, widened with the newer fields that are on by
 *    default at the target (`schema-check.ts`, `kube-versions.ts`);
 * 2. on a copy: defaults, `generateName`, selector generation and the drop of fields whose feature gate is off
 *    at the target (`manifest-defaults.ts`);
 * 3. the API server's semantic rules for Jobs, CronJobs, Pods and their pod templates, and Services' ports (`rules/`, one family a file, listed in `rules/index.ts`).
 *
 * Objects of API groups Kubernetes does not serve (custom resources, tools' files such as a Kustomization) cannot
 * be checked and are reported as skipped.
 */
import { DEFAULT_KUBE_VERSION, KubeVersion } from '../../lib/rules/kube-versions';
import { explainNewField, schemaExtensionsFor } from './schema-versions';
import {
  applyCronJobDefaults,
  applyGenerateName,
  applyJobDefaults,
  applyPodSpecDefaults,
  asObject,
  dropDisabledFields,
  generateJobSelector,
  Json,
  ManifestProblem,
} from './manifest-defaults';
import {
  configDataRules,
  cronJobRules,
  jobNameRules,
  jobSelectorRules,
  jobSpecFamilies,
  metadataRules,
  podAnnotationRules,
  podSecurityAnnotationRules,
  podSpecFamilies,
  serviceRules,
} from './rules';
import { apiGroupOf, checkSchema, isBuiltInApiVersion } from './schema-check';

export type { ManifestProblem } from './manifest-defaults';

/** Options of {@link validateManifest}. */
export interface ValidateManifestOptions {
  /**
   * The Kubernetes version whose API server is simulated (1.28–1.35).
   * @default '1.28'
   */
  readonly kubeVersion?: KubeVersion;
}

/** The outcome for one object. */
export interface ManifestResult {
  /** Every problem, in the order the API server would find them. */
  readonly problems: readonly ManifestProblem[];
  /** Set when the object was not checked, and why (custom resources). */
  readonly skipped?: string;
}

function validateJob(job: Json, version: KubeVersion, raw: Json): ManifestProblem[] {
  const spec = asObject(job.spec);
  const userSetBackoffLimit = spec?.backoffLimit !== undefined && spec?.backoffLimit !== null;
  applyJobDefaults(job, version);
  const podSpec = asObject(asObject(spec?.template)?.spec);
  if (podSpec) applyPodSpecDefaults(podSpec);
  applyGenerateName(job);
  const generated = generateJobSelector(job);
  const dropped = spec ? dropDisabledFields(spec, 'spec', version, userSetBackoffLimit) : [];
  const rawTemplate = asObject(asObject(raw.spec)?.template);
  return [
    ...dropped,
    ...metadataRules(raw, 'Job'),
    ...jobSelectorRules(job, generated),
    ...(spec ? jobSpecFamilies(spec, 'spec', version, generated) : []),
    ...jobNameRules(job),
    ...podSecurityAnnotationRules(
      raw,
      asObject(rawTemplate?.spec) ?? {},
      asObject(asObject(rawTemplate?.metadata)?.annotations) ?? {}
    ),
  ];
}

function validateCronJob(cronJob: Json, version: KubeVersion, raw: Json): ManifestProblem[] {
  applyCronJobDefaults(cronJob);
  const jobSpec = asObject(asObject(asObject(cronJob.spec)?.jobTemplate)?.spec);
  const podSpec = asObject(asObject(jobSpec?.template)?.spec);
  if (podSpec) applyPodSpecDefaults(podSpec);
  applyGenerateName(cronJob);
  const path = 'spec.jobTemplate.spec';
  const userSetBackoffLimit = jobSpec?.backoffLimit !== undefined && jobSpec?.backoffLimit !== null;
  const dropped = jobSpec ? dropDisabledFields(jobSpec, path, version, userSetBackoffLimit) : [];
  const rawTemplate = asObject(asObject(asObject(asObject(raw.spec)?.jobTemplate)?.spec)?.template);
  return [
    ...dropped,
    ...metadataRules(raw, 'CronJob'),
    ...cronJobRules(cronJob),
    ...(jobSpec ? jobSpecFamilies(jobSpec, path, version, new Set()) : []),
    ...podSecurityAnnotationRules(
      raw,
      asObject(rawTemplate?.spec) ?? {},
      asObject(asObject(rawTemplate?.metadata)?.annotations) ?? {}
    ),
  ];
}

function validatePod(pod: Json, version: KubeVersion, raw: Json): ManifestProblem[] {
  const spec = asObject(pod.spec);
  if (spec) applyPodSpecDefaults(spec);
  return [
    ...metadataRules(raw, 'Pod'),
    ...podAnnotationRules(
      asObject(asObject(pod.metadata)?.annotations),
      spec ?? {},
      'metadata.annotations',
      'spec'
    ),
    ...(spec ? podSpecFamilies(spec, 'spec', version, false) : []),
  ];
}

/**
 * Validates one parsed manifest object (see the module comment). Returns its problems (none when a
 * `kubeVersion` API server would accept it and keep every field), or `skipped` for custom resources.
 */
export function validateManifest(obj: unknown, options: ValidateManifestOptions = {}): ManifestResult {
  const version = options.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const raw = asObject(obj);
  if (raw && typeof raw.apiVersion === 'string' && !isBuiltInApiVersion(raw.apiVersion)) {
    return {
      problems: [],
      skipped: `custom resource (API group ${apiGroupOf(raw.apiVersion)}): no schema to check it against`,
    };
  }
  const schemaProblems: ManifestProblem[] = checkSchema(obj, schemaExtensionsFor(version)).map((p) => {
    const newer = p.unknownField && explainNewField(p.unknownField.definition, p.unknownField.field, version);
    return newer
      ? { path: p.path, message: newer, rule: 'feature-gates' }
      : { path: p.path, message: p.message, rule: 'schema' };
  });
  // Without an object of a known kind there is nothing more to check.
  if (
    !raw ||
    schemaProblems.some((p) => p.path === 'apiVersion' || p.path === 'kind' || p.path === '(root)')
  ) {
    return { problems: schemaProblems };
  }
  const copy = structuredClone(raw);
  let rules: ManifestProblem[];
  switch (`${raw.apiVersion} ${raw.kind}`) {
    case 'batch/v1 Job':
      rules = validateJob(copy, version, raw);
      break;
    case 'batch/v1 CronJob':
      rules = validateCronJob(copy, version, raw);
      break;
    case 'v1 Pod':
      rules = validatePod(copy, version, raw);
      break;
    case 'v1 Service':
      rules = [...metadataRules(raw, 'Service'), ...serviceRules(copy)];
      break;
    case 'v1 ConfigMap':
    case 'v1 Secret':
      rules = [...metadataRules(raw, String(raw.kind)), ...configDataRules(raw)];
      break;
    default:
      rules = metadataRules(raw, String(raw.kind));
  }
  const seen = new Set<string>();
  const problems = [...schemaProblems, ...rules].filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { problems };
}
