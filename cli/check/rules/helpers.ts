/** Helpers shared by the checker's rule families: the problem collector, value tests, paths. */
import { annotationsProblems, labelsProblems } from '../../../lib/rules/metadata';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';

/** Collects the problems of one rule family. */
export function family(rule: string) {
  const problems: ManifestProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message, rule });
  return { problems, add };
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
export const isSet = (v: unknown) => v !== undefined && v !== null;
export const quote = (v: unknown) => JSON.stringify(v);
export const oneOf = (values: readonly string[]) => values.map(quote).join(', ');
/** A string outside `values` (other types are the schema check's business). */
export const invalidChoice = (value: unknown, values: readonly string[]) =>
  typeof value === 'string' && !values.includes(value);
export const unsupported = (value: unknown, values: readonly string[]) =>
  `unsupported value ${quote(value)}: supported values: ${oneOf(values)}`;
export const NONNEGATIVE = 'must be greater than or equal to 0';

/** `base` followed by the segments of a shared rule's problem path (`['values', 0]` → `base.values[0]`). */
export function subPath(base: string, segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (acc, k) => (typeof k === 'number' ? keyPath(acc, k) : fieldPath(acc, String(k))),
    base
  );
}

/** Every container of a pod spec with its path: init containers first, then containers. */
export function containersOf(spec: Json, path: string) {
  const out: { c: Json; path: string; init: boolean }[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    asList(spec[list]).forEach((c, i) => {
      const container = asObject(c);
      if (container)
        out.push({ c: container, path: keyPath(fieldPath(path, list), i), init: list === 'initContainers' });
    });
  }
  return out;
}

/** Labels and annotations of some metadata, at `path`. */
export function labelAndAnnotationProblems(
  meta: Json | undefined,
  path: string,
  add: (path: string, message: string) => void,
  skipLabels: ReadonlySet<string> = new Set()
) {
  const labels = asObject(meta?.labels);
  if (labels) {
    const own = Object.fromEntries(Object.entries(labels).filter(([k]) => !skipLabels.has(k)));
    for (const p of labelsProblems(own)) add(keyPath(fieldPath(path, 'labels'), p.key!), p.message);
  }
  const annotations = asObject(meta?.annotations);
  if (annotations) {
    for (const p of annotationsProblems(annotations)) {
      add(
        p.key === undefined ? fieldPath(path, 'annotations') : keyPath(fieldPath(path, 'annotations'), p.key),
        p.message
      );
    }
  }
}
