/**
 * HAMi: virtual GPUs with memory (MiB or %) and compute (%), whole cards, MIG pass-through.
 * https://github.com/Project-HAMi/HAMi, https://project-hami.io/docs/
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import {
  HAMI_NAMES,
  hamiOptions,
  hamiVirtual,
  has,
  hasHamiAnnotation,
  migDevices,
  wholeCards,
  wholeGuess,
  clean,
} from './shared';

const N = HAMI_NAMES;

export const HAMI: GpuStackDefinition = {
  id: GpuStackKind.HAMI,
  factory: 'hami',
  displayName: 'HAMi',
  resourceNames: HAMI_NAMES,
  map: {
    wholeCard: (r, out) => {
      wholeCards(r, out);
      // A whole card is a vGPU with all its memory and compute.
      out.limits[out.names.memoryPercent!] = 100;
      out.limits[out.names.cores!] = 100;
    },
    virtual: (r, out) => hamiVirtual(r, out, true),
    mig: migDevices,
  },
  resourcePatterns: [/^nvidia\.com\/(gpu|gpumem|gpumem-percentage|gpucores|priority)$/],
  // Asked after the NVIDIA plugin and DCE: nvidia.com/ resources that are not a card count alone, nor MIG,
  // nor DCE's nvidia.com/vgpu.
  recognize: (found) => {
    const v = found.values;
    const gpus = v[N.gpu!];
    if (gpus === undefined) {
      return has(found, 'nvidia.com/') ? 'no card count (nvidia.com/gpu, nvidia.com/vgpu, ...)' : undefined;
    }
    const hamiKeys = [N.memory!, N.memoryPercent!, N.cores!, N.priority!];
    const annotated = hasHamiAnnotation(found);
    if (!hamiKeys.some((k) => v[k] !== undefined) && !annotated) return undefined;
    const onlyWhole =
      v[N.memoryPercent!] === 100 &&
      v[N.cores!] === 100 &&
      v[N.memory!] === undefined &&
      v[N.priority!] === undefined &&
      !annotated;
    if (onlyWhole) return wholeGuess(gpus, found);
    return { mode: 'virtual', options: clean({ cards: gpus, ...hamiOptions(found, N) }) };
  },
  table: { label: '`hami()`', column: 2 },
};
