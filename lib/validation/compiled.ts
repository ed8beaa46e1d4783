import * as z from 'zod';
import * as core from 'zod/v4/core';
import { AssertUnsupported, compileAssert } from './assert-compiler';

/** The result of a compiled check: valid, or zod's issues. */
export type CheckResult =
  { readonly success: true } | { readonly success: false; readonly error: z.ZodError };

const VALID: CheckResult = { success: true };

/** Every `lazily` getter, so a test can make every schema (and see it in `COMPILED_SCHEMAS`). */
const LAZY: (() => unknown)[] = [];

/**
 * `make()`, called on first use and kept. Building zod schemas at module load is a good part of
 * loading the package (zod's per-instance set-up is heavy), so what an app may never use (another job
 * kind's props schema) is built when first needed. One getter per call site (module level), so the
 * list is bounded.
 */
export function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  const get = (): T => (made ??= make());
  LAZY.push(get);
  return get;
}

/**
 * Makes every schema that is made on first use, so that `COMPILED_SCHEMAS` lists them all.
 * @internal
 */
export function makeLazySchemas(): void {
  for (let i = 0; i < LAZY.length; i++) LAZY[i]();
}

/**
 * Every schema behind a `compiledCheck`, so a test can check that each one compiles
 * (`z.compile(schema, { strict: true })`): one that does not silently falls back to zod's much
 * slower runtime parser. Schemas made on first use (`lazily`) are here once made: `makeLazySchemas()`.
 * @internal
 */
export const COMPILED_SCHEMAS: z.ZodType[] = [];

/**
 * Whether `value` passes `schema`, compiled on first use by `compileAssert` (straight-line checks that
 * copy nothing; what it does not write, zod's own compiler does). A schema neither can compile (a
 * `superRefine(..., { when })` zod's compiler refuses, or a node that refuses code generation) gets
 * `z.compile`'s fallback, zod's runtime parser. May be wrong only towards "invalid", which the caller
 * checks with the runtime parser anyway.
 */
function validator(schema: z.ZodType): (value: unknown) => boolean {
  try {
    return compileAssert(schema);
  } catch (error) {
    if (!(error instanceof AssertUnsupported)) throw error;
  }
  const compiled = z.compile(schema);
  return (value) => compiled.validate(value);
}

/**
 * `schema.safeParse` for validation only. A valid value (the common case) is answered by the
 * compiled validator (`validator`), which builds no parsed copy; only an invalid one is parsed again
 * by the runtime, for its issues. Same answers as `safeParse`.
 */
export function compiledCheck(schema: z.ZodType): (value: unknown) => CheckResult {
  COMPILED_SCHEMAS.push(schema);
  let valid: ((value: unknown) => boolean) | undefined;
  return (value) => {
    valid ??= validator(schema);
    if (valid(value)) return VALID;
    const result = schema.safeParse(value);
    return result.success ? VALID : result;
  };
}

/** How many issues the predicate form of every `reportingCheck` has counted (never reset: compared). */
let counted = 0;
/** The context a `reportingCheck` runs its function with as a predicate: it only counts issues. */
const COUNTING_CTX = {
  value: undefined,
  issues: [],
  addIssue() {
    counted++;
  },
} as unknown as z.RefinementCtx;

/**
 * `.superRefine(refine)` as a check to give `.check(...)`: zod's runtime parser runs it as the
 * superRefine it is (same issues, paths and order), while zod's compiled validator calls it as a
 * plain predicate. The compiled validator runs a superRefine through a helper that allocates a
 * payload and zod's superRefine wrapper, which allocates an `addIssue` closure per call; at 1,000
 * cold Jobs that was a good part of validation. As a predicate (`def.fn`, what `.refine(fn)` sets
 * and the compiled code calls directly) `refine` runs with a context that only counts its issues, so
 * a valid value builds no issue, path or payload. An invalid one is parsed again by the runtime for
 * its issues anyway (`compiledCheck`). `refine` must not read or rewrite `ctx.value`.
 */
export function reportingCheck<T>(
  refine: (value: T, ctx: z.RefinementCtx) => void,
  params?: core.$ZodSuperRefineParams
): core.$ZodCheck<T> {
  const fn = (value: T): boolean => {
    const before = counted;
    refine(value, COUNTING_CTX);
    return counted === before;
  };
  return z.superRefine(refine, { ...params, fn } as core.$ZodSuperRefineParams);
}
