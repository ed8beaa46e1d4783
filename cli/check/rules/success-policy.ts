/** A Job's `successPolicy` (`validateSuccessPolicy`). */
import { JOB_LIMITS } from '../../../lib/rules/job-limits';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { family, int, isSet, NONNEGATIVE, quote, str } from './helpers';

/** `validateIndexesFormat`: "1,3-5" style index lists, below `completions`. Returns the count or an error. */
function parseIndexes(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) {
      return `the fragment ${quote(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    }
    const bounds: number[] = [];
    for (const l of limits) {
      if (!/^[+-]?\d+$/.test(l)) return `cannot convert string to integer for index: ${quote(l)}`;
      const n = Number(l);
      if (n >= completions) return `too large index: ${quote(l)}`;
      bounds.push(n);
    }
    const [x, y = x] = bounds;
    if (limits.length > 1 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** `successPolicy` (1.31+ by default), on an Indexed Job. */
export function successPolicyRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('success-policy');
  const policy = asObject(spec.successPolicy);
  if (!policy || spec.completionMode !== 'Indexed') return problems;
  const at = fieldPath(path, 'successPolicy.rules');
  const rules = asList(policy.rules);
  if (rules.length === 0) add(at, 'at least one rules must be specified when the successPolicy is specified');
  if (rules.length > JOB_LIMITS.successPolicyRules) {
    add(at, `must have at most ${JOB_LIMITS.successPolicyRules} items (has ${rules.length})`);
  }
  const completions = int(spec.completions) ?? 0;
  rules.forEach((r, i) => {
    const rule = asObject(r) ?? {};
    const rulePath = keyPath(at, i);
    if (!isSet(rule.succeededCount) && !isSet(rule.succeededIndexes)) {
      add(rulePath, 'at least one of succeededCount or succeededIndexes must be specified');
    }
    let total: number | undefined;
    const indexes = str(rule.succeededIndexes);
    if (indexes !== undefined) {
      if (indexes.length > 64 * 1024)
        add(fieldPath(rulePath, 'succeededIndexes'), 'must have at most 65536 bytes');
      const parsed = parseIndexes(indexes, completions);
      if (typeof parsed === 'string') {
        add(fieldPath(rulePath, 'succeededIndexes'), `error parsing succeededIndexes: ${parsed}`);
      } else total = parsed;
    }
    const count = int(rule.succeededCount);
    if (count !== undefined) {
      const countPath = fieldPath(rulePath, 'succeededCount');
      if (count < 0) add(countPath, NONNEGATIVE);
      if (count > completions) {
        add(countPath, `must be less than or equal to ${completions} (the number of specified completions)`);
      }
      if (indexes !== undefined && total !== undefined && count > total) {
        add(
          countPath,
          `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`
        );
      }
    }
  });
  return problems;
}
