/**
 * DaoCloud DCE 5.0: HAMi installed with `nvidia.com/vgpu` as the card count of virtual GPUs.
 * https://docs.daocloud.io/en/kpanda/user-guide/gpu/nvidia/vgpu/vgpu_user/, https://project-hami.io/docs/
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import { clean, HAMI_NAMES, hamiOptions, hamiVirtual, migDevices, wholeCards } from './shared';

const NAMES = { ...HAMI_NAMES, vgpu: 'nvidia.com/vgpu' };

export const DCE: GpuStackDefinition = {
  id: GpuStackKind.DCE,
  factory: 'dce',
  displayName: 'DaoCloud DCE (HAMi)',
  resourceNames: NAMES,
  map: {
    wholeCard: wholeCards,
    virtual: (r, out) => hamiVirtual(r, out, true),
    mig: migDevices,
  },
  resourcePatterns: [/^nvidia\.com\/vgpu$/],
  recognize: (found) => {
    const cards = found.values[NAMES.vgpu];
    if (cards === undefined) return undefined;
    return { mode: 'virtual', options: clean({ cards, ...hamiOptions(found, NAMES) }) };
  },
  table: { label: '`dce()`', column: 3 },
};
