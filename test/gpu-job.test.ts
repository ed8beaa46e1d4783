import { readFileSync } from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BatchJob,
  BatchJobProps,
  Gpu,
  GPU_TOLERATION,
  GpuJob,
  GpuJobProps,
  GpuSchedulingPolicy,
  GpuStack,
  GpuTaskPriority,
  MIG_PROFILES,
  MigStrategy,
  PodSecurityLevel,
  TaintEffect,
  TolerationOperator,
  ValidationError,
  Volume,
} from '../lib';
import { STACK_FACTORIES } from '../cli/gpu-resources';
import { gpuSupportTable, withGpuTable } from '../scripts/tables/gpu';

const IMAGE = 'nvcr.io/nvidia/pytorch:24.05-py3';
const TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const SHM_VOLUME = { name: 'dshm', emptyDir: { medium: 'Memory' } };
const SHM_MOUNT = { name: 'dshm', mountPath: '/dev/shm' };
const PERCENT_RULE = 'must be a whole percentage from 1 to 100';
const COUNT_RULE = 'must be a whole number from 1 to 1000000';
const MIG_SHAPE_RULE = 'must be a MIG profile <G>g.<M>gb, optionally with +me (e.g. 1g.10gb)';

/** Casts JS-level input that TypeScript would refuse, as a plain-JavaScript caller could pass it. */
function invalid<T>(value: unknown): T {
  return value as T;
}

/** A GpuJob `job` in `chart`, with one work container unless `props` gives containers. */
function gpuJob(props: GpuJobProps, chart: Chart = Testing.chart()): GpuJob {
  return new GpuJob(chart, 'job', { containers: [{ image: IMAGE }], ...props });
}

/** The Job object a chart renders (the single `batch/v1` Job). */
function jobOf(chart: Chart) {
  const job = Testing.synth(chart).find((o) => o.kind === 'Job');
  if (!job) throw new Error('no Job rendered');
  return job;
}

/** The rendered pod template (`spec.template`) of a GpuJob built from `props`. */
function podOf(props: GpuJobProps) {
  const chart = Testing.chart();
  gpuJob(props, chart);
  return jobOf(chart).spec.template;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches exactly one problem line `  - <line>` of a ValidationError message. */
function problemLine(line: string): RegExp {
  return new RegExp(`^  - ${escape(line)}$`, 'm');
}

/** Matches a problem line of `field`, whatever the rule. */
function problemField(field: string): RegExp {
  return new RegExp(`^  - ${escape(field)}: .+$`, 'm');
}

function expectProblem(create: () => unknown, line: string | RegExp): void {
  expect(create).toThrow(ValidationError);
  expect(create).toThrow(typeof line === 'string' ? problemLine(line) : line);
}

/** The ValidationError `create` throws (fails the test when it throws nothing or something else). */
function errorOf(create: () => unknown): ValidationError {
  try {
    create();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

/** The whole message of a GpuJob `test/job` with these problem lines. */
function message(lines: string[]): string {
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  return [`invalid GpuJob at 'test/job' (${count}):`, ...lines.map((l) => `  - ${l}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Mode × stack: every pair, rendered or rejected.
// ---------------------------------------------------------------------------------------------

const MODES = {
  wholeCard: () => Gpu.wholeCard({ count: 2, model: 'A100-SXM4-80GB' }),
  virtualMemory: () => Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) }),
  virtualMemoryPercent: () => Gpu.virtual({ cards: 1, memoryPercent: 50 }),
  virtualPolicies: () =>
    Gpu.virtual({
      cards: 2,
      memory: Size.gibibytes(4),
      priority: GpuTaskPriority.HIGH,
      cardPolicy: GpuSchedulingPolicy.BINPACK,
      nodePolicy: GpuSchedulingPolicy.SPREAD,
      models: ['A100', 'H800'],
      excludeModels: ['T4'],
    }),
  migMixed: () => Gpu.mig({ profile: '1g.10gb', count: 2 }),
  migSingle: () => Gpu.mig({ profile: '1g.10gb', count: 2, strategy: MigStrategy.SINGLE }),
};
type Mode = keyof typeof MODES;

const STACKS = STACK_FACTORIES;
type Stack = keyof typeof STACKS;

/** How each stack names itself in problem lines. */
const S: Record<Stack, string> = {
  nvidia: 'NVIDIA device plugin (GpuStack.nvidia())',
  hami: 'HAMi (GpuStack.hami())',
  dce: 'DaoCloud DCE (HAMi) (GpuStack.dce())',
  aliyunCgpu: 'Alibaba Cloud cGPU (GpuStack.aliyunCgpu())',
  tencentQgpu: 'Tencent qGPU (GpuStack.tencentQgpu())',
  tkestackGpuManager: 'TKEStack gpu-manager (GpuStack.tkestackGpuManager())',
  volcano: 'Volcano vGPU (GpuStack.volcano())',
};

interface Rendered {
  readonly limits: Record<string, number>;
  readonly annotations?: Record<string, string>;
  readonly nodeSelector?: Record<string, string>;
  readonly schedulerName?: string;
}

const A100_SELECTOR = { 'nvidia.com/gpu.product': 'A100-SXM4-80GB' };
const HAMI_POLICY_ANNOTATIONS = {
  'hami.io/gpu-scheduler-policy': 'binpack',
  'hami.io/node-scheduler-policy': 'spread',
  'nvidia.com/use-gputype': 'A100,H800',
  'nvidia.com/nouse-gputype': 'T4',
};

const RENDERED: [Mode, Stack, Rendered][] = [
  ['wholeCard', 'nvidia', { limits: { 'nvidia.com/gpu': 2 }, nodeSelector: A100_SELECTOR }],
  [
    'wholeCard',
    'hami',
    {
      limits: { 'nvidia.com/gpu': 2, 'nvidia.com/gpumem-percentage': 100, 'nvidia.com/gpucores': 100 },
      nodeSelector: A100_SELECTOR,
    },
  ],
  ['wholeCard', 'dce', { limits: { 'nvidia.com/gpu': 2 }, nodeSelector: A100_SELECTOR }],
  ['wholeCard', 'aliyunCgpu', { limits: { 'nvidia.com/gpu': 2 }, nodeSelector: A100_SELECTOR }],
  [
    'wholeCard',
    'tencentQgpu',
    { limits: { 'tke.cloud.tencent.com/qgpu-core': 200 }, nodeSelector: A100_SELECTOR },
  ],
  [
    'wholeCard',
    'tkestackGpuManager',
    { limits: { 'tencent.com/vcuda-core': 200 }, nodeSelector: A100_SELECTOR },
  ],
  [
    'wholeCard',
    'volcano',
    { limits: { 'nvidia.com/gpu': 2 }, nodeSelector: A100_SELECTOR, schedulerName: 'volcano' },
  ],

  [
    'virtualMemory',
    'hami',
    { limits: { 'nvidia.com/gpu': 1, 'nvidia.com/gpucores': 30, 'nvidia.com/gpumem': 8192 } },
  ],
  [
    'virtualMemory',
    'dce',
    { limits: { 'nvidia.com/vgpu': 1, 'nvidia.com/gpucores': 30, 'nvidia.com/gpumem': 8192 } },
  ],
  [
    'virtualMemory',
    'aliyunCgpu',
    { limits: { 'aliyun.com/gpu-mem': 8, 'aliyun.com/gpu-core.percentage': 30 } },
  ],
  [
    'virtualMemory',
    'tencentQgpu',
    { limits: { 'tke.cloud.tencent.com/qgpu-memory': 8, 'tke.cloud.tencent.com/qgpu-core': 30 } },
  ],
  [
    'virtualMemory',
    'tkestackGpuManager',
    // vcuda-memory counts 256 MiB units: 8 GiB = 32.
    { limits: { 'tencent.com/vcuda-core': 30, 'tencent.com/vcuda-memory': 32 } },
  ],
  [
    'virtualMemory',
    'volcano',
    {
      limits: { 'volcano.sh/vgpu-number': 1, 'volcano.sh/vgpu-cores': 30, 'volcano.sh/vgpu-memory': 8192 },
      schedulerName: 'volcano',
    },
  ],

  ['virtualMemoryPercent', 'hami', { limits: { 'nvidia.com/gpu': 1, 'nvidia.com/gpumem-percentage': 50 } }],
  ['virtualMemoryPercent', 'dce', { limits: { 'nvidia.com/vgpu': 1, 'nvidia.com/gpumem-percentage': 50 } }],
  [
    'virtualMemoryPercent',
    'volcano',
    {
      limits: { 'volcano.sh/vgpu-number': 1, 'volcano.sh/vgpu-memory-percentage': 50 },
      schedulerName: 'volcano',
    },
  ],

  [
    'virtualPolicies',
    'hami',
    {
      limits: { 'nvidia.com/gpu': 2, 'nvidia.com/gpumem': 4096, 'nvidia.com/priority': 0 },
      annotations: HAMI_POLICY_ANNOTATIONS,
    },
  ],
  [
    'virtualPolicies',
    'dce',
    {
      limits: { 'nvidia.com/vgpu': 2, 'nvidia.com/gpumem': 4096, 'nvidia.com/priority': 0 },
      annotations: HAMI_POLICY_ANNOTATIONS,
    },
  ],

  ['migMixed', 'nvidia', { limits: { 'nvidia.com/mig-1g.10gb': 2 } }],
  ['migMixed', 'hami', { limits: { 'nvidia.com/mig-1g.10gb': 2 } }],
  ['migMixed', 'dce', { limits: { 'nvidia.com/mig-1g.10gb': 2 } }],

  ['migSingle', 'nvidia', { limits: { 'nvidia.com/gpu': 2 } }],
  ['migSingle', 'hami', { limits: { 'nvidia.com/gpu': 2 } }],
  ['migSingle', 'dce', { limits: { 'nvidia.com/gpu': 2 } }],
];

const NO_VIRTUAL = (stack: Stack, got: number) =>
  `gpu.cards: ${S[stack]} cannot express virtual GPUs (use GpuStack.hami() or another sharing stack, or Gpu.mig) (got ${got})`;
const NO_MIG = (stack: Stack) =>
  `gpu.profile: ${S[stack]} cannot express MIG devices (use GpuStack.nvidia(), .hami() or .dce()) (got "1g.10gb")`;
const NO_MEMORY_PERCENT = (stack: Stack) =>
  `gpu.memoryPercent: ${S[stack]} cannot express memory as a percentage (give memory) (got 50)`;
const MEMORY_REQUIRED = (stack: Stack) =>
  `gpu.memory: is required (GPU memory in GiB) on ${S[stack]} (got nothing)`;
/** A cloud sharing stack (cGPU, qGPU, gpu-manager) given the `virtualPolicies` request. */
const CLOUD_POLICIES = (stack: Stack) => [
  `gpu.cardPolicy: ${S[stack]} cannot express cardPolicy (got "binpack")`,
  `gpu.nodePolicy: ${S[stack]} cannot express nodePolicy (got "spread")`,
  `gpu.priority: ${S[stack]} cannot express a task priority (got "high")`,
  `gpu.models: ${S[stack]} cannot express models (got ["A100","H800"])`,
  `gpu.excludeModels: ${S[stack]} cannot express excludeModels (got ["T4"])`,
  `gpu.cards: ${S[stack]} cannot express a virtual GPU spanning several cards (use Gpu.wholeCard for whole cards) (got 2)`,
];

const REJECTED: [Mode, Stack, string[]][] = [
  ['virtualMemory', 'nvidia', [NO_VIRTUAL('nvidia', 1)]],
  ['virtualMemoryPercent', 'nvidia', [NO_VIRTUAL('nvidia', 1)]],
  ['virtualMemoryPercent', 'aliyunCgpu', [NO_MEMORY_PERCENT('aliyunCgpu'), MEMORY_REQUIRED('aliyunCgpu')]],
  ['virtualMemoryPercent', 'tencentQgpu', [NO_MEMORY_PERCENT('tencentQgpu'), MEMORY_REQUIRED('tencentQgpu')]],
  ['virtualMemoryPercent', 'tkestackGpuManager', [NO_MEMORY_PERCENT('tkestackGpuManager')]],
  ['virtualPolicies', 'nvidia', [NO_VIRTUAL('nvidia', 2)]],
  ['virtualPolicies', 'aliyunCgpu', CLOUD_POLICIES('aliyunCgpu')],
  ['virtualPolicies', 'tencentQgpu', CLOUD_POLICIES('tencentQgpu')],
  ['virtualPolicies', 'tkestackGpuManager', CLOUD_POLICIES('tkestackGpuManager')],
  [
    'virtualPolicies',
    'volcano',
    [
      `gpu.priority: ${S.volcano} cannot express a task priority (got "high")`,
      `gpu.cardPolicy: ${S.volcano} cannot express a card-level scheduling policy (got "binpack")`,
      `gpu.nodePolicy: ${S.volcano} cannot express a node-level scheduling policy (got "spread")`,
      `gpu.models: ${S.volcano} cannot express GPU model filters (got ["A100","H800"])`,
      `gpu.excludeModels: ${S.volcano} cannot express GPU model filters (got ["T4"])`,
    ],
  ],
  ['migMixed', 'aliyunCgpu', [NO_MIG('aliyunCgpu')]],
  ['migMixed', 'tencentQgpu', [NO_MIG('tencentQgpu')]],
  ['migMixed', 'tkestackGpuManager', [NO_MIG('tkestackGpuManager')]],
  ['migMixed', 'volcano', [NO_MIG('volcano')]],
  ['migSingle', 'aliyunCgpu', [NO_MIG('aliyunCgpu')]],
  ['migSingle', 'tencentQgpu', [NO_MIG('tencentQgpu')]],
  ['migSingle', 'tkestackGpuManager', [NO_MIG('tkestackGpuManager')]],
  ['migSingle', 'volcano', [NO_MIG('volcano')]],
];

describe('mode × stack', () => {
  test('the tables below cover every mode × stack pair exactly once', () => {
    const covered = [...RENDERED, ...REJECTED].map(([mode, stack]) => `${mode} × ${stack}`);
    const all = Object.keys(MODES).flatMap((mode) =>
      Object.keys(STACKS).map((stack) => `${mode} × ${stack}`)
    );
    expect([...covered].sort()).toEqual([...all].sort());
    expect(new Set(covered).size).toBe(covered.length);
  });

  test.each(RENDERED)(
    '%s on %s renders the exact limits, annotations, selector and scheduler',
    (mode, stack, want) => {
      // GIVEN / WHEN
      const chart = Testing.chart();
      const job = gpuJob({ gpu: MODES[mode](), gpuStack: STACKS[stack]() }, chart);
      const template = jobOf(chart).spec.template;
      const pod = template.spec;
      // THEN: extended resources are whole numbers, in limits only
      expect(pod.containers[0].resources).toEqual({ limits: want.limits });
      for (const n of Object.values(pod.containers[0].resources.limits))
        expect(Number.isInteger(n)).toBe(true);
      expect(template.metadata?.annotations).toEqual(want.annotations);
      expect(pod.nodeSelector).toEqual(want.nodeSelector);
      expect(pod.schedulerName).toEqual(want.schedulerName);
      expect(pod.tolerations).toEqual([TOLERATION]);
      expect(job.gpuResources).toEqual(want.limits);
    }
  );

  test.each(REJECTED)('%s on %s is rejected, naming the stack', (mode, stack, lines) => {
    const create = () => gpuJob({ gpu: MODES[mode](), gpuStack: STACKS[stack]() });
    expect(errorOf(create).message).toBe(message(lines));
  });

  test('the default stack is nvidia()', () => {
    const chart = Testing.chart();
    const job = gpuJob({ gpu: Gpu.wholeCard({ count: 1 }) }, chart);
    expect(job.gpuStack.kind).toBe(GpuStack.nvidia().kind);
    expect(jobOf(chart).spec.template.spec.containers[0].resources).toEqual({
      limits: { 'nvidia.com/gpu': 1 },
    });
    expectProblem(() => gpuJob({ gpu: Gpu.virtual({ cards: 1 }) }), NO_VIRTUAL('nvidia', 1));
  });

  test('normal priority is rendered as nvidia.com/priority 1 (0 is high)', () => {
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 1, priority: GpuTaskPriority.NORMAL }),
      gpuStack: GpuStack.hami(),
    });
    expect(pod.spec.containers[0].resources.limits).toEqual({
      'nvidia.com/gpu': 1,
      'nvidia.com/priority': 1,
    });
  });

  test('gpu-manager without coresPercent renders vcuda-core 100 next to vcuda-memory', () => {
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 1, memory: Size.gibibytes(8) }),
      gpuStack: GpuStack.tkestackGpuManager(),
    });
    expect(pod.spec.containers[0].resources.limits).toEqual({
      'tencent.com/vcuda-core': 100,
      'tencent.com/vcuda-memory': 32,
    });
  });

  test('custom resource names are rendered', () => {
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 2, coresPercent: 40, memory: Size.mebibytes(3000) }),
      gpuStack: GpuStack.hami({ resourceNames: { vgpu: 'example.com/vgpu' } }),
    });
    expect(pod.spec.containers[0].resources).toEqual({
      limits: { 'example.com/vgpu': 2, 'nvidia.com/gpucores': 40, 'nvidia.com/gpumem': 3000 },
    });
  });

  test('a whole card on a renamed stack keeps the whole-card resource', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      gpuStack: GpuStack.nvidia({ resourceNames: { gpu: 'example.com/gpu' } }),
    });
    expect(pod.spec.containers[0].resources).toEqual({ limits: { 'example.com/gpu': 1 } });
  });
});

// ---------------------------------------------------------------------------------------------
// Bad input: one problem line per rule, with the field path.
// ---------------------------------------------------------------------------------------------

describe('fails when', () => {
  const hami = GpuStack.hami();

  test.each([0, 1.5, -1])('the whole-card count is %p', (count) => {
    expectProblem(() => gpuJob({ gpu: Gpu.wholeCard({ count }) }), `gpu.count: ${COUNT_RULE} (got ${count})`);
  });

  test.each([0, 1.5, -1])('the virtual card count is %p', (cards) => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards }), gpuStack: hami }),
      `gpu.cards: ${COUNT_RULE} (got ${cards})`
    );
  });

  test.each([0, 1.5, -1])('the MIG count is %p', (count) => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.mig({ profile: '1g.10gb', count }) }),
      `gpu.count: ${COUNT_RULE} (got ${count})`
    );
  });

  test.each([0, 2.5])('maxPerNode is %p', (maxPerNode) => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 1, maxPerNode }) }),
      `gpu.maxPerNode: ${COUNT_RULE} (got ${maxPerNode})`
    );
  });

  test('the count is a string (a ValidationError from Gpu.wholeCard, not a TypeError)', () => {
    expectProblem(() => Gpu.wholeCard({ count: invalid('2') }), 'options.count: must be a number (got "2")');
  });

  test('the whole-card count is missing', () => {
    expectProblem(() => Gpu.wholeCard(invalid({})), 'options.count: must be a number (got nothing)');
  });

  test('the virtual card count is missing', () => {
    expectProblem(() => Gpu.virtual(invalid({})), 'options.cards: must be a number (got nothing)');
  });

  test('count exceeds maxPerNode, and count = maxPerNode is accepted', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 9, maxPerNode: 8 }) }),
      'gpu.count: must not exceed maxPerNode (8): no node has that many cards (got 9)'
    );
    expect(podOf({ gpu: Gpu.wholeCard({ count: 8, maxPerNode: 8 }) }).spec.containers[0].resources).toEqual({
      limits: { 'nvidia.com/gpu': 8 },
    });
  });

  test.each([0, 2.5])('the virtual maxPerNode is %p', (maxPerNode) => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, maxPerNode }), gpuStack: hami }),
      `gpu.maxPerNode: ${COUNT_RULE} (got ${maxPerNode})`
    );
  });

  test('the virtual maxPerNode is a string (a ValidationError from Gpu.virtual)', () => {
    expectProblem(
      () => Gpu.virtual({ cards: 1, maxPerNode: invalid('8') }),
      'options.maxPerNode: must be a number (got "8")'
    );
  });

  test('virtual cards exceed maxPerNode (DCE vGPU, HAMi), and cards = maxPerNode is accepted', () => {
    for (const gpuStack of [hami, GpuStack.dce()]) {
      expectProblem(
        () => gpuJob({ gpu: Gpu.virtual({ cards: 9, maxPerNode: 8, coresPercent: 50 }), gpuStack }),
        'gpu.cards: must not exceed maxPerNode (8): no node has that many cards (got 9)'
      );
    }
    expect(
      podOf({ gpu: Gpu.virtual({ cards: 8, maxPerNode: 8, coresPercent: 50 }), gpuStack: hami }).spec
        .containers[0].resources
    ).toEqual({ limits: { 'nvidia.com/gpu': 8, 'nvidia.com/gpucores': 50 } });
  });

  test.each([0, 101, 2.5, -5])('coresPercent is %p', (coresPercent) => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, coresPercent }), gpuStack: hami }),
      `gpu.coresPercent: ${PERCENT_RULE} (got ${coresPercent})`
    );
  });

  test.each([0, 101, 2.5, -5])('memoryPercent is %p', (memoryPercent) => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, memoryPercent }), gpuStack: hami }),
      `gpu.memoryPercent: ${PERCENT_RULE} (got ${memoryPercent})`
    );
  });

  test.each([1, 100])('percentages of %p are accepted', (pct) => {
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 1, coresPercent: pct, memoryPercent: pct }),
      gpuStack: hami,
    });
    expect(pod.spec.containers[0].resources.limits).toEqual({
      'nvidia.com/gpu': 1,
      'nvidia.com/gpucores': pct,
      'nvidia.com/gpumem-percentage': pct,
    });
  });

  test('memory is below 1 MiB', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, memory: Size.kibibytes(512) }), gpuStack: hami }),
      'gpu.memory: must be at least 1 MiB (got 512 kibibytes)'
    );
  });

  test('memory is not a Size', () => {
    expectProblem(
      () => Gpu.virtual({ cards: 1, memory: invalid(1024) }),
      'options.memory: must be a cdk8s Size (e.g. Size.gibibytes(1)) (got 1024)'
    );
  });

  test('memory is not a whole number of MiB on HAMi', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, memory: Size.kibibytes(1536) }), gpuStack: hami }),
      `gpu.memory: must be a whole number of MiB on ${S.hami} (got 1536 kibibytes)`
    );
  });

  test('both memory and memoryPercent are given', () => {
    expectProblem(
      () =>
        gpuJob({
          gpu: Gpu.virtual({ cards: 1, memory: Size.gibibytes(1), memoryPercent: 50 }),
          gpuStack: hami,
        }),
      'gpu.memoryPercent: cannot be combined with memory: give one of them (got 50)'
    );
  });

  test('the MIG profile is not one of the given model', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.mig({ profile: '1g.5gb', count: 1, model: 'A100-80GB' }) }),
      'gpu.profile: is not a MIG profile of A100-80GB ' +
        '(1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb) (got "1g.5gb")'
    );
  });

  test('the MIG model is unknown', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.mig({ profile: '1g.10gb', count: 1, model: 'T4' }) }),
      `gpu.model: must be a GPU with known MIG profiles: its nvidia.com/gpu.product label (e.g. A100-SXM4-80GB, NVIDIA-H100-80GB-HBM3) or a MIG family (${Object.keys(MIG_PROFILES).join(', ')}) (got "T4")`
    );
  });

  test('the MIG profile is not one of the GPU given by its product label', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.mig({ profile: '1g.5gb', count: 1, model: 'A100-SXM4-80GB' }) }),
      'gpu.profile: is not a MIG profile of A100-SXM4-80GB (MIG family A100-80GB) ' +
        '(1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb) (got "1g.5gb")'
    );
  });

  test('the MIG model names a chip without its memory: did you mean its families', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.mig({ profile: '1g.10gb', count: 1, model: 'A100' }) }),
      'gpu.model: names no GPU memory size, so its MIG profiles are unknown: did you mean A100-40GB or ' +
        'A100-80GB (or the card\'s nvidia.com/gpu.product label, e.g. A100-SXM4-80GB)? (got "A100")'
    );
  });

  test('a whole-card model is a MIG family, which no node label carries', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 1, model: 'A100-80GB' }) }),
      'gpu.model: is a MIG family, which no nvidia.com/gpu.product node label carries: give the product as ' +
        'GPU Feature Discovery writes it (e.g. A100-SXM4-80GB or NVIDIA-A100-80GB-PCIe; kubectl get nodes -L ' +
        'nvidia.com/gpu.product) (got "A100-80GB")'
    );
  });

  test.each([
    ['A100-SXM4-80GB', '3g.40gb'],
    ['A100-PCIE-40GB', '3g.20gb'],
    ['NVIDIA-A100-80GB-PCIe', '1g.10gb+me'],
    ['NVIDIA-A100-SXM4-40GB-MIG-1g.5gb', '1g.5gb'],
    ['NVIDIA-H100-80GB-HBM3', '7g.80gb'],
    ['NVIDIA-H100-NVL', '3g.47gb'],
    ['NVIDIA-GH200-480GB', '7g.96gb'],
    ['NVIDIA-A30', '2g.12gb+me'],
    ['NVIDIA-H200', '1g.18gb'],
    ['NVIDIA-A800-SXM4-80GB-SHARED', '2g.20gb'],
  ])(
    '(accepted) the MIG model %p, a product label as Gpu.wholeCard takes it, offers %p',
    (model, profile) => {
      const pod = podOf({ gpu: Gpu.mig({ profile, count: 1, model }) });
      expect(pod.spec.containers[0].resources.limits).toEqual({
        [`nvidia.com/mig-${profile.replace('+', '.')}`]: 1,
      });
      // The model only checks the profile: no node selector (the MIG resource selects the nodes).
      expect(pod.spec.nodeSelector).toBeUndefined();
    }
  );

  test('(accepted) the same product label works in Gpu.wholeCard and Gpu.mig', () => {
    const model = 'A100-SXM4-80GB';
    expect(podOf({ gpu: Gpu.wholeCard({ count: 1, model }) }).spec.nodeSelector).toEqual({
      'nvidia.com/gpu.product': model,
    });
    expect(() => gpuJob({ gpu: Gpu.mig({ profile: '1g.10gb', count: 1, model }) })).not.toThrow();
  });

  test.each(['1g10gb', '8g.80gb', '1g.10GB', '1g.10gb-me', '1c.1g.10gb', ''])(
    'the MIG profile %p has a bad shape',
    (profile) => {
      expectProblem(
        () => gpuJob({ gpu: Gpu.mig({ profile, count: 1 }) }),
        `gpu.profile: ${MIG_SHAPE_RULE} (got ${JSON.stringify(profile)})`
      );
    }
  );

  test('the MIG strategy is unknown', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.mig({ profile: '1g.10gb', count: 1, strategy: invalid('none') }) }),
      'gpu.strategy: must be one of single, mixed (got "none")'
    );
  });

  test.each([
    ['1g.10gb+me', 'A100-80GB', 'nvidia.com/mig-1g.10gb.me'],
    ['1g.10gb+me', undefined, 'nvidia.com/mig-1g.10gb.me'],
    ['2g.12gb+me', 'A30-24GB', 'nvidia.com/mig-2g.12gb.me'],
    ['3g.40gb', 'H100-80GB', 'nvidia.com/mig-3g.40gb'],
  ])('(accepted) MIG profile %p of %p renders %p', (profile, model, resource) => {
    const pod = podOf({ gpu: Gpu.mig({ profile, count: 1, model }) });
    expect(pod.spec.containers[0].resources).toEqual({ limits: { [resource]: 1 } });
  });

  test.each([['aliyunCgpu' as const], ['tencentQgpu' as const]])(
    'coresPercent is not a multiple of 5 on %s, and 5 and 100 are accepted',
    (stack) => {
      const gpu = (coresPercent: number) =>
        Gpu.virtual({ cards: 1, coresPercent, memory: Size.gibibytes(2) });
      expectProblem(
        () => gpuJob({ gpu: gpu(7), gpuStack: STACKS[stack]() }),
        `gpu.coresPercent: must be a multiple of 5 from 5 to 100 on ${S[stack]} (got 7)`
      );
      const cores =
        stack === 'aliyunCgpu' ? 'aliyun.com/gpu-core.percentage' : 'tke.cloud.tencent.com/qgpu-core';
      for (const ok of [5, 100]) {
        const pod = podOf({ gpu: gpu(ok), gpuStack: STACKS[stack]() });
        expect(pod.spec.containers[0].resources.limits[cores]).toBe(ok);
      }
    }
  );

  test.each([['aliyunCgpu' as const], ['tencentQgpu' as const]])(
    'memory is not a whole number of GiB on %s',
    (stack) => {
      expectProblem(
        () =>
          gpuJob({ gpu: Gpu.virtual({ cards: 1, memory: Size.mebibytes(1536) }), gpuStack: STACKS[stack]() }),
        `gpu.memory: must be a whole number of GiB on ${S[stack]} (got 1536 mebibytes)`
      );
    }
  );

  test('memory is missing on qGPU', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, coresPercent: 50 }), gpuStack: GpuStack.tencentQgpu() }),
      MEMORY_REQUIRED('tencentQgpu')
    );
  });

  test('memory is not a multiple of 256 MiB on gpu-manager, and 8 GiB is 32 units', () => {
    expectProblem(
      () =>
        gpuJob({
          gpu: Gpu.virtual({ cards: 1, memory: Size.mebibytes(300) }),
          gpuStack: GpuStack.tkestackGpuManager(),
        }),
      `gpu.memory: must be a multiple of 256 MiB (vcuda-memory counts 256 MiB units) on ${S.tkestackGpuManager} (got 300 mebibytes)`
    );
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 1, coresPercent: 50, memory: Size.gibibytes(8) }),
      gpuStack: GpuStack.tkestackGpuManager(),
    });
    expect(pod.spec.containers[0].resources.limits['tencent.com/vcuda-memory']).toBe(32);
  });

  test('a model name has a comma', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, models: ['A100,H800'] }), gpuStack: hami }),
      'gpu.models[0]: must be a model name without commas, e.g. A100 (got "A100,H800")'
    );
  });

  test('the model list is empty', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, models: [] }), gpuStack: hami }),
      'gpu.models: must be a non-empty list of model names (got [])'
    );
  });

  test('an excluded model name is empty', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, excludeModels: [''] }), gpuStack: hami }),
      'gpu.excludeModels[0]: must be a model name without commas, e.g. A100 (got "")'
    );
  });

  test('the model list is a string', () => {
    expectProblem(
      () => Gpu.virtual({ cards: 1, models: invalid('A100') }),
      'options.models: must be a list (got "A100")'
    );
  });

  test('the card policy is unknown', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, cardPolicy: invalid('pack') }), gpuStack: hami }),
      'gpu.cardPolicy: must be one of binpack, spread (got "pack")'
    );
  });

  test('a whole-card model is not a label value', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 1, model: 'A100 SXM4' }) }),
      "gpu.model: label value must be empty or consist of letters, digits, '-', '_' or '.', starting and " +
        'ending with a letter or digit (it selects the nvidia.com/gpu.product node label) (got "A100 SXM4")'
    );
  });

  test('a whole-card model is not a string', () => {
    expectProblem(
      () => Gpu.wholeCard({ count: 1, model: invalid(5) }),
      'options.model: must be a string (got 5)'
    );
  });

  test('a virtual GPU memory is not finite', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, memory: Size.mebibytes(Infinity) }), gpuStack: hami }),
      'gpu.memory: must be at most 9223372036854775807 (2^63 − 1) bytes, the largest Kubernetes quantity (a larger one is silently capped) (got Infinity mebibytes)'
    );
  });

  test('gpu is not a Gpu, or missing', () => {
    expectProblem(
      () => gpuJob({ gpu: invalid({ count: 1 }) }),
      'gpu: must be a Gpu (e.g. Gpu.wholeCard({ count: 1 })) (got {"count":1})'
    );
    expectProblem(
      () => gpuJob(invalid({})),
      'gpu: is required: the GPU request (or containerGpus, one request per container) (got nothing)'
    );
  });

  test('gpuStack is not a GpuStack', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 1 }), gpuStack: invalid('hami') }),
      'gpuStack: must be a GpuStack (e.g. GpuStack.hami()) (got "hami")'
    );
  });

  test('gpuContainer names an init container', () => {
    expectProblem(
      () =>
        gpuJob({
          gpu: Gpu.wholeCard({ count: 1 }),
          gpuContainer: 'setup',
          initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
        }),
      'gpuContainer: must name a work container of the pod (main) (got "setup")'
    );
  });

  test('gpuContainer names an unknown container', () => {
    expectProblem(
      () =>
        gpuJob({
          gpu: Gpu.wholeCard({ count: 1 }),
          gpuContainer: 'trainer',
          containers: [{ image: IMAGE }, { name: 'sidecar', image: 'busybox:1.36' }],
        }),
      'gpuContainer: must name a work container of the pod (main, sidecar) (got "trainer")'
    );
  });

  test('a user volume is named dshm, unless sharedMemory is null', () => {
    const props = {
      gpu: Gpu.wholeCard({ count: 1 }),
      volumes: [Volume.emptyDir('dshm')],
      containers: [{ image: IMAGE, volumeMounts: [{ volume: 'dshm', mountPath: '/scratch' }] }],
    };
    expectProblem(
      () => gpuJob(props),
      /^ {2}- volumes: "dshm" is the \/dev\/shm volume of GpuJob; rename yours or set sharedMemory: null \(got .*\)$/m
    );
    expect(() => gpuJob({ ...props, sharedMemory: null })).not.toThrow();
  });

  test('sharedMemory is below 1 MiB', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 1 }), sharedMemory: Size.kibibytes(512) }),
      'sharedMemory: must be at least 1 MiB; null mounts none (got 512 kibibytes)'
    );
  });

  test('sharedMemory is not a Size', () => {
    expectProblem(
      () => gpuJob({ gpu: Gpu.wholeCard({ count: 1 }), sharedMemory: invalid(64) }),
      'sharedMemory: must be a cdk8s Size (e.g. Size.mebibytes(512)) (got 64)'
    );
  });

  test('every problem of the request and the stack is listed in one error', () => {
    const create = () =>
      gpuJob({
        gpu: Gpu.virtual({ cards: 1, coresPercent: 7, memory: Size.mebibytes(1536) }),
        gpuStack: GpuStack.aliyunCgpu(),
        gpuContainer: 'nope',
      });
    expect(errorOf(create).message).toBe(
      message([
        `gpu.memory: must be a whole number of GiB on ${S.aliyunCgpu} (got 1536 mebibytes)`,
        `gpu.coresPercent: must be a multiple of 5 from 5 to 100 on ${S.aliyunCgpu} (got 7)`,
        'gpuContainer: must name a work container of the pod (main) (got "nope")',
      ])
    );
  });

  // Edge cases found by these tests, now rules.

  test('the MIG count is missing (a ValidationError, not a synth-time serialization error)', () => {
    expectProblem(
      () => Gpu.mig(invalid({ profile: '1g.10gb' })),
      'options.count: must be a number (got nothing)'
    );
  });

  test.each(['constructor', 'toString', '__proto__'])(
    'the MIG model is %p (a ValidationError, not a TypeError)',
    (model) => {
      expectProblem(
        () => gpuJob({ gpu: Gpu.mig({ profile: '1g.10gb', count: 1, model }) }),
        `gpu.model: must be a GPU with known MIG profiles: its nvidia.com/gpu.product label (e.g. A100-SXM4-80GB, NVIDIA-H100-80GB-HBM3) or a MIG family (${Object.keys(MIG_PROFILES).join(', ')}) (got ${JSON.stringify(model)})`
      );
    }
  );

  test('HAMi memory above int32 MiB is rejected (HAMi rejects a gpumem outside int32)', () => {
    // 2048 TiB = 2^31 MiB: HAMi parses nvidia.com/gpumem into an int32 and rejects the request.
    expectProblem(
      () => gpuJob({ gpu: Gpu.virtual({ cards: 1, memory: Size.tebibytes(2048) }), gpuStack: hami }),
      /^ {2}- gpu\.memory: /m
    );
  });

  test('an undefined resource-name override keeps the preset name', () => {
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) }),
      gpuStack: GpuStack.tencentQgpu({ resourceNames: { cores: undefined } }),
    }).spec;
    expect(pod.containers[0].resources.limits['tke.cloud.tencent.com/qgpu-core']).toBe(30);
  });

  test.each([
    [
      'a resource name that is not a qualified name',
      GpuStack.hami({ resourceNames: { gpu: 'not a name!' } }),
    ],
    ['a resource name without a domain prefix', GpuStack.hami({ resourceNames: { vgpu: 'vgpu' } })],
  ])('the stack has %s', (_what, gpuStack) => {
    expectProblem(() => gpuJob({ gpu: Gpu.wholeCard({ count: 1 }), gpuStack }), /^ {2}- gpu(Stack)?[.:]/m);
  });
});

// ---------------------------------------------------------------------------------------------
// Where the GPU, /dev/shm and the toleration go.
// ---------------------------------------------------------------------------------------------

describe('pod rendering', () => {
  const twoContainers = [
    { image: IMAGE, command: ['python', 'train.py'] },
    { name: 'sidecar', image: 'busybox:1.36' },
  ];

  test('the GPU goes to the first container only, and /dev/shm to every work container', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 2 }),
      containers: twoContainers,
      initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
    }).spec;
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['main', 'sidecar']);
    expect(pod.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': 2 } });
    expect(pod.containers[1].resources).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toEqual([SHM_MOUNT]);
    expect(pod.containers[1].volumeMounts).toEqual([SHM_MOUNT]);
    expect(pod.initContainers[0].resources).toBeUndefined();
    expect(pod.initContainers[0].volumeMounts).toBeUndefined();
    expect(pod.volumes).toEqual([SHM_VOLUME]);
  });

  test('gpuContainer picks the container that gets the GPU', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      containers: twoContainers,
      gpuContainer: 'sidecar',
    }).spec;
    expect(pod.containers[0].resources).toBeUndefined();
    expect(pod.containers[1].resources).toEqual({ limits: { 'nvidia.com/gpu': 1 } });
  });

  test("GPU resources are added to limits only, next to the container's own requests and limits", () => {
    const pod = podOf({
      gpu: Gpu.virtual({ cards: 1, coresPercent: 50, memory: Size.gibibytes(4) }),
      gpuStack: GpuStack.hami(),
      containers: [
        {
          image: IMAGE,
          resources: {
            cpu: { request: Cpu.units(2), limit: Cpu.units(4) },
            memory: { request: Size.gibibytes(8), limit: Size.gibibytes(16) },
          },
        },
      ],
    }).spec;
    expect(pod.containers[0].resources).toEqual({
      requests: { cpu: '2', memory: '8Gi' },
      limits: {
        cpu: '4',
        memory: '16Gi',
        'nvidia.com/gpu': 1,
        'nvidia.com/gpucores': 50,
        'nvidia.com/gpumem': 4096,
      },
    });
  });

  test('sharedMemory sets the emptyDir sizeLimit', () => {
    const pod = podOf({ gpu: Gpu.wholeCard({ count: 1 }), sharedMemory: Size.gibibytes(16) }).spec;
    expect(pod.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([SHM_MOUNT]);
  });

  test('sharedMemory: null mounts no /dev/shm', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      containers: twoContainers,
      sharedMemory: null,
    }).spec;
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toBeUndefined();
    expect(pod.containers[1].volumeMounts).toBeUndefined();
  });

  test('a container that already mounts /dev/shm keeps its own mount', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      volumes: [Volume.emptyDir('myshm', { sizeLimit: Size.gibibytes(1) })],
      containers: [
        { image: IMAGE, volumeMounts: [{ volume: 'myshm', mountPath: '/dev/shm' }] },
        { name: 'sidecar', image: 'busybox:1.36' },
      ],
    }).spec;
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'myshm', mountPath: '/dev/shm' }]);
    expect(pod.containers[1].volumeMounts).toEqual([SHM_MOUNT]);
    expect(pod.volumes).toEqual([{ name: 'myshm', emptyDir: { sizeLimit: '1Gi' } }, SHM_VOLUME]);
  });

  test('no dshm volume when every container mounts its own /dev/shm', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      volumes: [Volume.emptyDir('myshm')],
      containers: [{ image: IMAGE, volumeMounts: [{ volume: 'myshm', mountPath: '/dev/shm' }] }],
    }).spec;
    expect(pod.volumes).toEqual([{ name: 'myshm', emptyDir: {} }]);
  });

  test('the nvidia.com/gpu toleration is added next to the user tolerations', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      tolerations: [
        {
          key: 'dedicated',
          operator: TolerationOperator.EQUAL,
          value: 'ml',
          effect: TaintEffect.NO_SCHEDULE,
        },
      ],
    }).spec;
    expect(pod.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
      TOLERATION,
    ]);
    expect(GPU_TOLERATION).toEqual(TOLERATION);
  });

  test.each([
    ['with effect NoSchedule', { ...GPU_TOLERATION }],
    ['with every effect', { key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS }],
  ])('a user toleration of nvidia.com/gpu with operator Exists %s is not duplicated', (_what, toleration) => {
    const pod = podOf({ gpu: Gpu.wholeCard({ count: 1 }), tolerations: [toleration] }).spec;
    expect(pod.tolerations).toEqual([{ ...toleration }]);
  });

  test('a user toleration of nvidia.com/gpu with operator Equal keeps the GPU toleration', () => {
    const equal = {
      key: 'nvidia.com/gpu',
      operator: TolerationOperator.EQUAL,
      value: 'true',
      effect: TaintEffect.NO_SCHEDULE,
    };
    const pod = podOf({ gpu: Gpu.wholeCard({ count: 1 }), tolerations: [equal] }).spec;
    expect(pod.tolerations).toEqual([equal, TOLERATION]);
  });

  test('a user toleration of nvidia.com/gpu without operator (Equal, value "") keeps the GPU toleration', () => {
    // Kubernetes' operator default is Equal: only an Exists toleration of the key covers the GPU taint.
    const pod = podOf({ gpu: Gpu.wholeCard({ count: 1 }), tolerations: [{ key: 'nvidia.com/gpu' }] }).spec;
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu' }, TOLERATION]);
  });

  test('a user toleration of nvidia.com/gpu for NoExecute only keeps the NoSchedule GPU toleration', () => {
    const noExecute = {
      key: 'nvidia.com/gpu',
      operator: TolerationOperator.EXISTS,
      effect: TaintEffect.NO_EXECUTE,
    };
    const pod = podOf({ gpu: Gpu.wholeCard({ count: 1 }), tolerations: [noExecute] }).spec;
    expect(pod.tolerations).toEqual([noExecute, TOLERATION]);
  });

  test('schedulerName overrides the stack scheduler', () => {
    const pod = podOf({
      gpu: Gpu.wholeCard({ count: 1 }),
      gpuStack: GpuStack.volcano(),
      schedulerName: 'my-scheduler',
    }).spec;
    expect(pod.schedulerName).toBe('my-scheduler');
  });

  test('HAMi leaves the scheduler to its webhook', () => {
    const pod = podOf({ gpu: Gpu.virtual({ cards: 1 }), gpuStack: GpuStack.hami() }).spec;
    expect(pod.schedulerName).toBeUndefined();
  });

  test('user pod annotations and node selector are kept next to the GPU ones', () => {
    const template = podOf({
      gpu: Gpu.virtual({ cards: 1, cardPolicy: GpuSchedulingPolicy.SPREAD }),
      gpuStack: GpuStack.hami(),
      podAnnotations: { 'example.com/trace': 'on' },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    });
    expect(template.metadata.annotations).toEqual({
      'example.com/trace': 'on',
      'hami.io/gpu-scheduler-policy': 'spread',
    });
    expect(template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });
});

// ---------------------------------------------------------------------------------------------
// Defaults, pod security, idempotency, lazy containers.
// ---------------------------------------------------------------------------------------------

describe('defaults', () => {
  test('a GpuJob with one container renders the BatchJob defaults plus the GPU, toleration and /dev/shm', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gpu = gpuJob({ name: 'train', gpu: Gpu.wholeCard({ count: 1 }) }, chart);
    const job = jobOf(chart);
    // THEN
    expect(job).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: expect.stringMatching(/^train-[0-9a-f]{8}$/),
        namespace: 'default',
        labels: { 'app.kubernetes.io/managed-by': 'cdk8s-batch', 'cdk8s-batch.io/job': 'train' },
        annotations: { 'cdk8s-batch.io/pod-security': 'restricted' },
      },
      spec: {
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: 1,
        parallelism: 1,
        suspend: false,
        ttlSecondsAfterFinished: 86400,
        template: {
          spec: {
            automountServiceAccountToken: false,
            restartPolicy: 'Never',
            securityContext: {
              runAsGroup: 65534,
              runAsNonRoot: true,
              runAsUser: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'main',
                image: IMAGE,
                imagePullPolicy: 'IfNotPresent',
                resources: { limits: { 'nvidia.com/gpu': 1 } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                volumeMounts: [SHM_MOUNT],
              },
            ],
            tolerations: [TOLERATION],
            volumes: [SHM_VOLUME],
          },
        },
      },
    });
    expect(gpu.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(gpu.gpu.mode).toBe('wholeCard');
  });

  test.each(Object.keys(STACKS) as Stack[])('the pod-security annotation stays restricted on %s', (stack) => {
    const chart = Testing.chart();
    const gpu = stack === 'nvidia' ? Gpu.wholeCard({ count: 1 }) : MODES.virtualMemory();
    gpuJob({ gpu, gpuStack: STACKS[stack](), sharedMemory: Size.gibibytes(2) }, chart);
    expect(jobOf(chart).metadata.annotations['cdk8s-batch.io/pod-security']).toBe('restricted');
  });

  test('synthesizing twice gives the same manifests', () => {
    const chart = Testing.chart();
    gpuJob(
      {
        gpu: MODES.virtualPolicies(),
        gpuStack: GpuStack.hami(),
        containers: [{ image: IMAGE }, { name: 'sidecar', image: 'busybox:1.36' }],
        tolerations: [{ key: 'dedicated', operator: TolerationOperator.EXISTS }],
        queue: 'gpu-training',
      },
      chart
    );
    const first = Testing.synth(chart);
    const second = Testing.synth(chart);
    expect(second).toEqual(first);
    const pod = first.find((o) => o.kind === 'Job').spec.template.spec;
    expect(pod.volumes).toEqual([SHM_VOLUME]);
    expect(pod.tolerations).toHaveLength(2);
    expect(pod.containers[0].volumeMounts).toEqual([SHM_MOUNT]);
  });

  test('a container added after construction gets the GPU when it is the first one', () => {
    // GIVEN
    const chart = Testing.chart();
    const job = new GpuJob(chart, 'job', { gpu: Gpu.wholeCard({ count: 4 }) });
    // WHEN
    job.addContainer({ image: IMAGE });
    job.addContainer({ name: 'sidecar', image: 'busybox:1.36' });
    // THEN
    const pod = jobOf(chart).spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ limits: { 'nvidia.com/gpu': 4 } });
    expect(pod.containers[1].resources).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toEqual([SHM_MOUNT]);
    expect(pod.containers[1].volumeMounts).toEqual([SHM_MOUNT]);
    expect(pod.volumes).toEqual([SHM_VOLUME]);
  });

  test('a container added later is checked against gpuContainer', () => {
    const job = new GpuJob(Testing.chart(), 'job', {
      gpu: Gpu.wholeCard({ count: 1 }),
      gpuContainer: 'trainer',
    });
    expectProblem(
      () => job.addContainer({ image: IMAGE }),
      'gpuContainer: must name a work container of the pod (main) (got "trainer")'
    );
  });

  test('a volume named dshm added later is rejected', () => {
    const job = gpuJob({ gpu: Gpu.wholeCard({ count: 1 }) });
    expect(() => job.addVolume(Volume.emptyDir('dshm'))).toThrow(
      /^ {2}- volumes: "dshm" is the \/dev\/shm volume of GpuJob/m
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Kueue on BatchJob and GpuJob.
// ---------------------------------------------------------------------------------------------

describe('Kueue', () => {
  const batch = (props: BatchJobProps, chart: Chart = Testing.chart()) =>
    new BatchJob(chart, 'job', { containers: [{ image: IMAGE }], ...props });
  const gpu = (props: Partial<GpuJobProps>, chart: Chart = Testing.chart()) =>
    gpuJob({ gpu: Gpu.wholeCard({ count: 1 }), ...props }, chart);
  // Every job construct labels its objects (managed-by, and its base name).
  const OUR_LABELS = {
    'app.kubernetes.io/managed-by': 'cdk8s-batch',
    'cdk8s-batch.io/job': 'test-job-c8a36c90',
  };
  const KINDS = [
    ['BatchJob', batch, 'BatchJob'],
    ['GpuJob', gpu, 'GpuJob'],
  ] as const;

  test.each(KINDS)('queue on %s sets the queue label and creates the Job suspended', (_kind, create) => {
    const chart = Testing.chart();
    create({ queue: 'gpu-training' }, chart);
    const job = jobOf(chart);
    expect(job.metadata.labels).toEqual({ ...OUR_LABELS, 'kueue.x-k8s.io/queue-name': 'gpu-training' });
    expect(job.spec.suspend).toBe(true);
  });

  test.each(KINDS)('queuePriorityClass on %s sets the priority-class label', (_kind, create) => {
    const chart = Testing.chart();
    create(
      { queue: 'gpu-training', queuePriorityClass: 'high', labels: { team: 'ml' }, suspend: true },
      chart
    );
    const job = jobOf(chart);
    expect(job.metadata.labels).toEqual({
      ...OUR_LABELS,
      team: 'ml',
      'kueue.x-k8s.io/queue-name': 'gpu-training',
      'kueue.x-k8s.io/priority-class': 'high',
    });
    expect(job.spec.suspend).toBe(true);
  });

  test.each(KINDS)('queuePriorityClass without queue fails on %s', (_kind, create, typeName) => {
    const error = errorOf(() => create({ queuePriorityClass: 'high' }));
    expect(error.message).toBe(
      `invalid ${typeName} at 'test/job' (1 problem):\n` +
        '  - queuePriorityClass: needs queue (a Kueue LocalQueue) (got "high")'
    );
  });

  test.each(KINDS)('queue with suspend: false fails on %s', (_kind, create, typeName) => {
    const error = errorOf(() => create({ queue: 'gpu-training', suspend: false }));
    expect(error.message).toBe(
      `invalid ${typeName} at 'test/job' (1 problem):\n` +
        '  - suspend: must not be false with a queue: Kueue admits the Job by resuming it; leave suspend out (got false)'
    );
  });

  test.each(KINDS)('a queue name that is not a DNS subdomain fails on %s', (_kind, create) => {
    expect(() => create({ queue: 'GPU Queue' })).toThrow(problemField('queue'));
  });

  test.each(KINDS)(
    'fails on %s when a queue or priority class name is longer than a label value',
    (_kind, create, typeName) => {
      const long = `q${'.a'.repeat(32)}`;
      const error = errorOf(() => create({ queue: long, queuePriorityClass: long }));
      expect(error.message).toBe(
        `invalid ${typeName} at 'test/job' (2 problems):\n` +
          `  - queue: must be at most 63 characters: it is rendered as a label value (is 65) (got "${long}")\n` +
          `  - queuePriorityClass: must be at most 63 characters: it is rendered as a label value (is 65) (got "${long}")`
      );
    }
  );

  test.each(KINDS)('without a queue %s is not suspended and has no Kueue labels', (_kind, create) => {
    const chart = Testing.chart();
    create({}, chart);
    const job = jobOf(chart);
    expect(job.metadata.labels).toEqual(OUR_LABELS);
    expect(job.spec.suspend).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The mode × stack table of docs/gpu.md.
// ---------------------------------------------------------------------------------------------

describe('docs/gpu.md table', () => {
  const page = readFileSync(path.join(__dirname, '..', 'docs', 'gpu.md'), 'utf8');

  test('the docs/gpu.md table is up to date (run `npm run docs`)', () => {
    expect(withGpuTable(page)).toBe(page);
  });

  test('the whole-card row says nvidia.com/gpu: 2 under nvidia()', () => {
    const lines = gpuSupportTable().split('\n');
    const header = lines[0].split(' | ');
    const row = lines.find((l) => l.startsWith('| `Gpu.wholeCard({ count: 2 })` |'));
    expect(row).toBeDefined();
    const cells = row!.split(' | ');
    expect(cells[header.indexOf('`nvidia()`')]).toContain('`nvidia.com/gpu: 2`');
    expect(page).toContain(row!);
  });

  test('the table and the manifests come from the same mapping', () => {
    const row = gpuSupportTable()
      .split('\n')
      .find((l) =>
        l.startsWith('| `Gpu.virtual({ cards: 1, coresPercent: 30, memory: Size.gibibytes(8) })` |')
      );
    const pod = podOf({ gpu: MODES.virtualMemory(), gpuStack: GpuStack.tkestackGpuManager() });
    for (const [name, value] of Object.entries(pod.spec.containers[0].resources.limits)) {
      expect(row).toContain(`\`${name}: ${value}\``);
    }
  });
});
