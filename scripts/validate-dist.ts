/**
 * `npm run validate`: checks dist/ with `cdk8s-batch validate`, each folder at the Kubernetes version its
 * apps target. The example apps target 1.28 (the default) and are checked as a 1.28 API server would;
 * apps written to `dist/kube-<version>/` target that version (fields it enables, e.g. successPolicy at
 * 1.31) and are checked with `--kube-version <version>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../cli/cli';
import { nodeIo } from '../cli/read/node-io';

const DIST = 'dist';
const VERSIONED = /^kube-(1\.\d+)$/;

async function main(): Promise<number> {
  const entries = fs.readdirSync(DIST).sort();
  const rest = entries.filter((e) => !VERSIONED.test(e)).map((e) => path.join(DIST, e));
  const runs: string[][] = [
    ['validate', ...rest.filter((p) => /\.ya?ml$/.test(p) || fs.statSync(p).isDirectory())],
  ];
  for (const e of entries) {
    const version = VERSIONED.exec(e)?.[1];
    if (version) runs.push(['validate', path.join(DIST, e), '--kube-version', version]);
  }
  let code = 0;
  for (const args of runs) {
    console.log(`$ cdk8s-batch ${args.join(' ')}`);
    code = Math.max(code, await run(args, nodeIo()));
  }
  return code;
}

void main().then((code) => {
  process.exitCode = code;
});
