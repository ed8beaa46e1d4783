/**
 * The NVIDIA device plugin / GPU Operator: whole cards (`nvidia.com/gpu`) and MIG devices; no virtual GPUs.
 * https://github.com/NVIDIA/k8s-device-plugin,
 * https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/gpu-operator-mig.html
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import { MIG_RESOURCE, migDevices, migGuess, onlyCards, wholeCards, wholeGuess } from './shared';

export const NVIDIA: GpuStackDefinition = {
  id: GpuStackKind.NVIDIA,
  factory: 'nvidia',
  displayName: 'NVIDIA device plugin',
  resourceNames: { gpu: 'nvidia.com/gpu' },
  map: {
    wholeCard: wholeCards,
    virtual: (_r, out) =>
      out.cannot('cards', 'virtual GPUs (use GpuStack.hami() or another sharing stack, or Gpu.mig)'),
    mig: migDevices,
  },
  resourcePatterns: [/^nvidia\.com\/gpu$/, MIG_RESOURCE],
  // MIG devices, alone; or a card count alone, outside the Volcano scheduler (see volcano.ts).
  recognize: (found) => {
    const mig = migGuess(found);
    if (mig !== undefined) return mig;
    if (onlyCards(found, 'nvidia.com/gpu') && found.schedulerName !== 'volcano')
      return wholeGuess(found.values['nvidia.com/gpu'], found);
    return undefined;
  },
  table: { label: '`nvidia()`', column: 1 },
};
