import { type Cron, type Duration, type Size } from 'cdk8s';
import type { CpuLike } from '../types/references';

/**
 * Whether `value` is a map written as `{ ... }` or with a null prototype (not a list or class instance).
 * The `Object.prototype` of another realm counts (a `vm` context, a Jest test's globals): it is the
 * prototype whose own prototype is null.
 */
export function isPlainMap(value: unknown): value is Record<string, unknown> {
  try {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === null || Object.getPrototypeOf(proto) === null;
  } catch {
    return false; // a Proxy whose trap throws
  }
}

/*
 * Values from cdk8s and cdk8s-plus are recognized by shape, not with `instanceof` our own copy: a
 * project may hold another copy of cdk8s (an older or newer 2.x) or any cdk8s-plus version.
 */

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    // A loop rather than `names.every(...)`: no closure per call (every value class is checked this way).
    hasAll(value as Record<string, unknown>, names)
  );
}

function hasAll(value: Record<string, unknown>, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (typeof value[names[i]] !== 'function') return false;
  return true;
}

const DURATION_METHODS = ['toSeconds', 'toMilliseconds', 'toHumanString'];
const SIZE_METHODS = ['toKibibytes', 'toMebibytes', 'toGibibytes'];

/** Whether `value` is a cdk8s `Duration` (of any cdk8s copy). */
export function isDuration(value: unknown): value is Duration {
  return hasMethods(value, DURATION_METHODS);
}

/** Whether `value` is a cdk8s `Size` (of any cdk8s copy). */
export function isSize(value: unknown): value is Size {
  return hasMethods(value, SIZE_METHODS);
}

/** Whether `value` is a cdk8s `Cron` (of any cdk8s copy). */
export function isCron(value: unknown): value is Cron {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { expressionString?: unknown }).expressionString === 'string'
  );
}

/** Whether `value` is a cdk8s-plus `Cpu` (of any cdk8s-plus version). */
export function isCpuLike(value: unknown): value is CpuLike {
  return typeof value === 'object' && value !== null && typeof (value as CpuLike).amount === 'string';
}
