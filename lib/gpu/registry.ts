/**
 * The GPU stacks, in recognition order: `import` and `summary` ask each in turn whether a container's GPU
 * resources are its own (the first answer wins). `GpuStack`'s factories, cli/gpu-resources.ts and the
 * mode × stack table of docs/gpu.md (scripts/tables/gpu.ts) read this list.
 *
 * Adding a stack: one file in stacks/ exporting its definition, and its line here (and, for users, a
 * `GpuStack` factory and a `GpuStackKind` value in stack.ts).
 */
import { GpuStackDefinition } from './stacks/definition';
import { ALIYUN_CGPU } from './stacks/aliyun-cgpu';
import { DCE } from './stacks/dce';
import { HAMI } from './stacks/hami';
import { NVIDIA } from './stacks/nvidia';
import { TENCENT_QGPU } from './stacks/tencent-qgpu';
import { TKESTACK_GPU_MANAGER } from './stacks/tkestack-gpu-manager';
import { VOLCANO } from './stacks/volcano';

const STACKS: GpuStackDefinition[] = [
  VOLCANO, // any volcano.sh/ resource, or nvidia.com/gpu alone under the volcano scheduler
  TKESTACK_GPU_MANAGER,
  TENCENT_QGPU,
  ALIYUN_CGPU,
  NVIDIA, // MIG devices, or nvidia.com/gpu alone
  DCE, // nvidia.com/vgpu
  HAMI, // the other nvidia.com/ resources
];

/** The registered stacks, in recognition order. @internal */
export function gpuStacks(): readonly GpuStackDefinition[] {
  return STACKS;
}

/** The registered stacks in the order of the docs table's columns. @internal */
export function gpuStacksByColumn(): readonly GpuStackDefinition[] {
  return [...STACKS].sort((a, b) => a.table.column - b.table.column);
}

/**
 * Registers a stack, recognized after the others, and returns the function that removes it again. For
 * tests: the package's own stacks are listed above. @internal
 */
export function registerGpuStack(def: GpuStackDefinition): () => void {
  if (STACKS.some((s) => s.id === def.id || s.factory === def.factory)) {
    throw new Error(`a GPU stack ${def.id} (GpuStack.${def.factory}()) is registered already`);
  }
  STACKS.push(def);
  return () => {
    const i = STACKS.indexOf(def);
    if (i !== -1) STACKS.splice(i, 1);
  };
}
