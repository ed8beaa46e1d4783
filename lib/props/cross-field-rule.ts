import * as z from 'zod';

/** Reports one problem: its path (relative to the checked value), message and optional zod params. */
export type Report = (path: PropertyKey[], message: string, params?: Record<string, unknown>) => void;

/**
 * One cross-field rule of a props object: a name that says what it checks, and the check. A check must
 * be safe on invalid input (it checks the types it reads) and reports each problem through `report`.
 */
export interface CrossFieldRule<T> {
  readonly name: string;
  check(value: T, report: Report): void;
}

/** A `report` that adds each problem to zod's `ctx` as a custom issue. */
export function reporter(ctx: z.RefinementCtx): Report {
  return (path, message, params) =>
    ctx.addIssue(
      params === undefined ? { code: 'custom', path, message } : { code: 'custom', path, message, params }
    );
}

/** Runs `rules` in order on `value`: problems are reported in the order of the rules. */
export function runRules<T>(rules: readonly CrossFieldRule<T>[], value: T, report: Report): void {
  // An index loop: `for...of` allocates an iterator result per step in code V8 has not optimized,
  // which all of this is at 1,000 cold jobs. The rules' index loops over constant lists (container
  // lists, probe kinds, versioned fields, map keys) are there for the same reason.
  for (let i = 0; i < rules.length; i++) rules[i].check(value, report);
}
