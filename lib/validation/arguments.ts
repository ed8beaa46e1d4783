import * as z from 'zod';
import { compiledCheck } from './compiled';
import { withCrossFieldRules } from './cross-field';
import { HIDDEN_VALUE } from '../rules/credentials';
import { ValidationError } from './errors';
import { problemsOf, readPlainData } from './parse';
import { isDuration, isPlainMap, isSize } from '../rules/plain-values';

/*
 * The run-time check of a value class's factory (`Probe.http(options)`, `Volume.emptyDir(name,
 * options)`, ...): what TypeScript checks at compile time, for JavaScript callers and casts. An options
 * object gets the same treatment as props: unknown keys are named with a did-you-mean hint, and a class
 * instance is refused; every argument must have the right type (a number is finite, a BigInt is not a
 * number); what a factory cannot read (see `plain-data.ts`) is reported. The rules about values (ranges,
 * names, what a GPU stack can express) stay with the construct that uses the value object, which names
 * the prop it is in.
 *
 * A problem throws one `ValidationError` located at the call, e.g.
 *
 *     invalid Probe at 'Probe.http(options)' (1 problem):
 *       - options: unknown prop 'initialDelaySeconds' (use initialDelay: Duration.seconds(n))
 */

/** A string. */
export const aString = z.string();
/** A finite number (not NaN, not ±Infinity, not a BigInt). */
export const aNumber = z.number();
/** true or false. */
export const aBoolean = z.boolean();
/** A list of strings. */
export const strings = z.array(z.string());
/** A cdk8s `Duration` (of any cdk8s copy). */
export const aDuration = z.custom(isDuration, {
  message: 'must be a cdk8s Duration (e.g. Duration.seconds(10))',
});
/** A cdk8s `Size` (of any cdk8s copy). */
export const aSize = z.custom(isSize, { message: 'must be a cdk8s Size (e.g. Size.gibibytes(1))' });
/** A map of strings, every own key counted (`__proto__` too). */
export const aStringMap = z
  .custom<Record<string, unknown>>(isPlainMap, { message: 'must be a map of strings' })
  .superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (typeof map[key] !== 'string')
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string' });
    }
  });

/** A name, or an object of `kind` referred to by its `name` (a cdk8s-plus resource of any version). */
export function aNameOrRef(kind: string): z.ZodType {
  return z.custom(
    (v) =>
      typeof v === 'string' ||
      (v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string'),
    { message: `must be a name or a cdk8s-plus ${kind}` }
  );
}

/**
 * The shapes of the schemas `options` made, for `argumentsCheck`'s fast schema (`fastSchema`). One
 * entry per `options` call, made once per factory (its `shape` is built on first use), never per call.
 */
const OPTIONS_SHAPES = new WeakMap<z.ZodType, z.ZodRawShape>();

/**
 * An options object: a plain object with these keys only. An unknown key gets the hint of `hints`, or the
 * known key it is probably a typo of.
 */
export function options(shape: z.ZodRawShape, hints: Readonly<Record<string, string>> = {}): z.ZodType {
  const schema = withCrossFieldRules(z.strictObject(shape), () => undefined, hints);
  OPTIONS_SHAPES.set(schema, shape);
  return schema;
}

/**
 * `schema` with every `options` object in it (also in a list or optional) as a strict object that
 * must be a plain map: accepts exactly what `schema` accepts, and compiles to one validator. The
 * schema of `options` itself runs zod's runtime check around a second compiled validator (a
 * superRefine, which zod's compiled code calls with a made-up payload), and makes the did-you-mean
 * hints, which only a value with a problem needs.
 */
function fastSchema(schema: z.ZodType): z.ZodType {
  const shape = OPTIONS_SHAPES.get(schema);
  // The plain-map test comes first (a refine of the object would see zod's copy of it, always plain).
  if (shape !== undefined) return z.custom(isPlainMap).pipe(z.strictObject(fastShape(shape)));
  if (schema instanceof z.ZodOptional) {
    const inner = schema.unwrap() as z.ZodType;
    const fast = fastSchema(inner);
    return fast === inner ? schema : fast.optional();
  }
  if (schema instanceof z.ZodArray) {
    const element = schema.element as z.ZodType;
    const fast = fastSchema(element);
    return fast === element ? schema : schema.clone({ ...schema._zod.def, element: fast });
  }
  return schema;
}

function fastShape(shape: z.ZodRawShape): z.ZodRawShape {
  const fast: Record<string, z.ZodType> = {};
  for (const key of Object.keys(shape)) fast[key] = fastSchema(shape[key] as z.ZodType);
  return fast;
}

/** What `argumentsCheck` checks a call's arguments with. */
export interface ArgumentsSchema {
  /** The value class named in errors, e.g. `Probe`. */
  readonly type: string;
  /** The call, as errors locate it, e.g. `Probe.http(options)`. */
  readonly call: string;
  /** One schema per argument, by name (built on first use). */
  readonly shape: () => z.ZodRawShape;
  /** Arguments whose values are never shown (they may be credentials, e.g. an env value). */
  readonly hidden?: readonly string[];
}

/**
 * The check of one factory's arguments: call it with the arguments by name (`{ name, options }`); it
 * throws a `ValidationError` listing every problem, or returns what it validated: the arguments with
 * every list and plain object copied (see `validateOrThrow`), which the factory keeps instead of the
 * caller's objects.
 *
 * Valid arguments (nearly every call) are answered by the quick look that copies them
 * (`plainDataCopy`) and the compiled validator of `fastSchema`: no path or problem lists, no zod
 * payloads, no zod runtime. Only arguments that fail either are checked again the full way (the
 * plain-data walk, then the schema with its hints), for the problems.
 * @internal
 */
export function argumentsCheck(schema: ArgumentsSchema): <A extends Record<string, unknown>>(args: A) => A {
  let zod: z.ZodObject | undefined;
  let fast: ((value: unknown) => { success: boolean }) | undefined;
  return <A extends Record<string, unknown>>(args: A): A => {
    if (zod === undefined || fast === undefined) {
      zod = z.object(schema.shape());
      fast = compiledCheck(z.object(fastShape(zod.shape)));
    }
    const read = readPlainData(args);
    let valid = false;
    try {
      valid = read.problems === undefined && fast(read.copy).success;
    } catch {
      // a foreign value that throws while it is read: problemsOf says so
    }
    if (valid) return read.copy as A;
    const problems = read.problems ?? problemsOf(zod, read.copy, '(arguments)');
    if (problems.length === 0) return read.copy as A;
    const hidden = schema.hidden ?? [];
    throw new ValidationError(
      schema.type,
      schema.call,
      problems.map((p) =>
        p.value !== undefined && hidden.some((h) => p.field === h || p.field.startsWith(`${h}.`))
          ? { ...p, value: HIDDEN_VALUE }
          : p
      )
    );
  };
}
