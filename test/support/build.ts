/**
 * Builds generated scenarios (see `arbitraries.ts`) into fresh cdk8s apps, and reads manifests the way
 * kubectl does.
 */
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  BatchJob,
  ContainerProps,
  CronBatch,
  CronBatchProps,
  GpuJob,
  GpuJobProps,
  JobBase,
  JobDefaults,
} from '../../lib';
import { checkSchema } from '../../cli/check/schema-check';
import { schemaExtensionsFor } from '../../cli/check/schema-versions';
import { validateManifest } from '../../cli/check/validate-manifest';
import type { KubeVersion } from '../../lib/rules/kube-versions';
import { CHART_ID, effectiveNames, resolveDeferred, Scenario } from './arbitraries';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are arbitrary JSON
export type Manifest = any;

/**
 * Builds the scenario's construct into a new app and chart, then adds `later` containers with
 * `addContainer`. Throws what the constructor throws.
 */
export function build(
  s: Scenario,
  later: Later = { containers: [], sidecars: [] }
): { app: App; chart: Chart; construct: JobBase } {
  const app = new App();
  const chart = new Chart(
    app,
    CHART_ID,
    s.chartNamespace === undefined ? {} : { namespace: s.chartNamespace }
  );
  if (s.defaults !== undefined) JobDefaults.set(chart, s.defaults);
  const props = resolveDeferred(s.props);
  const construct =
    s.kind === 'BatchJob'
      ? new BatchJob(chart, s.id, props)
      : s.kind === 'GpuJob'
        ? new GpuJob(chart, s.id, props as GpuJobProps)
        : new CronBatch(chart, s.id, props as CronBatchProps);
  for (const c of later.containers) construct.addContainer(c);
  for (const c of later.sidecars) construct.addSidecar(c);
  return { app, chart, construct };
}

/** Containers to add after construction: work containers with `addContainer`, then sidecars with `addSidecar`. */
export interface Later {
  readonly containers: readonly ContainerProps[];
  readonly sidecars: readonly ContainerProps[];
}

/**
 * The scenario with its work containers after the first, and its sidecars, moved to `later` (to add with
 * `addContainer` and `addSidecar`), when nothing refers to them by name before they are added; else undefined.
 */
export function lazySplit(s: Scenario): { scenario: Scenario; later: Later } | undefined {
  const containers = s.props.containers ?? [];
  const sidecars = s.props.sidecars ?? [];
  const named = [
    ...(s.props.podFailurePolicy ?? []).map((r) => r.onExitCodes?.containerName),
    (s.props as { gpuContainer?: string }).gpuContainer,
    ...Object.keys((s.props as { containerGpus?: object }).containerGpus ?? {}),
  ];
  const free = (names: string[]) => !named.some((n) => n !== undefined && names.includes(n));
  // Unnamed containers are named by position, which stays the same when they are added in order.
  const splitContainers = containers.length >= 2 && free(effectiveNames({ containers }).slice(1));
  const splitSidecars = sidecars.length >= 1 && free(effectiveNames({ sidecars }));
  if (!splitContainers && !splitSidecars) return undefined;
  const props: Record<string, unknown> = { ...s.props };
  if (splitContainers) props.containers = containers.slice(0, 1);
  if (splitSidecars) delete props.sidecars;
  return {
    scenario: { ...s, props: props as Scenario['props'] },
    later: {
      containers: splitContainers ? containers.slice(1) : [],
      sidecars: splitSidecars ? sidecars : [],
    },
  };
}

/** Synthesizes a scenario in a fresh app: the YAML stream and the objects as kubectl reads them. */
export function synth(s: Scenario): { yaml: string; objects: Manifest[]; construct: JobBase; chart: Chart } {
  const { app, chart, construct } = build(s);
  const yaml = app.synthYaml();
  return { yaml, objects: readYaml(yaml), construct, chart };
}

/**
 * Parses a YAML stream as kubectl does (YAML 1.1: sigs.k8s.io/yaml on go-yaml v2), failing on any
 * parse error.
 */
export function readYaml(text: string): Manifest[] {
  return [...parseAllDocuments(text, { version: '1.1' })]
    .map((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`YAML parse error: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as Manifest;
    })
    .filter((o) => o !== null && o !== undefined);
}

/** The pod templates of a Job or CronJob manifest, with where they are. */
export function podTemplatesOf(obj: Manifest): { path: string; template: Manifest }[] {
  if (obj?.kind === 'Job') return [{ path: 'spec.template', template: obj.spec?.template ?? {} }];
  if (obj?.kind === 'CronJob') {
    return [
      { path: 'spec.jobTemplate.spec.template', template: obj.spec?.jobTemplate?.spec?.template ?? {} },
    ];
  }
  return [];
}

/**
 * The problems `cdk8s-batch validate --kube-version <version>` would report for one object: the 1.28
 * schema with the newer fields `version` has, then the API server's rules at `version` (the construct's `kubernetesVersion`); none for a custom
 * resource, which it skips.
 */
export function manifestProblems(obj: Manifest, kubeVersion: KubeVersion = '1.28'): string[] {
  const result = validateManifest(obj, { kubeVersion });
  // A custom resource (an Argo CD Application) has no schema to check against.
  if (result.skipped) return [];
  return [
    // The schema of the target: the 1.28 schema, widened with the fields that version has (successPolicy).
    ...checkSchema(obj, schemaExtensionsFor(kubeVersion)).map((p) => `schema ${p.path}: ${p.message}`),
    ...result.problems.map((p) => `${p.rule} (${kubeVersion}) ${p.path}: ${p.message}`),
  ];
}

/** Zod, JavaScript and cdk8s wording that must never reach a user. */
export const LEAKS = [
  /\[object Object\]/,
  /Invalid input/,
  /ZodError/,
  /expected \w+, received/,
  /Cannot read prop/,
];
