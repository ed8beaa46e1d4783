// The public API of cdk8s-batch, listed name by name: what is not here is not part of it (the API
// report in etc/ records it; `npm test` fails when it changes without the report).

// Constructs
export { BatchJob, type BatchJobProps } from './batch-job';
export { GpuJob, type GpuJobProps, GPU_TOLERATION } from './gpu-job';
export {
  CronBatch,
  type CronBatchProps,
  ConcurrencyPolicy,
  SCHEDULE_DESCRIPTION_ANNOTATION,
} from './cron-batch';
export { Schedule } from './schedule';
export {
  JobBase,
  type JobBaseProps,
  type DeliveryProps,
  type JobDeliveryProps,
  MANAGED_BY_LABEL,
  MANAGED_BY,
  JOB_LABEL,
} from './job-base';
export type { ResourceMetadataProps } from './private/metadata';
export type { QueueProps } from './private/kueue';
export { JobDefaults, type JobDefaultsProps } from './job-defaults';

// The Job and its pods
export {
  JobPattern,
  JobPatternKind,
  CompletionMode,
  type FixedCompletionsOptions,
  type WorkQueueOptions,
  type IndexedOptions,
} from './job-pattern';
export { type JobTemplateProps, RestartPolicy } from './job-template';
export {
  PodFailureRule,
  PodFailureAction,
  ExitCodeOperator,
  ConditionStatus,
  type ExitCodesOptions,
  type PodConditionOptions,
} from './pod-failure-policy';
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
} from './container';
export type {
  ResourceRef,
  CpuLike,
  CpuAmount,
  BytesAmount,
  RequestAndLimit,
  ContainerResources,
} from './references';
export { Probe, LifecycleHandler, type ProbeTiming, type HttpGetOptions, HttpScheme } from './probe';
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
} from './volume';
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
} from './scheduling';

// Security
export { RunAs } from './security/run-as';
export {
  PodSecurityLevel,
  type PodSecurityViolation,
  podSecurityLevel,
  podSecurityViolations,
} from './security/pod-security';

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
} from './synth';
export { toYaml } from './yaml';
export { collectWarnings, type Warning } from './private/warnings';

// Errors
export { ValidationError, type ValidationProblem } from './validation/errors';
