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

/** Whether `text` has no lone surrogate: `String.prototype.isWellFormed` (Node 20), natively. */
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/** The problem with a text that is not well-formed. */
function loneSurrogate(text: string): string {
  const unit = LONE_SURROGATE.exec(text)![0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone surrogate (U+${unit}): not Unicode text, which kubectl and the API server cannot read as written`;
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
  return isSurelyPlainData(value) ? [] : walkPlainData(value);
}

/**
 * The full walk alone (what `plainDataProblems` runs when `isSurelyPlainData` does not clear the value).
 * @internal
 */
export function walkPlainData(value: unknown): PlainDataProblem[] {
  const walk = new Walk();
  walk.visit(value);
  return walk.problems;
}

/**
 * The most objects `isSurelyPlainData` looks at before it leaves the answer to the full walk: it keeps
 * no list of open objects, so a cycle is only stopped by `MAX_DEPTH`, and an object that holds itself
 * twice (`o.a = o.b = o`) would be 2^32 visits without a bound. Far more than any props hold.
 */
const QUICK_BUDGET = 10_000;

/**
 * Whether `value` surely has none of the problems above: `true` only where the full walk finds
 * nothing. It answers the common case (every construct's props, every factory call) without what the
 * walk needs to name a problem: no path, no list of open objects, no problem objects. Whatever is
 * unusual (a throw, an enumerable symbol key, a hole, a lone surrogate, nesting as deep as `MAX_DEPTH`,
 * which is also where a cycle ends, or more than `QUICK_BUDGET` objects) answers `false`, and the
 * caller runs the full walk, which says what and where.
 * @internal
 */
export function isSurelyPlainData(value: unknown): boolean {
  try {
    return new QuickLook(QUICK_BUDGET, false).look(value, 0) !== NOT_COPIED;
  } catch {
    return false; // a throwing getter or Proxy trap: the full walk reports it
  }
}

/** What {@link plainDataCopy} gives for a value it cannot vouch for (see `isSurelyPlainData`). */
export const NOT_COPIED: unique symbol = Symbol('not copied');

/**
 * A copy of `value` in which every list and plain object is a new one (class instances, such as value
 * objects and cdk8s `Duration`s, are the same objects), made in the same look as `isSurelyPlainData`:
 * or `NOT_COPIED` where that look would answer `false` (the caller runs the full walk). Constructs keep
 * this copy, so the manifest holds what was validated: changing the caller's objects afterwards (one
 * `env` object reused for the next Job in a loop) changes no Job already made.
 * @internal
 */
export function plainDataCopy(value: unknown, budget = QUICK_BUDGET): unknown {
  try {
    return new QuickLook(budget, true).look(value, 0);
  } catch {
    return NOT_COPIED;
  }
}

/** Whether `v` has an enumerable symbol key (which the full walk reports). */
function hasEnumerableSymbol(v: object): boolean {
  return Object.getOwnPropertySymbols(v).some((symbol) =>
    Object.prototype.propertyIsEnumerable.call(v, symbol)
  );
}

/**
 * The look behind `isSurelyPlainData` and `plainDataCopy` (one object per call: a getter that calls a
 * factory, so this look again, gets its own budget).
 */
class QuickLook {
  constructor(
    private budget: number,
    private readonly copy: boolean
  ) {}

  /** `v`, its copy, or `NOT_COPIED` when the full walk must look. */
  look(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return isWellFormed(v) ? v : NOT_COPIED;
    if (v === null || typeof v !== 'object') return v;
    if (--this.budget < 0 || depth >= MAX_DEPTH) return NOT_COPIED;
    if (Array.isArray(v)) {
      const length = v.length;
      const out: unknown[] | undefined = this.copy ? new Array<unknown>(length) : undefined;
      for (let i = 0; i < length; i++) {
        if (!(i in v)) return NOT_COPIED;
        const item = this.look(v[i], depth + 1);
        if (item === NOT_COPIED) return NOT_COPIED;
        if (out !== undefined) out[i] = item;
      }
      return out ?? v;
    }
    // Class instances are not looked into (as in `Walk.visit`), and not copied.
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) return v;
    if (Object.getOwnPropertySymbols(v).length > 0 && hasEnumerableSymbol(v)) return NOT_COPIED;
    // The keys the full walk reads (own, enumerable, strings); a non-enumerable symbol is not copied.
    const keys = Object.keys(v);
    const out: Record<string, unknown> | undefined = this.copy ? {} : undefined;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (!isWellFormed(key)) return NOT_COPIED;
      const item = this.look((v as Record<string, unknown>)[key], depth + 1);
      if (item === NOT_COPIED) return NOT_COPIED;
      if (out === undefined) continue;
      // A `__proto__` key stays a key (an assignment would set the copy's prototype).
      if (key === '__proto__') {
        Object.defineProperty(out, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else out[key] = item;
    }
    return out ?? v;
  }
}

/**
 * Freezes a value object (`Volume`, `Probe`, `JobPattern`, ...) once its factory has checked what it
 * holds: a JavaScript caller that assigns to one of its fields afterwards (`pattern.completions = -5`,
 * `runAs.uid = 0`) gets a `TypeError` at that line (or, in sloppy mode, no change) instead of a manifest
 * nobody validated. The lists and option objects it holds are its own copies (`argumentsCheck`) and are
 * not frozen: rendering reads and spreads them, and V8 takes slower paths for frozen ones (measured:
 * freezing them too cost about 1 % more instructions and up to 60 ms for 1,000 Jobs; the object
 * alone costs nothing measurable).
 * @internal
 */
export function freezeValueObject<T extends object>(value: T): T {
  return Object.freeze(value);
}

/** The state of one walk (methods, not closures made per call: the walk runs for every factory call). */
class Walk {
  readonly problems: PlainDataProblem[] = [];
  /** The keys and indexes from the root to the value being visited. */
  private readonly path: PropertyKey[] = [];
  /** The objects being visited, root first: one met again is a cycle. */
  private readonly open: object[] = [];

  visit(v: unknown): void {
    if (typeof v === 'string') {
      if (!isWellFormed(v)) this.add(loneSurrogate(v));
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
      this.add(`could not be read: ${thrownMessage(error)}`);
      return;
    }
    if (this.open.includes(v)) return this.add(CYCLE);
    if (this.path.length >= MAX_DEPTH) return this.add(TOO_DEEP);
    this.open.push(v);
    try {
      if (array) this.visitList(v as unknown[]);
      else this.visitObject(v);
    } catch (error) {
      this.add(`could not be read: ${thrownMessage(error)}`);
    } finally {
      this.open.pop();
    }
  }

  private add(message: string): void {
    this.problems.push({ path: [...this.path], message });
  }

  private visitList(list: unknown[]): void {
    const length = list.length;
    for (let i = 0; i < length; i++) {
      this.path.push(i);
      if (!(i in list)) this.add(HOLE);
      else this.visitEntry(list, i);
      this.path.pop();
    }
  }

  private visitObject(object: object): void {
    for (const symbol of Object.getOwnPropertySymbols(object)) {
      if (Object.prototype.propertyIsEnumerable.call(object, symbol)) {
        this.add(`unknown prop ${String(symbol)}: keys must be strings`);
      }
    }
    for (const key of Object.keys(object)) {
      this.path.push(key);
      if (!isWellFormed(key)) this.add(`key ${loneSurrogate(key)}`);
      this.visitEntry(object, key);
      this.path.pop();
    }
  }

  private visitEntry(container: object, key: PropertyKey): void {
    let item: unknown;
    try {
      item = (container as Record<PropertyKey, unknown>)[key];
    } catch (error) {
      this.add(`could not be read: ${thrownMessage(error)}`);
      return;
    }
    this.visit(item);
  }
}
