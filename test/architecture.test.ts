/**
 * The layout is the design (docs/architecture.md): the construct library in `lib/`, the command line and its
 * manifest checker in `cli/`. `cli/` may use `lib/`, never the other way round, and inside `lib/` every import
 * runs down the floors below. This test reads the import statements of every source file and fails on an
 * import that runs up (or sideways into a floor that is not below).
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** Top floor first. A file may import its own folder and any floor below its own. */
export const FLOORS: readonly string[] = [
  'cli/main',
  'cli/cli',
  'cli/commands',
  'cli/import',
  'cli/summarize',
  'cli/gpu-resources',
  'cli/check',
  'cli/read',
  'cli/command',
  'lib/index',
  'lib/testing',
  'lib/output',
  'lib/constructs',
  'lib/render',
  'lib/props',
  'lib/delivery',
  'lib/platforms',
  'lib/gpu',
  'lib/values',
  'lib/validation',
  'lib/rules',
  'lib/types',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return name.endsWith('.ts') ? [rel] : [];
  });
}

/** The floor of a file: the longest floor name that is the file's folder or the file without `.ts`. */
function floorOf(file: string): number {
  const noExt = file.replace(/\.ts$/, '');
  let best = -1;
  FLOORS.forEach((floor, i) => {
    if (
      (noExt === floor || noExt.startsWith(`${floor}/`)) &&
      (best === -1 || floor.length > FLOORS[best].length)
    )
      best = i;
  });
  return best;
}

/** Relative imports of a file (static, dynamic, type-only and re-exports), resolved to repository paths. */
function importsOf(file: string): string[] {
  const src = readFileSync(path.join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:\bfrom|\bimport\(|\brequire\()\s*'(\.{1,2}(?:\/[^']*)?)'/g)) {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
    const target = [`${base}.ts`, `${base}/index.ts`].find((c) => {
      try {
        return statSync(path.join(root, c)).isFile();
      } catch {
        return false;
      }
    });
    if (target) out.push(target);
  }
  return out;
}

const files = [...sourceFiles('lib'), ...sourceFiles('cli')];

describe('the layout', () => {
  test('every source file of lib/ and cli/ has a floor', () => {
    expect(files.filter((f) => floorOf(f) === -1)).toEqual([]);
  });

  test('no import runs up a floor (lib/ never imports cli/)', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = floorOf(file);
      for (const target of importsOf(file)) {
        const to = floorOf(target);
        if (to !== -1 && to < from)
          upward.push(`${file} -> ${target} (${FLOORS[from]} imports ${FLOORS[to]})`);
      }
    }
    expect(upward).toEqual([]);
  });

  test('the check itself sees imports (a known downward import is found)', () => {
    expect(importsOf('lib/index.ts').length).toBeGreaterThan(10);
  });
});
