/*
 * Props and factory options are plain data: objects written as `{ ... }` (or with a null prototype),
 * lists, strings, numbers, booleans, and the value objects the types name. A JavaScript caller can
 * hand over things the rules cannot read safely, which would otherwise escape as a raw `TypeError`, a
 * stack overflow, or be silently dropped:
 *
 * - a list with holes (`[a, , b]`, `new Array(3)`);
 * - a property whose getter throws, or a Proxy whose traps throw;
 * - an object that contains itself;
 * - a symbol key, which no rule and no renderer sees;
 * - nesting far deeper than any prop;
 * - a string or key with a lone surrogate (half of a UTF-16 pair): not Unicode text, so no YAML reader
 *   (kubectl's included) reads it and JSON readers change it to U+FFFD.
 *
 * This walk runs before the schema and reports each with its path. It looks inside plain objects and
 * lists only: class instances (value objects, cdk8s `Duration` and `Size`, cdk8s-plus resources) are
 * the schema's business.
 */

/** Deeper than any prop (a container's env value's key reference is 6 levels down). */
const MAX_DEPTH = 32;

const HOLE = 'is an empty slot of the list (a hole, as in [a, , b]); give a value or remove the slot';
const CYCLE = 'contains itself (a cycle); props must be plain data';
const TOO_DEEP = `is nested more than ${MAX_DEPTH} levels deep; props are not that deep`;
/** A code unit of a surrogate pair on its own (the `u` flag reads a whole pair as one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function loneSurrogate(text: string): string | undefined {
  const match = LONE_SURROGATE.exec(text);
  if (!match) return undefined;
  const unit = `U+${match[0].charCodeAt(0).toString(16).toUpperCase()}`;
  return `contains a lone surrogate (${unit}): not Unicode text, which kubectl and the API server cannot read as written`;
}

/**
 * The message of whatever was thrown, on one line, or a fixed text when even that cannot be read.
 * @internal
 */
export function thrownMessage(error: unknown): string {
  try {
    const text = error instanceof Error ? error.message : String(error);
    const line = text.split('\n')[0];
    return line.length > 80 ? `${line.slice(0, 79)}…` : line;
  } catch {
    return 'an error that cannot be shown';
  }
}

/** A problem found by {@link plainDataProblems}. */
export interface PlainDataProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Problems that make `value` unsafe to validate and render (see above), each with its path. Empty for
 * ordinary props.
 * @internal
 */
export function plainDataProblems(value: unknown): PlainDataProblem[] {
  const problems: PlainDataProblem[] = [];
  const path: PropertyKey[] = [];
  const open = new Set<object>();
  const add = (message: string): void => {
    problems.push({ path: [...path], message });
  };

  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const problem = loneSurrogate(v);
      if (problem) add(problem);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    let array: boolean;
    try {
      array = Array.isArray(v);
      if (!array) {
        // Plain objects of any realm (see `isPlainMap`), not class instances.
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== null && Object.getPrototypeOf(proto) !== null) return;
      }
    } catch (error) {
      add(`could not be read: ${thrownMessage(error)}`);
      return;
    }
    if (open.has(v)) {
      add(CYCLE);
      return;
    }
    if (path.length >= MAX_DEPTH) {
      add(TOO_DEEP);
      return;
    }
    open.add(v);
    try {
      if (array) visitList(v as unknown[]);
      else visitObject(v as Record<PropertyKey, unknown>);
    } catch (error) {
      add(`could not be read: ${thrownMessage(error)}`);
    } finally {
      open.delete(v);
    }
  };

  const visitList = (list: unknown[]): void => {
    const length = list.length;
    for (let i = 0; i < length; i++) {
      path.push(i);
      if (!(i in list)) add(HOLE);
      else visitEntry(list, i);
      path.pop();
    }
  };

  const visitObject = (object: Record<PropertyKey, unknown>): void => {
    for (const symbol of Object.getOwnPropertySymbols(object)) {
      if (Object.prototype.propertyIsEnumerable.call(object, symbol)) {
        add(`unknown prop ${String(symbol)}: keys must be strings`);
      }
    }
    for (const key of Object.keys(object)) {
      path.push(key);
      const problem = loneSurrogate(key);
      if (problem) add(`key ${problem}`);
      visitEntry(object, key);
      path.pop();
    }
  };

  const visitEntry = (container: object, key: PropertyKey): void => {
    let item: unknown;
    try {
      item = (container as Record<PropertyKey, unknown>)[key];
    } catch (error) {
      add(`could not be read: ${thrownMessage(error)}`);
      return;
    }
    visit(item);
  };

  visit(value);
  return problems;
}
