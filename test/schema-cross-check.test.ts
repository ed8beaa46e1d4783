/**
 * Cross-check of the runtime 1.28 schema (`cli/check/schema-check.ts`, read from cdk8s-plus-28's `k8s@1.28.0`
 * import) against an independent generation of the same API: `@kubernetes/client-node` 0.20.0's `release-1.28`
 * models (`test/support/schema-check.ts`, OpenAPI Generator). Both must describe the same fields and give the
 * same verdicts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkSchema, loadSchema, NOT_REQUIRED, SchemaType } from '../cli/check/schema-check';
import { parseManifests, yamlFilesIn } from '../cli/read/manifests';
import { checkManifestSchema, loadModel, SUPPORTED_KINDS, TypeRef } from './support/schema-check';
import { schemaExtensionsFor } from '../cli/check/schema-versions';
import type { KubeVersion } from '../lib/rules/kube-versions';
import { distValidations } from '../scripts/validate-dist';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hand-made bad manifests
type Manifest = any;

/** The kinds both checkers know: `apiVersion kind` → client-node model. */
const ROOTS: ReadonlyArray<[string, string]> = [
  ['batch/v1 Job', 'V1Job'],
  ['batch/v1 CronJob', 'V1CronJob'],
  ['v1 ConfigMap', 'V1ConfigMap'],
  ['v1 Secret', 'V1Secret'],
  ['v1 ServiceAccount', 'V1ServiceAccount'],
  ['v1 Pod', 'V1Pod'],
  ['v1 PersistentVolumeClaim', 'V1PersistentVolumeClaim'],
  ['v1 Service', 'V1Service'],
  ['rbac.authorization.k8s.io/v1 Role', 'V1Role'],
  ['rbac.authorization.k8s.io/v1 RoleBinding', 'V1RoleBinding'],
];

function ours(t: SchemaType): string {
  if (t.kind === 'array' || t.kind === 'map') return `${t.kind}<${ours(t.of)}>`;
  return t.kind === 'model' ? 'model' : t.kind;
}

function theirs(t: TypeRef): string {
  if (t.kind === 'array' || t.kind === 'map') return `${t.kind}<${theirs(t.of)}>`;
  if (t.kind === 'model') return 'model';
  return t.kind === 'object' ? 'any' : t.kind;
}

const innerOurs = (t: SchemaType): SchemaType =>
  t.kind === 'array' || t.kind === 'map' ? innerOurs(t.of) : t;
const innerTheirs = (t: TypeRef): TypeRef => (t.kind === 'array' || t.kind === 'map' ? innerTheirs(t.of) : t);

/**
 * Every difference between the two descriptions of the models reachable from `ROOTS`, as
 * `definition#field: what differs`, and the number of models compared.
 */
function compareModels(): { differences: string[]; compared: number } {
  const schema = loadSchema();
  const differences: string[] = [];
  const seen = new Set<string>();
  const walk = (ourName: string, theirName: string, top: boolean) => {
    if (seen.has(ourName)) return;
    seen.add(ourName);
    const model = top ? schema.kinds.get(ourName)! : schema.models.get(ourName)!;
    const other = loadModel(theirName).fields;
    for (const key of new Set([...model.fields.keys(), ...other.keys()])) {
      const a = model.fields.get(key);
      const b = other.get(key);
      const where = `${model.definition}#${key}`;
      if (!a || !b) {
        differences.push(`${where}: only in ${a ? 'cdk8s-plus-28' : 'client-node'}`);
        continue;
      }
      if (a.required !== b.required) differences.push(`${where}: required ${a.required} vs ${b.required}`);
      if (ours(a.type) !== theirs(b.type)) differences.push(`${where}: ${ours(a.type)} vs ${theirs(b.type)}`);
      const ia = innerOurs(a.type);
      const ib = innerTheirs(b.type);
      if (ia.kind === 'model' && ib.kind === 'model') walk(ia.name, ib.name, false);
    }
  };
  for (const [kind, model] of ROOTS) walk(kind, model, true);
  return { differences, compared: seen.size };
}

/** `a.b[0]["x.y"]` (client-node checker) and `a.b[0][x.y]` (runtime checker) → the same tokens. */
function tokens(p: string): string {
  const out: string[] = [];
  for (const m of p.matchAll(/\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[([^\]]*)\]/g)) {
    out.push(m[1] ?? m[2] ?? (m[3] !== undefined ? (JSON.parse(m[3]) as string) : m[4]));
  }
  return out.join(' › ');
}

const pathsOld = (obj: unknown) =>
  checkManifestSchema(obj)
    .map((p) => tokens(p.path))
    .sort();
const pathsNew = (obj: unknown) =>
  checkSchema(obj)
    .map((p) => tokens(p.path))
    .sort();

function job(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', labels: { app: 'pi' } },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'pi', image: 'perl:5.34', resources: { limits: { cpu: '100m' } } }],
          volumes: [{ name: 'scratch', emptyDir: {} }],
        },
      },
    },
  };
}

/** Hand-made bad objects: each breaks the 1.28 schema in its own way. */
const BAD: ReadonlyArray<[string, () => Manifest]> = [
  ['an unknown spec field', () => ({ ...job(), spec: { ...job().spec, foo: 1 } })],
  [
    'an unknown container field',
    () => {
      const j = job();
      j.spec.template.spec.containers[0].bogus = true;
      return j;
    },
  ],
  ['a string where an integer goes', () => ({ ...job(), spec: { ...job().spec, completions: 'two' } })],
  [
    'a container without its required name',
    () => {
      const j = job();
      delete j.spec.template.spec.containers[0].name;
      return j;
    },
  ],
  [
    'a boolean label value (YAML 1.1 yes)',
    () => ({ ...job(), metadata: { name: 'pi', labels: { on: true } } }),
  ],
  [
    'a malformed quantity',
    () => {
      const j = job();
      j.spec.template.spec.containers[0].resources.requests = { cpu: '100mm' };
      return j;
    },
  ],
  [
    'Secret data that is not base64',
    () => ({ apiVersion: 'v1', kind: 'Secret', data: { a: 'not base64!' } }),
  ],
  [
    'fields added after 1.28',
    () => {
      const j = job();
      j.spec.managedBy = 'kueue.x-k8s.io/multikueue';
      j.spec.successPolicy = { rules: [{ succeededCount: 1 }] };
      j.spec.template.spec.containers[0].lifecycle = { preStop: { sleep: { seconds: 5 } } };
      return j;
    },
  ],
  [
    'a map where a list goes',
    () => {
      const j = job();
      j.spec.template.spec.containers = { main: { image: 'x' } };
      return j;
    },
  ],
  [
    'a string port number',
    () => {
      const j = job();
      j.spec.template.spec.containers[0].ports = [{ containerPort: '80' }];
      return j;
    },
  ],
  [
    'a CronJob job template without its pod template',
    () => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { schedule: '@daily', jobTemplate: { spec: {} } },
    }),
  ],
  ['a number in ConfigMap data', () => ({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 1 } })],
  [
    'null in a list',
    () => {
      const j = job();
      j.spec.template.spec.containers[0].env = [null];
      return j;
    },
  ],
  [
    'a fraction where an integer goes',
    () => {
      const j = job();
      j.spec.template.spec.tolerations = [
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1.5 },
      ];
      return j;
    },
  ],
  [
    'a boolean size limit and a fractional probe port',
    () => {
      const j = job();
      j.spec.template.spec.volumes[0].emptyDir = { sizeLimit: true };
      j.spec.template.spec.containers[0].livenessProbe = { tcpSocket: { port: 1.5 } };
      return j;
    },
  ],
  [
    'a PVC storage request in the wrong unit',
    () => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gb' } } },
    }),
  ],
  ['a string where a list goes', () => ({ apiVersion: 'v1', kind: 'ServiceAccount', imagePullSecrets: 'x' })],
];

describe('runtime schema (cdk8s-plus-28, k8s@1.28.0) vs client-node 0.20.0 (release-1.28)', () => {
  test('describe the same fields, types and required fields in every reachable model', () => {
    const { differences, compared } = compareModels();
    expect(compared).toBeGreaterThan(100);
    // The only differences are deliberate: the runtime checker requires apiVersion and kind, `cdk8s import`
    // drops status (accepted unchecked on kinds with a spec), and the API server accepts two "required" fields
    // left out (NOT_REQUIRED; client-node agrees on onPodConditions).
    const expected = (d: string) =>
      /#(apiVersion|kind): required true vs false$/.test(d) ||
      /#status: any vs model$/.test(d) ||
      [...NOT_REQUIRED].some((f) => d === `${f}: required false vs true`);
    expect(differences.filter((d) => !expected(d))).toEqual([]);
  });

  test.each(BAD)('agree on %s', (_what, make) => {
    const obj = make();
    const expected = pathsOld(obj);
    expect(expected.length).toBeGreaterThan(0);
    expect(pathsNew(obj)).toEqual(expected);
  });

  test('agree that every dist/ object of a kind both know is valid, at the version its app targets', () => {
    const root = path.join(__dirname, '..');
    const dist = path.join(root, 'dist');
    const runs = distValidations('dist', root).flatMap(({ version, paths }) =>
      paths
        .map((p) => path.join(root, p))
        .flatMap((p) => (statSync(p).isDirectory() ? yamlFilesIn(p) : [p]))
        .flatMap((file) => parseManifests(readFileSync(file, 'utf8'), file))
        .map((d) => ({ obj: d.value as Manifest, version: version as KubeVersion }))
        .filter(({ obj: v }) => v && SUPPORTED_KINDS.includes(`${v.apiVersion} ${v.kind}`))
    );
    expect(runs.length).toBeGreaterThanOrEqual(readdirSync(dist).filter((f) => f.endsWith('.yaml')).length);
    for (const { obj, version } of runs) {
      expect({ name: obj.metadata?.name, problems: checkManifestSchema(obj, version) }).toEqual({
        name: obj.metadata?.name,
        problems: [],
      });
      expect({ name: obj.metadata?.name, problems: checkSchema(obj, schemaExtensionsFor(version)) }).toEqual({
        name: obj.metadata?.name,
        problems: [],
      });
    }
  });
});
