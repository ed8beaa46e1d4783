/**
 * Alibaba Cloud ACK cGPU / GPU sharing: memory in GiB, compute % in steps of 5, one card.
 * https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/gpu-sharing-overview
 */
import { GpuStackDefinition, GpuStackKind } from './definition';
import { has, noMig, oneSharedCardGib, oneSharedGuess, wholeCards } from './shared';

export const ALIYUN_CGPU: GpuStackDefinition = {
  id: GpuStackKind.ALIYUN_CGPU,
  factory: 'aliyunCgpu',
  displayName: 'Alibaba Cloud cGPU',
  resourceNames: {
    gpu: 'nvidia.com/gpu',
    memory: 'aliyun.com/gpu-mem',
    cores: 'aliyun.com/gpu-core.percentage',
  },
  map: { wholeCard: wholeCards, virtual: oneSharedCardGib, mig: noMig },
  resourcePatterns: [/^aliyun\.com\/gpu-(mem|core\.percentage|count)$/],
  recognize: (found) => {
    if (!has(found, 'aliyun.com/')) return undefined;
    const v = found.values;
    return oneSharedGuess(v['aliyun.com/gpu-core.percentage'], v['aliyun.com/gpu-mem'], 1024);
  },
  table: { label: '`aliyunCgpu()`', column: 4 },
};
