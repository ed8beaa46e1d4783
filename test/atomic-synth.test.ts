import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { BatchJob, synthToDirectory } from '../lib';
import { readAll } from './support/files';

/*
 * Atomic output: whatever fails (construction, validation at synth, writing a file, a subfolder app,
 * the final swap of folders), the previous outdir is left byte for byte as it was, and no temporary
 * folder stays behind. (test/apps.test.ts covers a ValidationError thrown while building.)
 */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-atomic-'));

/** Two good charts. */
function good(app: App): void {
  for (const id of ['first', 'second']) {
    new BatchJob(new Chart(app, id), 'job', { containers: [{ image: 'busybox:1.36' }] });
  }
}

/** A chart whose only object fails while it is serialized, i.e. after earlier charts were written. */
function failsWhileWriting(app: App): void {
  new ApiObject(new Chart(app, 'zz-last'), 'config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config' },
    data: Lazy.any({
      produce: () => {
        throw new Error('disk full while writing');
      },
    }),
  });
}

/** An outdir holding a previous good synth, and its content. */
function previousOutput(): { outdir: string; before: Record<string, string> } {
  const outdir = path.join(tmp(), 'dist');
  synthToDirectory(good, { outdir });
  fs.writeFileSync(path.join(outdir, 'hand-written.txt'), 'kept');
  return { outdir, before: readAll(outdir) };
}

function expectUntouched(outdir: string, before: Record<string, string>): void {
  expect(readAll(outdir)).toEqual(before);
  expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
}

describe('synthToDirectory leaves the previous output untouched', () => {
  test('when writing fails after some manifests were written', () => {
    const { outdir, before } = previousOutput();
    expect(() =>
      synthToDirectory(
        (app) => {
          good(app);
          failsWhileWriting(app);
        },
        { outdir }
      )
    ).toThrow(/disk full while writing/);
    expectUntouched(outdir, before);
  });

  test('when a construct fails its synth-time validation', () => {
    const { outdir, before } = previousOutput();
    expect(() =>
      synthToDirectory(
        (app) => {
          good(app);
          new BatchJob(new Chart(app, 'empty'), 'job');
        },
        { outdir, throwOnError: true }
      )
    ).toThrow(/a Job needs at least one container/);
    expectUntouched(outdir, before);
  });

  test('when a subfolder app fails after the main app was written', () => {
    const { outdir, before } = previousOutput();
    expect(() => synthToDirectory(good, { outdir, subfolders: { extra: failsWhileWriting } })).toThrow(
      /disk full while writing/
    );
    expectUntouched(outdir, before);
  });

  test('when the build callback throws something that is not an Error', () => {
    const { outdir, before } = previousOutput();
    expect(() =>
      synthToDirectory(
        () => {
          throw 'plain string';
        },
        { outdir }
      )
    ).toThrow('plain string');
    expectUntouched(outdir, before);
  });

  test('when moving the new output into place fails', () => {
    const { outdir, before } = previousOutput();
    // GIVEN a rename of the staging folder that fails (e.g. EBUSY on Windows), seen by a fresh copy
    // of lib/output/synth.ts (its `fs` import is a copy of the module taken when it loads)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('fs') as typeof fs; // the module object itself (the import above is a copy)
    const realRename = nodeFs.renameSync;
    const rename = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).includes('.dist-tmp-'))
        throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
      return realRename(from, to);
    });
    try {
      jest.isolateModules(() => {
        // A fresh registry loads its own cdk8s too: build with that one.
        /* eslint-disable @typescript-eslint/no-require-imports */
        const cdk8s = require('cdk8s') as typeof import('cdk8s');
        const lib = require('../lib') as typeof import('../lib');
        /* eslint-enable @typescript-eslint/no-require-imports */
        const build = (app: App) =>
          new lib.BatchJob(new cdk8s.Chart(app, 'first'), 'job', { containers: [{ image: 'busybox:1.36' }] });
        expect(() => lib.synthToDirectory(build, { outdir })).toThrow(/EBUSY/);
      });
    } finally {
      rename.mockRestore();
    }
    expectUntouched(outdir, before);
  });
});

describe('synthToDirectory after the swap', () => {
  test('succeeds with a warning when the previous output cannot be deleted (read-only)', () => {
    const { outdir } = previousOutput();
    // GIVEN a delete of the previous output that fails, seen by a fresh copy of lib/output/synth.ts
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('fs') as typeof fs;
    const realRm = nodeFs.rmSync;
    const rm = jest.spyOn(nodeFs, 'rmSync').mockImplementation((target, options) => {
      if (String(target).includes('.dist-old-'))
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      return realRm(target, options);
    });
    const exitCode = process.exitCode;
    try {
      jest.isolateModules(() => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const cdk8s = require('cdk8s') as typeof import('cdk8s');
        const lib = require('../lib') as typeof import('../lib');
        /* eslint-enable @typescript-eslint/no-require-imports */
        const build = (app: App) =>
          new lib.BatchJob(new cdk8s.Chart(app, 'only'), 'job', { containers: [{ image: 'busybox:1.36' }] });
        // WHEN
        const result = lib.synthToDirectory(build, { outdir, printWarnings: false });
        // THEN the new output is in place, the old one is left beside it, and the synth succeeded
        expect(result.error).toBeUndefined();
        expect(result.files).toEqual(['Kustomization', 'only.k8s.yaml']);
        expect(result.warnings).toEqual([
          {
            path: outdir,
            message: expect.stringMatching(
              /^could not delete the previous output, left at .*\.dist-old-.*: EROFS/
            ),
          },
        ]);
      });
    } finally {
      rm.mockRestore();
    }
    expect(process.exitCode).toBe(exitCode);
    expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.startsWith('.dist-old-'))).toHaveLength(1);
  });
});

describe('synthToDirectory refuses an outdir that is not a folder, touching nothing', () => {
  test.each([
    ['a file', (p: string) => fs.writeFileSync(p, 'mine'), 'a file'],
    [
      'a symlink to a folder',
      (p: string) => fs.symlinkSync(fs.mkdtempSync(`${p}-target`), p),
      'a symbolic link',
    ],
    ['a dangling symlink', (p: string) => fs.symlinkSync(`${p}-nowhere`, p), 'a symbolic link'],
  ])('%s', (_what, make, words) => {
    // GIVEN
    const parent = tmp();
    const outdir = path.join(parent, 'dist');
    make(outdir);
    const before = fs.readdirSync(parent).sort();
    const link = fs.lstatSync(outdir).isSymbolicLink()
      ? fs.readlinkSync(outdir)
      : fs.readFileSync(outdir, 'utf8');
    // WHEN / THEN
    expect(() => synthToDirectory(good, { outdir })).toThrow(
      `synthToDirectory: ${outdir} is ${words}, not a folder; it was left as it is. Remove it or choose another outdir.`
    );
    expect(fs.readdirSync(parent).sort()).toEqual(before);
    expect(
      fs.lstatSync(outdir).isSymbolicLink() ? fs.readlinkSync(outdir) : fs.readFileSync(outdir, 'utf8')
    ).toBe(link);
  });
});
