import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkManifestSchema, SCHEMA_SOURCE } from './support/schema-check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests poke arbitrary fields into manifests
type Manifest = any;

function minimalJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', labels: { 'sidecar.istio.io/inject': 'false' } },
    spec: {
      completions: 2,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'pi', image: 'perl:5.34', resources: { limits: { cpu: '100m', memory: 1024 } } },
          ],
        },
      },
    },
  };
}

function paths(obj: unknown): string[] {
  return checkManifestSchema(obj).map((p) => p.path);
}

describe('checkManifestSchema (Kubernetes 1.28)', () => {
  test('the schema is the release-1.28 OpenAPI document', () => {
    expect(SCHEMA_SOURCE).toMatchObject({ kubernetesVersion: '1.28', openApiDocument: 'release-1.28' });
  });

  test('accepts a minimal valid Job', () => {
    expect(checkManifestSchema(minimalJob())).toEqual([]);
  });

  test('accepts ConfigMap, Secret, ServiceAccount and CronJob', () => {
    const job = minimalJob();
    expect(
      [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'aGk=' } },
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'sa' },
          automountServiceAccountToken: false,
        },
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'cj' },
          spec: { schedule: '*/5 * * * *', timeZone: 'Etc/UTC', jobTemplate: { spec: job.spec } },
        },
      ].flatMap(checkManifestSchema)
    ).toEqual([]);
  });

  test('rejects an unknown field at spec level', () => {
    const job = minimalJob();
    job.spec.foo = 1;
    expect(checkManifestSchema(job)).toEqual([
      { path: 'spec.foo', message: expect.stringContaining('unknown field "foo"') },
    ]);
  });

  test('rejects an unknown field inside a container', () => {
    const job = minimalJob();
    job.spec.template.spec.containers[0].bogus = true;
    expect(paths(job)).toEqual(['spec.template.spec.containers[0].bogus']);
  });

  test('rejects a wrong type', () => {
    const job = minimalJob();
    job.spec.completions = 'two';
    expect(checkManifestSchema(job)).toEqual([
      { path: 'spec.completions', message: 'must be an integer, got string "two"' },
    ]);
  });

  test('rejects a missing required field', () => {
    const job = minimalJob();
    delete job.spec.template.spec.containers[0].name;
    expect(checkManifestSchema(job)).toEqual([
      { path: 'spec.template.spec.containers[0].name', message: 'missing required field "name"' },
    ]);
  });

  test('rejects an unknown kind', () => {
    expect(checkManifestSchema({ apiVersion: 'example.com/v1', kind: 'Widget', spec: {} })).toEqual([
      { path: 'kind', message: expect.stringContaining('no Kubernetes 1.28 schema known') },
    ]);
    expect(paths({ apiVersion: 'batch/v1beta1', kind: 'CronJob' })).toEqual(['kind']);
    expect(paths('not an object')).toEqual(['(root)']);
  });

  test('accepts fields new in 1.28 and rejects fields added after 1.28', () => {
    const job = minimalJob();
    Object.assign(job.spec, { completionMode: 'Indexed', backoffLimitPerIndex: 1, maxFailedIndexes: 2 });
    job.spec.template.spec.initContainers = [{ name: 'sidecar', image: 'busybox', restartPolicy: 'Always' }];
    expect(checkManifestSchema(job)).toEqual([]);

    job.spec.managedBy = 'kueue.x-k8s.io/multikueue'; // 1.30
    job.spec.successPolicy = { rules: [{ succeededCount: 1 }] }; // 1.30
    job.spec.template.spec.containers[0].lifecycle = { preStop: { sleep: { seconds: 5 } } }; // 1.29
    expect(paths(job).sort()).toEqual([
      'spec.managedBy',
      'spec.successPolicy',
      'spec.template.spec.containers[0].lifecycle.preStop.sleep',
    ]);
  });

  test('checks quantities, maps of strings and base64 data', () => {
    const job = minimalJob();
    job.metadata.labels.enabled = true; // YAML 1.1 reads an unquoted `yes` like this
    job.spec.template.spec.containers[0].resources.requests = { cpu: '100mm' };
    expect(paths(job)).toEqual([
      'metadata.labels.enabled',
      'spec.template.spec.containers[0].resources.requests.cpu',
    ]);
    expect(paths({ apiVersion: 'v1', kind: 'Secret', data: { a: 'not base64!' } })).toEqual(['data.a']);
  });
});

describe('dist/*.k8s.yaml against the Kubernetes 1.28 schema', () => {
  const distDir = path.join(__dirname, '..', 'dist');
  const files = readdirSync(distDir)
    .filter((f) => f.endsWith('.k8s.yaml'))
    .sort();

  test('there are synthesized manifests to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s: every object is valid', (file) => {
    const text = readFileSync(path.join(distDir, file), 'utf8');
    // kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml on go-yaml v2).
    const docs = [...parseAllDocuments(text, { version: '1.1' })];
    const results = docs
      .map((doc, index) => ({
        index,
        errors: doc.errors.map((e) => e.message),
        value: doc.toJS() as unknown,
      }))
      .filter((d) => d.errors.length > 0 || (d.value !== null && d.value !== undefined))
      .map((d) => ({
        document: d.index,
        problems: [
          ...d.errors.map((message) => ({ path: '(yaml)', message })),
          ...checkManifestSchema(d.value),
        ],
      }));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
  });
});
