/**
 * TKEStack gpu-manager: `vcuda-core` in hundredths of a card, `vcuda-memory` in 256 MiB units, one card.
 * https://github.com/tkestack/gpu-manager, https://github.com/tkestack/docs (GPU sharing)
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import {
  has,
  memoryMib,
  noMig,
  oneSharedCard,
  oneSharedGuess,
  wholeCardsAsCores,
  wholeGuess,
} from './shared';

const CORE = 'tencent.com/vcuda-core';
const MEMORY = 'tencent.com/vcuda-memory';

export const TKESTACK_GPU_MANAGER: GpuStackDefinition = {
  id: GpuStackKind.TKESTACK_GPU_MANAGER,
  factory: 'tkestackGpuManager',
  displayName: 'TKEStack gpu-manager',
  resourceNames: { cores: CORE, memory: MEMORY },
  map: {
    wholeCard: wholeCardsAsCores,
    virtual: (r, out) => {
      oneSharedCard(r, out);
      out.limits[out.names.cores!] = r.coresPercent ?? 100;
      const mib = memoryMib(r);
      if (mib !== undefined) {
        if (mib % 256 !== 0)
          out.rule('memory', 'must be a multiple of 256 MiB (vcuda-memory counts 256 MiB units)');
        out.limits[out.names.memory!] = Math.ceil(mib / 256);
      }
    },
    mig: noMig,
  },
  resourcePatterns: [/^tencent\.com\/vcuda-(core|memory)$/],
  recognize: (found) => {
    if (!has(found, 'tencent.com/vcuda-')) return undefined;
    const core = found.values[CORE];
    const memory = found.values[MEMORY];
    if (core === undefined) return `${CORE} is missing`;
    if (memory === undefined && core % 100 === 0) return wholeGuess(core / 100, found);
    return oneSharedGuess(core, memory, 256);
  },
  table: { label: '`tkestackGpuManager()`', column: 6 },
};
