// The public API of cdk8s-batch, listed name by name: what is not here is not part of it (the API
// report in etc/ records it; `npm test` fails when it changes without the report).

// Constructs
export { BatchJob, type BatchJobProps } from './constructs/batch-job';
export { GpuJob, type GpuJobProps, GPU_TOLERATION } from './constructs/gpu-job';
export {
  CronBatch,
  type CronBatchProps,
  ConcurrencyPolicy,
  SCHEDULE_DESCRIPTION_ANNOTATION,
} from './constructs/cron-batch';
export { Schedule } from './values/schedule';
export {
  JobBase,
  type JobBaseProps,
  type DeliveryProps,
  type JobDeliveryProps,
  MANAGED_BY_LABEL,
  MANAGED_BY,
  JOB_LABEL,
} from './constructs/job-base';
export type { ResourceMetadataProps } from './props/metadata';
export type { QueueProps } from './props/kueue';
export { JobDefaults, type JobDefaultsProps } from './constructs/job-defaults';

// The Job and its pods
export {
  JobPattern,
  JobPatternKind,
  CompletionMode,
  type FixedCompletionsOptions,
  type WorkQueueOptions,
  type IndexedOptions,
} from './values/job-pattern';
export { type JobTemplateProps, RestartPolicy } from './props/job-template-props';
export { KubernetesVersion } from './rules/kube-versions';
export {
  PodFailureRule,
  PodFailureAction,
  ExitCodeOperator,
  ConditionStatus,
  type ExitCodesOptions,
  type PodConditionOptions,
} from './values/pod-failure-policy';
export {
  type ContainerProps,
  ImagePullPolicy,
  Protocol,
  type ContainerPort,
  type ContainerLifecycle,
  type Capabilities,
  type LogCollection,
  type AckLogOptions,
  EnvValue,
  type EnvValueOptions,
  type KeyRef,
  type KeyRefOptions,
  EnvFrom,
  type EnvFromOptions,
} from './values/container';
export type {
  ResourceRef,
  CpuLike,
  CpuAmount,
  BytesAmount,
  RequestAndLimit,
  ContainerResources,
} from './types/references';
export {
  Probe,
  LifecycleHandler,
  type ProbeTiming,
  type HttpGetOptions,
  type HttpHeader,
  HttpScheme,
} from './values/probe';
export {
  Volume,
  type VolumeMount,
  type KeyToPath,
  type ConfigVolumeOptions,
  EmptyDirMedium,
  type EmptyDirOptions,
  type PersistentVolumeClaimOptions,
  HostPathType,
  type HostPathOptions,
  type NfsOptions,
  type CsiOptions,
  PersistentVolumeAccessMode,
  type EphemeralClaimOptions,
} from './values/volume';
export {
  type NodeAffinity,
  NodeLabel,
  NodeOperator,
  type NodeRequirement,
  type PreferredNodeTerm,
  type Toleration,
  TolerationOperator,
  TaintEffect,
  NetworkMode,
  FloatingIpReleasePolicy,
} from './values/scheduling';

// Security
export { RunAs } from './values/run-as';
export {
  PodSecurityLevel,
  type PodSecurityViolation,
  podSecurityLevel,
  podSecurityViolations,
} from './rules/pod-security';

// GPUs
export {
  Gpu,
  type GpuMode,
  type WholeCardOptions,
  type VirtualGpuOptions,
  type MigOptions,
  GpuSchedulingPolicy,
  GpuTaskPriority,
  MigStrategy,
} from './gpu/gpu';
export {
  GpuStack,
  GpuStackKind,
  type GpuResourceNames,
  type GpuStackOptions,
  MIG_PROFILES,
  migResourceName,
} from './gpu/stack';

// Consoles
export { Platform, PlatformKind, type DceOptions, type KubeSphereOptions } from './platforms/platform';

// Delivery
export { ReapplyPolicy } from './delivery/reapply';
export { type ArgoCdOptions, ArgoCdHook, ArgoCdHookDeletePolicy } from './delivery/argo-cd';
export {
  ArgoCdApplication,
  type ArgoCdApplicationProps,
  type ArgoCdDestination,
} from './delivery/argo-cd-application';
export {
  synthToDirectory,
  type SynthOptions,
  type SynthResult,
  OutputLayout,
  KUSTOMIZATION_FILE,
} from './output/synth';
export { toYaml } from './render/yaml';
export { collectWarnings, type Warning } from './validation/warnings';

// Errors
export { ValidationError, type ValidationProblem } from './validation/errors';
