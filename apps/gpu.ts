import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Gpu,
  GpuJob,
  GpuSchedulingPolicy,
  GpuStack,
  GpuTaskPriority,
  JobPattern,
  PodFailureRule,
} from '../lib';

/** Whole-card training on 2 A100s per pod, one pod per shard (indexed), 4 shards, 2 at a time. */
export function gpuTrainingChart(app: App): Chart {
  const chart = new Chart(app, 'gpu-training');
  new GpuJob(chart, 'train', {
    name: 'resnet-train',
    description: 'Trains one shard per index on 2 whole A100 cards',
    gpu: Gpu.wholeCard({ count: 2, model: 'A100-SXM4-80GB', maxPerNode: 8 }),
    pattern: JobPattern.indexed({ completions: 4, parallelism: 2 }),
    activeDeadline: Duration.hours(12),
    podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
    queue: 'gpu-training',
    containers: [
      {
        name: 'trainer',
        image: 'nvcr.io/nvidia/pytorch:24.05-py3',
        command: ['python', 'train.py', '--shard', '$(JOB_COMPLETION_INDEX)'],
        resources: {
          cpu: { request: Cpu.units(8), limit: Cpu.units(16) },
          memory: { request: Size.gibibytes(64), limit: Size.gibibytes(64) },
        },
      },
    ],
  });
  return chart;
}

/** vGPU inference batch on DaoCloud DCE: 30% of a card's compute and 8 GiB of its memory. */
export function gpuInferenceChart(app: App): Chart {
  const chart = new Chart(app, 'gpu-inference');
  new GpuJob(chart, 'infer', {
    name: 'batch-inference',
    description: 'Scores a batch on a 30% / 8 GiB slice of one card (DCE vGPU)',
    gpu: Gpu.virtual({
      cards: 1,
      coresPercent: 30,
      memory: Size.gibibytes(8),
      cardPolicy: GpuSchedulingPolicy.BINPACK,
      nodePolicy: GpuSchedulingPolicy.SPREAD,
      priority: GpuTaskPriority.NORMAL,
      models: ['A100', 'A800'],
    }),
    gpuStack: GpuStack.dce(),
    pattern: JobPattern.fixedCompletions({ completions: 10, parallelism: 5 }),
    containers: [
      { name: 'scorer', image: 'registry.example.com/ml/scorer:1.4.0', args: ['--batch-size', '64'] },
    ],
  });
  return chart;
}

/**
 * A MIG job: two 1g.10gb instances of an A100 80GB (mixed strategy). `model` is the node label product string,
 * as in `Gpu.wholeCard`; it checks the profile against the A100-80GB MIG family and selects no nodes.
 */
export function gpuMigChart(app: App): Chart {
  const chart = new Chart(app, 'gpu-mig');
  new GpuJob(chart, 'mig', {
    name: 'mig-eval',
    description: 'Evaluates on two 1g.10gb MIG slices',
    gpu: Gpu.mig({ profile: '1g.10gb', count: 2, model: 'A100-SXM4-80GB' }),
    sharedMemory: Size.gibibytes(2),
    containers: [{ name: 'eval', image: 'nvcr.io/nvidia/pytorch:24.05-py3', command: ['python', 'eval.py'] }],
  });
  return chart;
}
