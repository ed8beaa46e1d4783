/**
 * The fields newer than the 1.28 schema (`schema-check.ts`) that a newer target accepts: for a target whose
 * feature gate is on by default they are added to the schema ({@link schemaExtensionsFor}); otherwise
 * {@link explainNewField} says why the field is unknown or dropped. Versions and gates:
 * `lib/rules/kube-versions.ts`.
 */
import {
  FeatureGate,
  GATES,
  gateEnabled,
  gateOffReason,
  KubeVersion,
  minorOf,
} from '../../lib/rules/kube-versions';
import type { SchemaExtensions, SchemaField, SchemaModel } from './schema-check';

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
 * Fields newer than the 1.28 schema that this checker knows (the feature gates' stages:
 * https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/): JobSpec `managedBy` (1.30) and
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
