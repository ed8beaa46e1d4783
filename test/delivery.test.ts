import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import {
  ArgoCdApplication,
  ArgoCdApplicationProps,
  ArgoCdHook,
  ArgoCdHookDeletePolicy,
  BatchJob,
  BatchJobProps,
  CronBatch,
  JobBase,
  JobPattern,
  KUSTOMIZATION_FILE,
  OutputLayout,
  ReapplyPolicy,
  RestartPolicy,
  Schedule,
  synthToDirectory,
  ValidationError,
} from '../lib';
import { buildExamples } from '../apps';
import { canonicalJson, contentHash } from '../lib/render/content-hash';

const root = path.join(__dirname, '..');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-delivery-'));
const container = {
  name: 'pi',
  image: 'perl:5.34.0',
  command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
};
const PI: BatchJobProps = {
  name: 'pi',
  pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 }),
  backoffLimit: 4,
  containers: [container],
};

function renderedJob(props: BatchJobProps) {
  const chart = Testing.chart();
  new BatchJob(chart, 'job', props);
  return Testing.synth(chart).find((o) => o.kind === 'Job');
}
const nameOf = (props: BatchJobProps) => renderedJob(props).metadata.name as string;

describe('rename on change (the default re-apply policy)', () => {
  test('the name is <name>-<8 hex digits> and stable across synths', () => {
    expect(nameOf(PI)).toMatch(/^pi-[0-9a-f]{8}$/);
    expect(nameOf(PI)).toBe(nameOf({ ...PI }));
  });

  test('the hash is the SHA-256 of the canonical JSON, as UTF-8', () => {
    const value = { b: 'é 漢字 \u{1F600}', a: [1, { z: null }] };
    const sha256 = createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
    expect(contentHash(value)).toBe(sha256.slice(0, 8));
  });

  test.each<[string, BatchJobProps]>([
    ['the image', { ...PI, containers: [{ ...container, image: 'perl:5.36.0' }] }],
    ['the command', { ...PI, containers: [{ ...container, command: ['perl', '-v'] }] }],
    ['an env value', { ...PI, containers: [{ ...container, env: { A: '1' } }] }],
    ['completions', { ...PI, pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 2 }) }],
    ['parallelism', { ...PI, pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 1 }) }],
    ['backoffLimit', { ...PI, backoffLimit: 5 }],
    ['activeDeadline', { ...PI, activeDeadline: Duration.minutes(5) }],
    ['ttlAfterFinished', { ...PI, ttlAfterFinished: Duration.hours(1) }],
    ['restartPolicy', { ...PI, restartPolicy: RestartPolicy.ON_FAILURE }],
    ['a label', { ...PI, labels: { team: 'a' } }],
    ['a pod label', { ...PI, podLabels: { team: 'a' } }],
    ['the description', { ...PI, description: 'digits' }],
    ['the namespace', { ...PI, namespace: 'other' }],
    [
      'the work items',
      { ...PI, pattern: JobPattern.indexed({ completions: 2, parallelism: 2, workItems: ['a', 'c'] }) },
    ],
  ])('changing %s changes the name', (_field, changed) => {
    expect(nameOf(changed)).not.toBe(nameOf(PI));
    expect(nameOf(changed)).toMatch(/^pi-[0-9a-f]{8}$/);
  });

  test('every example Job changes name when its spec changes, and keeps it when unchanged', () => {
    const names = (mutate: boolean) => {
      const app = Testing.app();
      buildExamples(app);
      if (mutate) {
        for (const job of app.node.findAll().filter((c): c is JobBase => c instanceof JobBase)) {
          job.addInitContainer({ name: 'changed', image: 'busybox:1.36' });
        }
      }
      return app.charts.flatMap((c) => Testing.synth(c)).filter((o) => o.kind === 'Job');
    };
    const before = names(false);
    const again = names(false);
    const after = names(true);
    expect(again.map((j) => j.metadata.name)).toEqual(before.map((j) => j.metadata.name));
    for (const [i, job] of before.entries()) {
      const renamed = job.metadata.annotations?.['argocd.argoproj.io/hook'] === undefined;
      expect(after[i].metadata.name === job.metadata.name).toBe(!renamed);
    }
  });

  test('changing only the work items changes the name (the spec names their ConfigMap but does not hold them)', () => {
    // GIVEN two indexed Jobs whose rendered Job specs are equal; only the ConfigMap's data differs
    const indexed = (workItems: string[]) => ({
      ...PI,
      pattern: JobPattern.indexed({ completions: 2, workItems }),
    });
    const one = renderedJob(indexed(['a', 'b']));
    const other = renderedJob(indexed(['a', 'B']));
    // THEN
    expect(other.spec).toEqual(one.spec);
    expect(other.metadata.name).not.toBe(one.metadata.name);
    expect(renderedJob(indexed(['a', 'b'])).metadata.name).toBe(one.metadata.name);
  });

  test('a name too long for the hash is cut deterministically instead of failing', () => {
    const long = 'a'.repeat(60) + '-bc';
    const name = nameOf({ ...PI, name: long });
    expect(name).toMatch(/^a{54}-[0-9a-f]{8}$/);
    expect(name).toHaveLength(63);
    expect(nameOf({ ...PI, name: long })).toBe(name);
  });

  test('indexed Jobs leave room for "-<index>" in pod hostnames', () => {
    const name = nameOf({ ...PI, name: 'a'.repeat(63), pattern: JobPattern.indexed({ completions: 100 }) });
    expect(`${name}-99`.length).toBeLessThanOrEqual(63);
  });

  test('the work-items ConfigMap keeps the base name', () => {
    const chart = Testing.chart();
    new BatchJob(chart, 'job', {
      ...PI,
      pattern: JobPattern.indexed({ completions: 2, workItems: ['a', 'b'] }),
    });
    const [configMap, job] = Testing.synth(chart);
    expect(configMap.metadata.name).toBe('pi-work-items');
    expect(job.metadata.name).toMatch(/^pi-[0-9a-f]{8}$/);
    expect(job.metadata.labels['cdk8s-batch.io/job']).toBe('pi');
  });
});

describe('fixed-name re-apply policies', () => {
  test.each<[string, ReapplyPolicy, Record<string, string>]>([
    ['fixedName', ReapplyPolicy.fixedName(), {}],
    ['argoCdReplace', ReapplyPolicy.argoCdReplace(), { 'argocd.argoproj.io/sync-options': 'Replace=true' }],
    [
      'argoCdForceReplace',
      ReapplyPolicy.argoCdForceReplace(),
      { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' },
    ],
    [
      'argoCdHook',
      ReapplyPolicy.argoCdHook(),
      { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' },
    ],
  ])('%s keeps the name and renders its Argo CD annotations', (_name, reapply, annotations) => {
    const job = renderedJob({ ...PI, reapply });
    expect(job.metadata.name).toBe('pi');
    expect(job.metadata.annotations).toEqual({ 'cdk8s-batch.io/pod-security': 'restricted', ...annotations });
  });

  test('CronBatch has no re-apply policy: its jobTemplate is mutable', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new CronBatch(chart, 'cron', {
          schedule: Schedule.daily(),
          containers: [container],
          ...({ reapply: ReapplyPolicy.fixedName() } as object),
        })
    ).toThrow("(props): unknown prop 'reapply'");
  });
});

describe('Argo CD options', () => {
  test('hooks, delete policies, waves and sync options render as annotations on Jobs and CronJobs', () => {
    const argoCd = {
      hooks: [ArgoCdHook.PRE_SYNC, ArgoCdHook.SYNC_FAIL],
      hookDeletePolicies: [ArgoCdHookDeletePolicy.HOOK_SUCCEEDED, ArgoCdHookDeletePolicy.HOOK_FAILED],
      syncWave: -2,
      syncOptions: ['Prune=false'],
    };
    const expected = {
      'argocd.argoproj.io/hook': 'PreSync,SyncFail',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded,HookFailed',
      'argocd.argoproj.io/sync-wave': '-2',
      'argocd.argoproj.io/sync-options': 'Prune=false',
    };
    expect(renderedJob({ ...PI, argoCd }).metadata.annotations).toMatchObject(expected);
    const chart = Testing.chart();
    new CronBatch(chart, 'cron', { schedule: Schedule.daily(), containers: [container], argoCd });
    expect(Testing.synth(chart)[0].metadata.annotations).toMatchObject(expected);
  });

  test.each<[string, object, string]>([
    [
      'an unknown hook',
      { hooks: ['PreDeploy'] },
      'argoCd.hooks[0]: must be one of PreSync, Sync, PostSync, SyncFail, PostDelete, Skip',
    ],
    [
      'an unknown delete policy',
      { hooks: [ArgoCdHook.SYNC], hookDeletePolicies: ['Always'] },
      'argoCd.hookDeletePolicies[0]: must be one of HookSucceeded, HookFailed, BeforeHookCreation',
    ],
    [
      'a fractional wave',
      { syncWave: 1.5 },
      'argoCd.syncWave: must be a whole number (negative allowed) (got 1.5)',
    ],
    [
      'delete policies without a hook',
      { hookDeletePolicies: [ArgoCdHookDeletePolicy.HOOK_FAILED] },
      'argoCd.hookDeletePolicies: only applies with hooks',
    ],
    [
      'Replace in syncOptions',
      { syncOptions: ['Replace=true'] },
      'argoCd.syncOptions[0]: comes from the reapply policy: use ReapplyPolicy.argoCdReplace() or .argoCdForceReplace() (got "Replace=true")',
    ],
    [
      'an unknown sync option',
      { syncOptions: ['Turbo=true'] },
      'argoCd.syncOptions[0]: must be a resource-level Argo CD sync option',
    ],
  ])('fails on %s', (_what, argoCd, line) => {
    expect(() => renderedJob({ ...PI, argoCd: argoCd as never })).toThrow(ValidationError);
    expect(() => renderedJob({ ...PI, argoCd: argoCd as never })).toThrow(line);
  });

  test('fails when a hook is set both by the re-apply policy and by argoCd.hooks', () => {
    expect(() =>
      renderedJob({ ...PI, reapply: ReapplyPolicy.argoCdHook(), argoCd: { hooks: [ArgoCdHook.POST_SYNC] } })
    ).toThrow(
      'argoCd.hooks: conflicts with reapply: ReapplyPolicy.argoCdHook(...) sets the hook; set it in one place'
    );
  });
});

describe('ArgoCdApplication', () => {
  const app = (props: Partial<ArgoCdApplicationProps>) => {
    const chart = new Chart(Testing.app(), 'argocd');
    new ArgoCdApplication(chart, 'app', {
      name: 'batch',
      repoUrl: 'https://git.example.com/org/repo.git',
      ...props,
    });
    return Testing.synth(chart)[0];
  };

  test('renders an argoproj.io/v1alpha1 Application with documented defaults', () => {
    expect(app({})).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'batch', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://git.example.com/org/repo.git', targetRevision: 'HEAD', path: 'dist' },
        destination: { server: 'https://kubernetes.default.svc' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
      },
    });
  });

  test('renders a named cluster, a manual sync and a config-management plugin', () => {
    const spec = app({
      destination: { name: 'prod', namespace: 'jobs' },
      automated: false,
      plugin: 'cdk8s-batch',
    }).spec;
    expect(spec.destination).toEqual({ name: 'prod', namespace: 'jobs' });
    expect(spec.syncPolicy.automated).toBeUndefined();
    expect(spec.source.plugin).toEqual({ name: 'cdk8s-batch' });
  });

  test.each<[string, Partial<ArgoCdApplicationProps>, string]>([
    ['no repoUrl', { repoUrl: undefined }, 'repoUrl: is required: the Git repository URL'],
    ['a repoUrl that is not a Git URL', { repoUrl: 'repo' }, 'repoUrl: must be a Git URL'],
    [
      'server and name',
      { destination: { server: 'https://k8s', name: 'prod' } },
      'destination: give server or name, not both',
    ],
    [
      'an unknown sync option',
      { syncOptions: ['Turbo=true'] },
      'syncOptions[0]: must be an Argo CD sync option',
    ],
    [
      'prune without automated sync',
      { automated: false, prune: true },
      'automated: prune and selfHeal only apply to automated sync',
    ],
    ['an absolute path', { path: '/dist' }, 'path: must be a relative path inside the repository'],
  ])('fails on %s', (_what, props, line) => {
    expect(() => app(props)).toThrow(ValidationError);
    expect(() => app(props)).toThrow(line);
  });
});

describe('output', () => {
  test('dist/ has a Kustomization listing every manifest, and no kustomization.yaml that would break apply -f', () => {
    const dist = path.join(root, 'dist');
    const manifests = fs.readdirSync(dist).filter((f) => f.endsWith('.yaml'));
    const kustomization = fs.readFileSync(path.join(dist, KUSTOMIZATION_FILE), 'utf8');
    for (const f of manifests) expect(kustomization).toContain(`  - ${f}\n`);
    expect(manifests).not.toContain('kustomization.yaml');
    expect(kustomization).not.toContain('argocd/');
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const withKubectl = kubectl.status === 0 ? test : test.skip;
  if (kubectl.status !== 0) console.warn('kubectl not found: skipping the `kubectl kustomize dist/` test');

  withKubectl('`kubectl kustomize dist/` renders every resource of dist/', () => {
    const out = execFileSync('kubectl', ['kustomize', path.join(root, 'dist')], { encoding: 'utf8' });
    const kinds = out.split('\n').filter((l) => /^kind: /.test(l));
    const expected = fs
      .readdirSync(path.join(root, 'dist'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => fs.readFileSync(path.join(root, 'dist', f), 'utf8'))
      .join('\n---\n')
      .split('\n')
      .filter((l) => /^kind: /.test(l));
    expect(kinds.sort()).toEqual(expected.sort());
  });

  test('the file-per-resource layout writes <Kind>.<name>.k8s.yaml and a matching Kustomization', () => {
    const outdir = path.join(tmp(), 'dist');
    const { files } = synthToDirectory(buildExamples, { outdir, layout: OutputLayout.FILE_PER_RESOURCE });
    expect(files).toContain('CronJob.nightly-report.k8s.yaml');
    expect(files.some((f) => /^Job\.pi-[0-9a-f]{8}\.k8s\.yaml$/.test(f))).toBe(true);
    const kustomization = fs.readFileSync(path.join(outdir, KUSTOMIZATION_FILE), 'utf8');
    for (const f of files.filter((x) => x.endsWith('.yaml'))) expect(kustomization).toContain(`  - ${f}\n`);
  });

  test('`npm run synth -- --stdout` prints every manifest of dist/ (for the Argo CD plugin)', () => {
    const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['apps/main.ts', '--stdout'], {
      cwd: root,
      encoding: 'utf8',
    });
    const kinds = out.split('\n').filter((l) => /^kind: /.test(l)).length;
    const distKinds = fs
      .readdirSync(path.join(root, 'dist'))
      .filter((f) => f.endsWith('.yaml'))
      .map(
        (f) =>
          fs
            .readFileSync(path.join(root, 'dist', f), 'utf8')
            .split('\n')
            .filter((l) => /^kind: /.test(l)).length
      )
      .reduce((a, b) => a + b, 0);
    expect(kinds).toBe(distKinds);
  });
});

describe('users snapshot test in docs/delivery.md', () => {
  test('is the test file we run', () => {
    const page = fs.readFileSync(path.join(root, 'docs', 'delivery.md'), 'utf8');
    const file = fs.readFileSync(path.join(__dirname, 'users-snapshot.test.ts'), 'utf8');
    const shown = file
      .replace("from '../lib/testing'", "from 'cdk8s-batch/testing'")
      .replace("from '../lib'", "from 'cdk8s-batch'");
    expect(page).toContain(shown.trim());
  });
});
