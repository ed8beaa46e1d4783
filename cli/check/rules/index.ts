/**
 * kube-apiserver's create-time rules for Jobs, CronJobs, Pods and their pod templates, one rule family a file,
 * as pure functions over manifests **after** the defaults of `manifest-defaults.ts`. Each returns its problems
 * with the family's name as `rule`. The lists below are the order the checker runs them in, which is the
 * order the API server finds the problems (`ValidateJob`, `ValidateCronJobCreate`, `ValidatePodCreate`:
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/batch/validation/validation.go and
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/core/validation/validation.go).
 *
 * The naming and value rules are the ones the constructs use (`lib/rules/`, `lib/props/probe.ts`,
 * `lib/props/scheduling.ts`), so a manifest and a construct cannot disagree on them. Where the constructs are
 * deliberately stricter than Kubernetes (parallelism ≤ completions, absolute mount paths,
 * named probe ports that must exist, `@every` schedules), these families apply Kubernetes' own rule instead.
 */
import { KubeVersion } from '../../../lib/rules/kube-versions';
import { asObject, Json, ManifestProblem } from '../manifest-defaults';
import { containerRules } from './containers';
import { envRules } from './env';
import { jobCompletionModeRules, jobRestartPolicyRules, jobSpecScalarRules } from './job';
import { podFailurePolicyRules } from './pod-failure-policy';
import { podSpecRules } from './pod-spec';
import { podAnnotationRules, podTemplateMetadataRules } from './pod-template';
import { portRules } from './ports';
import { probeRules } from './probes';
import { resourceRules } from './resources';
import { schedulingRules } from './scheduling';
import { successPolicyRules } from './success-policy';
import { volumeMountRules } from './volume-mounts';
import { volumeRules } from './volumes';

export { configDataRules } from './config-data';
export { cronJobRules } from './cron-job';
export { jobNameRules, jobSelectorRules } from './job';
export { metadataRules } from './metadata';
export { podSecurityAnnotationRules } from './pod-security';
export { podAnnotationRules } from './pod-template';
export { serviceRules } from './service';

/** What a pod-spec family may need besides the spec and its path. */
export interface PodSpecContext {
  /** The Kubernetes version whose API server is simulated. */
  readonly version: KubeVersion;
  /** The pod spec is a pod template's (a Job's), not a Pod's. */
  readonly inTemplate: boolean;
}

/** A rule family over a pod spec at `path`. */
export type PodSpecFamily = (spec: Json, path: string, context: PodSpecContext) => ManifestProblem[];

/** The pod-spec families, in the order they run. */
export const POD_SPEC_FAMILIES: readonly PodSpecFamily[] = [
  (spec, path, { inTemplate, version }) => containerRules(spec, path, inTemplate, version),
  portRules,
  (spec, path, { version }) => envRules(spec, path, version),
  resourceRules,
  volumeRules,
  volumeMountRules,
  probeRules,
  podSpecRules,
  schedulingRules,
];

/** Every rule family on a pod spec at `path`. */
export function podSpecFamilies(
  spec: Json,
  path: string,
  version: KubeVersion,
  inTemplate: boolean
): ManifestProblem[] {
  return POD_SPEC_FAMILIES.flatMap((rules) => rules(spec, path, { version, inTemplate }));
}

/** The job-spec families shared by Jobs and CronJob job templates (`validateJobSpec`), in the order they run. */
export function jobSpecFamilies(
  spec: Json,
  path: string,
  version: KubeVersion,
  generated: ReadonlySet<string>
): ManifestProblem[] {
  const template = asObject(spec.template) ?? {};
  const podSpec = asObject(template.spec) ?? {};
  return [
    ...jobSpecScalarRules(spec, path),
    ...jobCompletionModeRules(spec, path),
    ...successPolicyRules(spec, path),
    ...podFailurePolicyRules(spec, path),
    ...podTemplateMetadataRules(template, `${path}.template`, generated),
    ...podAnnotationRules(
      asObject(asObject(template.metadata)?.annotations),
      podSpec,
      `${path}.template.metadata.annotations`,
      `${path}.template.spec`
    ),
    ...podSpecFamilies(podSpec, `${path}.template.spec`, version, true),
    ...jobRestartPolicyRules(spec, path),
  ];
}
