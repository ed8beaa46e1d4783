/**
 * Which Job and pod fields a Kubernetes 1.28–1.35 API server accepts with its default feature gates.
 *
 * Source: the Kubernetes feature-gate pages
 * (https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/), plus `SidecarContainers`
 * (alpha 1.28, beta 1.29, GA 1.33; same pages). A field whose gate is off is **silently dropped** on create
 * (`PrepareForCreate`); a field that is not in the target's schema at all is rejected as unknown.
 *
 * The constructs and the command line's checker share these versions and gates; the checker's schema
 * additions for newer targets are in `cli/check/schema-versions.ts`.
 */

/**
 * The Kubernetes version the manifests are for: the oldest API server that must accept them. A field
 * that needs a newer version is an error at synth; the fields a version enables become available.
 */
export enum KubernetesVersion {
  V1_28 = '1.28',
  V1_29 = '1.29',
  V1_30 = '1.30',
  V1_31 = '1.31',
  V1_32 = '1.32',
  V1_33 = '1.33',
  V1_34 = '1.34',
  V1_35 = '1.35',
}

/** The Kubernetes minor versions the constructs (`kubernetesVersion`) and `--kube-version` accept. */
export const KUBE_VERSIONS = Object.values(KubernetesVersion) as readonly `${KubernetesVersion}`[];
export type KubeVersion = `${KubernetesVersion}`;
export const DEFAULT_KUBE_VERSION: KubeVersion = KubernetesVersion.V1_28;

/** A feature gate's stages, as minor versions of 1.x. */
export interface FeatureGate {
  readonly name: string;
  /** First minor with the gate (alpha, off by default). */
  readonly alpha: number;
  /** First minor where the gate is on by default (beta). */
  readonly beta: number;
  /** First minor where it is GA. */
  readonly ga: number;
}

export const GATES = {
  JobBackoffLimitPerIndex: { name: 'JobBackoffLimitPerIndex', alpha: 28, beta: 29, ga: 33 },
  JobPodReplacementPolicy: { name: 'JobPodReplacementPolicy', alpha: 28, beta: 29, ga: 34 },
  JobSuccessPolicy: { name: 'JobSuccessPolicy', alpha: 30, beta: 31, ga: 33 },
  JobManagedBy: { name: 'JobManagedBy', alpha: 30, beta: 32, ga: 35 },
  RelaxedEnvironmentVariableValidation: {
    name: 'RelaxedEnvironmentVariableValidation',
    alpha: 30,
    beta: 32,
    ga: 34,
  },
  SidecarContainers: { name: 'SidecarContainers', alpha: 28, beta: 29, ga: 33 },
} as const satisfies Record<string, FeatureGate>;

/** Parses `1.30`, `v1.30` or `1.30.2` into a supported version, or undefined. */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const match = /^v?(1\.\d+)(\.\d+)?$/.exec(text.trim());
  const version = match?.[1];
  return (KUBE_VERSIONS as readonly string[]).includes(version ?? '') ? (version as KubeVersion) : undefined;
}

/** The minor number of a version (`1.30` → 30). */
export function minorOf(version: KubeVersion): number {
  // What `Number(version.split('.')[1])` reads, without the list: every job's versioned-fields rule asks.
  const dot = version.indexOf('.');
  if (dot < 0) return NaN;
  const end = version.indexOf('.', dot + 1);
  return Number(version.slice(dot + 1, end < 0 ? undefined : end));
}

/** Whether a gate is on by default at `version`. */
export function gateEnabled(gate: FeatureGate, version: KubeVersion): boolean {
  return minorOf(version) >= gate.beta;
}

/** Why a gated field does nothing at `version`: for messages. */
export function gateOffReason(gate: FeatureGate, version: KubeVersion): string {
  return (
    `a Kubernetes ${version} API server drops it: feature gate ${gate.name} is ` +
    `${minorOf(version) >= gate.alpha ? 'alpha, off by default' : 'not there yet'}; it is on by default ` +
    `from 1.${gate.beta} (--kube-version 1.${gate.beta})`
  );
}

type Json = Record<string, unknown>;
const objectOf = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isSet = (v: unknown) => v !== undefined && v !== null;

/** A field of a Job spec manifest that a feature gate guards, and where it is (relative to the Job spec). */
export interface GatedManifestField {
  /** Path segments from the Job spec, e.g. `['podFailurePolicy', 'rules', 2, 'action']`. */
  readonly path: readonly (string | number)[];
  readonly gate: FeatureGate;
}

/**
 * The gated fields a Job spec manifest (a Job's `spec`, or a CronJob's `jobTemplate.spec`) sets: the table
 * that both `cdk8s-batch validate` (which drops and reports them below their version) and `import` (which
 * raises `kubernetesVersion` for them) read.
 */
export function gatedJobSpecFields(jobSpec: Json): GatedManifestField[] {
  const found: GatedManifestField[] = [];
  for (const [field, gate] of [
    ['backoffLimitPerIndex', GATES.JobBackoffLimitPerIndex],
    ['maxFailedIndexes', GATES.JobBackoffLimitPerIndex],
    ['podReplacementPolicy', GATES.JobPodReplacementPolicy],
    ['successPolicy', GATES.JobSuccessPolicy],
    ['managedBy', GATES.JobManagedBy],
  ] as const) {
    if (isSet(jobSpec[field])) found.push({ path: [field], gate });
  }
  listOf(objectOf(jobSpec.podFailurePolicy)?.rules).forEach((r, i) => {
    if (objectOf(r)?.action === 'FailIndex')
      found.push({ path: ['podFailurePolicy', 'rules', i, 'action'], gate: GATES.JobBackoffLimitPerIndex });
  });
  listOf(objectOf(objectOf(jobSpec.template)?.spec)?.initContainers).forEach((c, i) => {
    if (isSet(objectOf(c)?.restartPolicy))
      found.push({
        path: ['template', 'spec', 'initContainers', i, 'restartPolicy'],
        gate: GATES.SidecarContainers,
      });
  });
  return found;
}

/** The oldest supported version whose default gates keep every one of `fields`. */
export function versionFor(fields: readonly GatedManifestField[]): KubeVersion {
  const minor = Math.max(minorOf(DEFAULT_KUBE_VERSION), ...fields.map((f) => f.gate.beta));
  return KUBE_VERSIONS.find((v) => minorOf(v) >= minor) ?? KUBE_VERSIONS[KUBE_VERSIONS.length - 1];
}
