import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import fc from 'fast-check';
import { BatchJob, synthToDirectory, toYaml } from '../lib';
import { appManifests, synthApp } from '../lib/render/app-synth';
import { withOurYaml } from '../lib/render/yaml';
import { readAll } from './support/files';
import { fuzzParameters } from './support/fuzz';

/*
 * synthApp and appManifests (lib/render/app-synth.ts) do what cdk8s' app.synth() and app.synthYaml() do,
 * with the whole-app passes run once instead of once per chart. Held here to cdk8s itself: the same app
 * built twice, synthesized once by cdk8s and once by ours (both writing with cdk8s' own Yaml), must give
 * the same files, byte for byte, or the same error.
 */

const fuzz = fuzzParameters();
// Every folder of this file's apps is made under one, removed at the end.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-app-synth-'));
const tmp = () => fs.mkdtempSync(path.join(root, 'app-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A chart whose toJson() adds a manifest of its own, as a user's chart may. */
class StampedChart extends Chart {
  public toJson(): unknown[] {
    return [
      ...super.toJson(),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${this.node.id}-stamp` } },
    ];
  }
}

interface AppSpec {
  /** Per chart: the index of the chart it is nested in (an earlier one), or -1 for the app; and whether it overrides toJson(). */
  readonly charts: readonly { readonly parent: number; readonly stamped: boolean }[];
  /** Per object: its chart, and whether it sits in a plain construct (with a second object inside). */
  readonly objects: readonly { readonly chart: number; readonly grouped: boolean }[];
  /** Dependencies, each of a later-made object (or chart) on an earlier one. */
  readonly deps: readonly { readonly from: number; readonly to: number; readonly charts: boolean }[];
  readonly layout: YamlOutputType;
  /** Whether the app writes construct-metadata.json (which ours leaves to app.synth()). */
  readonly metadata: boolean;
  /** An object whose validation fails, if any. */
  readonly invalid: number;
}

function build(spec: AppSpec, outdir: string): App {
  const app = new App({ outdir, yamlOutputType: spec.layout, recordConstructMetadata: spec.metadata });
  const charts: Chart[] = [];
  spec.charts.forEach(({ parent, stamped }, i) => {
    const scope = parent >= 0 && parent < i ? charts[parent] : app;
    charts.push(new (stamped ? StampedChart : Chart)(scope, `c${i}`));
  });
  const objects: Construct[] = [];
  spec.objects.forEach(({ chart, grouped }, i) => {
    const scope = charts[chart % charts.length];
    const configMap = (s: Construct, id: string, name: string) =>
      new ApiObject(s, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    if (grouped) {
      const group = new Construct(scope, `g${i}`);
      configMap(group, 'a', `o${i}-a`);
      configMap(group, 'b', `o${i}-b`);
      objects.push(group);
    } else objects.push(configMap(scope, `o${i}`, `o${i}`));
    if (i === spec.invalid) objects[i].node.addValidation({ validate: () => [`object ${i} is wrong`] });
  });
  for (const { from, to, charts: ofCharts } of spec.deps) {
    const list: Construct[] = ofCharts ? charts : objects;
    if (list.length === 0) continue;
    const a = list[from % list.length];
    const b = list[to % list.length];
    if (a !== b) a.node.addDependency(b);
  }
  return app;
}

/** Every dependency between the app's constructs, as `source -> target` paths, sorted. */
function dependencies(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((c) => c.node.dependencies.map((d) => `${c.node.path} -> ${d.node.path}`))
    .sort();
}

/** What `run` wrote to its folder and the dependencies it left between constructs, or the message it threw. */
function outcome(spec: AppSpec, run: (app: App) => void): Record<string, string> | string {
  const dir = tmp();
  try {
    const app = build(spec, dir);
    run(app);
    return { ...readAll(dir), dependencies: dependencies(app).join('\n') };
  } catch (error) {
    return `error: ${(error as Error).message}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const specs: fc.Arbitrary<AppSpec> = fc.record({
  charts: fc.array(fc.record({ parent: fc.integer({ min: -1, max: 4 }), stamped: fc.boolean() }), {
    minLength: 1,
    maxLength: 5,
  }),
  objects: fc.array(fc.record({ chart: fc.nat(4), grouped: fc.boolean() }), { maxLength: 10 }),
  deps: fc.array(
    fc.record({ from: fc.nat(9), to: fc.nat(9), charts: fc.boolean() }).map((d) => ({
      ...d,
      from: Math.max(d.from, d.to),
      to: Math.min(d.from, d.to),
    })),
    { maxLength: 8 }
  ),
  // Ours handles the first two; the others are handed to app.synth().
  layout: fc.oneof(
    { arbitrary: fc.constant(YamlOutputType.FILE_PER_CHART), weight: 4 },
    { arbitrary: fc.constant(YamlOutputType.FILE_PER_RESOURCE), weight: 2 },
    fc.constant(YamlOutputType.FILE_PER_APP),
    fc.constant(YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE)
  ),
  invalid: fc.oneof({ arbitrary: fc.constant(-1), weight: 4 }, fc.nat(9)),
  metadata: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, fc.constant(true)),
});

test(
  'synthApp writes what app.synth() writes and leaves the same dependencies, or throws what it throws',
  () => {
    const parameters = fuzz.parameters(fuzz.runs(120));
    let compared = 0;
    let ordered = 0;
    fc.assert(
      fc.property(specs, (spec) => {
        const ours = outcome(spec, synthApp);
        expect(ours).toEqual(outcome(spec, (app) => app.synth()));
        if (typeof ours !== 'string') compared++;
        // Files named in chart order (0000-c0.k8s.yaml): charts depend on each other.
        if (typeof ours !== 'string' && Object.keys(ours).some((f) => f.startsWith('0001-'))) ordered++;
      }),
      parameters
    );
    // Most generated apps synthesize (the rest are dependency cycles and failed validations), many with
    // charts that depend on each other.
    expect(compared).toBeGreaterThan(parameters.numRuns! / 3);
    expect(ordered).toBeGreaterThan(parameters.numRuns! / 15);
  },
  fuzz.timeout
);

test('appManifests gives the manifests app.synthYaml() writes, or throws what it throws', () => {
  const parameters = fuzz.parameters(fuzz.runs(60));
  fc.assert(
    fc.property(specs, (spec) => {
      const yaml = (run: (app: App) => string) => {
        try {
          return run(build(spec, tmp()));
        } catch (error) {
          return `error: ${(error as Error).message}`;
        }
      };
      expect(yaml((app) => Yaml.stringify(...appManifests(app)))).toEqual(yaml((app) => app.synthYaml()));
    }),
    parameters
  );
});

/** `charts` charts with a Job each; `counter.runs` counts the runs of the Jobs' validations. */
function countedJobs(app: App, charts: number, counter: { runs: number }): void {
  for (let c = 0; c < charts; c++) {
    const job = new BatchJob(new Chart(app, `team-${c}`), 'job', {
      name: `job-${c}`,
      containers: [{ image: 'busybox:1.36' }],
    });
    job.node.addValidation({ validate: () => (counter.runs++, []) });
  }
}

test('synthToDirectory validates each construct once; cdk8s validates the whole app again per chart', () => {
  const cdk8s = { runs: 0 };
  const app = new App({ outdir: tmp() });
  countedJobs(app, 5, cdk8s);
  app.synth();
  expect(cdk8s.runs).toBe(6 * 5);
  const ours = { runs: 0 };
  synthToDirectory((a) => countedJobs(a, 5, ours), {
    outdir: tmp(),
    throwOnError: true,
    printWarnings: false,
  });
  expect(ours.runs).toBe(5);
});

test('toYaml(app) gives what our writer gave for app.synthYaml()', () => {
  const jobs = (app: App) => {
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new BatchJob(a, 'x', { name: 'x', containers: [{ image: 'busybox:1.36', args: ['0o755'] }] });
    new BatchJob(b, 'y', { name: 'y', containers: [{ image: 'busybox:1.36' }] });
    a.node.addDependency(b);
    return app;
  };
  const yaml = toYaml(jobs(new App({ outdir: tmp() })));
  expect(yaml).toBe(withOurYaml(() => jobs(new App({ outdir: tmp() })).synthYaml()));
  expect(yaml.indexOf('name: y')).toBeLessThan(yaml.indexOf('name: x'));
  expect(yaml).toContain('"0o755"');
});

test("toYaml(chart) writes the chart's toJson(), its own override included", () => {
  const app = new App({ outdir: tmp() });
  const chart = new StampedChart(app, 'stamped');
  new BatchJob(chart, 'x', { name: 'x', containers: [{ image: 'busybox:1.36' }] });
  const yaml = toYaml(chart);
  expect(yaml).toContain('name: stamped-stamp');
  expect(yaml.match(/^kind: .*/gm)).toEqual(['kind: Job', 'kind: ConfigMap']);
});
