import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { collectWarnings, Warning } from './private/warnings';

/** Options of `synthToDirectory`. */
export interface SynthOptions {
  /**
   * Where the manifests go. Its previous content is replaced only when synthesis succeeds.
   * @default 'dist'
   */
  readonly outdir?: string;
}

/** What `synthToDirectory` wrote. */
export interface SynthResult {
  /** The files written, relative to `outdir`, sorted. */
  readonly files: string[];
  /** Warnings raised by the constructs. */
  readonly warnings: Warning[];
}

/**
 * Builds a cdk8s app with `build` and writes its manifests to `outdir` atomically: the app is
 * synthesized into a temporary sibling folder, which replaces `outdir` only when every chart
 * validated and was written. A failing build leaves the previous `outdir` untouched.
 */
export function synthToDirectory(build: (app: App) => void, options: SynthOptions = {}): SynthResult {
  const outdir = path.resolve(options.outdir ?? 'dist');
  const parent = path.dirname(outdir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, '.dist-tmp-'));
  try {
    const app = new App({
      outdir: staging,
      outputFileExtension: '.k8s.yaml',
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
    });
    build(app);
    app.synth();
    const warnings = collectWarnings(app);
    const old = fs.existsSync(outdir) ? `${staging.replace('.dist-tmp-', '.dist-old-')}` : undefined;
    if (old) fs.renameSync(outdir, old);
    fs.renameSync(staging, outdir);
    if (old) fs.rmSync(old, { recursive: true, force: true });
    return { files: fs.readdirSync(outdir).sort(), warnings };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
