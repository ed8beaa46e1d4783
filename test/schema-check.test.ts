import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkSchema, loadSchema, SCHEMA_SOURCE } from '../cli/check/schema-check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests poke arbitrary fields into manifests
type Manifest = any;

const pkgDir = path.dirname(require.resolve('cdk8s-plus-28/package.json'));

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

const paths = (obj: unknown) => checkSchema(obj).map((p) => p.path);

describe('the schema source: cdk8s-plus-28 carries the Kubernetes 1.28.0 OpenAPI document', () => {
  test('its package.json says Kubernetes 1.28.0', () => {
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    expect(pkg.description).toContain('synthesizes Kubernetes manifests for Kubernetes 1.28.0');
    expect(SCHEMA_SOURCE).toMatchObject({ kubernetesVersion: '1.28', openApiDocument: 'k8s@1.28.0' });
  });

  test('its cdk8s.yaml imports k8s@1.28.0 (after k8s@1.27.0, whose output it overwrites)', () => {
    const imports = readFileSync(path.join(pkgDir, 'cdk8s.yaml'), 'utf8');
    expect(imports.trim().split('\n').slice(-2)).toEqual(['  - k8s@1.27.0', '  - k8s@1.28.0']);
  });

  test('the generated models have the fields new in 1.28 and none of 1.29 or 1.30', () => {
    const { models } = loadSchema();
    const fields = (name: string) => [...(models.get(name)?.fields.keys() ?? [])];
    // new in 1.28
    expect(fields('JobSpec')).toEqual(
      expect.arrayContaining(['backoffLimitPerIndex', 'maxFailedIndexes', 'podReplacementPolicy'])
    );
    expect(fields('Container')).toContain('restartPolicy');
    // new in 1.29 (SleepAction) and 1.30 (managedBy, successPolicy)
    expect(models.has('SleepAction')).toBe(false);
    expect(fields('LifecycleHandler')).not.toContain('sleep');
    expect(fields('JobSpec')).not.toEqual(expect.arrayContaining(['managedBy']));
    expect(fields('JobSpec')).not.toEqual(expect.arrayContaining(['successPolicy']));
  });

  test('every kind of the 1.28 core and batch groups is known', () => {
    const { kinds } = loadSchema();
    expect([...kinds.keys()]).toEqual(
      expect.arrayContaining(['batch/v1 Job', 'batch/v1 CronJob', 'v1 ConfigMap', 'v1 Pod', 'v1 Secret'])
    );
    expect(kinds.has('batch/v1beta1 CronJob')).toBe(false); // removed in 1.25
  });
});

describe('checkSchema (Kubernetes 1.28)', () => {
  test('accepts a minimal valid Job', () => {
    expect(checkSchema(minimalJob())).toEqual([]);
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
      ].flatMap((o) => checkSchema(o))
    ).toEqual([]);
  });

  test('rejects an unknown field at spec level, naming the definition', () => {
    const job = minimalJob();
    job.spec.foo = 1;
    expect(checkSchema(job)).toEqual([
      {
        path: 'spec.foo',
        message: 'unknown field "foo" (not in the Kubernetes 1.28 schema of JobSpec)',
        unknownField: { definition: 'io.k8s.api.batch.v1.JobSpec', field: 'foo' },
      },
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
    expect(checkSchema(job)).toEqual([
      { path: 'spec.completions', message: 'must be an integer, got string "two"' },
    ]);
  });

  test('rejects a missing required field', () => {
    const job = minimalJob();
    delete job.spec.template.spec.containers[0].name;
    expect(checkSchema(job)).toEqual([
      { path: 'spec.template.spec.containers[0].name', message: 'missing required field "name"' },
    ]);
  });

  test('accepts a pod failure rule with onExitCodes only (the 1.28.0 document wrongly requires onPodConditions)', () => {
    const job = minimalJob();
    job.spec.podFailurePolicy = {
      rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }],
    };
    expect(checkSchema(job)).toEqual([]);
  });

  test('rejects an unknown kind, a removed apiVersion and a non-object', () => {
    expect(checkSchema({ apiVersion: 'example.com/v1', kind: 'Widget', spec: {} })).toEqual([
      { path: 'apiVersion', message: 'Kubernetes 1.28 has no Widget in example.com/v1' },
    ]);
    expect(checkSchema({ apiVersion: 'batch/v1beta1', kind: 'CronJob' })).toEqual([
      {
        path: 'apiVersion',
        message: 'Kubernetes 1.28 has no CronJob in batch/v1beta1; use batch/v1',
      },
    ]);
    expect(checkSchema({ kind: 'Job' })).toEqual([
      { path: 'apiVersion', message: 'missing required field "apiVersion"' },
    ]);
    expect(paths('not an object')).toEqual(['(root)']);
  });

  test('accepts fields new in 1.28 and rejects fields added after 1.28', () => {
    const job = minimalJob();
    Object.assign(job.spec, { completionMode: 'Indexed', backoffLimitPerIndex: 1, maxFailedIndexes: 2 });
    job.spec.template.spec.initContainers = [{ name: 'sidecar', image: 'busybox', restartPolicy: 'Always' }];
    expect(checkSchema(job)).toEqual([]);

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
    expect(checkSchema(job)).toEqual([
      { path: 'metadata.labels[enabled]', message: 'must be a string, got boolean true' },
      {
        path: 'spec.template.spec.containers[0].resources.requests[cpu]',
        message: 'is not a valid quantity: "100mm"',
      },
    ]);
    expect(paths({ apiVersion: 'v1', kind: 'Secret', data: { a: 'not base64!' } })).toEqual(['data[a]']);
  });

  test('accepts status on kinds with a spec (ignored on create), not on a ConfigMap', () => {
    expect(checkSchema({ ...minimalJob(), status: { active: 1 } })).toEqual([]);
    expect(paths({ apiVersion: 'v1', kind: 'ConfigMap', status: {} })).toEqual(['status']);
  });
});
