/**
 * One whole-process run of the fleet benchmark (`npm run bench -- --only=process` spawns it):
 *
 *   node build/bench/bench/process-fleet.js <ours|raw|plus> N OUTDIR
 *
 * builds N jobs in 10 charts and writes them to files in OUTDIR, the way each kind of app does it:
 * `ours` is `BatchJob` through `synthToDirectory` (our YAML writer), `raw` the same Jobs as
 * `k8s.KubeJob` through cdk8s `app.synth()`, `plus` cdk8s-plus-28's `Job` through `app.synth()`.
 * Only the variant's own modules are loaded (`ours` loads cdk8s-batch and not cdk8s-plus, the others
 * cdk8s-plus and not cdk8s-batch).
 * Prints one JSON line: the process's peak RSS as node sees it (the parent prefers GNU time's).
 */
import * as fs from 'fs';
import { App } from 'cdk8s';

export const PROCESS_VARIANTS = ['ours', 'raw', 'plus'] as const;
export type ProcessVariant = (typeof PROCESS_VARIANTS)[number];

function vmHwmKb(): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<void> {
  const [variant, nArg, outdir] = argv;
  const n = Number(nArg);
  if (!PROCESS_VARIANTS.includes(variant as ProcessVariant) || !Number.isInteger(n) || !outdir) {
    console.error('usage: process-fleet.js <ours|raw|plus> N OUTDIR');
    process.exit(2);
  }
  if (variant === 'ours') {
    const { synthToDirectory } = await import('cdk8s-batch');
    const { addOurFleet } = await import('./fleet-ours');
    synthToDirectory((app) => addOurFleet(app, 'batchJob', n), {
      outdir,
      throwOnError: true,
      printWarnings: false,
    });
  } else {
    const { addCdk8sFleet } = await import('./fleet-cdk8s');
    const app = new App({ outdir });
    addCdk8sFleet(app, variant as 'raw' | 'plus', n);
    app.synth();
  }
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, vmHwmKb: vmHwmKb() }));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
