import { z } from 'zod';

/** The result of a compiled check: valid, or zod's issues. */
export type CheckResult =
  { readonly success: true } | { readonly success: false; readonly error: z.ZodError };

const VALID: CheckResult = { success: true };

/**
 * Every schema behind a `compiledCheck`, so a test can check that each one compiles
 * (`z.compile(schema, { strict: true })`): one that does not silently falls back to zod's much
 * slower runtime parser.
 * @internal
 */
export const COMPILED_SCHEMAS: z.ZodType[] = [];

/**
 * `schema.safeParse` for validation only. A valid value (the common case) is answered by zod's
 * compiled validator (`z.compile`, compiled on first use), which builds no parsed copy; only an
 * invalid one is parsed again by the runtime, for its issues. Same answers as `safeParse`.
 */
export function compiledCheck(schema: z.ZodType): (value: unknown) => CheckResult {
  COMPILED_SCHEMAS.push(schema);
  let compiled: z.ZodType | undefined;
  return (value) => {
    compiled ??= z.compile(schema);
    if (compiled.validate(value)) return VALID;
    const result = schema.safeParse(value);
    return result.success ? VALID : result;
  };
}
