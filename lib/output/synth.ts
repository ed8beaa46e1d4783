import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import * as z from 'zod';
import { collectWarnings, Warning } from '../validation/warnings';
import { ValidationError } from '../validation/errors';
import { hasGeneratedName, withOurYaml } from '../render/yaml';
import { synthApp } from '../render/app-synth';
import { assertUniqueObjects } from '../render/unique-objects';
import { aBoolean, argumentsCheck, aString, options as optionsSchema } from '../validation/arguments';
import { isPlainMap } from '../rules/plain-values';

/** How manifests are split into files. */
export enum OutputLayout {
  /** One `<chart>.k8s.yaml` per chart. */
  FILE_PER_CHART = 'filePerChart',
  /** One `<Kind>.<name>.k8s.yaml` per resource. */
  FILE_PER_RESOURCE = 'filePerResource',
}

/**
 * The kustomization file written next to the manifests. It is named `Kustomization` (a name
 * kustomize accepts) rather than `kustomization.yaml`: `kubectl apply -f dist/` reads every `.yaml`
 * file of the folder and would fail on a Kustomization object ("no matches for kind Kustomization").
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/** Options of `synthToDirectory`. */
export interface SynthOptions {
  /**
   * Where the manifests go. Its previous content is replaced only when synthesis succeeds.
   * @default - `$CDK8S_OUTDIR` when set (`cdk8s synth` sets it, to `-o <dir>` when given), else 'dist'
   */
  readonly outdir?: string;
  /**
   * One file per chart or per resource.
   * @default OutputLayout.FILE_PER_CHART
   */
  readonly layout?: OutputLayout;
  /**
   * Apps written to their own subfolder, outside the Kustomization and outside
   * `kubectl apply -f <outdir>/` (which does not recurse): e.g. an Argo CD Application, applied once
   * to the `argocd` namespace rather than synced with the rest.
   * @default - none
   */
  readonly subfolders?: Record<string, (app: App) => void>;
  /**
   * Throw a validation error (a `ValidationError`, or a construct's check failing at synth) instead
   * of printing it. Other errors (a bug, a file that cannot be written) are thrown either way.
   * @default false - the error's message is printed to standard error, without a stack trace,
   *   `process.exitCode` is set to 1, and the result carries the error
   */
  readonly throwOnError?: boolean;
  /**
   * Print the constructs' warnings to standard error, one line each: `warning: [<path>] <message>`.
   * @default true
   */
  readonly printWarnings?: boolean;
}

/** What `synthToDirectory` wrote. */
export interface SynthResult {
  /** The files written, relative to `outdir`, sorted. */
  readonly files: string[];
  /** Warnings raised by the constructs. */
  readonly warnings: Warning[];
  /**
   * The validation error that stopped synthesis (already printed, and `process.exitCode` set to 1);
   * nothing was written.
   * @default - none: the manifests were written
   */
  readonly error?: Error;
}

const aFunction = z.custom((v) => typeof v === 'function', { message: 'must be a function' });

/** The run-time check of `synthToDirectory`'s arguments (see validation/arguments.ts). */
const checkSynthArguments = argumentsCheck({
  type: 'synthToDirectory',
  call: 'synthToDirectory(build, options)',
  shape: () => ({
    build: aFunction,
    options: optionsSchema(
      {
        outdir: aString.optional(),
        layout: z
          .enum(OutputLayout, { error: 'must be OutputLayout.FILE_PER_CHART or FILE_PER_RESOURCE' })
          .optional(),
        subfolders: z
          .custom<Record<string, unknown>>(isPlainMap, {
            message: 'must be a map of folder names to functions',
          })
          .superRefine((folders, ctx) => {
            for (const [folder, build] of Object.entries(folders)) {
              // Below outdir: a relative path without '..' (path.join would leave the output folder).
              if (folder === '' || path.isAbsolute(folder) || folder.split(/[\\/]/).includes('..')) {
                ctx.addIssue({
                  code: 'custom',
                  path: [folder],
                  message: "must be a relative folder without '..'",
                  params: { key: folder },
                });
              }
              if (typeof build !== 'function')
                ctx.addIssue({ code: 'custom', path: [folder], message: 'must be a function' });
            }
          })
          .optional(),
        throwOnError: aBoolean.optional(),
        printWarnings: aBoolean.optional(),
      },
      { outDir: 'use outdir', yamlOutputType: 'use layout' }
    ),
  }),
});

/** Files below `dir`, as relative paths, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]
    )
    .sort();
}

/**
 * A kustomization listing the manifests, sorted, so `kubectl apply -k` applies them all. Manifests of objects
 * named by the API server (`generateName`, `ReapplyPolicy.generateName()`) are left out and listed in a
 * comment: `kubectl apply` refuses them ("cannot use generate name with apply",
 * https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/apply/apply.go); they are created with
 * `kubectl create -f`.
 */
export function kustomization(files: string[], created: readonly string[] = []): string {
  const resources = files.filter((f) => /\.ya?ml$/.test(f) && !created.includes(f)).sort();
  return [
    '# Generated by cdk8s-batch: `kubectl apply -k <this folder>` applies every manifest listed here.',
    ...[...created]
      .sort()
      .map(
        (f) =>
          `# Not listed, its objects have generateName (kubectl apply refuses them): kubectl create -f ${f}`
      ),
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    ...resources.map((f) => `  - ${f}`),
    '',
  ].join('\n');
}

/**
 * Builds a cdk8s app with `build` and writes its manifests to `outdir` atomically: the app is
 * synthesized into a temporary sibling folder, which replaces `outdir` only when every chart
 * validated and was written. A failing build leaves the previous `outdir` untouched.
 *
 * Like a cdk8s app run by `cdk8s synth`, it writes to `$CDK8S_OUTDIR` (unless `outdir` is given),
 * prints warnings to standard error, and reports a validation error as its message and exit code 1
 * (`throwOnError` to handle it yourself). The folder gets the usual permissions (0755 under the
 * common umask 022), so CI steps and tools running as other users can read it.
 */
export function synthToDirectory(build: (app: App) => void, options: SynthOptions = {}): SynthResult {
  ({ options } = checkSynthArguments({ build, options }));
  try {
    const result = synthesize(build, options);
    if (options.printWarnings ?? true) {
      for (const w of result.warnings) console.error(`warning: [${w.path}] ${w.message}`);
    }
    return result;
  } catch (error) {
    if (options.throwOnError || !isValidationFailure(error)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return { files: [], warnings: [], error };
  }
}

/** A mistake in the app's props: our `ValidationError`, or a construct's check failing at synth. */
function isValidationFailure(error: unknown): error is Error {
  return (
    error instanceof ValidationError ||
    (error instanceof Error && error.message.startsWith('Validation failed with the following errors'))
  );
}

/** A new empty folder next to `outdir`, with the permissions the umask gives (mkdtemp's are 0700). */
function stagingFolder(parent: string): string {
  for (;;) {
    const folder = path.join(parent, `.dist-tmp-${randomBytes(6).toString('hex')}`);
    try {
      fs.mkdirSync(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Refuses an `outdir` that exists and is not a folder (a file, or a symlink, even to a folder), touching nothing. */
function refuseNonFolder(outdir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(outdir);
  } catch {
    return;
  }
  if (stat.isDirectory()) return;
  const what = stat.isSymbolicLink() ? 'a symbolic link' : 'a file';
  throw new Error(
    `synthToDirectory: ${outdir} is ${what}, not a folder; it was left as it is. ` +
      'Remove it or choose another outdir.'
  );
}

function synthesize(build: (app: App) => void, options: SynthOptions): SynthResult {
  const outdir = path.resolve(options.outdir ?? (process.env.CDK8S_OUTDIR || 'dist'));
  refuseNonFolder(outdir);
  const parent = path.dirname(outdir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = stagingFolder(parent);
  try {
    const app = new App({
      outdir: staging,
      outputFileExtension: '.k8s.yaml',
      yamlOutputType:
        options.layout === OutputLayout.FILE_PER_RESOURCE
          ? YamlOutputType.FILE_PER_RESOURCE
          : YamlOutputType.FILE_PER_CHART,
    });
    build(app);
    const identities: (string | undefined)[] = [];
    const generated = new Map<string, boolean>();
    withOurYaml(() => synthApp(app), identities, staging, generated);
    assertUniqueObjects(app, identities);
    const written = fs.readdirSync(staging);
    // The files our writer saved are known without reading them back (3 MB for 1,000 Jobs); any
    // other is read.
    const created = written.filter(
      (f) =>
        /\.ya?ml$/.test(f) &&
        (generated.get(path.resolve(staging, f)) ??
          hasGeneratedName(fs.readFileSync(path.join(staging, f), 'utf8')))
    );
    fs.writeFileSync(path.join(staging, KUSTOMIZATION_FILE), kustomization(written, created));
    const warnings = collectWarnings(app);
    for (const [folder, buildSub] of Object.entries(options.subfolders ?? {})) {
      const sub = new App({
        outdir: path.join(staging, folder),
        outputFileExtension: '.k8s.yaml',
        yamlOutputType: YamlOutputType.FILE_PER_CHART,
      });
      buildSub(sub);
      withOurYaml(() => synthApp(sub), undefined, staging);
      warnings.push(...collectWarnings(sub));
    }
    const old = fs.existsSync(outdir) ? `${staging.replace('.dist-tmp-', '.dist-old-')}` : undefined;
    if (old) fs.renameSync(outdir, old);
    try {
      fs.renameSync(staging, outdir);
    } catch (error) {
      // Put the previous output back, so a failed swap leaves it as it was.
      if (old) fs.renameSync(old, outdir);
      throw error;
    }
    // The new output is in place: from here on nothing fails the synth. A previous output that cannot be
    // deleted (read-only) is left beside it, with a warning.
    if (old) {
      try {
        fs.rmSync(old, { recursive: true, force: true });
      } catch (error) {
        warnings.push({
          path: outdir,
          message: `could not delete the previous output, left at ${old}: ${(error as Error).message}`,
        });
      }
    }
    return { files: listFiles(outdir), warnings };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
