import type { Size } from 'cdk8s';
import { aNumber, argumentsCheck, aSize, aString, options, strings } from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/** How a GPU scheduler places work: pack it onto few cards/nodes, or spread it. */
export enum GpuSchedulingPolicy {
  BINPACK = 'binpack',
  SPREAD = 'spread',
}

/** In-GPU compute priority of a virtual-GPU task (HAMi: high-priority tasks take compute first). */
export enum GpuTaskPriority {
  HIGH = 'high',
  NORMAL = 'normal',
}

/** How the NVIDIA device plugin advertises MIG devices (`--mig-strategy`). */
export enum MigStrategy {
  /** Every MIG device on a node has the same profile and counts as `nvidia.com/gpu`. */
  SINGLE = 'single',
  /** Each profile is its own resource, `nvidia.com/mig-<profile>`. */
  MIXED = 'mixed',
}

/** Options of `Gpu.wholeCard`. */
export interface WholeCardOptions {
  /** Physical GPUs per pod (a whole number ≥ 1). */
  readonly count: number;
  /**
   * GPU model, as the `nvidia.com/gpu.product` node label spells it (e.g. `A100-SXM4-80GB`):
   * pods are scheduled only on nodes with that label.
   * @default - any model
   */
  readonly model?: string;
  /**
   * The most cards one node has; `count` must not exceed it, or the pod never schedules.
   * @default - not checked
   */
  readonly maxPerNode?: number;
}

/** Options of `Gpu.virtual`. */
export interface VirtualGpuOptions {
  /** Physical cards the container spans, one virtual GPU on each (a whole number ≥ 1). */
  readonly cards: number;
  /**
   * The most cards one node has; `cards` must not exceed it, or the pod never schedules (DCE's vGPU form:
   * the physical card count is at most the cards of one node).
   * @default - not checked
   */
  readonly maxPerNode?: number;
  /**
   * Percent of each card's compute (1–100; 100 = the card exclusively).
   * @default - the stack's default (HAMi: no reservation)
   */
  readonly coresPercent?: number;
  /**
   * GPU memory per card (at least 1 MiB). Not with `memoryPercent`.
   * @default - the stack's default
   */
  readonly memory?: Size;
  /**
   * Percent of each card's memory (1–100). Not with `memory`.
   * @default - the stack's default
   */
  readonly memoryPercent?: number;
  /**
   * Card-level placement: pack onto busy cards or spread over idle ones.
   * @default - the cluster's policy
   */
  readonly cardPolicy?: GpuSchedulingPolicy;
  /**
   * Node-level placement.
   * @default - the cluster's policy
   */
  readonly nodePolicy?: GpuSchedulingPolicy;
  /**
   * In-GPU compute priority.
   * @default - the stack's default (HAMi: normal)
   */
  readonly priority?: GpuTaskPriority;
  /**
   * Only cards whose name contains one of these (case-insensitive), e.g. `['A100', 'H800']`.
   * @default - any card
   */
  readonly models?: string[];
  /**
   * Never cards whose name contains one of these.
   * @default - none excluded
   */
  readonly excludeModels?: string[];
}

/** Options of `Gpu.mig`. */
export interface MigOptions {
  /** MIG profile, `<G>g.<M>gb` with an optional `+me` (e.g. `1g.10gb`, `1g.10gb+me`). */
  readonly profile: string;
  /** MIG devices per pod (a whole number ≥ 1). */
  readonly count: number;
  /**
   * The cluster's MIG strategy.
   * @default MigStrategy.MIXED
   */
  readonly strategy?: MigStrategy;
  /**
   * The GPU, named as in `Gpu.wholeCard`: its `nvidia.com/gpu.product` node label (`A100-SXM4-80GB`,
   * `NVIDIA-H100-80GB-HBM3`, ...), or its MIG family (`A100-40GB`, `A100-80GB`, `H100-80GB`, `A30-24GB`,
   * `H100-NVL`, `H200-141GB`, ...: the keys of `MIG_PROFILES`). When given, the profile must be one the GPU
   * offers. It selects no nodes (the MIG resource does).
   * @default - only the profile's shape is checked
   */
  readonly model?: string;
}

/** How a `Gpu` asks for GPUs: `Gpu.wholeCard`, `Gpu.virtual` or `Gpu.mig`. */
export type GpuMode = 'wholeCard' | 'virtual' | 'mig';

// The run-time checks of the factories' options (see validation/arguments.ts).
const GPU_CHECKS = {
  wholeCard: argumentsCheck({
    type: 'Gpu',
    call: 'Gpu.wholeCard(options)',
    shape: () => ({
      options: options({ count: aNumber, model: aString.optional(), maxPerNode: aNumber.optional() }),
    }),
  }),
  virtual: argumentsCheck({
    type: 'Gpu',
    call: 'Gpu.virtual(options)',
    shape: () => ({
      options: options({
        cards: aNumber,
        maxPerNode: aNumber.optional(),
        coresPercent: aNumber.optional(),
        memory: aSize.optional(),
        memoryPercent: aNumber.optional(),
        cardPolicy: aString.optional(),
        nodePolicy: aString.optional(),
        priority: aString.optional(),
        models: strings.optional(),
        excludeModels: strings.optional(),
      }),
    }),
  }),
  mig: argumentsCheck({
    type: 'Gpu',
    call: 'Gpu.mig(options)',
    shape: () => ({
      options: options({
        profile: aString,
        count: aNumber,
        strategy: aString.optional(),
        model: aString.optional(),
      }),
    }),
  }),
};

/** A GPU request: whole cards, a virtual GPU, or MIG devices. */
export class Gpu {
  /** Whole physical cards. */
  public static wholeCard(options: WholeCardOptions): Gpu {
    ({ options } = GPU_CHECKS.wholeCard({ options }));
    return new Gpu({ mode: 'wholeCard', ...options });
  }

  /** A share of one or more cards (compute % and memory): HAMi, DCE vGPU, cGPU, qGPU, gpu-manager, Volcano. */
  public static virtual(options: VirtualGpuOptions): Gpu {
    ({ options } = GPU_CHECKS.virtual({ options }));
    return new Gpu({ mode: 'virtual', ...options });
  }

  /** Multi-Instance GPU devices of one profile. */
  public static mig(options: MigOptions): Gpu {
    ({ options } = GPU_CHECKS.mig({ options }));
    return new Gpu({ mode: 'mig', ...options });
  }

  private constructor(
    /** The request. @internal */
    public readonly request: GpuRequest
  ) {
    freezeValueObject(this);
  }

  /** The GPU mode. */
  public get mode(): GpuMode {
    return this.request.mode;
  }
}

/** A GPU request as data. @internal */
export type GpuRequest =
  | ({ readonly mode: 'wholeCard' } & WholeCardOptions)
  | ({ readonly mode: 'virtual' } & VirtualGpuOptions)
  | ({ readonly mode: 'mig' } & MigOptions);
