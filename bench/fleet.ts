/**
 * The benchmark fleet: the same N batch jobs built five ways. Each job has two containers (a worker
 * and an uploader), env (literal and from a Secret key), CPU/memory requests and limits, a shared
 * emptyDir volume mounted in both, a named port and liveness probes (HTTP and command).
 *
 * The raw variant writes by hand the Job our `BatchJob` renders (same pod and job spec, restricted
 * security context, explicit probe timings), so the two produce the same manifests but for our
 * labels and annotations. cdk8s-plus-28's `Job` gets the same pod; it cannot set completions or
 * parallelism, and it renders its own defaults (e.g. its security context).
 *
 * Our variants are built in `fleet-ours.ts`, the others in `fleet-cdk8s.ts`: a whole-process run
 * (`process-fleet.ts`) loads only its own.
 */
import { App, Yaml } from 'cdk8s';
import { addCdk8sFleet } from './fleet-cdk8s';
import { addOurFleet } from './fleet-ours';
import { CHARTS } from './fleet-spec';

export { CHARTS };

export const VARIANTS = ['raw', 'plus', 'batchJob', 'gpuJob', 'cronBatch'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<Variant, string> = {
  raw: '(a) raw k8s.KubeJob',
  plus: '(b) cdk8s-plus-28 Job',
  batchJob: '(c) BatchJob',
  gpuJob: '(d) GpuJob',
  cronBatch: '(e) CronBatch',
};

/** Builds an app with `n` jobs of one variant in `CHARTS` charts. */
export function buildFleet(variant: Variant, n: number): App {
  const app = new App({ outdir: '/nonexistent' });
  addFleet(app, variant, n);
  return app;
}

/** Adds the fleet's `CHARTS` charts holding `n` jobs of `variant` to `app`. */
export function addFleet(app: App, variant: Variant, n: number): void {
  if (variant === 'raw' || variant === 'plus') addCdk8sFleet(app, variant, n);
  else addOurFleet(app, variant, n);
}

/**
 * Synthesizes every chart to Kubernetes JSON, as `Testing.synth` and `app.synthYaml()` do (chart by
 * chart, each `chart.toJson()` resolving and validating the app): the library's share of synthesis.
 */
export function synthFleet(app: App): unknown[] {
  const docs: unknown[] = [];
  for (const chart of app.charts) docs.push(...Object.values(chart.toJson()));
  return docs;
}

/** The manifests as the YAML `app.synthYaml()` returns: the same for every variant per byte. */
export function toYaml(docs: unknown[]): string {
  return Yaml.stringify(...docs);
}
