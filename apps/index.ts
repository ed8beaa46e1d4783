import { App, Chart } from 'cdk8s';
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
import { gpuInferenceChart, gpuMigChart, gpuTrainingChart } from './gpu';
import { echoCronChart, nightlyReportChart } from './cron';

/** Every example chart, in output order. Each writes `dist/<chart id>.k8s.yaml`. */
export const EXAMPLE_CHARTS: ReadonlyArray<(app: App) => Chart> = [
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
  echoCronChart,
  nightlyReportChart,
];

/** Adds every example chart to `app`. */
export function buildExamples(app: App): App {
  for (const chart of EXAMPLE_CHARTS) chart(app);
  return app;
}
