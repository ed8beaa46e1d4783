import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BatchJob, Distributed, Gpu, GpuJob, JobService, KubernetesVersion } from '../lib';

/**
 * PyTorch DDP across 4 nodes with 8 whole GPUs each, launched by `torchrun` (which reads the PET_* variables:
 * 4 nodes, this pod's rank, the coordinator `<job>-0.pytorch-ddp`, 8 processes a node). The target is
 * Kubernetes 1.31, so a replacement pod never runs next to its predecessor (podReplacementPolicy Failed) and
 * the Job succeeds when rank 0 has (successPolicy). A ClusterIP Service lets Prometheus scrape every rank.
 */
/** The Kubernetes version the PyTorch example targets (`npm run validate` checks dist/pytorch/ at it). */
export const PYTORCH_KUBERNETES_VERSION = KubernetesVersion.V1_31;

export function pytorchDdpChart(app: App): Chart {
  const chart = new Chart(app, 'pytorch-ddp');
  new GpuJob(chart, 'train', {
    name: 'pytorch-ddp',
    description: 'ResNet-50 DDP on 4 nodes x 8 A100s, torchrun static rendezvous',
    kubernetesVersion: PYTORCH_KUBERNETES_VERSION,
    distributed: Distributed.pytorch({ nodes: 4 }),
    gpu: Gpu.wholeCard({ count: 8, model: 'A100-SXM4-80GB', maxPerNode: 8 }),
    service: JobService.clusterIp({ name: 'pytorch-ddp-metrics', ports: [{ name: 'metrics', port: 9090 }] }),
    activeDeadline: Duration.hours(24),
    containers: [
      {
        name: 'trainer',
        image: 'nvcr.io/nvidia/pytorch:24.05-py3',
        command: ['torchrun', 'train.py', '--epochs', '90'],
        env: { NCCL_DEBUG: 'WARN' },
        ports: [{ name: 'metrics', number: 9090 }],
        resources: {
          cpu: { request: Cpu.units(32), limit: Cpu.units(64) },
          memory: { request: Size.gibibytes(256), limit: Size.gibibytes(256) },
        },
      },
    ],
  });
  return chart;
}

/**
 * JAX on 2 hosts with 4 GPUs each: `jax.distributed.initialize()` reads JAX_COORDINATOR_ADDRESS; the script
 * passes num_processes and process_id from JAX_NUM_PROCESSES and JAX_PROCESS_ID. The default target
 * (Kubernetes 1.28) has neither podReplacementPolicy nor successPolicy: a failed host fails the Job
 * (podFailurePolicy FailJob), a preempted one is replaced without counting as a retry.
 */
export function jaxMultihostChart(app: App): Chart {
  const chart = new Chart(app, 'jax-multihost');
  new GpuJob(chart, 'train', {
    name: 'jax-multihost',
    description: 'JAX pjit training on 2 hosts x 4 GPUs',
    distributed: Distributed.jax({ nodes: 2, port: 6000 }),
    gpu: Gpu.wholeCard({ count: 4 }),
    containers: [
      {
        name: 'trainer',
        image: 'ghcr.io/nvidia/jax:jax-2024-06-01',
        command: [
          'python',
          '-c',
          'import os, jax; jax.distributed.initialize(num_processes=int(os.environ["JAX_NUM_PROCESSES"]), ' +
            'process_id=int(os.environ["JAX_PROCESS_ID"])); print(jax.device_count())',
        ],
        resources: { memory: { request: Size.gibibytes(64), limit: Size.gibibytes(64) } },
      },
    ],
  });
  return chart;
}

/**
 * TensorFlow MultiWorkerMirroredStrategy on 3 CPU workers: TF_CONFIG lists the workers by their DNS names
 * (`<job>-<i>.tf-multiworker:2222`) and gives each pod its index; the strategy reads it when it is created.
 */
export function tfMultiworkerChart(app: App): Chart {
  const chart = new Chart(app, 'tf-multiworker');
  new BatchJob(chart, 'train', {
    name: 'tf-multiworker',
    description: 'Keras MultiWorkerMirroredStrategy on 3 CPU workers',
    distributed: Distributed.tensorflow({ nodes: 3 }),
    containers: [
      {
        name: 'worker',
        image: 'tensorflow/tensorflow:2.16.1',
        command: ['python', 'train.py'],
        resources: {
          cpu: { request: Cpu.units(4), limit: Cpu.units(4) },
          memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) },
        },
      },
    ],
  });
  return chart;
}
