import * as fs from 'fs';
import * as path from 'path';

/** Every file below `dir`, by relative path (sorted), with its text. */
export function readAll(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    files
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')])
  );
}
