/**
 * The generated code of `cdk8s-batch import`, as a small tree of TypeScript expressions that also knows the
 * value each expression evaluates to. The importer builds props once as such a tree; {@link printExpr} writes
 * the TypeScript and {@link valueOf} builds the very same props in-process (to synthesize them and compare
 * with the input), so the code and the check cannot drift apart.
 */
import { commentLines as wrappedComment, propertyKey, RESERVED_WORDS, stringLiteral } from './code-text';

/** A JSON-like literal: strings, numbers, booleans, null, plain arrays and objects. */
export interface LitExpr {
  readonly kind: 'lit';
  readonly value: unknown;
}

/** One property of an object literal; `comment` is printed as a line comment above it. */
export interface Prop {
  readonly key: string;
  readonly value: Expr;
  readonly comment?: string;
}

/** An object literal. */
export interface ObjExpr {
  readonly kind: 'obj';
  readonly props: Prop[];
}

/** An array literal. */
export interface ArrExpr {
  readonly kind: 'arr';
  readonly items: Expr[];
}

/** A symbol imported from a module, e.g. `{ module: 'cdk8s', name: 'Duration' }`. */
export interface ImportedSymbol {
  readonly module: string;
  readonly name: string;
}

/** A call such as `Duration.minutes(30)`; `evaluate` computes its value from the arguments' values. */
export interface CallExpr {
  readonly kind: 'call';
  readonly callee: string;
  readonly args: Expr[];
  readonly uses?: ImportedSymbol;
  readonly evaluate: (...args: unknown[]) => unknown;
}

/** A piece of code with a fixed value, e.g. `RestartPolicy.ON_FAILURE` or the octal literal `0o644`. */
export interface CodeExpr {
  readonly kind: 'code';
  readonly code: string;
  readonly value: unknown;
  readonly uses?: ImportedSymbol;
}

export type Expr = LitExpr | ObjExpr | ArrExpr | CallExpr | CodeExpr;

/**
 * Code is made only of identifiers checked by {@link identifier} (a dotted path such as `RestartPolicy.NEVER`,
 * `this`) and octal literals: text from the input is a {@link lit}, which {@link stringLiteral} escapes.
 */
const CODE = /^(this|0o[0-7]+|[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*)$/;
/** A callee: a dotted path of identifiers, or `new` and one. */
const CALLEE = /^(new )?[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/** `text` if it matches `pattern` and its first name is no reserved word (member names may be: `NodeLabel.in`). */
function checked(text: string, pattern: RegExp, what: string): string {
  const first = String(text).replace(/^new /, '').split('.')[0];
  if (!pattern.test(text) || (first !== 'this' && RESERVED_WORDS.has(first)))
    throw new Error(`internal error: ${stringLiteral(String(text))} is not a ${what}`);
  return text;
}

export const lit = (value: unknown): LitExpr => ({ kind: 'lit', value });
export const obj = (props: Prop[]): ObjExpr => ({ kind: 'obj', props });
export const arr = (items: Expr[]): ArrExpr => ({ kind: 'arr', items });
export const code = (text: string, value: unknown, uses?: ImportedSymbol): CodeExpr => ({
  kind: 'code',
  code: checked(text, CODE, 'code expression'),
  value,
  uses,
});
export function call(
  callee: string,
  args: Expr[],
  evaluate: (...args: unknown[]) => unknown,
  uses?: ImportedSymbol
): CallExpr {
  return { kind: 'call', callee: checked(callee, CALLEE, 'callee'), args, evaluate, uses };
}

/** An object expression from entries, leaving out undefined values. */
export function objOf(
  entries: Record<string, Expr | undefined>,
  comments: Record<string, string> = {}
): ObjExpr {
  return obj(
    Object.entries(entries)
      .filter((e): e is [string, Expr] => e[1] !== undefined)
      .map(([key, value]) => ({ key, value, ...(comments[key] ? { comment: comments[key] } : {}) }))
  );
}

/** The value an expression evaluates to. */
export function valueOf(e: Expr): unknown {
  switch (e.kind) {
    case 'lit':
      return e.value;
    case 'code':
      return e.value;
    case 'arr':
      return e.items.map(valueOf);
    case 'obj':
      return Object.fromEntries(e.props.map((p) => [p.key, valueOf(p.value)]));
    case 'call':
      return e.evaluate(...e.args.map(valueOf));
  }
}

/** Every imported symbol an expression uses. */
export function symbolsOf(e: Expr, out: ImportedSymbol[] = []): ImportedSymbol[] {
  switch (e.kind) {
    case 'code':
      if (e.uses) out.push(e.uses);
      break;
    case 'call':
      if (e.uses) out.push(e.uses);
      e.args.forEach((a) => symbolsOf(a, out));
      break;
    case 'arr':
      e.items.forEach((i) => symbolsOf(i, out));
      break;
    case 'obj':
      e.props.forEach((p) => symbolsOf(p.value, out));
      break;
    case 'lit':
      break;
  }
  return out;
}

/** The widest line the printer aims for (the repository's Prettier `printWidth`). */
export const PRINT_WIDTH = 110;

function hasComments(e: Expr): boolean {
  switch (e.kind) {
    case 'obj':
      return e.props.some((p) => p.comment !== undefined || hasComments(p.value));
    case 'arr':
      return e.items.some(hasComments);
    case 'call':
      return e.args.some(hasComments);
    default:
      return false;
  }
}

/** Literal values as expressions, so that they print like the rest. */
function fromLiteral(value: unknown): Expr {
  if (Array.isArray(value)) return arr(value.map(fromLiteral));
  if (value !== null && typeof value === 'object') {
    // Plain data only (of any realm: Jest's structuredClone makes objects of another one).
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
      throw new Error(`internal error: a literal that is not plain data (${proto.constructor?.name})`);
    return obj(Object.entries(value).map(([key, v]) => ({ key, value: fromLiteral(v) })));
  }
  return lit(value);
}

/** A string, number, boolean, null or undefined as code; anything else is an internal error. */
function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'number':
      // `NaN`, `Infinity` and `-Infinity` are expressions too; -0 keeps its sign.
      return Object.is(value, -0) ? '-0' : String(value);
    default:
      if (value === null) return 'null';
      throw new Error(`internal error: a literal of type ${typeof value}`);
  }
}

/** The expression on one line. */
function inline(e: Expr): string {
  switch (e.kind) {
    case 'lit':
      return value(e.value);
    case 'code':
      return e.code;
    case 'arr':
      return `[${e.items.map(inline).join(', ')}]`;
    case 'obj':
      return e.props.length === 0
        ? '{}'
        : `{ ${e.props.map((p) => `${propertyKey(p.key)}: ${inline(p.value)}`).join(', ')} }`;
    case 'call':
      return `${e.callee}(${e.args.map(inline).join(', ')})`;
  }
  function value(v: unknown): string {
    return v !== null && typeof v === 'object' ? inline(fromLiteral(v)) : scalar(v);
  }
}

/**
 * Prints an expression starting at column `indent` after `prefix` characters on its first line, breaking
 * objects, arrays and calls over several lines when they do not fit in {@link PRINT_WIDTH} (or carry comments).
 * Trailing commas and quotes as Prettier writes them.
 */
export function printExpr(e: Expr, indent = 0, prefix = 0, suffix = 1): string {
  if (e.kind === 'lit' && e.value !== null && typeof e.value === 'object') {
    return printExpr(fromLiteral(e.value), indent, prefix, suffix);
  }
  const flat = inline(e);
  if (!hasComments(e) && indent + prefix + flat.length + suffix <= PRINT_WIDTH) return flat;
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 2);
  switch (e.kind) {
    case 'obj': {
      const lines = e.props.flatMap((p) => {
        const key = `${propertyKey(p.key)}: `;
        const comment = p.comment ? commentLines(p.comment, indent + 2) : [];
        return [...comment, `${inner}${key}${printExpr(p.value, indent + 2, key.length, 1)},`];
      });
      return `{\n${lines.join('\n')}\n${pad}}`;
    }
    case 'arr': {
      const lines = e.items.map((item) => `${inner}${printExpr(item, indent + 2, 0, 1)},`);
      return `[\n${lines.join('\n')}\n${pad}]`;
    }
    case 'call': {
      const head = `${e.callee}(`;
      const last = e.args[e.args.length - 1];
      const rest = e.args.slice(0, -1).map(inline);
      // Hug a trailing object or array argument: `f('a', {` ... `})`.
      if (last && (last.kind === 'obj' || last.kind === 'arr' || isObjectLiteral(last))) {
        const start = `${head}${rest.map((r) => `${r}, `).join('')}`;
        if (indent + prefix + start.length + 1 <= PRINT_WIDTH && rest.every((r) => !r.includes('\n'))) {
          return `${start}${printExpr(last, indent, prefix + start.length, suffix + 1)})`;
        }
      }
      const lines = e.args.map((a) => `${inner}${printExpr(a, indent + 2, 0, 1)},`);
      return `${head}\n${lines.join('\n')}\n${pad})`;
    }
    default:
      return flat;
  }
}

function isObjectLiteral(e: Expr): boolean {
  return e.kind === 'lit' && e.value !== null && typeof e.value === 'object';
}

/** A comment as `//` lines at `indent`, wrapped at the print width; input in it is escaped (`code-text.ts`). */
export function commentLines(text: string, indent: number): string[] {
  return wrappedComment(text, indent, PRINT_WIDTH);
}
