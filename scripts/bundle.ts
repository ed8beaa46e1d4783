/**
 * Bundles what the package ships (`npm run build`, after tsc): `build/pkg/index.js` (the package's
 * main), `build/pkg/testing.js` (`cdk8s-batch/testing`) and `build/pkg/cli.js` (`npx cdk8s-batch`),
 * each one CommonJS file with zod, cronstrue and yaml inside, and
 * `build/pkg/THIRD-PARTY-NOTICES.md` with the licences of what was bundled.
 *
 * Why: loading the library as ~190 modules (ours, zod's, cronstrue) took about 115 ms of a process
 * that synthesizes 1,000 Jobs; one file, with zod's unused parts (locales, JSON Schema) left out,
 * takes about 45 ms (bench/README.md). cdk8s, constructs and cdk8s-plus-28 stay outside: the
 * user's app shares cdk8s and constructs with us (one `App`, one construct tree), and cdk8s-plus-28's
 * generated bindings load only on cdk8s' own serialization path.
 *
 * Output is not minified, so stack traces stay readable, and is deterministic (no timestamps).
 */
import { build, Metafile } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'build', 'pkg');

/** Packages the bundles load at run time instead of holding (package.json: peer dependencies and cdk8s-plus-28). */
export const EXTERNAL = ['cdk8s', 'constructs', 'cdk8s-plus-28'];

const ENTRIES: Record<string, string> = {
  index: 'lib/index.ts',
  testing: 'lib/testing.ts',
  cli: 'cli/main.ts',
};

/** The package folder (with its package.json) that holds a bundled input under node_modules. */
function packageDirOf(input: string): string | undefined {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const depth = parts[at + 1]?.startsWith('@') ? 3 : 2;
  return path.join(root, ...parts.slice(0, at + depth));
}

function licenceText(dir: string): string {
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (!file) throw new Error(`bundle: ${dir} has no licence file; check its licence before bundling it`);
  return fs.readFileSync(path.join(dir, file), 'utf8').trim();
}

/** The licences of every package bundled into any output, sorted by name. */
function notices(metafile: Metafile): string {
  const dirs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      const dir = packageDirOf(input);
      if (dir) dirs.add(dir);
    }
  }
  const sections = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        license?: string;
      };
      return { pkg, text: licenceText(dir) };
    })
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name))
    .map(
      ({ pkg, text }) =>
        `## ${pkg.name} ${pkg.version} (${pkg.license ?? 'see below'})\n\n\`\`\`\n${text}\n\`\`\`\n`
    );
  return (
    '# Third-party notices\n\n' +
    "The files in this folder bundle the following packages' code, under these licences.\n\n" +
    sections.join('\n')
  );
}

async function main(): Promise<void> {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    // zod ships ESM beside CommonJS: its ESM lets the bundler leave out what is not used.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(outdir, 'THIRD-PARTY-NOTICES.md'), notices(result.metafile));
  fs.chmodSync(path.join(outdir, 'cli.js'), 0o755);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
