import { SizeRoundingBehavior } from 'cdk8s';
import { GpuRequest, GpuTaskPriority, MigStrategy } from './gpu';
import { isSize } from '../rules/plain-values';
import { argumentsCheck, aString, options } from '../validation/arguments';

/** The GPU stacks a cluster may run. */
export enum GpuStackKind {
  NVIDIA = 'nvidia',
  HAMI = 'hami',
  DCE = 'dce',
  ALIYUN_CGPU = 'aliyun-cgpu',
  TENCENT_QGPU = 'tencent-qgpu',
  TKESTACK_GPU_MANAGER = 'tkestack-gpu-manager',
  VOLCANO = 'volcano',
}

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

/** The `<G>g.<M>gb[+me]` shape of a MIG profile. */
export const MIG_PROFILE_SHAPE = /^[1-7]g\.[0-9]+gb(\+me)?$/;

/** The MIG resource of a profile under the mixed strategy (`+me` becomes `.me`). */
export function migResourceName(profile: string): string {
  return `nvidia.com/mig-${profile.replace(/\+/g, '.')}`;
}

/**
 * The GPU stack a cluster runs: which resource names, units and annotations a GPU request becomes.
 * `GpuStack.nvidia()` (the NVIDIA device plugin / GPU Operator) is the default.
 */
export class GpuStack {
  /** NVIDIA k8s-device-plugin / GPU Operator: whole cards and MIG; no virtual GPUs. */
  public static nvidia(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(GpuStackKind.NVIDIA, 'NVIDIA device plugin', { gpu: 'nvidia.com/gpu' }, options);
  }

  /** HAMi: virtual GPUs with memory (MiB) and compute (%), whole cards, MIG pass-through. */
  public static hami(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(GpuStackKind.HAMI, 'HAMi', HAMI_NAMES, options);
  }

  /** DaoCloud DCE 5.0: HAMi installed with `nvidia.com/vgpu` as the card count of virtual GPUs. */
  public static dce(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(
      GpuStackKind.DCE,
      'DaoCloud DCE (HAMi)',
      { ...HAMI_NAMES, vgpu: 'nvidia.com/vgpu' },
      options
    );
  }

  /** Alibaba Cloud ACK cGPU / GPU sharing: memory in GiB, compute % in steps of 5, one card. */
  public static aliyunCgpu(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(
      GpuStackKind.ALIYUN_CGPU,
      'Alibaba Cloud cGPU',
      { gpu: 'nvidia.com/gpu', memory: 'aliyun.com/gpu-mem', cores: 'aliyun.com/gpu-core.percentage' },
      options
    );
  }

  /** Tencent Cloud TKE qGPU: compute in steps of 5 (% of a card, N×100 for whole cards), memory in GiB. */
  public static tencentQgpu(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(
      GpuStackKind.TENCENT_QGPU,
      'Tencent qGPU',
      { cores: 'tke.cloud.tencent.com/qgpu-core', memory: 'tke.cloud.tencent.com/qgpu-memory' },
      options
    );
  }

  /** TKEStack gpu-manager: `vcuda-core` in hundredths of a card, `vcuda-memory` in 256 MiB units. */
  public static tkestackGpuManager(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(
      GpuStackKind.TKESTACK_GPU_MANAGER,
      'TKEStack gpu-manager',
      { cores: 'tencent.com/vcuda-core', memory: 'tencent.com/vcuda-memory' },
      options
    );
  }

  /** Volcano vGPU (HAMi-derived), scheduled by the `volcano` scheduler. */
  public static volcano(options: GpuStackOptions = {}): GpuStack {
    return new GpuStack(
      GpuStackKind.VOLCANO,
      'Volcano vGPU',
      {
        gpu: 'nvidia.com/gpu',
        vgpu: 'volcano.sh/vgpu-number',
        memory: 'volcano.sh/vgpu-memory',
        memoryPercent: 'volcano.sh/vgpu-memory-percentage',
        cores: 'volcano.sh/vgpu-cores',
      },
      options
    );
  }

  /** The preset's factory, e.g. `GpuStack.hami()`. */
  public get factoryName(): string {
    return `GpuStack.${FACTORY[this.kind]}`;
  }

  /** The resource names in use: the preset's, overridden by `resourceNames`. */
  public readonly resourceNames: GpuResourceNames;

  private constructor(
    /** Which stack. */
    public readonly kind: GpuStackKind,
    /** The stack's name in messages. */
    public readonly displayName: string,
    presetNames: GpuResourceNames,
    options: GpuStackOptions
  ) {
    stackCheck(kind)({ options });
    const overrides = Object.entries(options.resourceNames ?? {}).filter(([, name]) => name !== undefined);
    this.resourceNames = { ...presetNames, ...Object.fromEntries(overrides) };
  }

  /**
   * Maps a GPU request to this stack's resources and annotations, or says why it cannot.
   * The same mapping renders manifests and the mode × stack table of docs/gpu.md (scripts/tables/gpu.ts).
   * @internal
   */
  public _map(request: GpuRequest): { rendering: GpuRendering; problems: GpuProblem[] } {
    const problems: GpuProblem[] = [];
    const limits: Record<string, number> = {};
    const annotations: Record<string, string> = {};
    const nodeSelector: Record<string, string> = {};
    const names = this.resourceNames;
    const cannot = (field: string, what: string) =>
      problems.push({
        field,
        message: `${this.displayName} (GpuStack.${FACTORY[this.kind]}) cannot express ${what}`,
      });
    const need = (role: keyof GpuResourceNames, field: string, what: string): string | undefined => {
      const name = names[role];
      if (!name) cannot(field, what);
      return name;
    };

    switch (request.mode) {
      case 'wholeCard': {
        if (request.model !== undefined) nodeSelector['nvidia.com/gpu.product'] = request.model;
        if (this.kind === GpuStackKind.TENCENT_QGPU || this.kind === GpuStackKind.TKESTACK_GPU_MANAGER) {
          limits[names.cores!] = request.count * 100;
        } else {
          const gpu = need('gpu', 'count', 'whole cards');
          if (gpu) limits[gpu] = request.count;
          if (this.kind === GpuStackKind.HAMI) {
            // HAMi: a whole card is a vGPU with all its memory and compute.
            limits[names.memoryPercent!] = 100;
            limits[names.cores!] = 100;
          }
        }
        break;
      }
      case 'mig': {
        const migStacks = [GpuStackKind.NVIDIA, GpuStackKind.HAMI, GpuStackKind.DCE];
        if (!migStacks.includes(this.kind)) {
          cannot('profile', 'MIG devices (use GpuStack.nvidia(), .hami() or .dce())');
          break;
        }
        if ((request.strategy ?? MigStrategy.MIXED) === MigStrategy.SINGLE)
          limits[names.gpu ?? 'nvidia.com/gpu'] = request.count;
        else limits[migResourceName(request.profile)] = request.count;
        break;
      }
      case 'virtual':
        this.mapVirtual(request, { limits, annotations }, problems, cannot, need);
        break;
    }
    const schedulerName = this.kind === GpuStackKind.VOLCANO ? 'volcano' : undefined;
    return { rendering: { limits, annotations, nodeSelector, schedulerName }, problems };
  }

  private mapVirtual(
    r: Extract<GpuRequest, { mode: 'virtual' }>,
    out: { limits: Record<string, number>; annotations: Record<string, string> },
    problems: GpuProblem[],
    cannot: (field: string, what: string) => void,
    need: (role: keyof GpuResourceNames, field: string, what: string) => string | undefined
  ): void {
    const { limits, annotations } = out;
    const names = this.resourceNames;
    const rule = (field: string, message: string) =>
      problems.push({ field, message: `${message} on ${this.displayName} (GpuStack.${FACTORY[this.kind]})` });
    const mib = isSize(r.memory) ? r.memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
    const hamiLike = [GpuStackKind.HAMI, GpuStackKind.DCE, GpuStackKind.VOLCANO].includes(this.kind);

    if (this.kind === GpuStackKind.NVIDIA) {
      cannot('cards', 'virtual GPUs (use GpuStack.hami() or another sharing stack, or Gpu.mig)');
      return;
    }
    if (hamiLike) {
      limits[need('vgpu', 'cards', 'a card count')!] = r.cards;
      if (r.coresPercent !== undefined) limits[names.cores!] = r.coresPercent;
      if (mib !== undefined) {
        if (!Number.isInteger(mib)) rule('memory', 'must be a whole number of MiB');
        if (mib > 2147483647) rule('memory', 'must be at most 2147483647 MiB (the stack stores it as int32)');
        limits[names.memory!] = Math.ceil(mib);
      }
      if (r.memoryPercent !== undefined) limits[names.memoryPercent!] = r.memoryPercent;
      const hami = this.kind !== GpuStackKind.VOLCANO;
      if (r.priority !== undefined) {
        if (hami) limits[names.priority!] = r.priority === GpuTaskPriority.HIGH ? 0 : 1;
        else cannot('priority', 'a task priority');
      }
      const policy = (field: 'cardPolicy' | 'nodePolicy', key: string) => {
        const value = r[field];
        if (value === undefined) return;
        if (hami) annotations[key] = value;
        else cannot(field, `a ${field === 'cardPolicy' ? 'card' : 'node'}-level scheduling policy`);
      };
      policy('cardPolicy', 'hami.io/gpu-scheduler-policy');
      policy('nodePolicy', 'hami.io/node-scheduler-policy');
      const models = (field: 'models' | 'excludeModels', key: string) => {
        const list = r[field];
        if (list === undefined) return;
        if (hami) annotations[key] = list.join(',');
        else cannot(field, 'GPU model filters');
      };
      models('models', 'nvidia.com/use-gputype');
      models('excludeModels', 'nvidia.com/nouse-gputype');
      return;
    }

    // Cloud sharing stacks: one card, their own units; no policies, priorities or model filters.
    for (const field of ['cardPolicy', 'nodePolicy', 'priority', 'models', 'excludeModels'] as const) {
      if (r[field] !== undefined) cannot(field, field === 'priority' ? 'a task priority' : field);
    }
    if (r.memoryPercent !== undefined) cannot('memoryPercent', 'memory as a percentage (give memory)');
    if (r.cards !== 1) {
      cannot('cards', 'a virtual GPU spanning several cards (use Gpu.wholeCard for whole cards)');
    }
    if (this.kind === GpuStackKind.TKESTACK_GPU_MANAGER) {
      limits[names.cores!] = r.coresPercent ?? 100;
      if (mib !== undefined) {
        if (mib % 256 !== 0)
          rule('memory', 'must be a multiple of 256 MiB (vcuda-memory counts 256 MiB units)');
        limits[names.memory!] = Math.ceil(mib / 256);
      }
      return;
    }
    // Alibaba cGPU and Tencent qGPU: GiB and compute in steps of 5.
    if (mib === undefined) rule('memory', 'is required (GPU memory in GiB)');
    else {
      if (mib % 1024 !== 0) rule('memory', 'must be a whole number of GiB');
      limits[names.memory!] = Math.ceil(mib / 1024);
    }
    if (r.coresPercent !== undefined) {
      if (r.coresPercent % 5 !== 0) rule('coresPercent', 'must be a multiple of 5 from 5 to 100');
      limits[names.cores!] = r.coresPercent;
    }
  }
}

const HAMI_NAMES: GpuResourceNames = {
  gpu: 'nvidia.com/gpu',
  vgpu: 'nvidia.com/gpu',
  memory: 'nvidia.com/gpumem',
  memoryPercent: 'nvidia.com/gpumem-percentage',
  cores: 'nvidia.com/gpucores',
  priority: 'nvidia.com/priority',
};

const FACTORY: Record<GpuStackKind, string> = {
  [GpuStackKind.NVIDIA]: 'nvidia()',
  [GpuStackKind.HAMI]: 'hami()',
  [GpuStackKind.DCE]: 'dce()',
  [GpuStackKind.ALIYUN_CGPU]: 'aliyunCgpu()',
  [GpuStackKind.TENCENT_QGPU]: 'tencentQgpu()',
  [GpuStackKind.TKESTACK_GPU_MANAGER]: 'tkestackGpuManager()',
  [GpuStackKind.VOLCANO]: 'volcano()',
};

// The run-time check of the factories' options (see validation/arguments.ts).
const STACK_CHECKS = new Map<GpuStackKind, (args: Record<string, unknown>) => void>();
const stackCheck = (kind: GpuStackKind) => {
  let check = STACK_CHECKS.get(kind);
  if (!check) {
    const roles = ['gpu', 'vgpu', 'memory', 'memoryPercent', 'cores', 'priority'] as const;
    check = argumentsCheck({
      type: 'GpuStack',
      call: `GpuStack.${FACTORY[kind].replace('()', '(options)')}`,
      shape: () => ({
        options: options({
          resourceNames: options(Object.fromEntries(roles.map((r) => [r, aString.optional()]))).optional(),
        }),
      }),
    });
    STACK_CHECKS.set(kind, check);
  }
  return check;
};
