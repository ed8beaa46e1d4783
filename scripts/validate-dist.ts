/**
 * `npm run validate`: `cdk8s-batch validate` on dist/, each folder at the Kubernetes version its app was
 * synthesized for (`DIST_KUBERNETES_VERSIONS` in apps/index.ts), not at one version for all: an app that
 * targets 1.33 has fields a 1.28 API server drops, and an app for 1.28 must be checked at 1.28.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DIST_KUBERNETES_VERSIONS } from '../apps';
import { run } from '../cli/cli';
import { nodeIo } from '../cli/read/node-io';

/** One `validate` run: the paths (relative to the repository) and the version to check them at. */
export interface DistValidation {
  readonly version: string;
  readonly paths: readonly string[];
}

/**
 * The `validate` runs that check `dist` (a folder of the repository): a folder with its own version
 * alone, and dist/ itself (its files, and any folder without a version of its own) at dist/'s version.
 */
export function distValidations(dist = 'dist', root = process.cwd()): DistValidation[] {
  const own = new Set(Object.keys(DIST_KUBERNETES_VERSIONS).filter((f) => f !== ''));
  const top = readdirSync(path.join(root, dist), { withFileTypes: true })
    .filter((e) => (e.isFile() && /\.ya?ml$/.test(e.name)) || (e.isDirectory() && !own.has(e.name)))
    .map((e) => path.join(dist, e.name))
    .sort();
  return Object.entries(DIST_KUBERNETES_VERSIONS).map(([folder, version]) => ({
    version,
    paths: folder === '' ? top : [path.join(dist, folder)],
  }));
}

async function main(): Promise<void> {
  let code = 0;
  for (const { version, paths } of distValidations()) {
    code = Math.max(code, await run(['validate', '--kube-version', version, ...paths], nodeIo()));
  }
  process.exitCode = code;
}

if (require.main === module) void main();
