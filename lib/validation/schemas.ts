import { type Duration, type Size } from 'cdk8s';
import * as z from 'zod';
import type { BytesAmount, CpuAmount, ResourceRef } from '../types/references';
import { compiledCheck, reportingCheck } from './compiled';
import { INT32_MAX, dnsLabelProblem, dnsSubdomainProblem, refName } from '../rules/names';
import { annotationsProblems, labelsProblems } from '../rules/metadata';
import { isCpuLike, isDuration, isPlainMap, isSize } from '../rules/plain-values';
import { CPU_EXAMPLES, bytesAmountProblem, cpuAmountProblem, sizeProblem } from '../rules/quantity-amounts';

/** A string checked by a `problem` function. */
export function checkedString(problem: (value: string) => string | undefined): z.ZodType<string> {
  // A refine (a predicate, then the message only for a bad value) rather than a superRefine: zod's
  // compiled validator calls a predicate directly, but builds a payload for every superRefine call.
  return z.string().refine((value) => !problem(value), { error: (issue) => problem(issue.input as string) });
}

export const dnsLabel = (max = 63) => checkedString((v) => dnsLabelProblem(v, max));
export const dnsSubdomain = checkedString(dnsSubdomainProblem);

/**
 * A map's entries checked by `values`: like `z.record(z.string(), values)`, but on every own key, as
 * the renderers read them (zod's record leaves a `__proto__` key, which `JSON.parse('{"__proto__": 1}')`
 * makes, out of what it checks). Issues are at `[key, ...]`, as a record's are.
 */
export function everyEntry(values: z.ZodType) {
  const check = compiledCheck(values);
  return (map: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (!isPlainMap(map)) return;
    const keys = Object.keys(map);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const result = check(map[key]);
      if (result.success) continue;
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue);
      }
    }
  };
}

/** A map's keys checked by `pattern`. */
export function everyKey(pattern: RegExp, message: string) {
  return (map: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (!isPlainMap(map)) return;
    for (const key of Object.keys(map)) {
      if (!pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message });
    }
  };
}

/**
 * A map of strings (every own key, `__proto__` included: see {@link everyEntry}), then the map's own rules
 * in `refine`, which sees every entry (values that are not strings included).
 */
export const stringMap = (
  refine?: (map: Record<string, unknown>, ctx: z.RefinementCtx) => void
): z.ZodType<Record<string, string>> =>
  z.custom<Record<string, string>>(isPlainMap, { message: 'must be a map of strings' }).check(
    reportingCheck((map, ctx) => {
      const keys = Object.keys(map);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (typeof map[key] !== 'string')
          ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string' });
      }
      refine?.(map, ctx);
    })
  );

/** Kubernetes labels: qualified-name keys, label values. */
export const labelsSchema = stringMap((labels, ctx) => {
  for (const { about, key, message } of labelsProblems(labels)) {
    ctx.addIssue({ code: 'custom', message, path: [key!], ...(about === 'key' ? { params: { key } } : {}) });
  }
});

/** Kubernetes annotations: qualified-name keys, total size ≤ 256 KiB. */
export const annotationsSchema = stringMap((annotations, ctx) => {
  for (const { key, message } of annotationsProblems(annotations)) {
    ctx.addIssue(
      key === undefined
        ? { code: 'custom', message }
        : { code: 'custom', message, path: [key], params: { key } }
    );
  }
});

/** A whole number in [min, max]. */
export function int(min: number, max = INT32_MAX, what = 'a whole number'): z.ZodType<number> {
  return z
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/** `toSeconds` options, one object for every duration checked. */
const NOT_INTEGRAL = { integral: false } as const;

/** A cdk8s Duration of whole seconds in [minSeconds, maxSeconds]. */
export function durationSchema(minSeconds: number, maxSeconds = INT32_MAX): z.ZodType<Duration> {
  return z
    .custom<Duration>(isDuration, { message: 'must be a cdk8s Duration (e.g. Duration.minutes(30))' })
    .check(
      reportingCheck((d, ctx) => {
        const seconds = d.toSeconds(NOT_INTEGRAL);
        if (!Number.isInteger(seconds))
          ctx.addIssue({ code: 'custom', message: 'must be a whole number of seconds' });
        else if (seconds < minSeconds)
          ctx.addIssue({ code: 'custom', message: `must be at least ${minSeconds}s` });
        else if (seconds > maxSeconds)
          ctx.addIssue({ code: 'custom', message: `must be at most ${maxSeconds}s` });
      })
    );
}

export const sizeSchema = z
  .custom<Size>(isSize, {
    message: 'must be a cdk8s Size (e.g. Size.mebibytes(512))',
  })
  .refine((v) => !sizeProblem(v), { error: (issue) => sizeProblem(issue.input as Size) });

/** An amount of CPU: a quantity string or a cdk8s-plus `Cpu`, whose amount is a quantity. */
export const cpuAmountSchema: z.ZodType<CpuAmount> = z
  .custom<CpuAmount>((v) => typeof v === 'string' || isCpuLike(v), {
    message: `must be ${CPU_EXAMPLES}, or a cdk8s-plus Cpu (e.g. Cpu.millis(250))`,
  })
  .refine((v) => !cpuAmountProblem(v), { error: (issue) => cpuAmountProblem(issue.input as CpuAmount) });

/** An amount of memory or storage: a quantity string of whole bytes or a cdk8s `Size`. */
export const bytesAmountSchema: z.ZodType<BytesAmount> = z
  .custom<BytesAmount>((v) => typeof v === 'string' || isSize(v), {
    message: 'must be a Kubernetes quantity such as "512Mi" or a cdk8s Size (e.g. Size.mebibytes(512))',
  })
  .refine((v) => !bytesAmountProblem(v), {
    error: (issue) => bytesAmountProblem(issue.input as BytesAmount),
  });

/** `a Secret`, `an Ingress`. */
function aKind(kind: string): string {
  return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/**
 * A name or a reference to an object of `kind` (a cdk8s-plus resource of any version, or any object
 * with a `name`; a `kind`, when present, must be `kind`).
 */
export function namedRefSchema(kind: string): z.ZodType<ResourceRef | string> {
  return z
    .custom<ResourceRef | string>(
      (v) => typeof v === 'string' || typeof (v as { name?: unknown } | null)?.name === 'string',
      { message: `must be a name or a cdk8s-plus ${kind}` }
    )
    .check(
      reportingCheck((ref, ctx) => {
        const message = dnsSubdomainProblem(refName(ref));
        if (message) ctx.addIssue({ code: 'custom', message: `name ${message}` });
        const given = typeof ref === 'string' ? undefined : ref.kind;
        if (typeof given === 'string' && given !== kind) {
          ctx.addIssue({ code: 'custom', message: `must be ${aKind(kind)}, not ${aKind(given)}` });
        }
      })
    );
}

/** An instance of a class, also one with a private constructor (value classes). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function instanceOf<T>(cls: Function & { prototype: T }, message: string): z.ZodType<T> {
  return z.custom<T>((v) => v instanceof cls, { message });
}
