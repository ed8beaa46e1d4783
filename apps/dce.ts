import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BatchJob, Gpu, GpuJob, Platform, ReapplyPolicy, RunAs, Volume } from '../lib';

/**
 * DCE's YAML example as DCE's helm operations create it: `generateName: helm-operation-`, so every create is
 * a new Job named by the API server. `kubectl apply` refuses objects without a name, so it is written to
 * `dist/create/`, outside the Kustomization and `kubectl apply -f dist/`: `kubectl create -f dist/create/`.
 */
export function helmOperationCreateChart(app: App): Chart {
  const chart = new Chart(app, 'helm-operation-create');
  const kubeconfig = Volume.fromSecret('kubeconfig', 'helm-operation-kubeconfig-h8td2', {
    defaultMode: 0o644,
  });
  new BatchJob(chart, 'install-gpu-operator', {
    name: 'helm-operation',
    namespace: 'gpu-operator',
    reapply: ReapplyPolicy.generateName(),
    labels: { 'sidecar.istio.io/inject': 'false' },
    podLabels: { 'sidecar.istio.io/inject': 'false' },
    activeDeadline: Duration.seconds(1800),
    backoffLimit: 3,
    containers: [
      {
        name: 'helm',
        image: 'release.daocloud.io/kpanda/kpanda-shell:v0.0.11',
        command: ['helm-cmd'],
        env: { KUBECONFIG: '/home/.kube/config' },
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(100) },
          memory: { request: Size.mebibytes(400), limit: Size.mebibytes(400) },
        },
        volumeMounts: [{ volume: kubeconfig, mountPath: '/home/.kube' }],
      },
    ],
  });
  return chart;
}

/**
 * DCE's console configures GPUs and the run-as user per container: a trainer on a vGPU slice of 2 cards and
 * an evaluator on a slice of 1, each with its own UID. The pod's 3 cards fit one 8-card node (maxPerNode).
 */
export function dceGpuContainersChart(app: App): Chart {
  const chart = new Chart(app, 'dce-gpu-containers');
  new GpuJob(chart, 'train', {
    name: 'train-and-evaluate',
    platform: Platform.dce(),
    description: 'Trains and evaluates side by side, each container with its own vGPU and user',
    containerGpus: {
      trainer: Gpu.virtual({ cards: 2, coresPercent: 50, memory: Size.gibibytes(16), maxPerNode: 8 }),
      evaluator: Gpu.virtual({ cards: 1, coresPercent: 20, memory: Size.gibibytes(4), maxPerNode: 8 }),
    },
    containers: [
      {
        name: 'trainer',
        image: 'nvcr.io/nvidia/pytorch:24.05-py3',
        command: ['python', 'train.py'],
        runAs: RunAs.nonRootUser(1000, 1000),
      },
      {
        name: 'evaluator',
        image: 'nvcr.io/nvidia/pytorch:24.05-py3',
        command: ['python', 'evaluate.py', '--every', '600'],
        runAs: RunAs.nonRootUser(1001, 1000),
      },
    ],
  });
  return chart;
}
