import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BatchJob, Volume } from '../lib';

/**
 * The DCE 5.0 (kpanda) Job from its manual: a helm operation that installs the GPU operator.
 * Server-added fields (uid, status, controller labels, selector) are left out: the API server
 * adds them. The kubeconfig and the helm data come from Secrets mounted as volumes.
 */
export function helmOperationChart(app: App): Chart {
  const chart = new Chart(app, 'helm-operation');
  const kubeconfig = Volume.fromSecret('kubeconfig', 'helm-operation-kubeconfig-h8td2', {
    defaultMode: 0o644,
  });
  const data = Volume.fromSecret('data', 'helm-operation-8t4pc', { defaultMode: 0o644 });
  new BatchJob(chart, 'install-gpu-operator', {
    name: 'helm-operation-install-gpu-operator',
    namespace: 'gpu-operator',
    labels: { 'sidecar.istio.io/inject': 'false' },
    podLabels: { 'sidecar.istio.io/inject': 'false' },
    activeDeadline: Duration.seconds(1800),
    backoffLimit: 3,
    terminationGracePeriod: Duration.seconds(0),
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [
      {
        name: 'helm',
        image: 'release.daocloud.io/kpanda/kpanda-shell:v0.0.11',
        command: ['helm-cmd'],
        workingDir: '/home/shell/helm',
        env: { KUBECONFIG: '/home/.kube/config' },
        resources: {
          cpu: { request: Cpu.millis(100), limit: Cpu.millis(100) },
          memory: { request: Size.mebibytes(400), limit: Size.mebibytes(400) },
        },
        volumeMounts: [
          { volume: data, mountPath: '/home/shell/helm', readOnly: true },
          { volume: kubeconfig, mountPath: '/home/.kube' },
        ],
      },
    ],
  });
  return chart;
}
