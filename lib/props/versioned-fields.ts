import { JobPattern } from '../values/job-pattern';
import { PodFailureAction, PodFailureRule } from '../values/pod-failure-policy';
import {
  DEFAULT_KUBE_VERSION,
  FeatureGate,
  gateEnabled,
  GATES,
  KubeVersion,
  KUBE_VERSIONS,
} from '../rules/kube-versions';
import { asArray } from '../rules/utils';
import type { JobTemplateProps } from './job-template-props';
import type { CrossFieldRule } from './cross-field-rule';

/**
 * A prop that renders a field whose feature gate is off by default before some Kubernetes version: the
 * API server of an older target drops it on create (or rejects it as unknown), so the Job would not do
 * what it says. `paths` lists where the props use it.
 */
export interface VersionedField {
  /** What the field is, for the message (e.g. `backoffLimitPerIndex`). */
  readonly field: string;
  readonly gate: FeatureGate;
  paths(props: JobTemplateProps): PropertyKey[][];
}

const patternOf = (props: JobTemplateProps) =>
  props.pattern instanceof JobPattern ? props.pattern : undefined;

/**
 * The table of versioned props, one row a field: add a row with each new gated prop. The command line's
 * checker reads the same gates (`lib/rules/kube-versions.ts`) for manifests.
 */
export const VERSIONED_FIELDS: readonly VersionedField[] = [
  {
    field: 'backoffLimitPerIndex',
    gate: GATES.JobBackoffLimitPerIndex,
    paths: (props) =>
      patternOf(props)?.backoffLimitPerIndex !== undefined ? [['pattern', 'backoffLimitPerIndex']] : [],
  },
  {
    field: 'maxFailedIndexes',
    gate: GATES.JobBackoffLimitPerIndex,
    paths: (props) =>
      patternOf(props)?.maxFailedIndexes !== undefined ? [['pattern', 'maxFailedIndexes']] : [],
  },
  {
    field: 'the FailIndex action',
    gate: GATES.JobBackoffLimitPerIndex,
    paths: (props) =>
      asArray<unknown>(props.podFailurePolicy).flatMap((rule, i) =>
        rule instanceof PodFailureRule && rule.action === PodFailureAction.FAIL_INDEX
          ? [['podFailurePolicy', i, 'action']]
          : []
      ),
  },
  {
    field: 'podReplacementPolicy',
    gate: GATES.JobPodReplacementPolicy,
    paths: (props) => (props.podReplacementPolicy !== undefined ? [['podReplacementPolicy']] : []),
  },
  {
    field: 'successPolicy',
    gate: GATES.JobSuccessPolicy,
    paths: (props) => (patternOf(props)?.successPolicy !== undefined ? [['pattern', 'successPolicy']] : []),
  },
  {
    field: 'a native sidecar (an init container with restartPolicy Always)',
    gate: GATES.SidecarContainers,
    paths: (props) => (asArray<unknown>(props.sidecars).length > 0 ? [['sidecars']] : []),
  },
  {
    field: 'managedBy',
    gate: GATES.JobManagedBy,
    paths: (props) => (props.managedBy !== undefined ? [['managedBy']] : []),
  },
];

/** The target version of validated props. */
export function targetVersionOf(props: Pick<JobTemplateProps, 'kubernetesVersion'>): KubeVersion {
  const v = props.kubernetesVersion as string | undefined;
  return (KUBE_VERSIONS as readonly string[]).includes(v ?? '') ? (v as KubeVersion) : DEFAULT_KUBE_VERSION;
}

/** The first version whose API server keeps a field of `gate` with its default gates. */
export const firstVersionWith = (gate: FeatureGate): string => `1.${gate.beta}`;

/** Every versioned prop the target version does not have is an error naming the version that has it. */
export const versionedFieldsRule: CrossFieldRule<{ readonly props: JobTemplateProps }> = {
  name: 'fields-need-the-target-kubernetes-version',
  check({ props }, report) {
    const target = targetVersionOf(props);
    for (let r = 0; r < VERSIONED_FIELDS.length; r++) {
      const row = VERSIONED_FIELDS[r];
      if (gateEnabled(row.gate, target)) continue;
      const paths = row.paths(props);
      if (paths.length === 0) continue; // the usual case: no message to write
      const since = firstVersionWith(row.gate);
      for (const path of paths) {
        report(
          path,
          `${row.field} needs Kubernetes ${since}+ (feature gate ${row.gate.name}), but kubernetesVersion is ` +
            `${target}, whose API server drops it; set kubernetesVersion: KubernetesVersion.V${since.replace('.', '_')} ` +
            `or later (e.g. JobDefaults.set(app, { kubernetesVersion }))`
        );
      }
    }
  },
};
