/**
 * What several stacks share: MIG devices (NVIDIA, HAMi, DCE), the HAMi resource model (HAMi, DCE, Volcano),
 * the one-shared-card model of the cloud sharing stacks (Alibaba cGPU, Tencent qGPU, TKEStack gpu-manager),
 * and the helpers their `recognize` functions read resources with.
 */
import { SizeRoundingBehavior } from 'cdk8s';
import {
  GpuFound,
  GpuGuess,
  GpuMapping,
  GpuOptionsData,
  GpuResourceNames,
  MigRequest,
  VirtualRequest,
  WholeCardRequest,
} from './definition';
import { isSize } from '../../rules/plain-values';
import { GpuSchedulingPolicy, GpuTaskPriority, MigStrategy } from '../gpu';

const MIG_PREFIX = 'nvidia.com/mig-';

/**
 * The MIG resource of a profile under the mixed strategy (`+me` becomes `.me`), as the NVIDIA device plugin
 * names it: https://github.com/NVIDIA/k8s-device-plugin#configuration-option-details (`--mig-strategy`).
 */
export function migResourceName(profile: string): string {
  return `${MIG_PREFIX}${profile.replace(/\+/g, '.')}`;
}

/** The MIG resources of the mixed strategy. */
export const MIG_RESOURCE = /^nvidia\.com\/mig-[0-9]+g\.[0-9]+gb(\.me)?$/;

/**
 * The node label of a card's model, set by NVIDIA GPU Feature Discovery
 * (https://github.com/NVIDIA/gpu-feature-discovery): the node selector of `Gpu.wholeCard({ model })`.
 */
export const MODEL_LABEL = 'nvidia.com/gpu.product';

/** Whole cards as a count of the `gpu` resource. */
export function wholeCards(r: WholeCardRequest, out: GpuMapping): void {
  const gpu = out.need('gpu', 'count', 'whole cards');
  if (gpu) out.limits[gpu] = r.count;
}

/** Whole cards as compute in hundredths of a card (Tencent qGPU, TKEStack gpu-manager). */
export function wholeCardsAsCores(r: WholeCardRequest, out: GpuMapping): void {
  out.limits[out.names.cores!] = r.count * 100;
}

/** MIG devices: one resource per profile (mixed strategy) or the card resource (single strategy). */
export function migDevices(r: MigRequest, out: GpuMapping): void {
  if ((r.strategy ?? MigStrategy.MIXED) === MigStrategy.SINGLE)
    out.limits[out.names.gpu ?? 'nvidia.com/gpu'] = r.count;
  else out.limits[migResourceName(r.profile)] = r.count;
}

/** A stack without MIG. */
export function noMig(_r: MigRequest, out: GpuMapping): void {
  out.cannot('profile', 'MIG devices (use GpuStack.nvidia(), .hami() or .dce())');
}

/** The requested memory in MiB, unrounded, if given as a size. */
export function memoryMib(r: VirtualRequest): number | undefined {
  return isSize(r.memory) ? r.memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
}

/**
 * HAMi's pod annotations: scheduling policies and model filters,
 * https://github.com/Project-HAMi/HAMi/blob/master/docs/config.md and
 * https://github.com/Project-HAMi/HAMi#device-type-specification.
 */
export const HAMI_ANNOTATIONS = {
  cardPolicy: 'hami.io/gpu-scheduler-policy',
  nodePolicy: 'hami.io/node-scheduler-policy',
  models: 'nvidia.com/use-gputype',
  excludeModels: 'nvidia.com/nouse-gputype',
} as const;

/** HAMi's preset resource names (https://github.com/Project-HAMi/HAMi#usage). */
export const HAMI_NAMES: GpuResourceNames = {
  gpu: 'nvidia.com/gpu',
  vgpu: 'nvidia.com/gpu',
  memory: 'nvidia.com/gpumem',
  memoryPercent: 'nvidia.com/gpumem-percentage',
  cores: 'nvidia.com/gpucores',
  priority: 'nvidia.com/priority',
};

/**
 * A virtual GPU on a HAMi-like stack: a card count, memory in MiB or percent, compute in percent; with `hami`
 * (HAMi itself, DCE) also a task priority (0 high, 1 normal), scheduling policies and model filters.
 */
export function hamiVirtual(r: VirtualRequest, out: GpuMapping, hami: boolean): void {
  const { limits, annotations, names } = out;
  const mib = memoryMib(r);
  limits[out.need('vgpu', 'cards', 'a card count')!] = r.cards;
  if (r.coresPercent !== undefined) limits[names.cores!] = r.coresPercent;
  if (mib !== undefined) {
    if (!Number.isInteger(mib)) out.rule('memory', 'must be a whole number of MiB');
    if (mib > 2147483647) out.rule('memory', 'must be at most 2147483647 MiB (the stack stores it as int32)');
    limits[names.memory!] = Math.ceil(mib);
  }
  if (r.memoryPercent !== undefined) limits[names.memoryPercent!] = r.memoryPercent;
  if (r.priority !== undefined) {
    if (hami) limits[names.priority!] = r.priority === GpuTaskPriority.HIGH ? 0 : 1;
    else out.cannot('priority', 'a task priority');
  }
  const policy = (field: 'cardPolicy' | 'nodePolicy') => {
    const value = r[field];
    if (value === undefined) return;
    if (hami) annotations[HAMI_ANNOTATIONS[field]] = value;
    else out.cannot(field, `a ${field === 'cardPolicy' ? 'card' : 'node'}-level scheduling policy`);
  };
  policy('cardPolicy');
  policy('nodePolicy');
  const models = (field: 'models' | 'excludeModels') => {
    const list = r[field];
    if (list === undefined) return;
    if (hami) annotations[HAMI_ANNOTATIONS[field]] = list.join(',');
    else out.cannot(field, 'GPU model filters');
  };
  models('models');
  models('excludeModels');
}

/**
 * A virtual GPU on a cloud sharing stack: one card, the stack's own units; no policies, priorities, model
 * filters or memory percentages. Reports what it cannot express; the stack then writes its units.
 */
export function oneSharedCard(r: VirtualRequest, out: GpuMapping): void {
  for (const field of ['cardPolicy', 'nodePolicy', 'priority', 'models', 'excludeModels'] as const) {
    if (r[field] !== undefined) out.cannot(field, field === 'priority' ? 'a task priority' : field);
  }
  if (r.memoryPercent !== undefined) out.cannot('memoryPercent', 'memory as a percentage (give memory)');
  if (r.cards !== 1) {
    out.cannot('cards', 'a virtual GPU spanning several cards (use Gpu.wholeCard for whole cards)');
  }
}

/** One shared card with memory in GiB (required) and compute in percent, in steps of 5 (cGPU, qGPU). */
export function oneSharedCardGib(r: VirtualRequest, out: GpuMapping): void {
  oneSharedCard(r, out);
  const { limits, names } = out;
  const mib = memoryMib(r);
  if (mib === undefined) out.rule('memory', 'is required (GPU memory in GiB)');
  else {
    if (mib % 1024 !== 0) out.rule('memory', 'must be a whole number of GiB');
    limits[names.memory!] = Math.ceil(mib / 1024);
  }
  if (r.coresPercent !== undefined) {
    if (r.coresPercent % 5 !== 0) out.rule('coresPercent', 'must be a multiple of 5 from 5 to 100');
    limits[names.cores!] = r.coresPercent;
  }
}

// Recognition helpers.

/** Options without the undefined ones. */
export function clean(options: Record<string, number | string | string[] | undefined>): GpuOptionsData {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** Whether a found resource name starts with `prefix`. */
export function has(found: GpuFound, prefix: string): boolean {
  return found.names.some((n) => n.startsWith(prefix));
}

/** `Gpu.wholeCard({ count, model })`, the model read from the node selector. */
export function wholeGuess(count: number, found: GpuFound): GpuGuess {
  return { mode: 'wholeCard', options: clean({ count, model: found.nodeSelector?.[MODEL_LABEL] }) };
}

/** One shared card: cores in percent, memory in the stack's units of `unitMib` MiB. */
export function oneSharedGuess(
  coresPercent: number | undefined,
  memory: number | undefined,
  unitMib: number
): GpuGuess {
  return {
    mode: 'virtual',
    options: clean({
      cards: 1,
      coresPercent,
      memoryMib: memory === undefined ? undefined : memory * unitMib,
    }),
  };
}

/** The found resources are one MIG device type alone: `Gpu.mig`, or a reason. Undefined without MIG. */
export function migGuess(found: GpuFound): GpuGuess | string | undefined {
  const migs = found.names.filter((n) => n.startsWith(MIG_PREFIX));
  if (migs.length === 0) return undefined;
  if (migs.length > 1 || found.names.length > 1)
    return 'more than one MIG profile, or MIG with other GPU resources';
  const profile = migs[0].slice(MIG_PREFIX.length).replace(/\.me$/, '+me');
  return { mode: 'mig', options: { profile, count: found.values[migs[0]] } };
}

/** Whether the pod has any of HAMi's annotations. */
export function hasHamiAnnotation(found: GpuFound): boolean {
  return Object.values(HAMI_ANNOTATIONS).some((k) => found.podAnnotations?.[k] !== undefined);
}

/** The resources are exactly a card count of `gpu`, with no HAMi annotation: whole cards, or not. */
export function onlyCards(found: GpuFound, gpu: string): boolean {
  return found.names.length === 1 && found.names[0] === gpu && !hasHamiAnnotation(found);
}

/** The options of a HAMi virtual GPU (apart from the card count) read from its resources and annotations. */
export function hamiOptions(found: GpuFound, names: GpuResourceNames): GpuOptionsData {
  const annotations = found.podAnnotations ?? {};
  const v = found.values;
  const list = (key: string) => (annotations[key] === undefined ? undefined : annotations[key].split(','));
  const priority = v[names.priority!];
  return clean({
    coresPercent: v[names.cores!],
    memoryMib: v[names.memory!],
    memoryPercent: v[names.memoryPercent!],
    priority:
      priority === undefined ? undefined : priority === 0 ? GpuTaskPriority.HIGH : GpuTaskPriority.NORMAL,
    cardPolicy: policy(annotations[HAMI_ANNOTATIONS.cardPolicy]),
    nodePolicy: policy(annotations[HAMI_ANNOTATIONS.nodePolicy]),
    models: list(HAMI_ANNOTATIONS.models),
    excludeModels: list(HAMI_ANNOTATIONS.excludeModels),
  });
}

function policy(value: string | undefined): GpuSchedulingPolicy | undefined {
  if (value === undefined) return undefined;
  return (Object.values(GpuSchedulingPolicy) as string[]).includes(value)
    ? (value as GpuSchedulingPolicy)
    : undefined;
}
