/**
 * `GpuStack`, the public face of the GPU stacks: its factories pick a stack's definition (stacks/*.ts, listed
 * in registry.ts) and map requests with it. No stack is named below but in its factory.
 */
import { GpuRequest } from './gpu';
import { ALIYUN_CGPU } from './stacks/aliyun-cgpu';
import { DCE } from './stacks/dce';
import { GpuMapping, GpuStackDefinition, GpuStackKind } from './stacks/definition';
import { HAMI } from './stacks/hami';
import { NVIDIA } from './stacks/nvidia';
import { MODEL_LABEL } from './stacks/shared';
import { TENCENT_QGPU } from './stacks/tencent-qgpu';
import { TKESTACK_GPU_MANAGER } from './stacks/tkestack-gpu-manager';
import { VOLCANO } from './stacks/volcano';
import { argumentsCheck, aString, options } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

export { GpuStackKind } from './stacks/definition';
export { migResourceName } from './stacks/shared';

/** The resource names a stack uses. Each preset's can be overridden for clusters that renamed them. */
export interface GpuResourceNames {
  /** Whole cards. */
  readonly gpu?: string;
  /** Virtual GPUs: the number of cards spanned. */
  readonly vgpu?: string;
  /** Virtual GPU memory. */
  readonly memory?: string;
  /** Virtual GPU memory, in percent of a card. */
  readonly memoryPercent?: string;
  /** Virtual GPU compute (percent of a card, or hundredths of a card). */
  readonly cores?: string;
  /** In-GPU task priority. */
  readonly priority?: string;
}

/** Options of every stack preset. */
export interface GpuStackOptions {
  /**
   * Resource names that differ from the preset's.
   * @default - the preset's names
   */
  readonly resourceNames?: GpuResourceNames;
}

/** What a GPU request renders to on one stack. @internal */
export interface GpuRendering {
  /** Container limits: extended resources, whole numbers. */
  readonly limits: Record<string, number>;
  /** Pod annotations. */
  readonly annotations: Record<string, string>;
  /** Pod node selector. */
  readonly nodeSelector: Record<string, string>;
  /** Scheduler name, when the stack needs its own. */
  readonly schedulerName?: string;
}

/** A request a stack cannot express, or a value outside the stack's rules. @internal */
export interface GpuProblem {
  /** Field of the `Gpu` options, e.g. `coresPercent`. */
  readonly field: string;
  readonly message: string;
}

/** MIG profiles per GPU model (NVIDIA gpu-operator default mig-parted config). */
export const MIG_PROFILES: Readonly<Record<string, readonly string[]>> = {
  'A100-40GB': ['1g.5gb', '1g.5gb+me', '1g.10gb', '2g.10gb', '3g.20gb', '4g.20gb', '7g.40gb'],
  'A800-40GB': ['1g.5gb', '1g.5gb+me', '1g.10gb', '2g.10gb', '3g.20gb', '4g.20gb', '7g.40gb'],
  'A100-80GB': ['1g.10gb', '1g.10gb+me', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
  'A800-80GB': ['1g.10gb', '1g.10gb+me', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
  'H100-80GB': ['1g.10gb', '1g.10gb+me', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
  'H800-80GB': ['1g.10gb', '1g.10gb+me', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
  'A30-24GB': ['1g.6gb', '1g.6gb+me', '2g.12gb', '2g.12gb+me', '4g.24gb'],
  'H100-NVL': ['1g.12gb', '1g.12gb+me', '1g.24gb', '2g.24gb', '3g.47gb', '4g.47gb', '7g.94gb'],
  'H100-96GB': ['1g.12gb', '1g.12gb+me', '1g.24gb', '2g.24gb', '3g.48gb', '4g.48gb', '7g.96gb'],
  'H200-141GB': ['1g.18gb', '1g.18gb+me', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb'],
};

/**
 * The MIG family (a key of {@link MIG_PROFILES}) of a GPU given as its family or as the `nvidia.com/gpu.product`
 * node label that GPU Feature Discovery writes: the NVML device name with spaces as `-`, e.g. `A100-SXM4-80GB`,
 * `NVIDIA-A100-80GB-PCIe`, `NVIDIA-H100-80GB-HBM3`, `NVIDIA-H100-NVL`, `NVIDIA-A30`
 * (https://github.com/NVIDIA/k8s-device-plugin/blob/main/docs/gfd/README.md). A `-MIG-<profile>` (single
 * strategy) or `-SHARED` (time-slicing) suffix is ignored. Memory sizes per product: NVIDIA's MIG user guide,
 * https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-gpus.html. Undefined when unknown.
 */
export function migFamilyOf(model: string): string | undefined {
  if (Object.hasOwn(MIG_PROFILES, model)) return model;
  const parts = model
    .toUpperCase()
    .replace(/^NVIDIA-/, '')
    .replace(/-MIG-.*$/, '')
    .replace(/-SHARED$/, '')
    .split('-');
  const memory = parts.find((p) => /^[0-9]+GB$/.test(p));
  const family = (chip: string, gb: string, ...also: string[]) =>
    memory === undefined || memory === gb || also.includes(memory) ? `${chip}-${gb}` : undefined;
  let found: string | undefined;
  switch (parts[0]) {
    case 'A100':
    case 'A800':
      found = memory === '40GB' || memory === '80GB' ? `${parts[0]}-${memory}` : undefined;
      break;
    case 'H100':
      if (parts.includes('NVL') || memory === '94GB') found = 'H100-NVL';
      else found = memory === '96GB' ? 'H100-96GB' : family('H100', '80GB');
      break;
    case 'GH200':
      found = 'H100-96GB';
      break;
    case 'H800':
      found = family('H800', '80GB');
      break;
    case 'H200':
      found = family('H200', '141GB');
      break;
    case 'A30':
      found = family('A30', '24GB');
      break;
  }
  return found !== undefined && Object.hasOwn(MIG_PROFILES, found) ? found : undefined;
}

/** The MIG families of a chip named without its memory (`A100` → A100-40GB, A100-80GB), for hints. */
export function migFamiliesOfChip(model: string): string[] {
  const chip = model
    .toUpperCase()
    .replace(/^NVIDIA-/, '')
    .split('-')[0];
  return Object.keys(MIG_PROFILES).filter((f) => f.split('-')[0] === chip);
}

/** The `<G>g.<M>gb[+me]` shape of a MIG profile. */
export const MIG_PROFILE_SHAPE = /^[1-7]g\.[0-9]+gb(\+me)?$/;

/**
 * The GPU stack a cluster runs: which resource names, units and annotations a GPU request becomes.
 * `GpuStack.nvidia()` (the NVIDIA device plugin / GPU Operator) is the default.
 */
export class GpuStack {
  /** NVIDIA k8s-device-plugin / GPU Operator: whole cards and MIG; no virtual GPUs. */
  public static nvidia(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(NVIDIA, options);
  }

  /** HAMi: virtual GPUs with memory (MiB) and compute (%), whole cards, MIG pass-through. */
  public static hami(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(HAMI, options);
  }

  /** DaoCloud DCE 5.0: HAMi installed with `nvidia.com/vgpu` as the card count of virtual GPUs. */
  public static dce(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(DCE, options);
  }

  /** Alibaba Cloud ACK cGPU / GPU sharing: memory in GiB, compute % in steps of 5, one card. */
  public static aliyunCgpu(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(ALIYUN_CGPU, options);
  }

  /** Tencent Cloud TKE qGPU: compute in steps of 5 (% of a card, N×100 for whole cards), memory in GiB. */
  public static tencentQgpu(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(TENCENT_QGPU, options);
  }

  /** TKEStack gpu-manager: `vcuda-core` in hundredths of a card, `vcuda-memory` in 256 MiB units. */
  public static tkestackGpuManager(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(TKESTACK_GPU_MANAGER, options);
  }

  /** Volcano vGPU (HAMi-derived), scheduled by the `volcano` scheduler. */
  public static volcano(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(VOLCANO, options);
  }

  /** The preset's factory, e.g. `GpuStack.hami()`. */
  public get factoryName(): string {
    return `GpuStack.${this.definition.factory}()`;
  }

  /** Which stack. */
  public readonly kind: GpuStackKind;

  /** The stack's name in messages. */
  public readonly displayName: string;

  /** The resource names in use: the preset's, overridden by `resourceNames`. */
  public readonly resourceNames: GpuResourceNames;

  /**
   * The stack's definition (stacks/*.ts): what the factory picked and `_map` maps with. Private, so that the
   * declarations users get do not name the internal type; the package reads it with `gpuStackDefinition`.
   */
  private readonly definition: GpuStackDefinition;

  private constructor(definition: GpuStackDefinition, options: GpuStackOptions) {
    stackCheck(definition)({ options });
    this.definition = definition;
    this.kind = definition.id;
    this.displayName = definition.displayName;
    const overrides = Object.entries(options.resourceNames ?? {}).filter(([, name]) => name !== undefined);
    this.resourceNames = { ...definition.resourceNames, ...Object.fromEntries(overrides) };
    freezeValueObject(this);
  }

  /**
   * Maps a GPU request to this stack's resources and annotations, or says why it cannot.
   * The same mapping renders manifests and the mode × stack table of docs/gpu.md (scripts/tables/gpu.ts).
   * @internal
   */
  public _map(request: GpuRequest): { rendering: GpuRendering; problems: GpuProblem[] } {
    const problems: GpuProblem[] = [];
    const names = this.resourceNames;
    const who = `${this.displayName} (${this.factoryName})`;
    const out: GpuMapping = {
      names,
      limits: {},
      annotations: {},
      nodeSelector: {},
      cannot: (field, what) => problems.push({ field, message: `${who} cannot express ${what}` }),
      rule: (field, message) => problems.push({ field, message: `${message} on ${who}` }),
      need: (role, field, what) => {
        const name = names[role];
        if (!name) out.cannot(field, what);
        return name;
      },
    };
    const map = this.definition.map;
    switch (request.mode) {
      case 'wholeCard':
        if (request.model !== undefined) out.nodeSelector[MODEL_LABEL] = request.model;
        map.wholeCard(request, out);
        break;
      case 'virtual':
        map.virtual(request, out);
        break;
      case 'mig':
        map.mig(request, out);
        break;
    }
    const { limits, annotations, nodeSelector } = out;
    return {
      rendering: { limits, annotations, nodeSelector, schedulerName: this.definition.schedulerName },
      problems,
    };
  }
}

/**
 * The stack of a definition: one of registry.ts, or one a test registers.
 * @internal
 */
export function gpuStackOf(definition: GpuStackDefinition, options: GpuStackOptions = {}): GpuStack {
  // The constructor is private to the class's users; this is the package's own way in.
  return new (GpuStack as unknown as new (d: GpuStackDefinition, o: GpuStackOptions) => GpuStack)(
    definition,
    options
  );
}

/** The definition a stack maps with. @internal */
export function gpuStackDefinition(stack: GpuStack): GpuStackDefinition {
  return stack['definition'];
}

// The run-time check of the factories' options (see validation/arguments.ts).
const STACK_CHECKS = new Map<GpuStackDefinition, (args: Record<string, unknown>) => void>();
const stackCheck = (definition: GpuStackDefinition) => {
  let check = STACK_CHECKS.get(definition);
  if (!check) {
    const roles = ['gpu', 'vgpu', 'memory', 'memoryPercent', 'cores', 'priority'] as const;
    check = argumentsCheck({
      type: 'GpuStack',
      call: `GpuStack.${definition.factory}(options)`,
      shape: () => ({
        options: options({
          resourceNames: options(Object.fromEntries(roles.map((r) => [r, aString.optional()]))).optional(),
        }),
      }),
    });
    STACK_CHECKS.set(definition, check);
  }
  return check;
};
