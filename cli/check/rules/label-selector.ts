/** Label selectors (`ValidateLabelSelector`) and whether one selects a set of labels. */
import { labelsProblems } from '../../../lib/rules/metadata';
import { labelValueProblem, qualifiedNameProblem } from '../../../lib/rules/names';
import { asList, asObject, Json } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { str, unsupported } from './helpers';

/** A `LabelSelector`'s own rules (`ValidateLabelSelector`). */
export function labelSelectorProblems(
  selector: Json,
  path: string,
  add: (path: string, message: string) => void
) {
  const matchLabels = asObject(selector.matchLabels);
  if (matchLabels) {
    for (const p of labelsProblems(matchLabels))
      add(keyPath(fieldPath(path, 'matchLabels'), p.key!), p.message);
  }
  asList(selector.matchExpressions).forEach((e, i) => {
    const expr = asObject(e);
    if (!expr) return;
    const at = keyPath(fieldPath(path, 'matchExpressions'), i);
    const key = str(expr.key);
    if (key !== undefined) {
      const problem = qualifiedNameProblem(key);
      if (problem) add(fieldPath(at, 'key'), `label key ${problem}`);
    }
    const values = asList(expr.values);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          add(fieldPath(at, 'values'), `must be specified when operator is ${expr.operator}`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          add(fieldPath(at, 'values'), `may not be specified when operator is ${expr.operator}`);
        break;
      default:
        if (typeof expr.operator === 'string') {
          add(
            fieldPath(at, 'operator'),
            unsupported(expr.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist'])
          );
        }
    }
    values.forEach((v, j) => {
      const problem = typeof v === 'string' ? labelValueProblem(v) : undefined;
      if (problem) add(keyPath(fieldPath(at, 'values'), j), problem);
    });
  });
}

/** Whether a `LabelSelector` selects `labels` (an empty selector selects everything). */
export function selectorMatches(selector: Json, labels: Json): boolean {
  for (const [k, v] of Object.entries(asObject(selector.matchLabels) ?? {})) {
    if (labels[k] !== v) return false;
  }
  return asList(selector.matchExpressions).every((e) => {
    const expr = asObject(e) ?? {};
    const key = String(expr.key);
    const has = key in labels;
    const values = asList(expr.values);
    switch (expr.operator) {
      case 'In':
        return has && values.includes(labels[key]);
      case 'NotIn':
        return !has || !values.includes(labels[key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}
