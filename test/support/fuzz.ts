/**
 * Seeds and run counts of the property tests.
 *
 * - `npm test`: a fixed seed, a few dozen to a few hundred runs per property (fast, reproducible).
 * - `npm run fuzz` (`FUZZ_RUNS=10000`): a random seed, printed when the run starts and in every
 *   failure message.
 * - Replay: `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx jest test/properties.test.ts -t '<test name>'`;
 *   add `FUZZ_PATH=<path>` (from fast-check's failure message) to jump straight to the shrunk case.
 */
import fc from 'fast-check';

/** The seed `npm test` uses. */
export const FIXED_SEED = 20240611;

export interface Fuzz {
  readonly seed: number;
  /** Whether FUZZ_RUNS is set (npm run fuzz). */
  readonly fuzzing: boolean;
  /** The run count: FUZZ_RUNS when fuzzing, else `normal`. */
  runs(normal: number): number;
  /** fast-check parameters for `numRuns` runs. */
  parameters(numRuns: number): fc.Parameters<unknown>;
  /** Jest timeout of one property test. */
  readonly timeout: number;
}

export function fuzzParameters(env: NodeJS.ProcessEnv = process.env): Fuzz {
  const fuzzRuns = env.FUZZ_RUNS === undefined ? undefined : Number(env.FUZZ_RUNS);
  const fuzzing = fuzzRuns !== undefined;
  const seed =
    env.FUZZ_SEED !== undefined
      ? Number(env.FUZZ_SEED)
      : fuzzing
        ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
        : FIXED_SEED;
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer (got ${env.FUZZ_SEED})`);
  if (fuzzing && (!Number.isInteger(fuzzRuns) || fuzzRuns! < 1)) {
    throw new Error(`FUZZ_RUNS must be a positive integer (got ${env.FUZZ_RUNS})`);
  }
  // Written directly, not through Jest's buffered console, so the seed shows while the run goes on.
  if (fuzzing) process.stderr.write(`fuzzing with FUZZ_SEED=${seed} FUZZ_RUNS=${fuzzRuns}\n`);
  return {
    seed,
    fuzzing,
    runs: (normal) => fuzzRuns ?? normal,
    parameters: (numRuns) => ({ seed, numRuns, ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}) }),
    timeout: fuzzing ? 6 * 60 * 60 * 1000 : 60_000,
  };
}

/** How to replay a failed property. */
export function replayHint(parameters: fc.Parameters<unknown>): string {
  const name = expect.getState().currentTestName ?? '';
  return (
    `Replay with: FUZZ_SEED=${parameters.seed} FUZZ_RUNS=${parameters.numRuns} ` +
    `npx jest ${expect.getState().testPath ?? ''} -t '${name.replace(/'/g, "'\\''")}'` +
    ' (add FUZZ_PATH=<path> from the message above to start at the shrunk counterexample)'
  );
}
