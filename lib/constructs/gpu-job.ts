import { ApiObject, Lazy, SizeRoundingBehavior, type Size } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as z from 'zod';
import { Gpu } from '../gpu/gpu';
import { refineContainerGpus, refineGpu } from '../props/gpu';
import { GpuRendering, GpuStack } from '../gpu/stack';
import { JobBase, JobDeliveryProps, JobKind } from './job-base';
import type { JobTemplateProps } from '../props/job-template-props';
import { containerNames } from '../props/job-template';
import { jobPropsSchema } from '../props/job';
import { lazily } from '../validation/compiled';
import { JobObject } from '../render/manifest-json';
import type { NormalizedJobTemplate } from '../render/job-template';
import { QueueProps, queueShape, refineQueue } from '../props/kueue';
import type { ResourceMetadataProps } from '../props/metadata';
import type { JobServiceProps } from '../props/job-service';
import { asArray } from '../rules/utils';
import { TaintEffect, TolerationOperator } from '../values/scheduling';
import { isPlainMap, isSize } from '../rules/plain-values';
import { dnsSubdomain, everyEntry, instanceOf, sizeSchema } from '../validation/schemas';
import { EmptyDirMedium, Volume } from '../values/volume';
import { platformOf } from '../platforms/platform';

/** Props of `GpuJob`: a `BatchJob` with a GPU request. */
export interface GpuJobProps
  extends ResourceMetadataProps, JobTemplateProps, QueueProps, JobDeliveryProps, JobServiceProps {
  /**
   * The GPU request of the GPU container (`gpuContainer`): `Gpu.wholeCard(...)`, `Gpu.virtual(...)` or
   * `Gpu.mig(...)`. Give it, or `containerGpus`.
   * @default - none: `containerGpus` gives the requests
   */
  readonly gpu?: Gpu;
  /**
   * GPU requests per work container, by container name (DCE's console configures GPUs per container), e.g.
   * `{ trainer: Gpu.wholeCard({ count: 2 }), sidecar: Gpu.mig({ profile: '1g.10gb', count: 1 }) }`. Instead
   * of `gpu`/`gpuContainer`. One GPU stack serves the pod; the physical cards of all its containers must fit
   * the smallest `maxPerNode` given (a pod runs on one node).
   * @default - `gpu` for one container
   */
  readonly containerGpus?: Record<string, Gpu>;
  /**
   * The GPU stack the cluster runs, which decides resource names and units.
   * @default - the platform's: GpuStack.dce() for Platform.dce(), GpuStack.tkestackGpuManager() for
   *   Platform.tkestack(), GpuStack.aliyunCgpu() for virtual GPUs on Platform.ack(), else GpuStack.nvidia()
   */
  readonly gpuStack?: GpuStack;
  /**
   * The container that gets the GPUs.
   * @default - the first container
   */
  readonly gpuContainer?: string;
  /**
   * Size of the memory-backed emptyDir mounted at `/dev/shm` in every container (PyTorch data
   * loaders and NCCL need more than the runtime's 64 MiB). `null` mounts none.
   * @default - mounted, bounded only by the container's memory limit
   */
  readonly sharedMemory?: Size | null;
  /**
   * The pod's scheduler.
   * @default - the stack's (`volcano` for Volcano), else the cluster's default; HAMi's webhook sets
   *   `hami-scheduler` itself
   */
  readonly schedulerName?: string;
}

/** The requests of `containerGpus` that are `Gpu`s, in order. */
function containerRequests(props: Partial<GpuJobProps> | undefined): [string, Gpu][] {
  const map = props?.containerGpus;
  if (!isPlainMap(map)) return [];
  return Object.entries(map).filter((e): e is [string, Gpu] => e[1] instanceof Gpu);
}

/** The first GPU request: `gpu`, or the first of `containerGpus`. */
function firstRequest(props: Partial<GpuJobProps> | undefined): Gpu | undefined {
  return props?.gpu instanceof Gpu ? props.gpu : containerRequests(props)[0]?.[1];
}

/** The platform's GPU stack when none is given (DCE → dce(), TKEStack → gpu-manager, ACK → cGPU for shared GPUs). */
function defaultStack(props: Partial<GpuJobProps> | undefined): GpuStack {
  // With containerGpus, a virtual request decides (ACK: cGPU); the stack serves the whole pod.
  const requests = containerRequests(props).map(([, g]) => g);
  const gpu = requests.find((g) => g.mode === 'virtual') ?? firstRequest(props);
  return platformOf(props)._defaultGpuStack(gpu?.request);
}

/** The toleration of the usual `nvidia.com/gpu` taint. */
export const GPU_TOLERATION = {
  key: 'nvidia.com/gpu',
  operator: TolerationOperator.EXISTS,
  effect: TaintEffect.NO_SCHEDULE,
} as const;

const SHM_VOLUME = 'dshm';

const NAMING = { maxNameLength: 63, generatedSuffix: 0 };
// Made on first use (see BatchJob's): an app without a GpuJob never builds it.
const schema = lazily(() =>
  jobPropsSchema<GpuJobProps>(
    NAMING,
    {
      ...queueShape,
      gpu: instanceOf(Gpu, 'must be a Gpu (e.g. Gpu.wholeCard({ count: 1 }))').optional(),
      containerGpus: z
        .custom<Record<string, Gpu>>(isPlainMap, {
          error:
            'must be a map of container names to Gpu requests, e.g. { trainer: Gpu.wholeCard({ count: 2 }) }',
        })
        .superRefine(everyEntry(instanceOf(Gpu, 'must be a Gpu (e.g. Gpu.wholeCard({ count: 1 }))')))
        .optional(),
      gpuStack: instanceOf(GpuStack, 'must be a GpuStack (e.g. GpuStack.hami())').optional(),
      gpuContainer: z.string().optional(),
      sharedMemory: sizeSchema.nullable().optional(),
      schedulerName: dnsSubdomain.optional(),
    },
    (props, ctx) => {
      refineQueue(props, ctx);
      const stack = props?.gpuStack ?? defaultStack(props);
      const perContainer = props?.containerGpus !== undefined;
      if (perContainer && (props?.gpu !== undefined || props?.gpuContainer !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['containerGpus'],
          message:
            "cannot be combined with gpu or gpuContainer: give every container's request in containerGpus",
        });
      } else if (!perContainer && props?.gpu === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['gpu'],
          message: 'is required: the GPU request (or containerGpus, one request per container)',
        });
      }
      if (perContainer) {
        if (isPlainMap(props.containerGpus) && Object.keys(props.containerGpus).length === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['containerGpus'],
            message: 'must name at least one container',
          });
        refineContainerGpus(isPlainMap(props.containerGpus) ? props.containerGpus : {}, stack, ctx);
        if (props.gpuStack === undefined) {
          // One stack per pod: the platform's choice must be the same for every request.
          const stacks = containerRequests(props).map(([name, g]) => ({
            name,
            stack: platformOf(props)._defaultGpuStack(g.request),
          }));
          if (new Set(stacks.map((x) => x.stack.kind)).size > 1) {
            ctx.addIssue({
              code: 'custom',
              path: ['gpuStack'],
              message: `is required: the requests need different GPU stacks (${stacks.map((x) => `${x.name}: ${x.stack.factoryName}`).join(', ')}), and a pod has one`,
            });
          }
        }
      } else {
        refineGpu(props?.gpu, stack, ctx);
      }
      // Only work containers can hold the GPUs (init containers run before them).
      const names = containerNames({ containers: props?.containers }).map((n) => n.name);
      if (perContainer && isPlainMap(props.containerGpus) && names.length > 0) {
        for (const key of Object.keys(props.containerGpus)) {
          if (!names.includes(key))
            ctx.addIssue({
              code: 'custom',
              path: ['containerGpus', key],
              message: `must name a work container of the pod (${names.join(', ')})`,
            });
        }
      }
      if (
        typeof props?.gpuContainer === 'string' &&
        names.length > 0 &&
        !names.includes(props.gpuContainer)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['gpuContainer'],
          message: `must name a work container of the pod (${names.join(', ')})`,
        });
      }
      const requests = props?.gpu instanceof Gpu ? [props.gpu] : containerRequests(props).map(([, g]) => g);
      const model = requests
        .map((g) => (g.request.mode === 'wholeCard' ? g.request.model : undefined))
        .find((m) => m !== undefined);
      const selected = props?.nodeSelector?.['nvidia.com/gpu.product'];
      if (model !== undefined && selected !== undefined && selected !== model) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodeSelector', 'nvidia.com/gpu.product'],
          message: `conflicts with gpu.model "${model}"; set the model in one place`,
        });
      }
      const shm = props?.sharedMemory;
      if (isSize(shm) && shm.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) < 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['sharedMemory'],
          message: 'must be at least 1 MiB; null mounts none',
        });
      }
      if (shm !== null && asArray<Volume>(props?.volumes).some((v) => v?.name === SHM_VOLUME)) {
        ctx.addIssue({
          code: 'custom',
          path: ['volumes'],
          message: `"${SHM_VOLUME}" is the /dev/shm volume of GpuJob; rename yours or set sharedMemory: null`,
        });
      }
    }
  )
);
const GPU_JOB: JobKind = {
  typeName: 'GpuJob',
  ...NAMING,
  get schema() {
    return schema();
  },
};

/**
 * A `batch/v1` Job whose pods request GPUs: whole cards, a virtual GPU or MIG devices, rendered for
 * the GPU stack the cluster runs. Same patterns and pod features as `BatchJob`; on top it adds the
 * GPU resources (whole numbers, limits only) to the GPU container, tolerates the `nvidia.com/gpu`
 * taint and mounts a memory-backed `/dev/shm`.
 *
 * The cluster must run the matching GPU stack (GPU Operator / device plugin, HAMi, ...): a manifest
 * cannot check that; a request nobody serves leaves the pods Pending.
 */
export class GpuJob extends JobBase {
  /** The generated `batch/v1` Job (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;
  /** The GPU request: `gpu`, or with `containerGpus` its first entry's (in key order). */
  public readonly gpu: Gpu;
  /** The GPU requests by container, with `containerGpus`. */
  public readonly containerGpus?: Readonly<Record<string, Gpu>>;
  /** The GPU stack. */
  public readonly gpuStack: GpuStack;

  private readonly gpuOptions: Pick<GpuJobProps, 'gpuContainer' | 'sharedMemory' | 'schedulerName'>;
  private readonly rendering: GpuRendering;
  private readonly containerRenderings?: Readonly<Record<string, GpuRendering>>;

  constructor(scope: Construct, id: string, props: GpuJobProps) {
    super(scope, id, props, GPU_JOB);
    // What was validated (see JobBase.validatedProps), not the caller's objects.
    const checked = this.validatedProps<GpuJobProps>();
    this.gpu = firstRequest(checked)!;
    this.gpuStack = checked.gpuStack ?? defaultStack(checked);
    this.gpuOptions = {
      gpuContainer: checked.gpuContainer,
      sharedMemory: checked.sharedMemory,
      schedulerName: checked.schedulerName,
    };
    this.rendering = this.gpuStack._map(this.gpu.request).rendering;
    if (checked.containerGpus) {
      this.containerGpus = { ...checked.containerGpus };
      this.containerRenderings = Object.fromEntries(
        Object.entries(checked.containerGpus).map(([name, g]) => [
          name,
          this.gpuStack._map(g.request).rendering,
        ])
      );
    }
    this.apiObject = new JobObject(this, 'Resource', {
      metadata: this.renderMetadata(),
      spec: Lazy.any({ produce: () => this.specForSynth(() => this._toKube()) }),
    });
  }

  /**
   * The extended resources the GPU container gets, e.g. `{ 'nvidia.com/gpu': 2 }`; with `containerGpus`, the
   * pod's: each resource summed over its containers.
   */
  public get gpuResources(): Record<string, number> {
    if (!this.containerRenderings) return { ...this.rendering.limits };
    const total: Record<string, number> = {};
    for (const r of Object.values(this.containerRenderings))
      for (const [k, v] of Object.entries(r.limits)) total[k] = (total[k] ?? 0) + v;
    return total;
  }

  /**
   * Renders the Job spec. Pure.
   * @internal
   */
  public _toKube(): k8s.JobSpec {
    return this.renderJobSpec();
  }

  /** @internal */
  protected podOverlay(t: NormalizedJobTemplate): NormalizedJobTemplate {
    return this.containerRenderings
      ? applyContainerGpus(t, this.containerRenderings, this.gpuOptions)
      : applyGpu(t, this.rendering, this.gpuOptions);
  }
}

/**
 * Adds one GPU rendering per container (`containerGpus`) to a normalized pod: each container its limits, the
 * pod their node selectors and annotations (validated to agree) and the stack's scheduler. Pure. @internal
 */
export function applyContainerGpus(
  t: NormalizedJobTemplate,
  renderings: Readonly<Record<string, GpuRendering>>,
  options: Pick<GpuJobProps, 'sharedMemory' | 'schedulerName'>
): NormalizedJobTemplate {
  const all = Object.values(renderings);
  const pod: GpuRendering = {
    limits: {},
    annotations: Object.assign({}, ...all.map((r) => r.annotations)),
    nodeSelector: Object.assign({}, ...all.map((r) => r.nodeSelector)),
    schedulerName: all.find((r) => r.schedulerName !== undefined)?.schedulerName,
  };
  const withPod = applyGpu(t, pod, { ...options, gpuContainer: undefined });
  return {
    ...withPod,
    containers: withPod.containers.map((c) =>
      Object.hasOwn(renderings, c.name)
        ? { ...c, extendedLimits: { ...c.extendedLimits, ...renderings[c.name].limits } }
        : c
    ),
  };
}

/** Adds a GPU rendering to a normalized pod. Pure. @internal */
export function applyGpu(
  t: NormalizedJobTemplate,
  rendering: GpuRendering,
  options: Pick<GpuJobProps, 'gpuContainer' | 'sharedMemory' | 'schedulerName'>
): NormalizedJobTemplate {
  const target = options.gpuContainer ?? t.containers[0]?.name;
  const shm =
    options.sharedMemory === null
      ? undefined
      : Volume.emptyDir(SHM_VOLUME, { medium: EmptyDirMedium.MEMORY, sizeLimit: options.sharedMemory });
  const containers = t.containers.map((c) => {
    const mountsShm = shm && !(c.volumeMounts ?? []).some((m) => m.mountPath === '/dev/shm');
    return {
      ...c,
      extendedLimits: c.name === target ? { ...c.extendedLimits, ...rendering.limits } : c.extendedLimits,
      volumeMounts: mountsShm
        ? [...(c.volumeMounts ?? []), { volume: shm, mountPath: '/dev/shm' }]
        : c.volumeMounts,
    };
  });
  // Only an Exists toleration of the key that covers NoSchedule makes ours redundant.
  const tolerated = t.tolerations.some(
    (x) =>
      x.key === GPU_TOLERATION.key &&
      x.operator === TolerationOperator.EXISTS &&
      (x.effect === undefined || x.effect === TaintEffect.NO_SCHEDULE)
  );
  const shmUsed = shm && containers.some((c) => c.volumeMounts?.some((m) => m.volume === shm));
  return {
    ...t,
    containers,
    podAnnotations: { ...rendering.annotations, ...t.podAnnotations },
    nodeSelector: { ...t.nodeSelector, ...rendering.nodeSelector },
    tolerations: tolerated ? t.tolerations : [...t.tolerations, { ...GPU_TOLERATION }],
    volumes: shmUsed ? [...t.volumes, shm] : t.volumes,
    schedulerName: options.schedulerName ?? rendering.schedulerName ?? t.schedulerName,
  };
}
