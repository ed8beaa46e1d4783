/** `containerGpus`: DCE's console configures GPUs per container; one stack and one node per pod. */
import { Size, Testing } from 'cdk8s';
import { Gpu, GpuJob, GpuJobProps, GpuSchedulingPolicy, GpuStack, Platform } from '../lib';
import { importObject } from '../cli/import/importer';
import { printExpr } from '../cli/import/expr';
import { manifestProblems } from './support/build';
import { expectProblem, problemsOf } from './support/problems';

const IMAGE = 'nvcr.io/nvidia/pytorch:24.05-py3';
const TWO = [
  { name: 'trainer', image: IMAGE },
  { name: 'eval', image: IMAGE },
];

function synth(props: Partial<GpuJobProps>) {
  const chart = Testing.chart();
  const job = new GpuJob(chart, 'job', { containers: TWO, ...props } as GpuJobProps);
  return { job, manifest: Testing.synth(chart)[0] };
}

const limitsOf = (manifest: {
  spec: { template: { spec: { containers: { resources?: { limits?: unknown } }[] } } };
}) => manifest.spec.template.spec.containers.map((c) => c.resources?.limits);

describe('containerGpus', () => {
  test('each container gets its own GPU resources; the pod one toleration and one /dev/shm', () => {
    const { job, manifest } = synth({
      containerGpus: {
        trainer: Gpu.wholeCard({ count: 2 }),
        eval: Gpu.mig({ profile: '1g.10gb', count: 1, model: 'A100-SXM4-80GB' }),
      },
    });
    expect(limitsOf(manifest)).toEqual([{ 'nvidia.com/gpu': 2 }, { 'nvidia.com/mig-1g.10gb': 1 }]);
    const pod = manifest.spec.template.spec;
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory' } }]);
    expect(job.gpuResources).toEqual({ 'nvidia.com/gpu': 2, 'nvidia.com/mig-1g.10gb': 1 });
    expect(job.gpu.mode).toBe('wholeCard');
    expect(manifestProblems(manifest)).toEqual([]);
  });

  test('a container without a request gets no GPU resources', () => {
    const { manifest } = synth({ containerGpus: { eval: Gpu.wholeCard({ count: 1 }) } });
    expect(limitsOf(manifest)).toEqual([undefined, { 'nvidia.com/gpu': 1 }]);
  });

  test('DCE vGPUs per container: the pod-level HAMi annotations once, the stack from the platform', () => {
    const vgpu = (coresPercent: number) =>
      Gpu.virtual({ cards: 1, coresPercent, cardPolicy: GpuSchedulingPolicy.BINPACK });
    const { job, manifest } = synth({
      platform: Platform.dce(),
      containerGpus: { trainer: vgpu(50), eval: vgpu(20) },
    });
    expect(job.gpuStack.kind).toBe('dce');
    expect(limitsOf(manifest)).toEqual([
      { 'nvidia.com/gpucores': 50, 'nvidia.com/vgpu': 1 },
      { 'nvidia.com/gpucores': 20, 'nvidia.com/vgpu': 1 },
    ]);
    expect(manifest.spec.template.metadata.annotations).toMatchObject({
      'hami.io/gpu-scheduler-policy': 'binpack',
    });
  });

  test('fails when the containers together take more cards than one node has', () => {
    expectProblem(
      () =>
        synth({
          containerGpus: {
            trainer: Gpu.wholeCard({ count: 6, maxPerNode: 8 }),
            eval: Gpu.virtual({ cards: 3 }),
          },
          gpuStack: GpuStack.dce(),
        }),
      "containerGpus: the pod's containers take 9 physical cards (trainer 6, eval 3), more than maxPerNode (8): " +
        'a pod runs on one node, so no node has that many cards (got 9)'
    );
  });

  test('fails when the requests render different pod-level values', () => {
    expectProblem(
      () =>
        synth({
          containerGpus: {
            trainer: Gpu.wholeCard({ count: 1, model: 'A100-SXM4-80GB' }),
            eval: Gpu.wholeCard({ count: 1, model: 'NVIDIA-H100-80GB-HBM3' }),
          },
        }),
      'containerGpus.eval: renders node selector nvidia.com/gpu.product "NVIDIA-H100-80GB-HBM3", but trainer\'s ' +
        'request renders "A100-SXM4-80GB": a pod has one; make the requests agree (got a Gpu)'
    );
  });

  test('fails when the platform would pick different stacks for the requests', () => {
    expectProblem(
      () =>
        synth({
          platform: Platform.ack(),
          containerGpus: {
            trainer: Gpu.wholeCard({ count: 1 }),
            eval: Gpu.virtual({ cards: 1, memory: Size.gibibytes(4) }),
          },
        }),
      'gpuStack: is required: the requests need different GPU stacks (trainer: GpuStack.nvidia(), eval: ' +
        'GpuStack.aliyunCgpu()), and a pod has one (got nothing)'
    );
  });

  test('a request problem is reported at the container path', () => {
    expect(problemsOf(() => synth({ containerGpus: { eval: Gpu.wholeCard({ count: 0 }) } }))).toEqual([
      'containerGpus.eval.count: must be a whole number from 1 to 1000000 (got 0)',
    ]);
  });

  test('fails when a key names no work container', () => {
    expectProblem(
      () => synth({ containerGpus: { train: Gpu.wholeCard({ count: 1 }) } }),
      'containerGpus.train: must name a work container of the pod (trainer, eval) (got a Gpu)'
    );
  });

  test('fails with gpu too, and without either', () => {
    expectProblem(
      () => synth({ gpu: Gpu.wholeCard({ count: 1 }), containerGpus: { eval: Gpu.wholeCard({ count: 1 }) } }),
      'containerGpus: cannot be combined with gpu or gpuContainer: give every container\'s request in containerGpus (got {"eval":{"request":{"mode":"wholeCard","count":1}}})'
    );
    expect(problemsOf(() => synth({}))).toEqual([
      'gpu: is required: the GPU request (or containerGpus, one request per container) (got nothing)',
    ]);
  });

  test('fails when a value is not a Gpu, or the map is empty', () => {
    expect(problemsOf(() => synth({ containerGpus: { eval: 1 as unknown as Gpu } }))).toEqual([
      'containerGpus.eval: must be a Gpu (e.g. Gpu.wholeCard({ count: 1 })) (got 1)',
    ]);
    expect(problemsOf(() => synth({ containerGpus: {} }))).toEqual([
      'containerGpus: must name at least one container (got {})',
    ]);
  });

  test('synthesizing twice gives the same manifest', () => {
    const chart = Testing.chart();
    new GpuJob(chart, 'job', {
      containers: TWO,
      containerGpus: { trainer: Gpu.wholeCard({ count: 1 }), eval: Gpu.wholeCard({ count: 1 }) },
    });
    expect(Testing.synth(chart)).toEqual(Testing.synth(chart));
  });
});

describe('import of GPUs on several containers', () => {
  test('becomes containerGpus with each container request', () => {
    const o = importObject(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'train' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'trainer', image: IMAGE, resources: { limits: { 'nvidia.com/gpu': 2 } } },
                { name: 'eval', image: IMAGE, resources: { limits: { 'nvidia.com/mig-1g.10gb': 1 } } },
              ],
            },
          },
        },
      },
      new Set()
    );
    const code = printExpr(o.props).replace(/\s+/g, ' ');
    expect(o.construct).toBe('GpuJob');
    expect(code).toContain(
      "containerGpus: { trainer: Gpu.wholeCard({ count: 2 }), eval: Gpu.mig({ profile: '1g.10gb', count: 1 }) }"
    );
    expect(code).not.toContain('gpuContainer');
    expect(o.notReproduced).toEqual([]);
  });
});
