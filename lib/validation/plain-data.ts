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
 * walk needs to name a problem: no path, no list of open objects, no list of keys, no problem objects.
 * Whatever is unusual (a throw, any symbol key, a hole, a lone surrogate, nesting as deep as
 * `MAX_DEPTH`, which is also where a cycle ends, or more than `QUICK_BUDGET` objects) answers
 * `false`, and the caller runs the full walk, which says what and where.
 * @internal
 */
export function isSurelyPlainData(value: unknown): boolean {
  try {
    return quickCheck(value, 0, QUICK_BUDGET) >= 0;
  } catch {
    return false; // a throwing getter or Proxy trap: the full walk reports it
  }
}

/**
 * The budget of objects left after looking at `v` (at `depth`), or -1 when the full walk must look.
 * A number, not a counter in a closure or an object, so that the check allocates nothing and a getter
 * that calls a factory (so this check again) does not disturb it.
 */
function quickCheck(v: unknown, depth: number, budget: number): number {
  if (typeof v === 'string') return isWellFormed(v) ? budget : -1;
  if (v === null || typeof v !== 'object') return budget;
  if (--budget < 0 || depth >= MAX_DEPTH) return -1;
  if (Array.isArray(v)) {
    const length = v.length;
    for (let i = 0; i < length && budget >= 0; i++) {
      budget = i in v ? quickCheck(v[i], depth + 1, budget) : -1;
    }
    return budget;
  }
  // Class instances are not looked into (as in `Walk.visit`).
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return budget;
  if (Object.getOwnPropertySymbols(v).length > 0) return -1;
  // for-in rather than Object.keys: no array of keys per object. It also sees enumerable keys a
  // polluted Object.prototype adds, which at worst sends the value to the full walk.
  for (const key in v) {
    if (budget < 0) break;
    budget = isWellFormed(key) ? quickCheck((v as Record<string, unknown>)[key], depth + 1, budget) : -1;
  }
  return budget;
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
