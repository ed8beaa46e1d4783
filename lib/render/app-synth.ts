import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct, Node } from 'constructs';

/*
 * `app.synth()` and `app.synthYaml()` with cdk8s' whole-app passes run once per app instead of once per
 * chart. cdk8s (2.70) synthesizes each chart through `chart.toJson()`, which resolves the dependencies of
 * the whole app and validates every construct of it again before it orders the chart's own objects: an
 * app of 10 charts is walked 11 times over, and its synthesis grows with charts × constructs (at 10,000
 * Jobs in 10 charts, about 300–400 ms of a whole process). These functions do what those passes do, once,
 * from cdk8s' public API (`DependencyGraph`, `Names`, `node.validate()`, `node.addDependency()`), and
 * write the same files in the same order, with the same errors. A chart that overrides `toJson()` is
 * synthesized by its own `toJson()`; output types other than one file per chart or per resource, and apps
 * that record construct metadata, take `app.synth()` itself. The test `app-synth.test.ts` holds both paths
 * to the same files, dependencies and errors on apps with nested charts, dependencies and overrides.
 */

/** What `app.synth()` writes, written with `Yaml.save` (which `withOurYaml` replaces by our writer). */
export function synthApp(app: App): void {
  const type = app.yamlOutputType;
  // Private in cdk8s' types; set by the App's props or CDK8S_RECORD_CONSTRUCT_METADATA=true.
  const records = (app as unknown as { recordConstructMetadata?: unknown }).recordConstructMetadata;
  if (
    records === true ||
    (type !== YamlOutputType.FILE_PER_CHART && type !== YamlOutputType.FILE_PER_RESOURCE)
  ) {
    app.synth();
    return;
  }
  fs.mkdirSync(app.outdir, { recursive: true });
  const pass = new AppPass(app);
  // app.synth(): validates, then resolves the dependencies (and names the files by whether charts depend
  // on each other), then synthesizes each chart.
  pass.validate();
  const dependant = pass.resolveDependencies();
  const charts = app.charts;
  if (type === YamlOutputType.FILE_PER_CHART) {
    charts.forEach((chart, index) => {
      const label = Names.toDnsLabel(chart);
      const name = dependant ? `${index.toString().padStart(4, '0')}-${label}` : label;
      Yaml.save(path.join(app.outdir, name + app.outputFileExtension), pass.chartManifests(chart));
    });
    return;
  }
  for (const chart of charts) {
    for (const doc of pass.chartManifests(chart)) {
      if (doc === undefined) continue;
      const { kind, metadata } = doc as { kind?: unknown; metadata: { name?: unknown } };
      const fileName = `${kind}.${metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
      Yaml.save(path.join(app.outdir, fileName + app.outputFileExtension), [doc]);
    }
  }
}

/** The manifests of every chart of `app`, as `app.synthYaml()` writes them (before it writes them). */
export function appManifests(app: App): unknown[] {
  const pass = new AppPass(app);
  // app.synthYaml(): resolves the dependencies, then validates, then synthesizes each chart.
  pass.resolveDependencies();
  pass.validate();
  const docs: unknown[] = [];
  for (const chart of app.charts) docs.push(...pass.chartManifests(chart));
  return docs;
}

/**
 * Whether `chart` has a `toJson()` of its own (a subclass that adds or changes manifests): then its
 * manifests are what that returns, and neither the synthesis order here nor the YAML writer's early
 * writing (`writeAhead`) may go around it.
 */
export function overridesToJson(chart: Chart): boolean {
  return chart.toJson !== Chart.prototype.toJson;
}

/** One synthesis of an app: its constructs found once, and each construct's closest chart remembered. */
class AppPass {
  private readonly found = new Map<Node, IConstruct[]>();
  private readonly chartOfConstruct = new Map<IConstruct, Chart>();

  constructor(private readonly app: App) {
    // Closest charts, top-down: findAll() lists a construct after its scope.
    for (const c of this.findAll(app.node)) {
      if (Chart.isChart(c)) this.chartOfConstruct.set(c, c);
      else {
        const scope = c.node.scope;
        const chart = scope ? this.chartOfConstruct.get(scope) : undefined;
        if (chart) this.chartOfConstruct.set(c, chart);
      }
    }
  }

  /** `node.findAll()`, once per node (cdk8s' `SynthRequestCache`). */
  private findAll(node: Node): IConstruct[] {
    let all = this.found.get(node);
    if (all === undefined) {
      all = node.findAll();
      this.found.set(node, all);
    }
    return all;
  }

  /** `Chart.of(c)`: remembered for the constructs found, else cdk8s' own (which throws without a chart). */
  private chartOf(c: IConstruct): Chart {
    return this.chartOfConstruct.get(c) ?? Chart.of(c);
  }

  /** cdk8s' `validate(app)`: every construct's validations, all errors in one `Error`. */
  validate(): void {
    const errors: string[] = [];
    for (const child of this.findAll(this.app.node)) {
      for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
    }
    if (errors.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
  }

  /** Every construct's dependencies, as source and target pairs (cdk8s' `buildDependencies`). */
  private dependencies(): { source: IConstruct; target: IConstruct }[] {
    const deps: { source: IConstruct; target: IConstruct }[] = [];
    for (const child of this.findAll(this.app.node)) {
      for (const dep of child.node.dependencies) deps.push({ source: child, target: dep });
    }
    return deps;
  }

  /**
   * cdk8s' `resolveDependencies(app)`: a chart depends on the charts inside it and on the charts its
   * constructs depend on, and each API object on the API objects its construct depends on. Returns
   * whether any chart depends on another.
   *
   * cdk8s runs this again before each chart; once is enough. Its last step adds, for each dependency of a
   * construct `s` on `t` (those of the charts the steps before added included), a dependency of every API
   * object under `s` whose closest chart is `s`'s on every such object under `t`. Run again, it finds
   * those new dependencies, between objects with the same closest charts as `s` and `t` (so no new chart
   * dependency), and the objects under them are among those under `s` and `t`: nothing new. The test
   * `app-synth.test.ts` compares the dependencies both leave on generated apps.
   */
  resolveDependencies(): boolean {
    let dependant = false;
    const all = this.findAll(this.app.node);
    for (const parent of all) {
      if (!(parent instanceof Chart)) continue;
      for (const child of parent.node.children) {
        if (!(child instanceof Chart)) continue;
        parent.node.addDependency(child);
        dependant = true;
      }
    }
    for (const dep of this.dependencies()) {
      const sourceChart = this.chartOf(dep.source);
      const targetChart = this.chartOf(dep.target);
      if (sourceChart !== targetChart) {
        sourceChart.node.addDependency(targetChart);
        dependant = true;
      }
    }
    for (const dep of this.dependencies()) {
      const sourceChart = this.chartOf(dep.source);
      const targetChart = this.chartOf(dep.target);
      const targets = this.apiObjectsIn(dep.target, targetChart);
      const sources = this.apiObjectsIn(dep.source, sourceChart);
      for (const target of targets) {
        for (const source of sources) if (target !== source) source.node.addDependency(target);
      }
    }
    return dependant;
  }

  /** The API objects under `scope` (itself included) whose closest chart is `chart`. */
  private apiObjectsIn(scope: IConstruct, chart: Chart): IConstruct[] {
    return this.findAll(scope.node).filter((c) => c instanceof ApiObject && this.chartOf(c) === chart);
  }

  /**
   * `chart.toJson()`: the chart's own API objects (not those of charts inside it) in dependency order, as
   * JSON. A chart with its own `toJson()` is asked for it.
   */
  chartManifests(chart: Chart): unknown[] {
    if (overridesToJson(chart)) return Object.values(chart.toJson());
    return new DependencyGraph(chart.node)
      .topology()
      .filter((c) => c instanceof ApiObject && this.chartOf(c) === chart)
      .map((c) => (c as ApiObject).toJson());
  }
}
