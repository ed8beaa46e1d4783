import { ApiObject, App, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import fc from 'fast-check';
import { buildExamples } from '../apps';
import { BatchJob, CronBatch, GpuJob, JobBase, JobDefaults, Schedule, ValidationError } from '../lib';
import { canonicalJson } from '../lib/render/content-hash';
import * as kube from '../lib/render/kube';
import {
  isCanonicalJson,
  metadataJson,
  tryManifestJson,
  withNewerJobSpecFields,
} from '../lib/render/manifest-json';
import { CHART_ID, CONSTRUCT_KINDS, Scenario, validScenario } from './support/arbitraries';

/**
 * Our L1 objects serialize in one pass (lib/render/manifest-json.ts) instead of cdk8s' generic
 * resolve → sanitize → toJson_* passes. These tests hold the two to the same JSON, key order
 * included (it is the order of the YAML).
 */

/**
 * cdk8s' own serialization of an L1 object, bypassing ours, with the Job spec fields newer than
 * cdk8s-plus-28 (which its generated conversion drops) put back as the fallback path does.
 */
function standardJson(o: ApiObject): unknown {
  const base = o.kind === 'CronJob' ? k8s.KubeCronJob.prototype : k8s.KubeJob.prototype;
  return withNewerJobSpecFields(ApiObject.prototype.toJson.call(o), base.toJson.call(o), o.kind);
}

/** Every Job and CronJob of the app, with both serializations as JSON text. */
function bothPaths(app: App): { path: string; fast: string; standard: string }[] {
  return app.node
    .findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && (c.kind === 'Job' || c.kind === 'CronJob'))
    .map((o) => ({
      path: o.node.path,
      fast: JSON.stringify(o.toJson()),
      standard: JSON.stringify(standardJson(o)),
    }));
}

function build(s: Scenario): App {
  const app = Testing.app();
  const chart = new Chart(app, CHART_ID, { namespace: s.chartNamespace });
  if (s.defaults) JobDefaults.set(chart, s.defaults);
  const props = s.props as never;
  if (s.kind === 'BatchJob') new BatchJob(chart, `job-${s.id}`, props);
  else if (s.kind === 'GpuJob') new GpuJob(chart, `job-${s.id}`, props);
  else new CronBatch(chart, `job-${s.id}`, props);
  return app;
}

/** `build(s)`, or undefined for props the generator got wrong (the validation tests' business). */
function buildValid(s: Scenario): App | undefined {
  try {
    return build(s);
  } catch (error) {
    if (error instanceof ValidationError) return undefined;
    throw error;
  }
}

describe('one-pass serialization of our L1 objects', () => {
  test('gives the same JSON as cdk8s for every example app', () => {
    // GIVEN every example chart
    const app = buildExamples(Testing.app());
    // WHEN each Job and CronJob is serialized both ways
    const results = bothPaths(app);
    // THEN they agree, key order included
    expect(results.length).toBeGreaterThan(10);
    for (const r of results)
      expect({ path: r.path, json: r.fast }).toEqual({ path: r.path, json: r.standard });
  });

  test.each(CONSTRUCT_KINDS)('gives the same JSON as cdk8s for generated %s props', (kind) => {
    fc.assert(
      fc.property(validScenario(kind), (s) => {
        const app = buildValid(s);
        if (app) for (const r of bothPaths(app)) expect(r.fast).toEqual(r.standard);
      }),
      { numRuns: 25 }
    );
  });

  test('keeps JSON patches: an object with a patch takes cdk8s’ own path', () => {
    // GIVEN a patched Job
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'job', { containers: [{ image: 'busybox:1.36' }] });
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/podReplacementPolicy', 'Failed'));
    // WHEN synthesized
    const [manifest] = Testing.synth(chart);
    // THEN the patch is applied as cdk8s applies it
    expect(manifest.spec.podReplacementPolicy).toBe('Failed');
    expect(JSON.stringify(manifest)).toEqual(JSON.stringify(standardJson(ApiObject.of(job))));
  });

  test('writes metadata changed through ApiObject.metadata as cdk8s does', () => {
    // GIVEN a chart with labels and a namespace, and jobs whose L1 metadata is changed afterwards
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'team', labels: { tier: 'batch', zz: 'last' } });
    const job = new BatchJob(chart, 'job', { containers: [{ image: 'busybox:1.36' }] });
    const cron = new CronBatch(chart, 'cron', {
      schedule: Schedule.daily(),
      containers: [{ image: 'busybox:1.36' }],
    });
    const meta = ApiObject.of(job).metadata;
    meta.addLabel('0-first', 'a');
    meta.addAnnotation('example.com/owner', 'team-a');
    meta.addFinalizers('example.com/cleanup');
    meta.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1234' });
    meta.add('generateName', 'job-');
    ApiObject.of(cron).metadata.add('unknownField', { ignored: true });
    const other = new BatchJob(chart, 'other', { containers: [{ image: 'busybox:1.36' }] });
    const otherMeta = ApiObject.of(other).metadata;
    otherMeta.addFinalizers('example.com/cleanup');
    otherMeta.add('generateName', 'other-');
    otherMeta.add('uid', null);
    otherMeta.add('creationTimestamp', null);
    // WHEN each object is serialized both ways
    const results = bothPaths(app);
    // (the one-pass metadata is taken, not a fallback, and is cdk8s' metadata JSON)
    for (const o of [ApiObject.of(job), ApiObject.of(cron), ApiObject.of(other)]) {
      expect(metadataJson(o.metadata)).toBeDefined();
      expect(JSON.stringify(metadataJson(o.metadata))).toBe(JSON.stringify(o.metadata.toJson()));
    }
    // (an owner reference takes cdk8s' own path, which loads the generated bindings; the others do not)
    const bindings = jest.spyOn(kube, 'kubeBindings');
    for (const o of [ApiObject.of(cron), ApiObject.of(other)]) o.toJson();
    expect(bindings).not.toHaveBeenCalled();
    ApiObject.of(job).toJson();
    expect(bindings).toHaveBeenCalled();
    bindings.mockRestore();
    // THEN they agree, key order included, and the additions are there
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.fast).toEqual(r.standard);
    const written = JSON.parse(results.find((r) => r.path.endsWith('job/Resource'))!.fast);
    expect(written.metadata).toMatchObject({
      finalizers: ['example.com/cleanup'],
      generateName: 'job-',
      labels: { '0-first': 'a', tier: 'batch' },
      namespace: 'team',
    });
  });

  test('writes metadata our constructs build, with additions of their own kinds, as cdk8s does', () => {
    // GIVEN jobs whose L1 metadata has only the fields our constructs set (the one-pass metadata):
    // a finalizer, a generateName, an integer-like label and an annotation added afterwards
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'team', labels: { tier: 'batch' } });
    const job = new BatchJob(chart, 'job', { containers: [{ image: 'busybox:1.36' }] });
    const meta = ApiObject.of(job).metadata;
    meta.addFinalizers('example.com/cleanup');
    meta.addLabel('0-first', 'a');
    meta.addAnnotation('example.com/owner', 'team-a');
    meta.add('generateName', 'job-');
    new CronBatch(chart, 'cron', { schedule: Schedule.daily(), containers: [{ image: 'busybox:1.36' }] });
    // WHEN each object is serialized both ways
    const results = bothPaths(app);
    // THEN they agree, key order included
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.fast).toEqual(r.standard);
    expect(JSON.parse(results[0].fast).metadata).toMatchObject({
      finalizers: ['example.com/cleanup'],
      generateName: 'job-',
      labels: { '0-first': 'a', tier: 'batch' },
    });
  });

  test('keeps custom resolvers: an app with its own resolver takes cdk8s’ own path', () => {
    // GIVEN an app whose resolver rewrites one image
    const app = new App({
      resolvers: [
        {
          resolve: (context) => {
            if (context.value === 'busybox:1.36') context.replaceValue('busybox:1.37');
          },
        },
      ],
    });
    const chart = new Chart(app, 'c');
    new CronBatch(chart, 'cron', {
      schedule: Schedule.daily(),
      containers: [{ image: 'busybox:1.36' }],
    });
    // WHEN synthesized
    const [manifest] = chart.toJson();
    // THEN the resolver ran
    expect(manifest.spec.jobTemplate.spec.template.spec.containers[0].image).toBe('busybox:1.37');
  });
});

/** Plain data as a renderer may hand it over: any JSON, with `undefined` and unsorted keys. */
const plainData: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      tie('node'),
      { maxKeys: 5 }
    )
  ),
})).node;

describe('the content hash reads converted documents without a walk', () => {
  test('a document marked canonical prints exactly as the canonical walk prints it', () => {
    fc.assert(
      fc.property(plainData, (value) => {
        const json = tryManifestJson(value);
        // A copy is not marked, so canonicalJson walks it.
        if (isCanonicalJson(json)) expect(JSON.stringify(json)).toBe(canonicalJson(structuredClone(json)));
      }),
      { numRuns: 1000 }
    );
  });

  test('objects are marked; not with an array item that converts to nothing, nor an integer-like key', () => {
    expect(isCanonicalJson(tryManifestJson({ b: 1, a: [1, { d: undefined, c: 2 }] }))).toBe(true);
    expect(isCanonicalJson(tryManifestJson({ a: [1, undefined] }))).toBe(false);
    expect(isCanonicalJson(tryManifestJson({ a: [null] }))).toBe(false);
    expect(isCanonicalJson(tryManifestJson({ labels: { '': 'a', '0': 'b' } }))).toBe(false);
    expect(isCanonicalJson(structuredClone(tryManifestJson({ a: 1 })))).toBe(false);
    // A conversion made while converting (a lazy value) leaves the outer one's verdict alone.
    const inner = Lazy.any({ produce: () => (tryManifestJson({ b: 1 }), 'x') });
    expect(isCanonicalJson(tryManifestJson({ a: [undefined], c: inner }))).toBe(false);
  });

  test.each(CONSTRUCT_KINDS)(
    'a synthesized %s keeps its object name and pod security level, and synthesizes the same again',
    (kind) => {
      fc.assert(
        fc.property(validScenario(kind), (s) => {
          const app = buildValid(s);
          if (!app) return;
          const job = app.node.findAll().find((c): c is JobBase => c instanceof JobBase)!;
          // Under ReapplyPolicy.generateName() the API server names the Job: objectName throws (test/generate-name.test.ts).
          const nameOf = () => (job.reapply.kind === 'generateName' ? undefined : job.objectName);
          const before = { name: nameOf(), level: job.podSecurityLevel };
          const first = JSON.stringify(app.charts.map((c) => c.toJson()));
          // The rendered spec was released after the L1 object wrote it; reading renders it again.
          expect({ name: nameOf(), level: job.podSecurityLevel }).toEqual(before);
          expect(JSON.stringify(app.charts.map((c) => c.toJson()))).toBe(first);
        }),
        { numRuns: 25 }
      );
    }
  );
});
