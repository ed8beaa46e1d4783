/**
 * Which Job and pod fields a Kubernetes 1.28–1.35 API server accepts with its default feature gates.
 *
 * Source: `../shared/reference/job-api.md` §5 (Kubernetes feature-gate pages), plus `SidecarContainers`
 * (alpha 1.28, beta 1.29, GA 1.33; same pages). A field whose gate is off is **silently dropped** on create
 * (`PrepareForCreate`); a field that is not in the target's schema at all is rejected as unknown.
 *
 * The schema this package checks is 1.28's (see `schema-check.ts`), so for newer targets the fields added
 * after 1.28 that are on by default at the target are added to it here ({@link schemaExtensionsFor}).
 */
import type { SchemaExtensions, SchemaField, SchemaModel } from './schema-check';

/** The Kubernetes minor versions `--kube-version` accepts. */
export const KUBE_VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;
export type KubeVersion = (typeof KUBE_VERSIONS)[number];
export const DEFAULT_KUBE_VERSION: KubeVersion = '1.28';

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
  return Number(version.split('.')[1]);
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

/** A field added to the schema after 1.28. */
interface NewField {
  readonly definition: string;
  readonly field: string;
  readonly gate: FeatureGate;
  readonly schema: SchemaField;
}

const str: SchemaField = { required: false, type: { kind: 'string' } };
const int: SchemaField = { required: false, type: { kind: 'integer', bits: 32 } };

/**
 * Fields newer than the 1.28 schema that this checker knows (job-api.md §5): JobSpec `managedBy` (1.30) and
 * `successPolicy` (1.30). Their shapes are synthetic models named `<Definition>@1.30`.
 */
const NEW_FIELDS: readonly NewField[] = [
  {
    definition: 'io.k8s.api.batch.v1.JobSpec',
    field: 'managedBy',
    gate: GATES.JobManagedBy,
    schema: str,
  },
  {
    definition: 'io.k8s.api.batch.v1.JobSpec',
    field: 'successPolicy',
    gate: GATES.JobSuccessPolicy,
    schema: { required: false, type: { kind: 'model', name: 'SuccessPolicy@1.30' } },
  },
];

/** Synthetic models of the newer fields (from the 1.30 API types). */
const NEW_MODELS: ReadonlyMap<string, SchemaModel> = new Map(
  [
    {
      name: 'SuccessPolicy@1.30',
      definition: 'io.k8s.api.batch.v1.SuccessPolicy',
      fields: new Map<string, SchemaField>([
        [
          'rules',
          { required: true, type: { kind: 'array', of: { kind: 'model', name: 'SuccessPolicyRule@1.30' } } },
        ],
      ]),
    },
    {
      name: 'SuccessPolicyRule@1.30',
      definition: 'io.k8s.api.batch.v1.SuccessPolicyRule',
      fields: new Map<string, SchemaField>([
        ['succeededIndexes', str],
        ['succeededCount', int],
      ]),
    },
  ].map((m) => [m.name, m])
);

/** The newer-than-1.28 fields a `version` server accepts and keeps (their gate is on by default). */
export function schemaExtensionsFor(version: KubeVersion): SchemaExtensions {
  const fields = new Map<string, Map<string, SchemaField>>();
  for (const f of NEW_FIELDS) {
    if (!gateEnabled(f.gate, version)) continue;
    if (!fields.has(f.definition)) fields.set(f.definition, new Map());
    fields.get(f.definition)!.set(f.field, f.schema);
  }
  return { fields, models: NEW_MODELS };
}

/**
 * Explains an unknown field when it is one of the newer fields: added after 1.28 and either not in the
 * target's schema or dropped there. Undefined for fields this checker does not know.
 */
export function explainNewField(definition: string, field: string, version: KubeVersion): string | undefined {
  const known = NEW_FIELDS.find((f) => f.definition === definition && f.field === field);
  if (!known) return undefined;
  const { gate } = known;
  if (minorOf(version) < gate.alpha) {
    return (
      `unknown field "${field}": added in Kubernetes 1.${gate.alpha} (feature gate ${gate.name}, on by ` +
      `default from 1.${gate.beta}); a ${version} API server rejects it`
    );
  }
  return `${gateOffReason(gate, version)}`;
}
