/**
 * Recognizing a GPU request in a container's extended resources, for `import` (to write `GpuJob` with `Gpu` and
 * `GpuStack`) and `summary` (to show mode, count and stack). The stack follows from the resource names; the
 * request is then rendered back with the stack's own mapping (`GpuStack._map`, the code `GpuJob` renders with)
 * and accepted only when that gives exactly the input's resources, annotations and node selector.
 */
import { Size } from 'cdk8s';
import { z } from 'zod';
import { refineGpu } from '../lib/props/gpu';
import { Gpu, GpuRequest, GpuSchedulingPolicy, GpuTaskPriority } from '../lib/gpu/gpu';
import { GpuStack } from '../lib/gpu/stack';
import { parseQuantity } from '../lib/rules/quantity';

/** The stack presets, by factory name. */
export const STACK_FACTORIES = {
  nvidia: () => GpuStack.nvidia(),
  hami: () => GpuStack.hami(),
  dce: () => GpuStack.dce(),
  aliyunCgpu: () => GpuStack.aliyunCgpu(),
  tencentQgpu: () => GpuStack.tencentQgpu(),
  tkestackGpuManager: () => GpuStack.tkestackGpuManager(),
  volcano: () => GpuStack.volcano(),
} as const;

export type StackFactory = keyof typeof STACK_FACTORIES;

/** The options of the `Gpu` factory, with memory in MiB (the importer writes it as a `Size`). */
export interface GpuOptionsData {
  readonly [option: string]: number | string | string[] | undefined;
}

/** A GPU request recognized in a container's resources. */
export interface RecognizedGpu {
  readonly mode: GpuRequest['mode'];
  /** `Gpu.<mode>(options)`; `memoryMib` stands for `memory: Size.mebibytes(memoryMib)`. */
  readonly options: GpuOptionsData;
  readonly stackFactory: StackFactory;
  readonly stack: GpuStack;
  readonly gpu: Gpu;
  /** The resource names the request renders (limits, and requests if given). */
  readonly resourceNames: readonly string[];
  /** Pod annotations the request renders (HAMi scheduling policies, model filters). */
  readonly annotationKeys: readonly string[];
  /** Node selector keys the request renders (`nvidia.com/gpu.product` for a whole-card model). */
  readonly nodeSelectorKeys: readonly string[];
  /** The scheduler the stack sets (`volcano`). */
  readonly schedulerName?: string;
}

/** GPU resources that are there but do not form one request a stack renders. */
export interface UnrecognizedGpu {
  readonly unrecognized: string;
  readonly resourceNames: readonly string[];
}

const GPU_RESOURCE = [
  /^nvidia\.com\/(gpu|vgpu|gpumem|gpumem-percentage|gpucores|priority)$/,
  /^nvidia\.com\/mig-[0-9]+g\.[0-9]+gb(\.me)?$/,
  /^aliyun\.com\/gpu-(mem|core\.percentage|count)$/,
  /^tke\.cloud\.tencent\.com\/qgpu-(core|memory)$/,
  /^tencent\.com\/vcuda-(core|memory)$/,
  /^volcano\.sh\/vgpu-(number|memory|memory-percentage|cores)$/,
];

/** Whether an extended resource name belongs to a GPU stack this package knows. */
export function isGpuResource(name: string): boolean {
  return GPU_RESOURCE.some((p) => p.test(name));
}

const HAMI_ANNOTATIONS = {
  cardPolicy: 'hami.io/gpu-scheduler-policy',
  nodePolicy: 'hami.io/node-scheduler-policy',
  models: 'nvidia.com/use-gputype',
  excludeModels: 'nvidia.com/nouse-gputype',
} as const;

const MODEL_LABEL = 'nvidia.com/gpu.product';

/** What {@link recognizeGpu} reads. */
export interface GpuInput {
  /** The container's limits (manifest form). */
  readonly limits: Readonly<Record<string, unknown>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly schedulerName?: string;
}

/**
 * The GPU request of one container, undefined when it has no GPU resources, or why its GPU resources are not
 * one request of a known stack.
 */
export function recognizeGpu(input: GpuInput): RecognizedGpu | UnrecognizedGpu | undefined {
  const names = Object.keys(input.limits).filter(isGpuResource).sort();
  if (names.length === 0) return undefined;
  const values: Record<string, number> = {};
  for (const name of names) {
    const q = parseQuantity(input.limits[name]);
    if (!q || q.den !== 1n || q.num < 0n) {
      return { unrecognized: `${name} is not a whole number`, resourceNames: names };
    }
    values[name] = Number(q.num);
  }
  const guess = guessRequest(values, input);
  if (typeof guess === 'string') return { unrecognized: guess, resourceNames: names };
  const { mode, options, stackFactory } = guess;
  const stack = STACK_FACTORIES[stackFactory]();
  const gpu = makeGpu(mode, options);
  const { rendering, problems } = stack._map(gpu.request);
  if (problems.length > 0) {
    return { unrecognized: `${problems[0].field}: ${problems[0].message}`, resourceNames: names };
  }
  // The rules GpuJob checks the request with (ranges, MIG profiles, ...).
  const checked = z
    .unknown()
    .superRefine((_v, ctx) => refineGpu(gpu, stack, ctx))
    .safeParse(undefined);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { unrecognized: `${issue.path.join('.')}: ${issue.message}`, resourceNames: names };
  }
  const rendered = Object.keys(rendering.limits).sort();
  const sameLimits =
    rendered.length === names.length &&
    rendered.every((n, i) => n === names[i] && rendering.limits[n] === values[n]);
  const sameAnnotations = Object.entries(rendering.annotations).every(
    ([k, v]) => input.podAnnotations?.[k] === v
  );
  const sameSelector = Object.entries(rendering.nodeSelector).every(
    ([k, v]) => input.nodeSelector?.[k] === v
  );
  if (!sameLimits || !sameAnnotations || !sameSelector) {
    return {
      unrecognized: `${names.map((n) => `${n}: ${values[n]}`).join(', ')} is not what ${stack.factoryName} renders for any request`,
      resourceNames: names,
    };
  }
  return {
    mode,
    options,
    stackFactory,
    stack,
    gpu,
    resourceNames: names,
    annotationKeys: Object.keys(rendering.annotations),
    nodeSelectorKeys: Object.keys(rendering.nodeSelector),
    schedulerName: rendering.schedulerName,
  };
}

/** Builds the `Gpu` from options data (memoryMib → a Size). */
export function makeGpu(mode: GpuRequest['mode'], options: GpuOptionsData): Gpu {
  const { memoryMib, ...rest } = options as Record<string, unknown>;
  const withMemory =
    memoryMib === undefined ? rest : { ...rest, memory: Size.mebibytes(memoryMib as number) };
  switch (mode) {
    case 'wholeCard':
      return Gpu.wholeCard(withMemory as never);
    case 'virtual':
      return Gpu.virtual(withMemory as never);
    case 'mig':
      return Gpu.mig(withMemory as never);
  }
}

type Guess = { mode: GpuRequest['mode']; options: GpuOptionsData; stackFactory: StackFactory } | string;

function clean(options: Record<string, number | string | string[] | undefined>): GpuOptionsData {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function guessRequest(v: Record<string, number>, input: GpuInput): Guess {
  const has = (prefix: string) => Object.keys(v).some((n) => n.startsWith(prefix));
  const model = input.nodeSelector?.[MODEL_LABEL];
  const whole = (count: number, stackFactory: StackFactory): Guess => ({
    mode: 'wholeCard',
    options: clean({ count, model }),
    stackFactory,
  });
  /** One shared card: cores in percent, memory in the stack's units of `unitMib` MiB. */
  const oneShared = (
    coresPercent: number | undefined,
    memory: number | undefined,
    unitMib: number,
    stackFactory: StackFactory
  ): Guess => ({
    mode: 'virtual',
    options: clean({
      cards: 1,
      coresPercent,
      memoryMib: memory === undefined ? undefined : memory * unitMib,
    }),
    stackFactory,
  });

  if (has('volcano.sh/')) {
    if (v['volcano.sh/vgpu-number'] === undefined) return 'volcano.sh/vgpu-number is missing';
    return {
      mode: 'virtual',
      options: clean({
        cards: v['volcano.sh/vgpu-number'],
        coresPercent: v['volcano.sh/vgpu-cores'],
        memoryMib: v['volcano.sh/vgpu-memory'],
        memoryPercent: v['volcano.sh/vgpu-memory-percentage'],
      }),
      stackFactory: 'volcano',
    };
  }
  if (has('tencent.com/vcuda-')) {
    const core = v['tencent.com/vcuda-core'];
    const memory = v['tencent.com/vcuda-memory'];
    if (core === undefined) return 'tencent.com/vcuda-core is missing';
    if (memory === undefined && core % 100 === 0) return whole(core / 100, 'tkestackGpuManager');
    return oneShared(core, memory, 256, 'tkestackGpuManager');
  }
  if (has('tke.cloud.tencent.com/qgpu-')) {
    const core = v['tke.cloud.tencent.com/qgpu-core'];
    const memory = v['tke.cloud.tencent.com/qgpu-memory'];
    if (memory === undefined && core !== undefined && core % 100 === 0)
      return whole(core / 100, 'tencentQgpu');
    return oneShared(core, memory, 1024, 'tencentQgpu');
  }
  if (has('aliyun.com/')) {
    return oneShared(v['aliyun.com/gpu-core.percentage'], v['aliyun.com/gpu-mem'], 1024, 'aliyunCgpu');
  }
  const migs = Object.keys(v).filter((n) => n.startsWith('nvidia.com/mig-'));
  if (migs.length > 0) {
    if (migs.length > 1 || Object.keys(v).length > 1)
      return 'more than one MIG profile, or MIG with other GPU resources';
    const profile = migs[0].slice('nvidia.com/mig-'.length).replace(/\.me$/, '+me');
    return { mode: 'mig', options: { profile, count: v[migs[0]] }, stackFactory: 'nvidia' };
  }
  const annotations = input.podAnnotations ?? {};
  const hamiOptions = () => {
    const list = (key: string) => (annotations[key] === undefined ? undefined : annotations[key].split(','));
    const priority = v['nvidia.com/priority'];
    return {
      coresPercent: v['nvidia.com/gpucores'],
      memoryMib: v['nvidia.com/gpumem'],
      memoryPercent: v['nvidia.com/gpumem-percentage'],
      priority:
        priority === undefined ? undefined : priority === 0 ? GpuTaskPriority.HIGH : GpuTaskPriority.NORMAL,
      cardPolicy: policy(annotations[HAMI_ANNOTATIONS.cardPolicy]),
      nodePolicy: policy(annotations[HAMI_ANNOTATIONS.nodePolicy]),
      models: list(HAMI_ANNOTATIONS.models),
      excludeModels: list(HAMI_ANNOTATIONS.excludeModels),
    };
  };
  if (v['nvidia.com/vgpu'] !== undefined) {
    return {
      mode: 'virtual',
      options: clean({ cards: v['nvidia.com/vgpu'], ...hamiOptions() }),
      stackFactory: 'dce',
    };
  }
  const gpus = v['nvidia.com/gpu'];
  if (gpus === undefined) return 'no card count (nvidia.com/gpu, nvidia.com/vgpu, ...)';
  const hamiKeys = [
    'nvidia.com/gpumem',
    'nvidia.com/gpumem-percentage',
    'nvidia.com/gpucores',
    'nvidia.com/priority',
  ];
  const hamiAnnotation = Object.values(HAMI_ANNOTATIONS).some((k) => annotations[k] !== undefined);
  if (hamiKeys.some((k) => v[k] !== undefined) || hamiAnnotation) {
    const onlyWhole =
      v['nvidia.com/gpumem-percentage'] === 100 &&
      v['nvidia.com/gpucores'] === 100 &&
      v['nvidia.com/gpumem'] === undefined &&
      v['nvidia.com/priority'] === undefined &&
      !hamiAnnotation;
    if (onlyWhole) return whole(gpus, 'hami');
    return { mode: 'virtual', options: clean({ cards: gpus, ...hamiOptions() }), stackFactory: 'hami' };
  }
  return whole(gpus, input.schedulerName === 'volcano' ? 'volcano' : 'nvidia');
}

function policy(value: string | undefined): GpuSchedulingPolicy | undefined {
  if (value === undefined) return undefined;
  return (Object.values(GpuSchedulingPolicy) as string[]).includes(value)
    ? (value as GpuSchedulingPolicy)
    : undefined;
}

/** The request in words for a table: `2 cards`, `1 card, 30% cores, 8 GiB`, `2 × 1g.10gb`. */
export function describeGpu(g: RecognizedGpu): string {
  const o = g.options;
  switch (g.mode) {
    case 'wholeCard':
      return `${o.count} card${o.count === 1 ? '' : 's'}${o.model ? ` ${o.model}` : ''}`;
    case 'mig':
      return `${o.count} × ${o.profile}`;
    case 'virtual': {
      const parts = [`${o.cards} card${o.cards === 1 ? '' : 's'}`];
      if (o.coresPercent !== undefined) parts.push(`${o.coresPercent}% cores`);
      if (o.memoryMib !== undefined) {
        const mib = o.memoryMib as number;
        parts.push(mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);
      }
      if (o.memoryPercent !== undefined) parts.push(`${o.memoryPercent}% memory`);
      return parts.join(', ');
    }
  }
}
