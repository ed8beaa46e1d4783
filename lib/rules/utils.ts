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

/**
 * Spread first into every object a job construct makes per Job while it is synthesized:
 * `{ ...SITE_FREE, name: c.name, image: c.image }` instead of `{ name: c.name, image: c.image }`.
 *
 * V8 gives each object literal in the code an allocation site, and when a garbage collection finds
 * nearly all of a site's recent objects alive, it makes that site's later objects directly in the old
 * generation ("pretenuring"), where only a mark-compact frees them. A mark-compact whose marking runs
 * while the first Jobs are rendered counts every object rendered meanwhile as alive, so in about half
 * the runs that build 10,000 Jobs the renderers' sites were pretenured: every later Job's rendered
 * spec was made in the old generation, kept the young objects it pointed to alive, and stayed until
 * the process exited (peak RSS 242–258 MB instead of 184–200; bench/README.md has the measurements).
 * An object literal that starts with a spread is made without an allocation site, so it is never
 * pretenured, and it costs nothing measurable (same manifests, slightly fewer instructions).
 *
 * ESLint requires the form of every object literal inside a function of the files that render
 * (eslint.config.mjs): the few there that are made once per synth or at construction have it too,
 * which does no harm; property descriptors are exempt. The job constructs' own synth-time objects
 * (the content hash's input, the labels, the CronJob spec) have it by hand. Array literals keep
 * their sites: with the objects site-free, 48 runs of 48 stayed low.
 * @internal
 */
export const SITE_FREE: Readonly<Record<never, never>> = Object.freeze({});
