import { App } from 'cdk8s';
import { KubernetesVersion } from '../lib';
import { MODERN_KUBERNETES_VERSION, modernJobApp } from './modern-job';
import { busyboxParallelChart } from './busybox-parallel';
import { echoChart } from './echo';
import { helmOperationChart } from './helm-operation';
import {
  fixedCompletionsChart,
  fixedParallelChart,
  indexedChart,
  oneOffChart,
  workQueueChart,
} from './patterns';
import { piChart } from './pi';
import { kitchenSinkChart } from './kitchen-sink';
import { argoCdApplicationChart, preSyncMigrationChart } from './argocd';
import { multiPlatformCharts } from './multi-platform';
import { gpuInferenceChart, gpuMigChart, gpuTrainingChart } from './gpu';
import { echoCronChart, nightlyReportChart } from './cron';
import { dceGpuContainersChart, helmOperationCreateChart } from './dce';
import {
  jaxMultihostChart,
  PYTORCH_KUBERNETES_VERSION,
  pytorchDdpChart,
  tfMultiworkerChart,
} from './distributed';

/** Every example chart, in output order. Each writes `dist/<chart id>.k8s.yaml`. */
export const EXAMPLE_CHARTS: ReadonlyArray<(app: App) => unknown> = [
  piChart,
  echoChart,
  busyboxParallelChart,
  helmOperationChart,
  oneOffChart,
  fixedCompletionsChart,
  fixedParallelChart,
  workQueueChart,
  indexedChart,
  kitchenSinkChart,
  gpuTrainingChart,
  gpuInferenceChart,
  gpuMigChart,
  dceGpuContainersChart,
  jaxMultihostChart,
  tfMultiworkerChart,
  echoCronChart,
  nightlyReportChart,
  preSyncMigrationChart,
  multiPlatformCharts,
];

/** Adds every example chart to `app`. */
export function buildExamples(app: App): App {
  for (const chart of EXAMPLE_CHARTS) chart(app);
  return app;
}

/** Apps written to their own subfolder of dist/ (not synced with the rest). */
export const SEPARATE_APPS: Readonly<Record<string, (app: App) => void>> = {
  argocd: (app) => {
    argoCdApplicationChart(app);
  },
  // Named by the API server (generateName): created with `kubectl create -f dist/create/`, never applied.
  create: (app) => {
    helmOperationCreateChart(app);
  },
  // Apps that target a newer Kubernetes (kubernetesVersion): `npm run validate` checks them at that version.
  pytorch: (app) => {
    pytorchDdpChart(app);
  },
  modern: modernJobApp,
};

/**
 * The Kubernetes version each folder of dist/ was synthesized for (`''` is dist/ itself): `npm run
 * validate` (scripts/validate-dist.ts) checks each folder's manifests at its own version.
 */
export const DIST_KUBERNETES_VERSIONS: Readonly<Record<string, KubernetesVersion>> = {
  '': KubernetesVersion.V1_28,
  argocd: KubernetesVersion.V1_28,
  modern: MODERN_KUBERNETES_VERSION,
  create: KubernetesVersion.V1_28,
  pytorch: PYTORCH_KUBERNETES_VERSION,
};
