/**
 * `npm run synth`: writes every example chart to dist/, atomically.
 * Errors print their message (not a stack) and exit non-zero; dist/ is left as it was.
 */
import { synthToDirectory } from '../lib';
import { buildExamples } from './index';

try {
  const { files, warnings } = synthToDirectory(buildExamples, { outdir: process.env.CDK8S_OUTDIR ?? 'dist' });
  for (const w of warnings) console.error(`warning: [${w.path}] ${w.message}`);
  console.log(`wrote ${files.length} files: ${files.join(', ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
