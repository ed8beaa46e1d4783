import type * as z from 'zod';
import * as core from 'zod/v4/core';

/*
 * A yes/no validator for a zod schema: whether a value passes it, as one generated function.
 *
 * zod's own compiler (`compileFn(schema, { assertOnly: true })`) answers the same question, but it
 * builds the parsed value under every optional field (a closure called per field, and a copy of every
 * object and array below it) even when only the answer is wanted. Props are mostly optional fields, and
 * at 1,000 cold Jobs that was about a third of validating them. This compiler writes straight-line
 * checks that read the value and copy nothing, for the kinds of schema our props and options are made
 * of; any other kind is compiled by zod (`compileFn`) and called, and a schema zod cannot compile
 * either is not compiled at all (`AssertUnsupported`: the caller keeps zod's runtime).
 *
 * It may only err towards "invalid": callers parse an invalid value again with zod's runtime for its
 * issues, and accept it if zod does (`compiledCheck`). Where zod would hand a check its parsed copy of
 * an object or array, the check gets the value as given, so an object or array with checks of its own
 * is written here only when the copy would hold the same values: nothing below it transforms, defaults
 * or strips (`unchanged`); otherwise it is left to zod. A check may see the keys in the order given
 * rather than the schema's, and the object itself rather than a plain copy: none of ours depends on
 * either.
 */

/** The schema (or a part of it) is not of a kind this compiler or zod's compiler handles. */
export class AssertUnsupported extends Error {}

type Schema = core.$ZodType;
type Def = Record<string, unknown> & { type: string; checks?: core.$ZodCheck[] };

const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** zod's `codePointLength`: string lengths in zod's length checks count code points. */
function codePointLength(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** Size checks whose `when` is zod's default ("the value has a length"), true once the type is checked. */
const LENGTH_CHECKS = new Set(['min_length', 'max_length', 'length_equals']);
/** Types whose parsed value is the input itself, unless a check overwrites it. */
const LEAF_TYPES = new Set([
  'string',
  'number',
  'boolean',
  'custom',
  'unknown',
  'any',
  'enum',
  'literal',
  'never',
]);

/**
 * Whether zod's parsed value of `schema` holds the same values as the input: no transform, default,
 * catch or coercion, no check that overwrites the value (`.trim()`), no object that strips unknown keys.
 */
function unchanged(schema: Schema): boolean {
  const def = defOf(schema);
  if (def.coerce || (def.checks ?? []).some((c) => c._zod.def.check === 'overwrite')) return false;
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as Schema | undefined;
      const shape = def.shape as Record<string, Schema>;
      return (
        catchall !== undefined && defOf(catchall).type === 'never' && Object.values(shape).every(unchanged)
      );
    }
    case 'array':
      return unchanged(def.element as Schema);
    case 'optional':
    case 'nullable':
      return unchanged(def.innerType as Schema);
    case 'union':
      return (def.options as Schema[]).every(unchanged);
    case 'pipe':
      return def.transform === undefined && unchanged(def.in as Schema) && unchanged(def.out as Schema);
    default:
      return LEAF_TYPES.has(def.type);
  }
}

class Writer {
  public readonly lines: string[] = [];
  public readonly constants: unknown[] = [];
  private vars = 0;

  public constant(value: unknown): string {
    let i = this.constants.indexOf(value);
    if (i < 0) i = this.constants.push(value) - 1;
    return `k${i}`;
  }

  public variable(): string {
    return `v${this.vars++}`;
  }

  public write(line: string): void {
    this.lines.push(line);
  }
}

/** `fn` called with the value: falsy means invalid (and a promise, which zod's runtime would reject). */
function predicate(w: Writer, fn: unknown, at: string) {
  if (typeof fn !== 'function' || fn.constructor.name === 'AsyncFunction') {
    throw new AssertUnsupported('predicate');
  }
  const r = w.variable();
  w.write(`const ${r} = ${w.constant(fn)}(${at});`);
  w.write(`if (!${r} || ${r} instanceof Promise) return false;`);
}

/**
 * A check run the way zod's runtime runs it on a value that has no issue yet: skipped when its `when`
 * says so, else valid when it adds no issue.
 */
function byCheck(w: Writer, check: core.$ZodCheck, at: string) {
  const run = check._zod.check;
  const when = check._zod.def.when;
  if (
    typeof run !== 'function' ||
    run.constructor.name === 'AsyncFunction' ||
    check._zod.def.check === 'overwrite'
  ) {
    throw new AssertUnsupported('check');
  }
  predicate(
    w,
    (value: unknown) => {
      const payload = { value, issues: [] as unknown[] } as unknown as core.ParsePayload;
      if (when && !when(payload)) return true;
      // A promise (an async check) or a changed value is "invalid" here; zod's runtime then decides.
      return run(payload as never) === undefined && payload.issues.length === 0 && payload.value === value;
    },
    at
  );
}

/** zod's compiled validator for `schema`, called as a predicate (for kinds this compiler leaves to zod). */
function byZod(w: Writer, schema: Schema, at: string) {
  const compileFn = core.compileFn as typeof core.compileFn | undefined;
  const INVALID = core.INVALID as typeof core.INVALID | undefined;
  if (typeof compileFn !== 'function' || typeof INVALID !== 'symbol') throw new AssertUnsupported('zod');
  let validate: (value: unknown) => unknown;
  try {
    validate = compileFn(schema as z.ZodType, { assertOnly: true });
  } catch {
    throw new AssertUnsupported('zod cannot compile a part');
  }
  predicate(w, (value: unknown) => validate(value) !== INVALID, at);
}

type CheckDef = Record<string, unknown> & { check: string };

/** The checks of a schema, in order, on the value in `at`. */
function checks(w: Writer, def: Def, at: string) {
  for (const check of def.checks ?? []) {
    const c = check._zod.def as unknown as CheckDef;
    // A `when` other than zod's "has a length" default, and kinds not written inline: as zod runs them.
    if (c.when !== undefined && !LENGTH_CHECKS.has(c.check)) byCheck(w, check, at);
    else if (!inlineCheck(w, c, at)) byCheck(w, check, at);
  }
}

/** A numeric bound of a check, or undefined (a bigint or date bound, which zod also allows). */
function bound(c: CheckDef, key: string): string | undefined {
  const n = c[key];
  return typeof n === 'number' && !Number.isNaN(n) ? String(n) : undefined;
}

/** Writes the check the way zod's compiler does, when it is of a kind written inline. */
function inlineCheck(w: Writer, c: CheckDef, at: string): boolean {
  const length = () => {
    const v = w.variable();
    w.write(`const ${v} = typeof ${at} === "string" ? ${w.constant(codePointLength)}(${at}) : ${at}.length;`);
    return v;
  };
  switch (c.check) {
    case 'custom':
      // `.refine(fn)`, and `reportingCheck`'s predicate; a plain superRefine has no `fn`.
      if (typeof c.fn !== 'function') return false;
      predicate(w, c.fn, at);
      return true;
    case 'greater_than':
    case 'less_than': {
      const b = bound(c, 'value');
      if (b === undefined) return false;
      const op = c.check === 'greater_than' ? (c.inclusive ? '<' : '<=') : c.inclusive ? '>' : '>=';
      w.write(`if (${at} ${op} ${b}) return false;`);
      return true;
    }
    case 'number_format':
      return numberFormat(w, c.format, at);
    case 'min_length':
    case 'max_length':
    case 'length_equals': {
      const key = c.check === 'min_length' ? 'minimum' : c.check === 'max_length' ? 'maximum' : 'length';
      const b = bound(c, key);
      if (b === undefined) return false;
      const op = c.check === 'min_length' ? '<' : c.check === 'max_length' ? '>' : '!==';
      w.write(`if (${length()} ${op} ${b}) return false;`);
      return true;
    }
    case 'string_format':
      if (c.format !== 'regex' || !(c.pattern instanceof RegExp)) return false;
      w.write(`${w.constant(c.pattern)}.lastIndex = 0;`);
      w.write(`if (!${w.constant(c.pattern)}.test(${at})) return false;`);
      return true;
    default:
      return false;
  }
}

/** zod's number formats that our schemas use; false for the others. */
function numberFormat(w: Writer, format: unknown, at: string): boolean {
  switch (format) {
    case 'safeint':
      w.write(`if (!Number.isSafeInteger(${at})) return false;`);
      return true;
    case 'int32':
      w.write(`if (!Number.isInteger(${at}) || ${at} < -2147483648 || ${at} > 2147483647) return false;`);
      return true;
    default:
      return false;
  }
}

function object(w: Writer, schema: Schema, def: Def, at: string) {
  const shape = def.shape as Record<string, Schema>;
  const keys = Object.keys(shape);
  if (Object.getOwnPropertySymbols(shape).length > 0 || keys.includes('__proto__')) {
    throw new AssertUnsupported('object keys');
  }
  const catchall = def.catchall as Schema | undefined;
  const strict = catchall !== undefined && defOf(catchall).type === 'never';
  if (catchall !== undefined && !strict) {
    byZod(w, schema, at);
    return;
  }
  w.write(`if (typeof ${at} !== "object" || ${at} === null || Array.isArray(${at})) return false;`);
  for (const key of keys) {
    const field = shape[key];
    const k = JSON.stringify(key);
    const v = w.variable();
    w.write(`const ${v} = ${at}[${k}];`);
    if (field._zod.optin === undefined) {
      // A required key must be there, whatever its schema says of undefined (zod checks presence too).
      w.write(`if (${v} === undefined && !(${k} in ${at})) return false;`);
      value(w, field, v);
    } else if (defOf(field).type === 'optional' || field._zod.optout !== 'optional') {
      // zod: an optional field may be absent or undefined; one that may be absent but has no optional
      // output (a default, a catch) must pass whether it is there or not.
      value(w, field, v);
    } else {
      byZod(w, field, v);
    }
  }
  if (strict) {
    const known = w.constant(new Set(keys));
    w.write(`for (const key in ${at}) if (!${known}.has(key)) return false;`);
  }
  // The object's own checks see the value as given: only where zod's copy would hold the same.
  if ((def.checks?.length ?? 0) > 0 && !unchanged(schema)) throw new AssertUnsupported('checks on a copy');
  checks(w, def, at);
}

/**
 * Writes the checks of `schema` on the value in variable `at` (`return false` on the first failure); a
 * part of a kind not written here is left to zod's compiler.
 */
function value(w: Writer, schema: Schema, at: string): void {
  const written = w.lines.length;
  try {
    inline(w, schema, at);
  } catch (error) {
    if (!(error instanceof AssertUnsupported)) throw error;
    w.lines.length = written;
    byZod(w, schema, at);
  }
}

function inline(w: Writer, schema: Schema, at: string): void {
  const def = defOf(schema);
  if (def.coerce) throw new AssertUnsupported('coercion');
  const wrapperChecks = () => {
    if ((def.checks?.length ?? 0) > 0) throw new AssertUnsupported(`checks on ${def.type}`);
  };
  switch (def.type) {
    case 'string':
      if (def.format !== undefined) throw new AssertUnsupported('string format');
      w.write(`if (typeof ${at} !== "string") return false;`);
      break;
    case 'number':
      w.write(`if (typeof ${at} !== "number" || !Number.isFinite(${at})) return false;`);
      if (def.check === 'number_format' && def.format && !numberFormat(w, def.format, at)) {
        throw new AssertUnsupported(`number format ${String(def.format)}`);
      }
      break;
    case 'boolean':
      w.write(`if (typeof ${at} !== "boolean") return false;`);
      break;
    case 'unknown':
    case 'any':
      break;
    case 'enum': {
      const values = (schema._zod as { values?: Set<unknown> }).values;
      if (!values) throw new AssertUnsupported('enum');
      w.write(`if (!${w.constant(values)}.has(${at})) return false;`);
      break;
    }
    case 'literal':
      w.write(`if (!${w.constant(new Set(def.values as unknown[]))}.has(${at})) return false;`);
      break;
    case 'custom':
      predicate(w, def.fn, at);
      break;
    case 'object':
      object(w, schema, def, at);
      return;
    case 'array': {
      w.write(`if (!Array.isArray(${at})) return false;`);
      const i = w.variable();
      const e = w.variable();
      w.write(`for (let ${i} = 0; ${i} < ${at}.length; ${i}++) {`);
      w.write(`const ${e} = ${at}[${i}];`);
      value(w, def.element as Schema, e);
      w.write('}');
      if ((def.checks?.length ?? 0) > 0 && !unchanged(schema))
        throw new AssertUnsupported('checks on a copy');
      break;
    }
    case 'optional':
      wrapperChecks();
      if (
        schema._zod.traits.has('$ZodExactOptional') ||
        (def.innerType as Schema)._zod.optin === 'defaulted'
      ) {
        throw new AssertUnsupported('optional kind');
      }
      w.write(`if (${at} !== undefined) {`);
      value(w, def.innerType as Schema, at);
      w.write('}');
      return;
    case 'nullable':
      wrapperChecks();
      w.write(`if (${at} !== null) {`);
      value(w, def.innerType as Schema, at);
      w.write('}');
      return;
    case 'union': {
      wrapperChecks();
      const options = def.options as Schema[];
      if (def.discriminator !== undefined || def.inclusive === false || options.length === 0) {
        byZod(w, schema, at);
        return;
      }
      // Valid when one option is: each option is a function of its own, tried in order.
      const each = options.map((o) => compileAssert(o));
      w.write(`if (!(${each.map((f) => `${w.constant(f)}(${at})`).join(' || ')})) return false;`);
      return;
    }
    case 'pipe': {
      wrapperChecks();
      const from = def.in as Schema;
      if (def.transform !== undefined || !unchanged(from)) {
        byZod(w, schema, at);
        return;
      }
      value(w, from, at);
      value(w, def.out as Schema, at);
      return;
    }
    default:
      byZod(w, schema, at);
      return;
  }
  checks(w, def, at);
}

/**
 * A function that says whether a value passes `schema` (see the top of this file). Throws
 * `AssertUnsupported` when neither this compiler nor zod's can compile a part of it.
 */
export function compileAssert(schema: z.ZodType | Schema): (value: unknown) => boolean {
  const w = new Writer();
  value(w, schema as Schema, 'input');
  const names = w.constants.map((_, i) => `k${i}`);
  // Generated from the schema only: property names are JSON string literals, everything else a constant.
  let make: (...constants: unknown[]) => (value: unknown) => boolean;
  try {
    make = new Function(
      ...names,
      `return (input) => {\n${w.lines.join('\n')}\nreturn true;\n};`
    ) as typeof make;
  } catch {
    // node --disallow-code-generation-from-strings: zod's runtime parser validates instead.
    throw new AssertUnsupported('code generation from strings is not allowed');
  }
  return make(...w.constants);
}
