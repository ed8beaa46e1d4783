/** `ReapplyPolicy.generateName()`: DCE's YAML example and Argo CD hooks let the API server name each Job. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import {
  ArgoCdHook,
  BatchJob,
  BatchJobProps,
  Distributed,
  JobPattern,
  JobService,
  ReapplyPolicy,
  synthToDirectory,
} from '../lib';
import { importObject } from '../cli/import/importer';
import { printExpr } from '../cli/import/expr';
import { manifestProblems } from './support/build';
import { KUBECTL, kubectlReads } from './support/kubectl';
import { expectProblem } from './support/problems';

const IMAGE = 'perl:5.34.0';

function job(props: Partial<BatchJobProps> = {}) {
  const chart = Testing.chart();
  const construct = new BatchJob(chart, 'job', {
    reapply: ReapplyPolicy.generateName(),
    containers: [{ image: IMAGE }],
    ...props,
  });
  return { construct, manifest: Testing.synth(chart)[0] };
}

describe('ReapplyPolicy.generateName()', () => {
  test('renders metadata.generateName "<name>-" and no metadata.name', () => {
    const { manifest } = job({ name: 'helm-operation' });
    expect(manifest.metadata.generateName).toBe('helm-operation-');
    expect(manifest.metadata.name).toBeUndefined();
    expect(manifest.metadata.labels['cdk8s-batch.io/job']).toBe('helm-operation');
  });

  test('the manifest passes validate (the API server names it generateName[:58] + 5 characters)', () => {
    const { manifest } = job({ name: 'a'.repeat(57) });
    expect(manifestProblems(manifest)).toEqual([]);
  });

  test('an indexed Job keeps its pod hostnames "<name>-xxxxx-<index>" DNS labels', () => {
    const { manifest } = job({ name: 'a'.repeat(54), pattern: JobPattern.indexed({ completions: 100 }) });
    expect(manifestProblems(manifest)).toEqual([]);
  });

  test('a derived name leaves room for the API server suffix', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'x'.repeat(80), {
      reapply: ReapplyPolicy.generateName(),
      containers: [{ image: IMAGE }],
    });
    const prefix: string = Testing.synth(chart)[0].metadata.generateName;
    expect(prefix.length).toBe(58);
    expect(prefix.endsWith('-')).toBe(true);
  });

  test('as an Argo CD hook: the hook annotation, and Argo CD names it', () => {
    const { manifest } = job({ name: 'smoke-test', argoCd: { hooks: [ArgoCdHook.POST_SYNC] } });
    expect(manifest.metadata.generateName).toBe('smoke-test-');
    expect(manifest.metadata.annotations['argocd.argoproj.io/hook']).toBe('PostSync');
  });

  test('objectName throws: nothing can refer to the Job by name', () => {
    const { construct } = job({ name: 'etl' });
    expect(() => construct.objectName).toThrow(
      'test/job: objectName: ReapplyPolicy.generateName() leaves the name to the API server (generateName "etl-"), ' +
        'so nothing can refer to this Job by name'
    );
  });

  test('fails when the name leaves no room for the API server suffix', () => {
    expectProblem(
      () => job({ name: 'a'.repeat(58) }),
      'name: must be at most 57 characters with ReapplyPolicy.generateName(): the API server adds 5 characters ' +
        `to "<name>-", and the Job name must stay within 63 (got "${'a'.repeat(58)}")`
    );
  });

  test('fails when an indexed name leaves no room for the suffix and the index', () => {
    expectProblem(
      () => job({ name: 'a'.repeat(55), pattern: JobPattern.indexed({ completions: 100 }) }),
      'name: must be at most 54 characters with ReapplyPolicy.generateName(): the API server adds 5 characters ' +
        `to "<name>-" and the pods' "-<index>" hostname suffix, and the Job name must stay within 63 (got "${'a'.repeat(55)}")`
    );
  });

  test('fails when an Argo CD hook name leaves no room for "<revision>-<phase>-<time>"', () => {
    expectProblem(
      () => job({ name: 'a'.repeat(36), argoCd: { hooks: [ArgoCdHook.POST_SYNC] } }),
      'name: must be at most 35 characters with ReapplyPolicy.generateName(): Argo CD adds 27 characters to ' +
        `"<name>-", and the Job name must stay within 63 (got "${'a'.repeat(36)}")`
    );
  });

  test('fails with Argo CD settings but no hook (Argo CD supports generateName only for hooks)', () => {
    expectProblem(
      () => job({ argoCd: { syncWave: 1 } }),
      'argoCd: Argo CD syncs a resource without a name only as a hook (generateName is supported for hooks only, ' +
        'argoproj/argo-cd#1639): add argoCd.hooks, or use ReapplyPolicy.argoCdHook() for a named hook (got {"syncWave":1})'
    );
  });

  test('fails with work items, a ConfigMap a second create finds already there', () => {
    expectProblem(
      () => job({ pattern: JobPattern.indexed({ completions: 2, workItems: ['a', 'b'] }) }),
      'reapply: ReapplyPolicy.generateName() cannot be combined with work items: they are a ConfigMap created ' +
        'beside the Job (<name>-work-items), which a second create finds already there; use ' +
        'ReapplyPolicy.renameOnChange() (got a ReapplyPolicy)'
    );
  });

  test.each<[string, Partial<BatchJobProps>]>([
    ['service', { service: JobService.clusterIp({ ports: [{ port: 80 }] }) }],
    ['distributed', { distributed: Distributed.pytorch({ nodes: 2 }) }],
  ])('fails with %s, whose Service selects the pods by the Job name', (key, props) => {
    expectProblem(
      () => job(props),
      `reapply: ReapplyPolicy.generateName() cannot be combined with ${key}: the Service selects the pods by ` +
        "the Job's name, which the API server only picks at create; use ReapplyPolicy.renameOnChange() " +
        '(got a ReapplyPolicy)'
    );
  });

  test('two Jobs with the same prefix are not duplicates (each create is a new object)', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-gen-')), 'dist');
    const result = synthToDirectory(
      (app) => {
        const chart = new Chart(app, 'created');
        for (const id of ['a', 'b'])
          new BatchJob(chart, id, {
            name: 'run',
            reapply: ReapplyPolicy.generateName(),
            containers: [{ image: IMAGE }],
          });
        new BatchJob(new Chart(app, 'applied'), 'c', { containers: [{ image: IMAGE }] });
      },
      { outdir, throwOnError: true, printWarnings: false }
    );
    expect(result.files).toEqual(['Kustomization', 'applied.k8s.yaml', 'created.k8s.yaml']);
    // THEN the Kustomization lists only what kubectl apply takes, and says how to create the rest
    expect(fs.readFileSync(path.join(outdir, 'Kustomization'), 'utf8')).toBe(
      [
        '# Generated by cdk8s-batch: `kubectl apply -k <this folder>` applies every manifest listed here.',
        '# Not listed, its objects have generateName (kubectl apply refuses them): kubectl create -f created.k8s.yaml',
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - applied.k8s.yaml',
        '',
      ].join('\n')
    );
    if (KUBECTL) {
      const read = kubectlReads(path.join(outdir, 'created.k8s.yaml')) as {
        metadata: Record<string, unknown>;
      }[];
      expect(read.map((o) => o.metadata.generateName)).toEqual(['run-', 'run-']);
    }
  });
});

describe('import of generateName', () => {
  const input = (metadata: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: IMAGE }] } } },
  });

  test('an object with only generateName "<prefix>-" becomes ReapplyPolicy.generateName() with name <prefix>', () => {
    const o = importObject(input({ generateName: 'helm-operation-', namespace: 'gpu-operator' }), new Set());
    const code = printExpr(o.props).replace(/\s+/g, ' ');
    expect(code).toContain("name: 'helm-operation'");
    expect(code).toContain('reapply: ReapplyPolicy.generateName()');
    expect(o.escapeHatches).toEqual([]);
    expect(o.notReproduced).toEqual([]);
  });

  test('with a name too, the API server ignores generateName: the name is kept (fixedName)', () => {
    const o = importObject(
      input({ name: 'helm-operation-abcde', generateName: 'helm-operation-' }),
      new Set()
    );
    const code = printExpr(o.props).replace(/\s+/g, ' ');
    expect(code).toContain("name: 'helm-operation-abcde'");
    expect(code).toContain('reapply: ReapplyPolicy.fixedName()');
  });
});
