/**
 * What a GPU stack is, as data and small functions: one file per stack in this folder exports a
 * {@link GpuStackDefinition}, and lib/gpu/registry.ts lists them. `GpuStack` (the public class), `import` and
 * `summary` (cli/gpu-resources.ts) and the mode × stack table of docs/gpu.md (scripts/tables/gpu.ts) all read
 * the definitions; none of them names a stack.
 */
import type { GpuRequest } from '../gpu';
import type { GpuResourceNames } from '../stack';

export type { GpuResourceNames, GpuRendering, GpuProblem } from '../stack';

/** The GPU stacks a cluster may run. */
export enum GpuStackKind {
  NVIDIA = 'nvidia',
  HAMI = 'hami',
  DCE = 'dce',
  ALIYUN_CGPU = 'aliyun-cgpu',
  TENCENT_QGPU = 'tencent-qgpu',
  TKESTACK_GPU_MANAGER = 'tkestack-gpu-manager',
  VOLCANO = 'volcano',
}

/** @internal */
export type WholeCardRequest = Extract<GpuRequest, { mode: 'wholeCard' }>;
/** @internal */
export type VirtualRequest = Extract<GpuRequest, { mode: 'virtual' }>;
/** @internal */
export type MigRequest = Extract<GpuRequest, { mode: 'mig' }>;

/** What a stack's mapping writes to, and how it reports what it cannot do. @internal */
export interface GpuMapping {
  /** The resource names in use (the preset's, overridden by the user's). */
  readonly names: GpuResourceNames;
  readonly limits: Record<string, number>;
  readonly annotations: Record<string, string>;
  readonly nodeSelector: Record<string, string>;
  /** `<stack> (GpuStack.<factory>()) cannot express <what>`. */
  cannot(field: string, what: string): void;
  /** `<message> on <stack> (GpuStack.<factory>())`: a value outside the stack's rules. */
  rule(field: string, message: string): void;
  /** The name of a role, or a `cannot` problem when the stack has none. */
  need(role: keyof GpuResourceNames, field: string, what: string): string | undefined;
}

/** The options of a `Gpu` factory, with memory in MiB (`memoryMib`; the importer writes it as a `Size`). @internal */
export interface GpuOptionsData {
  readonly [option: string]: number | string | string[] | undefined;
}

/** A container's GPU resources as `import` and `summary` find them. @internal */
export interface GpuFound {
  /** The GPU resource names of the limits (those a registered stack's patterns match), sorted. */
  readonly names: readonly string[];
  /** Their values, whole numbers. */
  readonly values: Readonly<Record<string, number>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly schedulerName?: string;
}

/** The request a stack reads in found resources: the `Gpu` factory and its options. @internal */
export interface GpuGuess {
  readonly mode: GpuRequest['mode'];
  readonly options: GpuOptionsData;
}

/** One GPU stack, all it knows. @internal */
export interface GpuStackDefinition {
  /** Which stack (`GpuStack.kind`). */
  readonly id: GpuStackKind;
  /** The factory's name: `hami` for `GpuStack.hami()`. */
  readonly factory: string;
  /** The stack's name in messages. */
  readonly displayName: string;
  /** The preset's resource names. */
  readonly resourceNames: GpuResourceNames;
  /** The scheduler the stack's pods need, if not the default one. */
  readonly schedulerName?: string;
  /** How each request mode maps to the stack (the mode-independent node selector of a model is set before). */
  readonly map: {
    readonly wholeCard: (request: WholeCardRequest, out: GpuMapping) => void;
    readonly virtual: (request: VirtualRequest, out: GpuMapping) => void;
    readonly mig: (request: MigRequest, out: GpuMapping) => void;
  };
  /** The extended resources that belong to the stack (`isGpuResource`). */
  readonly resourcePatterns: readonly RegExp[];
  /**
   * The request found resources are, if they are this stack's: undefined when they are not (the next stack in
   * the registry's recognition order is asked), a reason when they are but form no request. The request is
   * then rendered back with the stack's own mapping and accepted only when that gives the same resources.
   */
  readonly recognize: (found: GpuFound) => GpuGuess | string | undefined;
  /** The stack's column in the mode × stack table of docs/gpu.md: its heading and its place (ascending). */
  readonly table: { readonly label: string; readonly column: number };
}
