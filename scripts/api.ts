/**
 * `npm run api`: the public API of each entry point (`cdk8s-batch`, `cdk8s-batch/testing`), read by
 * api-extractor from the declarations tsc wrote to build/lib/ (`npm run typecheck` and `npm run build`
 * write them), offline. It
 *
 * - writes the declaration files users get, build/types/<entry>.d.ts: one file per entry point with
 *   the public declarations only (`@internal` ones trimmed, and the imports only they used);
 * - fails when a public declaration names an `@internal` one, or something its entry point does not
 *   export; when those files import anything but the peer dependencies (cdk8s, constructs: no zod, no
 *   cdk8s-plus-28); or when they do not compile in a strict project without `skipLibCheck`;
 * - compares the public API with the reviewed report, etc/<entry>.public.api.md (api-extractor's report
 *   of the `@public` declarations, imports that only `@internal` ones use left out), and fails with the
 *   difference when they differ. `npm run api -- --update` rewrites the reports.
 *
 * `--no-report` (for `npm run build`) writes and checks the declaration files without the reports.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  ExtractorMessage,
  IConfigFile,
} from '@microsoft/api-extractor';
import * as ts from 'typescript';
import { declarationFileProblems, withoutUnusedImports } from './declaration-files';

const root = path.join(__dirname, '..');

/** The entry points: tsc's declarations of each, its report name and the declaration file users get. */
const ENTRY_POINTS = [
  { name: 'cdk8s-batch', declarations: 'build/lib/index.d.ts', types: 'build/types/index.d.ts' },
  { name: 'cdk8s-batch-testing', declarations: 'build/lib/testing.d.ts', types: 'build/types/testing.d.ts' },
] as const;
type EntryPoint = (typeof ENTRY_POINTS)[number];

function configFor(base: IConfigFile, entry: EntryPoint, report: boolean): ExtractorConfig {
  const configObject: IConfigFile = {
    ...base,
    mainEntryPointFilePath: `<projectFolder>/${entry.declarations}`,
    apiReport: { ...base.apiReport!, enabled: report, reportFileName: entry.name },
    dtsRollup: { ...base.dtsRollup!, publicTrimmedFilePath: `<projectFolder>/${entry.types}` },
  };
  return ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: path.join(root, 'api-extractor.json'),
    packageJsonFullPath: path.join(root, 'package.json'),
  });
}

/** The report's TypeScript block without the imports nothing in it uses (those of `@internal` declarations). */
function cleanReport(report: string): string {
  return report.replace(/(```ts\n)([\s\S]*?)(```)/, (_, open: string, code: string, close: string) => {
    return `${open}${withoutUnusedImports(code)}${close}`;
  });
}

/**
 * Compares a fresh report with the reviewed one in etc/ (`update`: replaces it). Returns what is wrong,
 * with the difference, or undefined.
 */
function compareReport(name: string, update: boolean): string | undefined {
  const reviewed = path.join(root, 'etc', name);
  const fresh = path.join(root, 'build', 'api', name);
  const text = cleanReport(fs.readFileSync(path.join(root, 'build', 'api', 'extractor', name), 'utf8'));
  fs.writeFileSync(fresh, text);
  const before = fs.existsSync(reviewed) ? fs.readFileSync(reviewed, 'utf8') : undefined;
  if (before === text) return undefined;
  if (update) {
    fs.writeFileSync(reviewed, text);
    console.log(`api: ${path.relative(root, reviewed)} updated`);
    return undefined;
  }
  const diff = spawnSync(
    'git',
    ['diff', '--no-index', '--no-color', '--', path.relative(root, reviewed), path.relative(root, fresh)],
    { cwd: root, encoding: 'utf8' }
  );
  return (
    `the public API changed: ${path.relative(root, reviewed)} (reviewed) differs from ` +
    `${path.relative(root, fresh)} (the code). Review the difference, then run \`npm run api -- --update\` ` +
    `and commit the report with the change.\n${diff.stdout ?? ''}`
  );
}

/** Type errors of the declaration files users get, in a strict project like `cdk8s init`'s. */
function compileProblems(files: readonly string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2017,
    lib: ['lib.es2016.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

function main(args: string[]): number {
  const unknown = args.filter((a) => a !== '--update' && a !== '--no-report');
  if (unknown.length > 0) {
    console.error(`api: unknown argument ${unknown[0]} (expected --update or --no-report)`);
    return 2;
  }
  const update = args.includes('--update');
  const report = !args.includes('--no-report');
  fs.mkdirSync(path.join(root, 'build', 'api', 'extractor'), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const base = ExtractorConfig.loadFile(path.join(root, 'api-extractor.json'));
  const configs = ENTRY_POINTS.map((entry) => configFor(base, entry, report));
  // One TypeScript program for every entry point.
  const compilerState = CompilerState.create(configs[0], {
    additionalEntryPoints: configs.slice(1).map((c) => c.mainEntryPointFilePath),
  });
  const failures: string[] = [];
  ENTRY_POINTS.forEach((entry, i) => {
    const config = configs[i];
    // A local build: api-extractor writes its report to build/api/ and does not compare it.
    const result = Extractor.invoke(config, {
      localBuild: true,
      compilerState,
      messageCallback: (message: ExtractorMessage) => {
        // Progress notes and api-extractor's own report bookkeeping are not printed; problems are.
        if (
          message.logLevel === ExtractorLogLevel.Info ||
          message.logLevel === ExtractorLogLevel.Verbose ||
          message.messageId.startsWith('console-api-report')
        )
          message.handled = true;
      },
    });
    if (!result.succeeded) {
      failures.push(
        `${entry.name}: api-extractor reported ${result.errorCount} errors and ${result.warningCount} warnings`
      );
    }
    const file = path.join(root, entry.types);
    const text = withoutUnusedImports(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, text);
    for (const problem of declarationFileProblems(text, peers)) failures.push(`${entry.types}, ${problem}`);
    if (report) {
      const problem = compareReport(`${entry.name}.public.api.md`, update);
      if (problem) failures.push(problem);
    }
  });
  failures.push(...compileProblems(ENTRY_POINTS.map((e) => path.join(root, e.types))));
  for (const failure of failures) console.error(`api: ${failure}`);
  if (failures.length > 0) return 1;
  // Quiet when building: `npm pack --json` prints the build's output with its own.
  if (report) {
    console.log(
      `api: ${ENTRY_POINTS.map((e) => e.types).join(', ')} written and checked; ` +
        (update ? 'reports updated' : 'the public API matches etc/')
    );
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
