import type { Duration } from 'cdk8s';
import type { ContainerProps } from '../values/container';
import type { JobPattern } from '../values/job-pattern';
import type { PodFailureRule } from '../values/pod-failure-policy';
import type { NetworkMode, NodeAffinity, Toleration } from '../values/scheduling';
import type { RunAs } from '../values/run-as';
import type { Platform } from '../platforms/platform';
import type { ResourceRef } from '../types/references';
import type { Volume } from '../values/volume';
import type { KubernetesVersion } from '../rules/kube-versions';

/** What happens to a pod's containers when they fail. Jobs allow only these two. */
export enum RestartPolicy {
  /** A failed pod is replaced by a new one (`.status.failed` + 1). Needed for `podFailurePolicy`. */
  NEVER = 'Never',
  /** A failed container is restarted in place, in the same pod. */
  ON_FAILURE = 'OnFailure',
}

/**
 * When a Job creates the replacement of a failed pod: `spec.podReplacementPolicy` (Kubernetes 1.29+, feature
 * gate JobPodReplacementPolicy).
 */
export enum PodReplacementPolicy {
  /** As soon as the pod is terminating (being deleted) or failed: briefly two pods may run for one slot. */
  TERMINATING_OR_FAILED = 'TerminatingOrFailed',
  /**
   * Only once the pod has fully terminated (phase Failed): a replacement never runs next to its
   * predecessor. The only value allowed with a `podFailurePolicy`.
   */
  FAILED = 'Failed',
}

/**
 * Everything about a Job's spec and its pods. `BatchJob`, `GpuJob` and `CronBatch` (for the Jobs it
 * creates) all take these props, validated and rendered by the same code.
 */
export interface JobTemplateProps {
  /**
   * The Job pattern: renders `completions`, `parallelism` and `completionMode`.
   * @default JobPattern.oneOff()
   */
  readonly pattern?: JobPattern;
  /**
   * Retries (pod failures) before the Job is marked failed. The delay between retries grows
   * exponentially, up to 6 minutes.
   * @default 6 (Kubernetes' default; left unset when the pattern sets `backoffLimitPerIndex`,
   *   so that Kubernetes' per-index default applies)
   */
  readonly backoffLimit?: number;
  /**
   * How long the Job may run in total; on expiry it fails and its pods are deleted. Wins over
   * `backoffLimit`.
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * How long a finished (succeeded or failed) Job and its pods are kept, for their status and logs,
   * before Kubernetes deletes them. `null` keeps them until deleted by hand.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration | null;
  /**
   * What happens to failed containers.
   * @default RestartPolicy.NEVER
   */
  readonly restartPolicy?: RestartPolicy;
  /**
   * Create the Job suspended: no pods start until it is resumed; suspending deletes active pods.
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * Grace period between SIGTERM and SIGKILL when a pod is stopped (0 to kill at once).
   * @default - Kubernetes' default, 30 seconds
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Rules that decide what a pod failure means, by exit code or pod condition (at most 20).
   * Needs `restartPolicy: Never`.
   * @default - none: every failure counts against `backoffLimit`
   */
  readonly podFailurePolicy?: PodFailureRule[];
  /**
   * When a failed or terminating pod is replaced (Kubernetes 1.29+). With a `podFailurePolicy` only
   * `PodReplacementPolicy.FAILED` is allowed.
   * @default - Kubernetes' default: Failed with a podFailurePolicy, else TerminatingOrFailed
   */
  readonly podReplacementPolicy?: PodReplacementPolicy;
  /**
   * Labels of the pods. The keys `job-name`, `controller-uid` and their `batch.kubernetes.io/`
   * forms are set by Kubernetes and may not be given.
   * @default - none
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Annotations of the pods.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * The work containers; more can be added with `addContainer`. At least one is needed by synth time.
   * @default - none yet
   */
  readonly containers?: ContainerProps[];
  /**
   * Init containers, run in order before the work containers.
   * @default - none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * Sidecar containers (a log shipper, a proxy): started before the init containers and the work
   * containers, kept running beside the work containers, and stopped by Kubernetes once the work
   * containers have finished, so they never keep the Job from completing. Rendered as init containers
   * with `restartPolicy: Always` (Kubernetes' native sidecars), placed before the ordinary init
   * containers so they are up before those run. Unlike init containers they may have probes and
   * lifecycle hooks. More can be added with `addSidecar`. Needs `kubernetesVersion` 1.29+.
   * @default - none
   */
  readonly sidecars?: ContainerProps[];
  /**
   * Pod volumes. Volumes that containers mount as objects are added automatically.
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * Secrets for pulling images from private registries (names or cdk8s-plus `ISecret`s, any version).
   * @default - none
   */
  readonly imagePullSecrets?: (ResourceRef | string)[];
  /**
   * Schedule only on nodes with these labels, e.g. `{ 'kubernetes.io/os': 'linux' }`.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * The user the containers run as.
   * @default RunAs.DEFAULT (UID/GID 65534, non-root)
   */
  readonly runAs?: RunAs;
  /**
   * Mount the service account's API token into the pods.
   * @default false (batch work rarely calls the Kubernetes API)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * The service account the pods run as (name or cdk8s-plus `IServiceAccount`, any version). Its token is mounted
   * only with `automountServiceAccountToken: true`.
   * @default - the namespace's `default` service account
   */
  readonly serviceAccount?: ResourceRef | string;
  /**
   * Node affinity: required ("must") and preferred ("try") rules on node labels.
   * @default - none
   */
  readonly nodeAffinity?: NodeAffinity;
  /**
   * Taints the pods tolerate.
   * @default - none
   */
  readonly tolerations?: Toleration[];
  /**
   * Priority class of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Group that owns mounted volumes and files created in them.
   * @default - none
   */
  readonly fsGroup?: number;
  /**
   * The pod network.
   * @default NetworkMode.overlay()
   */
  readonly network?: NetworkMode;
  /**
   * The console the cluster's users look at Jobs in: which keys display name, description, network
   * mode and log collection become, and the default GPU stack. Settable once per chart with
   * `JobDefaults.set(chart, { platform })`.
   * @default Platform.kubernetes() (plain keys only)
   */
  readonly platform?: Platform;
  /**
   * The oldest Kubernetes version the manifests must work on. A field that this version's API server
   * would reject or drop (its feature gate is off by default there) is an error at synth, naming the
   * version that has it; `cdk8s-batch validate --kube-version` checks manifests against the same table.
   * Usually set once for a whole app: `JobDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_31 })`.
   * @default KubernetesVersion.V1_28
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * The controller that syncs the Job instead of Kubernetes' own Job controller, e.g.
   * `kueue.x-k8s.io/multikueue` for a Job that MultiKueue dispatches to a worker cluster. A
   * domain-prefixed path (`example.com/name`) of at most 63 characters; immutable once the Job exists.
   * Needs `kubernetesVersion` 1.32+.
   * @default - the built-in Job controller (`kubernetes.io/job-controller`)
   */
  readonly managedBy?: string;
}
