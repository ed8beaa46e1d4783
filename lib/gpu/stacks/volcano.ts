/**
 * Volcano vGPU (HAMi-derived), scheduled by the `volcano` scheduler; whole cards through the NVIDIA plugin.
 * https://github.com/volcano-sh/volcano/blob/master/docs/user-guide/how_to_use_vgpu.md,
 * https://github.com/Project-HAMi/volcano-vgpu-device-plugin
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import { clean, has, hamiVirtual, noMig, onlyCards, wholeCards, wholeGuess } from './shared';

const NAMES = {
  gpu: 'nvidia.com/gpu',
  vgpu: 'volcano.sh/vgpu-number',
  memory: 'volcano.sh/vgpu-memory',
  memoryPercent: 'volcano.sh/vgpu-memory-percentage',
  cores: 'volcano.sh/vgpu-cores',
} as const;

export const VOLCANO: GpuStackDefinition = {
  id: GpuStackKind.VOLCANO,
  factory: 'volcano',
  displayName: 'Volcano vGPU',
  resourceNames: NAMES,
  schedulerName: 'volcano',
  map: {
    wholeCard: wholeCards,
    // HAMi's model without its priorities, policies and model filters.
    virtual: (r, out) => hamiVirtual(r, out, false),
    mig: noMig,
  },
  resourcePatterns: [/^volcano\.sh\/vgpu-(number|memory|memory-percentage|cores)$/],
  // Any volcano.sh/ resource; or a card count alone under the volcano scheduler.
  recognize: (found) => {
    const v = found.values;
    if (has(found, 'volcano.sh/')) {
      if (v[NAMES.vgpu] === undefined) return `${NAMES.vgpu} is missing`;
      return {
        mode: 'virtual',
        options: clean({
          cards: v[NAMES.vgpu],
          coresPercent: v[NAMES.cores],
          memoryMib: v[NAMES.memory],
          memoryPercent: v[NAMES.memoryPercent],
        }),
      };
    }
    if (onlyCards(found, NAMES.gpu) && found.schedulerName === 'volcano')
      return wholeGuess(v[NAMES.gpu], found);
    return undefined;
  },
  table: { label: '`volcano()`', column: 7 },
};
