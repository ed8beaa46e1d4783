/**
 * What the CLI reads (issue 15): only regular files, within byte and file limits, with one-line errors naming
 * the path. Big inputs are made at run time (sparse files, repeated strings), none is committed.
 */
import { execFileSync } from 'node:child_process';
// The module object itself (not a copy), so that jest.spyOn reaches the code under test.
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../cli/command';
import { readManifests, READ_LIMITS, ReadLimits } from '../cli/read/manifests';
import { readStream } from '../cli/read/node-io';
import { InputTooLarge } from '../cli/read/read-limits';
import { cli } from './support/cli';

const JOB = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: pi',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '      containers:',
  '        - name: main',
  '          image: perl:5.34.0',
  '',
].join('\n');

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-read-'));
const onPosix = process.platform === 'win32' ? test.skip : test;

/** A FIFO (named pipe) at `file`, made with mkfifo(1). */
function mkfifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

/** An io for readManifests that serves `stdin`. */
function io(cwd: string, stdin = ''): CliIo {
  return { out: () => undefined, err: () => undefined, cwd, env: {}, readStdin: async () => stdin };
}

const limits = (over: Partial<ReadLimits>): ReadLimits => ({ ...READ_LIMITS, ...over });

afterEach(() => jest.restoreAllMocks());

describe('only regular files are read', () => {
  onPosix('a FIFO is refused at once: nothing waits for a writer', async () => {
    const fifo = mkfifo(path.join(tmp(), 'jobs.yaml'));
    expect(await cli(['validate', fifo])).toEqual({
      code: 2,
      out: '',
      err: `cdk8s-batch validate: cannot read ${fifo}: a FIFO (named pipe), not a regular file\n`,
    });
  });

  onPosix(
    'a FIFO swapped in after the first look is refused on the open descriptor, without blocking',
    async () => {
      // GIVEN a check that saw a regular file (as if the FIFO replaced it right after)
      const dir = tmp();
      const fifo = mkfifo(path.join(dir, 'jobs.yaml'));
      const regular = fs.statSync(path.join(__dirname, '..', 'package.json'));
      const real = fs.statSync;
      const stat = jest
        .spyOn(fs, 'statSync')
        .mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) =>
          p === fifo ? regular : real(p, o)) as typeof fs.statSync);
      const open = jest.spyOn(fs, 'openSync');
      // WHEN it is read THEN the non-blocking open and fstat refuse it
      expect((await cli(['validate', 'jobs.yaml'], { cwd: dir })).err).toBe(
        'cdk8s-batch validate: cannot read jobs.yaml: a FIFO (named pipe), not a regular file\n'
      );
      expect(stat).toHaveBeenCalledWith(fifo);
      expect(open).toHaveBeenCalledWith(fifo, expect.any(Number));
    }
  );

  onPosix('a device is refused: /dev/zero would never end', async () => {
    const result = await cli(['summary', '/dev/zero']);
    expect(result.err).toBe(
      'cdk8s-batch summary: cannot read /dev/zero: a character device, not a regular file\n'
    );
    expect(result.code).toBe(2);
  });

  onPosix('a FIFO among the YAML files of a folder is refused, not skipped', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), JOB);
    mkfifo(path.join(dir, 'b.yaml'));
    mkfifo(path.join(dir, 'notes.txt')); // not a YAML name: not looked at
    expect(await cli(['validate', '.'], { cwd: dir })).toEqual({
      code: 2,
      out: '',
      err: 'cdk8s-batch validate: cannot read b.yaml: a FIFO (named pipe), not a regular file\n',
    });
  });

  onPosix('a symbolic link to a regular file is read', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'job.txt'), JOB);
    fs.symlinkSync('job.txt', path.join(dir, 'link.yaml'));
    const result = await cli(['validate', '.'], { cwd: dir });
    expect(result.out).toBe('1 object in 1 file: no findings (Kubernetes 1.28)\n');
    expect(result.code).toBe(0);
  });
});

describe('read errors are one line naming the path, exit 2', () => {
  test('a folder that cannot be listed (EACCES; as root, simulated)', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'secret'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), JOB);
    const real = fs.readdirSync;
    jest.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (String(p).endsWith('secret')) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), {
          code: 'EACCES',
        });
      }
      return real(p, o as fs.ObjectEncodingOptions & { withFileTypes: true });
    }) as typeof fs.readdirSync);
    expect(await cli(['import', '.'], { cwd: dir })).toEqual({
      code: 2,
      out: '',
      err: 'cdk8s-batch import: cannot read folder secret: permission denied (EACCES)\n',
    });
  });

  test('a file that cannot be opened (EACCES; as root, simulated)', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), JOB);
    jest.spyOn(fs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
    });
    expect((await cli(['validate', 'a.yaml'], { cwd: dir })).err).toBe(
      'cdk8s-batch validate: cannot read a.yaml: permission denied (EACCES)\n'
    );
  });

  onPosix('a symbolic link loop (ELOOP) is not "no such file"', async () => {
    const dir = tmp();
    fs.symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
    expect((await cli(['summary', 'loop.yaml'], { cwd: dir })).err).toBe(
      'cdk8s-batch summary: cannot read loop.yaml: too many levels of symbolic links (ELOOP)\n'
    );
  });

  test('a path through a file (ENOTDIR) is no such file', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), JOB);
    expect((await cli(['validate', 'a.yaml/b.yaml'], { cwd: dir })).err).toBe(
      'cdk8s-batch validate: no such file or folder: a.yaml/b.yaml\n'
    );
  });
});

describe('input size is bounded (READ_LIMITS)', () => {
  test('a file larger than maxFileBytes is refused before it is read', async () => {
    // GIVEN a sparse file one byte over the limit: nothing is written to disk
    const file = path.join(tmp(), 'huge.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, READ_LIMITS.maxFileBytes + 1);
    expect(await cli(['validate', file])).toEqual({
      code: 2,
      out: '',
      err: `cdk8s-batch validate: ${file} is larger than 96 MiB (limit maxFileBytes)\n`,
    });
  });

  test('standard input larger than maxFileBytes is refused', async () => {
    const stdin = 'x'.repeat(READ_LIMITS.maxFileBytes + 1);
    expect((await cli(['summary', '-'], { stdin })).err).toBe(
      'cdk8s-batch summary: <stdin> is larger than 96 MiB (limit maxFileBytes)\n'
    );
  });

  test('the inputs together: maxTotalBytes, standard input included', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), JOB);
    fs.writeFileSync(path.join(dir, 'b.yaml'), JOB);
    const small = limits({ maxTotalBytes: JOB.length * 2 - 1 });
    await expect(readManifests(['a.yaml', 'b.yaml'], io(dir), small)).rejects.toThrow(
      `b.yaml makes the inputs larger than ${(JOB.length * 2 - 1).toLocaleString('en-US')} bytes together (limit maxTotalBytes)`
    );
    await expect(readManifests(['a.yaml', '-'], io(dir, JOB), small)).rejects.toThrow(
      '<stdin> makes the inputs larger than'
    );
    expect(
      (await readManifests(['a.yaml', '-'], io(dir, JOB), limits({ maxTotalBytes: JOB.length * 2 }))).files
    ).toEqual(['a.yaml', '<stdin>']);
  });

  test('a file that grows after its size was taken is read only up to the limit', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), JOB);
    const real = fs.fstatSync;
    jest
      .spyOn(fs, 'fstatSync')
      .mockImplementation(((fd: number) => Object.assign(real(fd), { size: 10 })) as typeof fs.fstatSync);
    await expect(readManifests(['a.yaml'], io(dir), limits({ maxFileBytes: 100 }))).rejects.toThrow(
      'a.yaml is larger than 100 bytes (limit maxFileBytes)'
    );
  });

  test('files in folders: maxFiles', async () => {
    const dir = tmp();
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) fs.writeFileSync(path.join(dir, name), JOB);
    await expect(readManifests(['.'], io(dir), limits({ maxFiles: 2 }))).rejects.toThrow(
      `${dir}: more than 2 YAML files (limit maxFiles)`
    );
    expect((await readManifests(['.'], io(dir), limits({ maxFiles: 3 }))).files).toHaveLength(3);
  });

  test('standard input stops being read past the limit', async () => {
    // GIVEN a stream of 10 chunks of 10 bytes
    let pulled = 0;
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < 10; i++) {
          pulled++;
          yield Buffer.from('0123456789');
        }
      })()
    );
    // WHEN at most 25 bytes are wanted THEN it rejects after the third chunk and the stream is closed
    await expect(readStream(stream, 25)).rejects.toBeInstanceOf(InputTooLarge);
    expect(pulled).toBeLessThanOrEqual(4);
    expect(stream.destroyed).toBe(true);
    expect(await readStream(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 3)).toBe('abc');
  });
});
