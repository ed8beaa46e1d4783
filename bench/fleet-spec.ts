/**
 * What every variant of the benchmark fleet shares (`fleet-ours.ts`, `fleet-cdk8s.ts`): a module of
 * its own that loads nothing, so each whole-process run (`process-fleet.ts`) loads only what its kind
 * of app would.
 */

/**
 * Jobs are spread over this many charts whatever N is (think: one chart per team). cdk8s'
 * `app.synth()` re-validates the whole app once per chart (`App._synthChart`), so its synth cost grows
 * with charts × constructs (`synthToDirectory` does those passes once); a fixed chart count keeps
 * t(10,000)/t(1,000) a measure of the per-job cost.
 */
export const CHARTS = 10;

export const NAMESPACE = 'batch';
export const WORKER_IMAGE = (i: number) => `registry.example.com/team/worker:1.${i % 50}.0`;
export const UPLOADER_IMAGE = 'registry.example.com/team/uploader:2.0.0';
export const BUCKET = (i: number) => `reports-${i % 10}`;
