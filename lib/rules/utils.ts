/** One empty list for every `asArray` of a missing list (most optional lists are missing). */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/** The value if it is an array, else an empty one: for rules that must not crash on bad input. */
export function asArray<T>(value: readonly T[] | undefined | unknown): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : NO_ITEMS;
}

/** The value if it is a finite whole number, else undefined. */
export function asInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Keeps empty collections out of the YAML. */
export function undefinedIfEmpty<T>(value: T[] | undefined): T[] | undefined;
export function undefinedIfEmpty<T extends object>(value: T | undefined): T | undefined;
export function undefinedIfEmpty(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (typeof value === 'object')
    return Object.values(value).every((v) => v === undefined) ? undefined : value;
  return value;
}
