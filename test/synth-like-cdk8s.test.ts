import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { BatchJob, synthToDirectory, ValidationError, Volume } from '../lib';
import { readAll } from './support/files';

/*
 * synthToDirectory in a user's program run by `cdk8s synth`: it writes where cdk8s synth says
 * ($CDK8S_OUTDIR, `-o`), with the umask's permissions, prints warnings to standard error, and reports a
 * validation error as its message and exit code 1 rather than as an uncaught exception.
 */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-synth-'));

function good(app: App): void {
  new BatchJob(new Chart(app, 'reports'), 'pi', { name: 'pi', containers: [{ image: 'perl:5.34.0' }] });
}

/** A job with a volume nobody mounts: valid, with a warning. */
function withWarning(app: App): void {
  new BatchJob(new Chart(app, 'reports'), 'pi', {
    name: 'pi',
    containers: [{ image: 'perl:5.34.0' }],
    volumes: [Volume.emptyDir('scratch')],
  });
}

/** A job whose name breaks the DNS label rule: a ValidationError while building. */
function badName(app: App): void {
  good(app);
  new BatchJob(new Chart(app, 'bad'), 'job', { name: 'Bad_Name', containers: [{ image: 'perl:5.34.0' }] });
}

let stderr: jest.SpyInstance;
const printed = () => stderr.mock.calls.map((args) => args.join(' ')).join('\n');
const savedOutdir = process.env.CDK8S_OUTDIR;

beforeEach(() => {
  stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  stderr.mockRestore();
  process.exitCode = undefined;
  if (savedOutdir === undefined) delete process.env.CDK8S_OUTDIR;
  else process.env.CDK8S_OUTDIR = savedOutdir;
});

describe('where the manifests go', () => {
  test('to $CDK8S_OUTDIR, which `cdk8s synth -o out` sets', () => {
    const out = path.join(tmp(), 'out');
    process.env.CDK8S_OUTDIR = out;
    const { files } = synthToDirectory(good);
    expect(files).toEqual(['Kustomization', 'reports.k8s.yaml']);
    expect(Object.keys(readAll(out))).toEqual(files);
  });

  test('to the outdir option, over $CDK8S_OUTDIR', () => {
    const dir = tmp();
    process.env.CDK8S_OUTDIR = path.join(dir, 'from-env');
    synthToDirectory(good, { outdir: path.join(dir, 'from-option') });
    expect(fs.readdirSync(dir)).toEqual(['from-option']);
  });

  test('to dist/ of the working directory without either', () => {
    delete process.env.CDK8S_OUTDIR;
    const dir = tmp();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      synthToDirectory(good);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['Kustomization', 'reports.k8s.yaml']);
  });
});

describe('the output folder has the permissions the umask gives, as cdk8s gives its own', () => {
  test.each([
    [0o022, 0o755],
    [0o027, 0o750],
  ])('umask %o: mode %o, for the folder and its subfolders', (umask, mode) => {
    const previous = process.umask(umask);
    try {
      const outdir = path.join(tmp(), 'dist');
      synthToDirectory(good, { outdir, subfolders: { argocd: good } });
      expect(fs.statSync(outdir).mode & 0o777).toBe(mode);
      expect(fs.statSync(path.join(outdir, 'argocd')).mode & 0o777).toBe(mode);
      expect(fs.statSync(path.join(outdir, 'reports.k8s.yaml')).mode & 0o777).toBe(mode & 0o666);
    } finally {
      process.umask(previous);
    }
  });
});

describe('warnings', () => {
  test('are printed to standard error, one line each, and returned', () => {
    const { warnings } = synthToDirectory(withWarning, { outdir: path.join(tmp(), 'dist') });
    expect(warnings).toEqual([
      { path: 'reports/pi', message: 'volume "scratch" is not mounted by any container' },
    ]);
    expect(printed()).toBe('warning: [reports/pi] volume "scratch" is not mounted by any container');
  });

  test('are only returned with printWarnings: false', () => {
    const { warnings } = synthToDirectory(withWarning, {
      outdir: path.join(tmp(), 'dist'),
      printWarnings: false,
    });
    expect(warnings).toHaveLength(1);
    expect(stderr).not.toHaveBeenCalled();
  });
});

describe('a validation error', () => {
  test('prints its message, not a stack trace, sets exit code 1, and leaves the output as it was', () => {
    // GIVEN a previous good synth
    const outdir = path.join(tmp(), 'dist');
    synthToDirectory(good, { outdir });
    const before = readAll(outdir);
    // WHEN a build throws a ValidationError
    const result = synthToDirectory(badName, { outdir });
    // THEN its message is printed, alone
    expect(result.error).toBeInstanceOf(ValidationError);
    expect(printed()).toBe(result.error!.message);
    expect(printed()).toMatch(
      /^invalid BatchJob at 'bad\/job' \(1 problem\):\n {2}- name: must be a DNS-1123 label/
    );
    expect(printed()).not.toMatch(/\n\s+at /);
    expect(process.exitCode).toBe(1);
    expect(result.files).toEqual([]);
    expect(readAll(outdir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('found at synth (a Job without a container) is printed the same way', () => {
    const outdir = path.join(tmp(), 'dist');
    const result = synthToDirectory((app) => new BatchJob(new Chart(app, 'empty'), 'job'), { outdir });
    expect(printed()).toBe(
      'Validation failed with the following errors:\n' +
        '  [empty/job] containers: a Job needs at least one container; pass containers or call addContainer()'
    );
    expect(process.exitCode).toBe(1);
    expect(result.error).toBeInstanceOf(Error);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('is thrown, and nothing printed, with throwOnError: true', () => {
    expect(() => synthToDirectory(badName, { outdir: path.join(tmp(), 'dist'), throwOnError: true })).toThrow(
      ValidationError
    );
    expect(stderr).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });

  test('other errors (a bug, a file that cannot be written) are thrown, with their stack', () => {
    const bug = () => {
      throw new TypeError('x is not a function');
    };
    expect(() => synthToDirectory(bug, { outdir: path.join(tmp(), 'dist') })).toThrow(TypeError);
    expect(process.exitCode).toBeUndefined();
  });
});
