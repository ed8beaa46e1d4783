export * from './batch-job';
export * from './job-base';
export * from './container';
export * from './job-pattern';
export * from './job-template';
export * from './pod-failure-policy';
export * from './probe';
export * from './scheduling';
export * from './security/run-as';
export * from './security/pod-security';
export * from './volume';
export { ValidationError, ValidationProblem } from './validation/errors';
export { ResourceMetadataProps } from './private/metadata';
export { collectWarnings, Warning } from './private/warnings';
export * from './synth';
export * from './job-defaults';
export { QueueProps } from './private/kueue';
export * from './gpu-job';
export * from './gpu/gpu';
export {
  GpuStack,
  GpuStackKind,
  GpuResourceNames,
  GpuStackOptions,
  MIG_PROFILES,
  migResourceName,
} from './gpu/stack';
export * from './cron-batch';
export * from './delivery/argo-cd';
export { ReapplyPolicy, contentHash } from './delivery/reapply';
export * from './delivery/argo-cd-application';
export * from './platforms/platform';
export * from './references';
