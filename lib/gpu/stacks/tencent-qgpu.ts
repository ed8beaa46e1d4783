/**
 * Tencent Cloud TKE qGPU: compute in steps of 5 (% of a card, N×100 for whole cards), memory in GiB.
 * https://www.tencentcloud.com/document/product/457/42973 (qGPU overview),
 * https://cloud.tencent.com/document/product/457/65734 (using qGPU)
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import { has, noMig, oneSharedCardGib, oneSharedGuess, wholeCardsAsCores, wholeGuess } from './shared';

const CORE = 'tke.cloud.tencent.com/qgpu-core';
const MEMORY = 'tke.cloud.tencent.com/qgpu-memory';

export const TENCENT_QGPU: GpuStackDefinition = {
  id: GpuStackKind.TENCENT_QGPU,
  factory: 'tencentQgpu',
  displayName: 'Tencent qGPU',
  resourceNames: { cores: CORE, memory: MEMORY },
  map: { wholeCard: wholeCardsAsCores, virtual: oneSharedCardGib, mig: noMig },
  resourcePatterns: [/^tke\.cloud\.tencent\.com\/qgpu-(core|memory)$/],
  recognize: (found) => {
    if (!has(found, 'tke.cloud.tencent.com/qgpu-')) return undefined;
    const core = found.values[CORE];
    const memory = found.values[MEMORY];
    if (memory === undefined && core !== undefined && core % 100 === 0) return wholeGuess(core / 100, found);
    return oneSharedGuess(core, memory, 1024);
  },
  table: { label: '`tencentQgpu()`', column: 5 },
};
