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
