import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BatchJob, ReapplyPolicy, Volume } from '../lib';

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
