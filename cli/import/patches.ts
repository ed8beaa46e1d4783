/**
 * The JSON patches that turn what the constructs synthesize into the input: found by comparing both sides with
 * Kubernetes' defaults applied (`compare.ts`), written in the L1 form cdk8s applies patches in
 * (`schema-walk.ts`).
 */
import { JsonPatch } from 'cdk8s';
import type { SchemaType } from '../check/schema-check';
import type { Json } from '../check/manifest-defaults';
import { call, Expr, lit } from './expr';
import { getOwn, jsonEqual } from './compare';
import { l1Expr, l1Pointer, pointer, typeAt } from './schema-walk';
import type { Segments } from './props';

/** One JSON patch operation on a synthesized object. */
export interface PatchOp {
  readonly op: 'add' | 'remove' | 'replace';
  /** Manifest path segments (JSON field names). */
  readonly path: Segments;
  /** The value, manifest form (add and replace). */
  readonly value?: unknown;
}

/** The three forms of one side of the comparison. */
export interface Sides {
  /** Synthesized: as written, and with defaults and canonical quantities. */
  readonly raw: Json;
  readonly canonical: Json;
}

/** Expected: as written, with defaults (for values defaults add) and canonical. */
export interface ExpectedSides extends Sides {
  readonly defaulted: Json;
}

function get(root: unknown, path: Segments): unknown {
  let current = root;
  for (const s of path) current = getOwn(current, s);
  return current;
}

function has(root: unknown, path: Segments): boolean {
  if (path.length === 0) return true;
  const parent = get(root, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path[path.length - 1]);
}

const isPlain = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The expected value at `path`: as written, else as defaulted. */
function expectedAt(e: ExpectedSides, path: Segments): unknown {
  return has(e.raw, path) ? get(e.raw, path) : get(e.defaulted, path);
}

/** Indexes of `long` not matched when `short` is taken as a subsequence of it; undefined when it is not one. */
function subsequenceGaps(short: unknown[], long: unknown[]): number[] | undefined {
  const gaps: number[] = [];
  let j = 0;
  for (let i = 0; i < long.length; i++) {
    if (j < short.length && jsonEqual(short[j], long[i])) j++;
    else gaps.push(i);
  }
  return j === short.length ? gaps : undefined;
}

/**
 * The operations that make the synthesized object `s` equal to the expected object `e` (compared in canonical
 * form). Additions under a parent the synthesized object lacks are made at the first missing ancestor.
 */
export function patchOps(s: Sides, e: ExpectedSides): PatchOp[] {
  const ops: PatchOp[] = [];
  const add = (path: Segments) => {
    // The parent must exist in the synthesized object as written.
    let at = path;
    for (let i = 1; i < path.length; i++) {
      if (!has(s.raw, path.slice(0, i))) {
        at = path.slice(0, i);
        break;
      }
    }
    ops.push({ op: 'add', path: at, value: expectedAt(e, at) });
  };
  const walk = (cs: unknown, ce: unknown, path: Segments): void => {
    if (jsonEqual(cs, ce)) return;
    if (isPlain(cs) && isPlain(ce)) {
      const keys = [...new Set([...Object.keys(ce), ...Object.keys(cs)])];
      for (const key of keys) {
        const p = [...path, key];
        if (!Object.hasOwn(cs, key)) add(p);
        else if (!Object.hasOwn(ce, key)) {
          if (has(s.raw, p)) ops.push({ op: 'remove', path: p });
        } else walk(cs[key], ce[key], p);
      }
      return;
    }
    if (Array.isArray(cs) && Array.isArray(ce)) {
      if (cs.length === ce.length) {
        cs.forEach((item, i) => walk(item, ce[i], [...path, i]));
        return;
      }
      if (has(s.raw, path) && Array.isArray(get(s.raw, path))) {
        const inserted = cs.length < ce.length ? subsequenceGaps(cs, ce) : undefined;
        if (inserted) {
          for (const i of inserted)
            ops.push({ op: 'add', path: [...path, i], value: expectedAt(e, [...path, i]) });
          return;
        }
        const removed = cs.length > ce.length ? subsequenceGaps(ce, cs) : undefined;
        if (removed) {
          for (const i of [...removed].reverse()) ops.push({ op: 'remove', path: [...path, i] });
          return;
        }
      }
    }
    if (has(s.raw, path)) ops.push({ op: 'replace', path, value: expectedAt(e, path) });
    else add(path);
  };
  walk(s.canonical, e.canonical, []);
  return ops;
}

/** A patch operation as `JsonPatch.add('/spec/...', value)`, in the L1 form; collects fields the L1 drops. */
export function patchExpr(op: PatchOp, root: SchemaType | undefined, unknown: string[]): Expr {
  const path = l1Pointer(root, op.path);
  const uses = { module: 'cdk8s', name: 'JsonPatch' };
  if (op.op === 'remove')
    return call('JsonPatch.remove', [lit(path)], (p) => JsonPatch.remove(p as string), uses);
  const value = l1Expr(op.value, typeAt(root, op.path), pointer(op.path), unknown);
  return op.op === 'add'
    ? call('JsonPatch.add', [lit(path), value], (p, v) => JsonPatch.add(p as string, v), uses)
    : call('JsonPatch.replace', [lit(path), value], (p, v) => JsonPatch.replace(p as string, v), uses);
}
