import { labelValueProblem, qualifiedNameProblem } from './names';

/** A problem with a map (labels, annotations): with one entry's key, with its value, or with the whole map. */
export interface MapProblem {
  readonly about: 'key' | 'value' | 'map';
  /** The entry's key; undefined for the whole map. */
  readonly key?: string;
  readonly message: string;
}

/** Problems with Kubernetes labels: qualified-name keys, label values. */
export function labelsProblems(labels: Record<string, unknown>): MapProblem[] {
  const problems: MapProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push({ about: 'key', key, message: `label key ${keyProblem}` });
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (valueProblem) problems.push({ about: 'value', key, message: valueProblem });
  }
  return problems;
}

export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Problems with Kubernetes annotations: qualified-name keys (checked lower-cased), total size ≤ 256 KiB. */
export function annotationsProblems(annotations: Record<string, unknown>): MapProblem[] {
  const problems: MapProblem[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) problems.push({ about: 'key', key, message: `annotation key ${keyProblem}` });
    // A value that is not a string is the schema's business (String() throws on a null-prototype object).
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    problems.push({
      about: 'map',
      message: `annotations must total at most ${ANNOTATIONS_MAX_BYTES} bytes (are ${size})`,
    });
  }
  return problems;
}
