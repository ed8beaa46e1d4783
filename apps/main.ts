/**
 * `npm run synth`: writes every example chart to dist/ atomically, with a Kustomization.
 * `npm run synth -- --stdout`: prints every manifest to standard output instead (for the Argo CD
 * config-management plugin). `--per-resource`: one file per resource.
 * Errors print their message (not a stack) and exit non-zero; dist/ is left as it was.
 */
import { App } from 'cdk8s';
import { collectWarnings, OutputLayout, synthToDirectory, toYaml } from '../lib';
import { buildExamples, SEPARATE_APPS } from './index';

const args = process.argv.slice(2);
try {
  if (args.includes('--stdout')) {
    const app = buildExamples(new App());
    process.stdout.write(toYaml(app));
    for (const w of collectWarnings(app)) console.error(`warning: [${w.path}] ${w.message}`);
  } else {
    // Writes to $CDK8S_OUTDIR or dist/, prints warnings, and reports a ValidationError as its message.
    const { files, error } = synthToDirectory(buildExamples, {
      layout: args.includes('--per-resource') ? OutputLayout.FILE_PER_RESOURCE : OutputLayout.FILE_PER_CHART,
      subfolders: SEPARATE_APPS,
    });
    if (!error) console.log(`wrote ${files.length} files: ${files.join(', ')}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
