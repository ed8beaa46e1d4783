/**
 * `npm run docs`: regenerates the generated parts of the documentation, each between its markers:
 * - docs/gpu.md: the GPU mode × stack table, and docs/platforms.md: the prop × platform table and the console
 *   defaults and deliberate differences tables, all rendered by the constructs' own code (scripts/tables/);
 * - docs/batch-job.md: the target Kubernetes version table, from the feature gates (scripts/tables/versions.ts);
 * - bench/README.md: the benchmark sections, and README.md: the short performance summary, both from
 *   bench/results.json.
 * Tests fail when one of them is stale (test/gpu-job.test.ts, test/platforms.test.ts,
 * test/bench-report.test.ts, test/bench-process-report.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { processSection, withProcessSection } from '../bench/process-report';
import { BenchResults, withBenchSection, withBenchSummary } from '../bench/report';
import { withGpuTable } from './tables/gpu';
import { withPlatformTable } from './tables/platforms';
import { withConsoleDefaultsTables } from './tables/console-defaults';
import { withVersionTable } from './tables/versions';

const ROOT = path.join(__dirname, '..');

/** Rewrites `file` (relative to the repository) with `regenerate`, when that changes it. */
function rewrite(file: string, regenerate: (text: string) => string): void {
  const at = path.join(ROOT, file);
  const before = fs.readFileSync(at, 'utf8');
  const after = regenerate(before);
  if (after !== before) fs.writeFileSync(at, after);
  console.log(`${file}: ${after === before ? 'up to date' : 'regenerated'}`);
}

const bench = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf8')) as BenchResults;

rewrite('docs/gpu.md', withGpuTable);
rewrite('docs/platforms.md', (text) => withConsoleDefaultsTables(withPlatformTable(text)));
rewrite('docs/batch-job.md', withVersionTable);
rewrite('bench/README.md', (text) => {
  const fleet = withBenchSection(text, bench);
  return bench.fleetProcess
    ? withProcessSection(fleet, processSection(bench.fleetProcess, bench.synthProcess))
    : fleet;
});
rewrite('README.md', (text) => withBenchSummary(text, bench));
