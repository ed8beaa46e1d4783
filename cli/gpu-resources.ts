/**
 * Recognizing a GPU request in a container's extended resources, for `import` (to write `GpuJob` with `Gpu` and
 * `GpuStack`) and `summary` (to show mode, count and stack). The stack follows from the resource names; the
 * request is then rendered back with the stack's own mapping (`GpuStack._map`, the code `GpuJob` renders with)
 * and accepted only when that gives exactly the input's resources, annotations and node selector.
 */
import { Size } from 'cdk8s';
import * as z from 'zod';
import { refineGpu } from '../lib/props/gpu';
import { Gpu, GpuRequest } from '../lib/gpu/gpu';
import { gpuStacks } from '../lib/gpu/registry';
import { GpuStack, gpuStackOf } from '../lib/gpu/stack';
import { GpuFound, GpuGuess, GpuOptionsData, GpuStackDefinition } from '../lib/gpu/stacks/definition';
import { parseQuantity } from '../lib/rules/quantity';

export type { GpuOptionsData } from '../lib/gpu/stacks/definition';

/** A stack's factory name (`hami` for `GpuStack.hami()`), as the registry lists it. */
export type StackFactory = string;

/** The stack presets, by factory name: the registry's stacks when this module loaded. */
export const STACK_FACTORIES: Readonly<Record<StackFactory, () => GpuStack>> = Object.fromEntries(
  gpuStacks().map((def) => [def.factory, () => gpuStackOf(def)])
);

/** A GPU request recognized in a container's resources. */
export interface RecognizedGpu {
  readonly mode: GpuRequest['mode'];
  /** `Gpu.<mode>(options)`; `memoryMib` stands for `memory: Size.mebibytes(memoryMib)`. */
  readonly options: GpuOptionsData;
  readonly stackFactory: StackFactory;
  readonly stack: GpuStack;
  readonly gpu: Gpu;
  /** The resource names the request renders (limits, and requests if given). */
  readonly resourceNames: readonly string[];
  /** Pod annotations the request renders (a stack's scheduling policies, model filters). */
  readonly annotationKeys: readonly string[];
  /** Node selector keys the request renders (the model label of a whole-card model). */
  readonly nodeSelectorKeys: readonly string[];
  /** The scheduler the stack sets, if it needs its own. */
  readonly schedulerName?: string;
}

/** GPU resources that are there but do not form one request a stack renders. */
export interface UnrecognizedGpu {
  readonly unrecognized: string;
  readonly resourceNames: readonly string[];
}

/** Whether an extended resource name belongs to a GPU stack this package knows. */
export function isGpuResource(name: string): boolean {
  return gpuStacks().some((def) => def.resourcePatterns.some((p) => p.test(name)));
}

/** What {@link recognizeGpu} reads. */
export interface GpuInput {
  /** The container's limits (manifest form). */
  readonly limits: Readonly<Record<string, unknown>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly schedulerName?: string;
}

/**
 * The GPU request of one container, undefined when it has no GPU resources, or why its GPU resources are not
 * one request of a known stack. The registry's stacks are asked in turn (lib/gpu/registry.ts); the first that
 * claims the resources says which request they are, or why they are none.
 */
export function recognizeGpu(input: GpuInput): RecognizedGpu | UnrecognizedGpu | undefined {
  const names = Object.keys(input.limits).filter(isGpuResource).sort();
  if (names.length === 0) return undefined;
  const values: Record<string, number> = {};
  for (const name of names) {
    const q = parseQuantity(input.limits[name]);
    if (!q || q.den !== 1n || q.num < 0n) {
      return { unrecognized: `${name} is not a whole number`, resourceNames: names };
    }
    values[name] = Number(q.num);
  }
  const found: GpuFound = {
    names,
    values,
    podAnnotations: input.podAnnotations,
    nodeSelector: input.nodeSelector,
    schedulerName: input.schedulerName,
  };
  let claimed: { def: GpuStackDefinition; guess: GpuGuess } | undefined;
  for (const def of gpuStacks()) {
    const guess = def.recognize(found);
    if (typeof guess === 'string') return { unrecognized: guess, resourceNames: names };
    if (guess !== undefined) {
      claimed = { def, guess };
      break;
    }
  }
  if (claimed === undefined) {
    return { unrecognized: `no GPU stack renders ${names.join(', ')}`, resourceNames: names };
  }
  const { def, guess } = claimed;
  const { mode, options } = guess;
  const stack = gpuStackOf(def);
  const gpu = makeGpu(mode, options);
  const { rendering, problems } = stack._map(gpu.request);
  if (problems.length > 0) {
    return { unrecognized: `${problems[0].field}: ${problems[0].message}`, resourceNames: names };
  }
  // The rules GpuJob checks the request with (ranges, MIG profiles, ...).
  const checked = z
    .unknown()
    .superRefine((_v, ctx) => refineGpu(gpu, stack, ctx))
    .safeParse(undefined);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { unrecognized: `${issue.path.join('.')}: ${issue.message}`, resourceNames: names };
  }
  const rendered = Object.keys(rendering.limits).sort();
  const sameLimits =
    rendered.length === names.length &&
    rendered.every((n, i) => n === names[i] && rendering.limits[n] === values[n]);
  const sameAnnotations = Object.entries(rendering.annotations).every(
    ([k, v]) => input.podAnnotations?.[k] === v
  );
  const sameSelector = Object.entries(rendering.nodeSelector).every(
    ([k, v]) => input.nodeSelector?.[k] === v
  );
  if (!sameLimits || !sameAnnotations || !sameSelector) {
    return {
      unrecognized: `${names.map((n) => `${n}: ${values[n]}`).join(', ')} is not what ${stack.factoryName} renders for any request`,
      resourceNames: names,
    };
  }
  return {
    mode,
    options,
    stackFactory: def.factory,
    stack,
    gpu,
    resourceNames: names,
    annotationKeys: Object.keys(rendering.annotations),
    nodeSelectorKeys: Object.keys(rendering.nodeSelector),
    schedulerName: rendering.schedulerName,
  };
}

/** Builds the `Gpu` from options data (memoryMib → a Size). */
export function makeGpu(mode: GpuRequest['mode'], options: GpuOptionsData): Gpu {
  const { memoryMib, ...rest } = options as Record<string, unknown>;
  const withMemory =
    memoryMib === undefined ? rest : { ...rest, memory: Size.mebibytes(memoryMib as number) };
  switch (mode) {
    case 'wholeCard':
      return Gpu.wholeCard(withMemory as never);
    case 'virtual':
      return Gpu.virtual(withMemory as never);
    case 'mig':
      return Gpu.mig(withMemory as never);
  }
}

/** The request in words for a table: `2 cards`, `1 card, 30% cores, 8 GiB`, `2 × 1g.10gb`. */
export function describeGpu(g: RecognizedGpu): string {
  const o = g.options;
  switch (g.mode) {
    case 'wholeCard':
      return `${o.count} card${o.count === 1 ? '' : 's'}${o.model ? ` ${o.model}` : ''}`;
    case 'mig':
      return `${o.count} × ${o.profile}`;
    case 'virtual': {
      const parts = [`${o.cards} card${o.cards === 1 ? '' : 's'}`];
      if (o.coresPercent !== undefined) parts.push(`${o.coresPercent}% cores`);
      if (o.memoryMib !== undefined) {
        const mib = o.memoryMib as number;
        parts.push(mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);
      }
      if (o.memoryPercent !== undefined) parts.push(`${o.memoryPercent}% memory`);
      return parts.join(', ');
    }
  }
}
