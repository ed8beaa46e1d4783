import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { Chart } from 'cdk8s';
import { BatchJob, synthToDirectory, ValidationError } from '../lib';
import { buildExamples, SEPARATE_APPS } from '../apps';
import { readAll } from './support/files';

const root = path.join(__dirname, '..');

/** One manifest per example chart, the Kustomization, and the Argo CD Application in its own folder. */
const EXPECTED_FILES = [
  'Kustomization',
  'argocd/application.k8s.yaml',
  'busybox-parallel.k8s.yaml',
  'create/helm-operation-create.k8s.yaml',
  'dce-gpu-containers.k8s.yaml',
  'echo-cron.k8s.yaml',
  'echo.k8s.yaml',
  'gpu-inference.k8s.yaml',
  'gpu-mig.k8s.yaml',
  'gpu-training.k8s.yaml',
  'helm-operation.k8s.yaml',
  'jax-multihost.k8s.yaml',
  'kitchen-sink.k8s.yaml',
  'modern/modern-job.k8s.yaml',
  'nightly-report.k8s.yaml',
  'pattern-fixed-completions.k8s.yaml',
  'pattern-fixed-parallel.k8s.yaml',
  'pattern-indexed.k8s.yaml',
  'pattern-one-off.k8s.yaml',
  'pattern-work-queue.k8s.yaml',
  'pi-ack.k8s.yaml',
  'pi-dce.k8s.yaml',
  'pi-kubesphere.k8s.yaml',
  'pi-tkestack.k8s.yaml',
  'pi.k8s.yaml',
  'presync-migration.k8s.yaml',
  'pytorch/pytorch-ddp.k8s.yaml',
  'tf-multiworker.k8s.yaml',
];
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-apps-'));

describe('example apps', () => {
  const outdir = path.join(tmp(), 'dist');
  const result = synthToDirectory(buildExamples, { outdir, subfolders: SEPARATE_APPS });
  const files = readAll(outdir);

  test('write one file per chart', () => {
    expect(result.files).toEqual(EXPECTED_FILES);
    expect(result.warnings).toEqual([]);
  });

  test.each(Object.keys(files))('%s matches its snapshot', (file) => {
    expect(files[file]).toMatchSnapshot();
  });

  test('are deterministic: a second synth is byte-identical', () => {
    const again = path.join(tmp(), 'dist');
    synthToDirectory(buildExamples, { outdir: again, subfolders: SEPARATE_APPS });
    expect(readAll(again)).toEqual(files);
  });

  test('the committed dist/ is up to date', () => {
    expect(readAll(path.join(root, 'dist'))).toEqual(files);
  });

  test('pi is the seeds’ pi Job: 2 completions, 2 in parallel, backoffLimit 4, restartPolicy Never', () => {
    const pi = files['pi.k8s.yaml'];
    expect(pi).toContain('completions: 2\n');
    expect(pi).toContain('parallelism: 2\n');
    expect(pi).toContain('backoffLimit: 4\n');
    expect(pi).toContain('restartPolicy: Never\n');
    expect(pi).toContain('print bpi(2000)');
  });
});

describe('synthToDirectory', () => {
  test('leaves the previous output untouched when the build fails', () => {
    // GIVEN a good synth
    const outdir = path.join(tmp(), 'dist');
    synthToDirectory(buildExamples, { outdir, subfolders: SEPARATE_APPS });
    const before = readAll(outdir);
    // WHEN a build throws a ValidationError
    expect(() =>
      synthToDirectory(
        (app) => {
          buildExamples(app);
          new BatchJob(new Chart(app, 'bad'), 'bad', { name: 'Bad_Name', containers: [{ image: 'x:1' }] });
        },
        { outdir, throwOnError: true }
      )
    ).toThrow(ValidationError);
    // THEN dist is as before and no temporary folder is left behind
    expect(readAll(outdir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('fails at synth when a Job has no container, writing nothing', () => {
    const outdir = path.join(tmp(), 'dist');
    expect(() =>
      synthToDirectory(
        (app) => {
          new BatchJob(new Chart(app, 'empty'), 'job');
        },
        { outdir, throwOnError: true }
      )
    ).toThrow(/containers: a Job needs at least one container/);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

test('npm run synth prints what it wrote and exits 0', () => {
  const outdir = path.join(tmp(), 'dist');
  const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['apps/main.ts'], {
    cwd: root,
    env: { ...process.env, CDK8S_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(out).toMatch(/^wrote \d+ files: /);
  expect(Object.keys(readAll(outdir))).toEqual(EXPECTED_FILES);
});
