import { SizeRoundingBehavior } from 'cdk8s';
import * as z from 'zod';
import { Gpu, GpuSchedulingPolicy, GpuTaskPriority, MigStrategy } from '../gpu/gpu';
import { GpuStack, MIG_PROFILE_SHAPE, MIG_PROFILES, migFamiliesOfChip, migFamilyOf } from '../gpu/stack';
import { labelValueProblem, qualifiedNameProblem } from '../rules/names';
import { isSize } from '../rules/plain-values';
import { sizeProblem } from '../rules/quantity-amounts';
import { asArray, asInt } from '../rules/utils';
import { CrossFieldRule, runRules } from './cross-field-rule';

type Issue = (path: PropertyKey[], message: string, got: unknown) => void;

const wholeNumber = (value: unknown, min: number, max: number) => {
  const n = asInt(value);
  return n !== undefined && n >= min && n <= max;
};

/** What a GPU request rule reads: the request's fields, and small checks of them that report. */
interface RequestView {
  readonly gpu: Gpu;
  readonly r: Record<string, unknown>;
  readonly issue: Issue;
  readonly count: (field: string, min?: number) => void;
  readonly percent: (field: string) => void;
  readonly oneOf: (field: string, values: readonly string[]) => void;
}

function requestView(gpu: Gpu, issue: Issue): RequestView {
  const r = gpu.request as unknown as Record<string, unknown>;
  const count = (field: string, min = 1) => {
    if (r[field] !== undefined && !wholeNumber(r[field], min, 1_000_000)) {
      issue([field], `must be a whole number from ${min} to 1000000`, r[field]);
    }
  };
  const percent = (field: string) => {
    if (r[field] !== undefined && !wholeNumber(r[field], 1, 100))
      issue([field], 'must be a whole percentage from 1 to 100', r[field]);
  };
  const oneOf = (field: string, values: readonly string[]) => {
    if (r[field] !== undefined && !values.includes(r[field] as string)) {
      issue([field], `must be one of ${values.join(', ')}`, r[field]);
    }
  };
  return { gpu, r, issue, count, percent, oneOf };
}

/** A rule of one request mode. */
function forMode(
  mode: Gpu['request']['mode'],
  name: string,
  check: (view: RequestView) => void
): CrossFieldRule<RequestView> {
  return { name, check: (view) => view.gpu.request.mode === mode && check(view) };
}

/** Stack-independent rules of a GPU request, in the order their problems are reported. */
const GPU_REQUEST_RULES: readonly CrossFieldRule<RequestView>[] = [
  forMode('wholeCard', 'whole-card-count-and-model', ({ gpu, r, issue, count }) => {
    if (gpu.request.mode !== 'wholeCard') return; // narrows the request's type
    if (r.count === undefined) issue(['count'], 'is required', undefined);
    count('count');
    count('maxPerNode');
    const { count: n, maxPerNode } = gpu.request;
    if (asInt(n) !== undefined && asInt(maxPerNode) !== undefined && n > maxPerNode!) {
      issue(['count'], `must not exceed maxPerNode (${maxPerNode}): no node has that many cards`, n);
    }
    if (typeof r.model === 'string') {
      const problem = labelValueProblem(r.model);
      if (problem) issue(['model'], `${problem} (it selects the nvidia.com/gpu.product node label)`, r.model);
      else if (Object.hasOwn(MIG_PROFILES, r.model)) {
        issue(
          ['model'],
          'is a MIG family, which no nvidia.com/gpu.product node label carries: give the product as GPU Feature ' +
            'Discovery writes it (e.g. A100-SXM4-80GB or NVIDIA-A100-80GB-PCIe; kubectl get nodes -L nvidia.com/gpu.product)',
          r.model
        );
      }
    } else if (r.model !== undefined) {
      issue(['model'], 'must be a string: the GPU model, e.g. A100-SXM4-80GB', r.model);
    }
  }),
  forMode('virtual', 'virtual-share-of-cards', ({ gpu, r, issue, count, percent, oneOf }) => {
    if (gpu.request.mode !== 'virtual') return; // narrows the request's type
    if (r.cards === undefined) issue(['cards'], 'is required', undefined);
    count('cards');
    count('maxPerNode');
    const { cards, maxPerNode } = gpu.request;
    if (asInt(cards) !== undefined && asInt(maxPerNode) !== undefined && cards > maxPerNode!) {
      issue(['cards'], `must not exceed maxPerNode (${maxPerNode}): no node has that many cards`, cards);
    }
    percent('coresPercent');
    percent('memoryPercent');
    if (r.memory !== undefined) {
      if (!isSize(r.memory)) issue(['memory'], 'must be a cdk8s Size (e.g. Size.gibibytes(8))', r.memory);
      else if (sizeProblem(r.memory)) issue(['memory'], sizeProblem(r.memory)!, r.memory);
      else if (r.memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) < 1) {
        issue(['memory'], 'must be at least 1 MiB', r.memory);
      }
    }
    if (r.memory !== undefined && r.memoryPercent !== undefined) {
      issue(['memoryPercent'], 'cannot be combined with memory: give one of them', r.memoryPercent);
    }
    oneOf('cardPolicy', Object.values(GpuSchedulingPolicy));
    oneOf('nodePolicy', Object.values(GpuSchedulingPolicy));
    oneOf('priority', Object.values(GpuTaskPriority));
    for (const field of ['models', 'excludeModels']) {
      if (r[field] === undefined) continue;
      const list = asArray<unknown>(r[field]);
      if (!Array.isArray(r[field]) || list.length === 0)
        issue([field], 'must be a non-empty list of model names', r[field]);
      list.forEach((m, i) => {
        if (typeof m !== 'string' || m.length === 0 || m.includes(',')) {
          issue([field, i], 'must be a model name without commas, e.g. A100', m);
        }
      });
    }
  }),
  forMode('mig', 'mig-profile-of-the-model', ({ r, issue, count, oneOf }) => {
    if (r.count === undefined) issue(['count'], 'is required', undefined);
    count('count');
    oneOf('strategy', Object.values(MigStrategy));
    const profile = r.profile;
    if (typeof profile !== 'string' || !MIG_PROFILE_SHAPE.test(profile)) {
      issue(['profile'], 'must be a MIG profile <G>g.<M>gb, optionally with +me (e.g. 1g.10gb)', profile);
    } else if (r.model !== undefined) {
      // One meaning of `model` across modes: the nvidia.com/gpu.product label, or (MIG only) its family.
      const family = typeof r.model === 'string' ? migFamilyOf(r.model) : undefined;
      if (!family) {
        const chips = typeof r.model === 'string' ? migFamiliesOfChip(r.model) : [];
        issue(
          ['model'],
          chips.length > 0
            ? `names no GPU memory size, so its MIG profiles are unknown: did you mean ${chips.join(' or ')} (or the card's nvidia.com/gpu.product label, e.g. A100-SXM4-80GB)?`
            : `must be a GPU with known MIG profiles: its nvidia.com/gpu.product label (e.g. A100-SXM4-80GB, NVIDIA-H100-80GB-HBM3) or a MIG family (${Object.keys(MIG_PROFILES).join(', ')})`,
          r.model
        );
      } else if (!MIG_PROFILES[family].includes(profile)) {
        const of = family === r.model ? family : `${r.model as string} (MIG family ${family})`;
        issue(['profile'], `is not a MIG profile of ${of} (${MIG_PROFILES[family].join(', ')})`, profile);
      }
    }
  }),
];

/** Stack-independent rules of a GPU request. Issue paths are relative to `gpu`. */
function refineRequest(gpu: Gpu, issue: Issue): void {
  runRules(GPU_REQUEST_RULES, requestView(gpu, issue), () => undefined);
}

/**
 * `gpu` and `gpuStack` together: the request's own rules, then what the stack can express. `at` is the
 * request's prop path (`gpu`, or `containerGpus.<container>`); `checkStack: false` leaves out the checks of
 * the stack's own names (done once per pod).
 */
export function refineGpu(
  gpu: unknown,
  stack: unknown,
  ctx: z.RefinementCtx,
  at: readonly PropertyKey[] = ['gpu'],
  checkStack = true
): void {
  const issue: Issue = (path, message, got) =>
    ctx.addIssue({ code: 'custom', path: [...at, ...path], message, params: { got } });
  if (!(gpu instanceof Gpu)) return;
  const problems: { path: PropertyKey[]; message: string; got: unknown }[] = [];
  refineRequest(gpu, (path, message, got) => problems.push({ path, message, got }));
  for (const p of problems) issue(p.path, p.message, p.got);
  if (problems.length > 0 || !(stack instanceof GpuStack || stack === undefined)) return;
  if (stack instanceof GpuStack && checkStack) {
    for (const [role, name] of Object.entries(stack.resourceNames)) {
      const problem = typeof name === 'string' ? qualifiedNameProblem(name) : 'must be a string';
      if (problem || !String(name).includes('/')) {
        ctx.addIssue({
          code: 'custom',
          path: ['gpuStack', 'resourceNames', role],
          message: `must be an extended resource name with a domain prefix, e.g. example.com/gpu${problem ? ` (${problem})` : ''}`,
          params: { got: name },
        });
        return;
      }
    }
  }
  const mapped = (stack ?? GpuStack.nvidia())._map(gpu.request);
  for (const p of mapped.problems) {
    issue([p.field], p.message, (gpu.request as unknown as Record<string, unknown>)[p.field]);
  }
}

/** Physical cards a request takes on its node: whole cards, or the cards a virtual GPU spans (MIG: none counted). */
function physicalCards(gpu: Gpu): number | undefined {
  const r = gpu.request;
  const n = r.mode === 'wholeCard' ? r.count : r.mode === 'virtual' ? r.cards : undefined;
  return asInt(n);
}

/**
 * The GPU requests of one pod's containers (`containerGpus`): each request's rules, then what holds for the
 * pod: it runs on one node with one GPU stack, so the physical cards of all its containers must fit the
 * smallest `maxPerNode` given (DCE's form: cards ≤ the cards of one node), and the pod-level renderings
 * (node selector, annotations) of the requests must agree.
 */
export function refineContainerGpus(
  requests: Record<string, unknown>,
  stack: unknown,
  ctx: z.RefinementCtx
): void {
  const entries = Object.entries(requests).filter((e): e is [string, Gpu] => e[1] instanceof Gpu);
  entries.forEach(([name, gpu], i) => refineGpu(gpu, stack, ctx, ['containerGpus', name], i === 0));
  const cards = entries
    .map(([name, gpu]) => ({
      name,
      n: physicalCards(gpu),
      max: asInt((gpu.request as { maxPerNode?: unknown }).maxPerNode),
    }))
    .filter((c): c is { name: string; n: number; max: number | undefined } => c.n !== undefined);
  const limits = cards.filter((c) => c.max !== undefined);
  const total = cards.reduce((sum, c) => sum + c.n, 0);
  if (limits.length > 0 && cards.length > 1) {
    const max = Math.min(...limits.map((c) => c.max!));
    if (total > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['containerGpus'],
        message:
          `the pod's containers take ${total} physical cards (${cards.map((c) => `${c.name} ${c.n}`).join(', ')}), ` +
          `more than maxPerNode (${max}): a pod runs on one node, so no node has that many cards`,
        params: { got: total },
      });
    }
  }
  if (!(stack instanceof GpuStack)) return;
  // Pod-level renderings: one node selector and one set of annotations for the pod.
  const seen = new Map<string, { value: string; container: string }>();
  for (const [name, gpu] of entries) {
    const { rendering, problems } = stack._map(gpu.request);
    if (problems.length > 0) continue;
    const pod = [
      ...Object.entries(rendering.nodeSelector).map(([k, v]) => ({ key: `node selector ${k}`, v })),
      ...Object.entries(rendering.annotations).map(([k, v]) => ({ key: `pod annotation ${k}`, v })),
    ];
    for (const { key, v } of pod) {
      const other = seen.get(key);
      if (other && other.value !== v) {
        ctx.addIssue({
          code: 'custom',
          path: ['containerGpus', name],
          message: `renders ${key} "${v}", but ${other.container}'s request renders "${other.value}": a pod has one; make the requests agree`,
        });
      } else if (!other) seen.set(key, { value: v, container: name });
    }
  }
}
