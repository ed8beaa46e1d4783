/**
 * The API server's rules for a Job's `successPolicy` and `podReplacementPolicy`, shared by the props
 * (lib/props/job-template.ts) and the command line's checker (cli/check/rules).
 *
 * Source: `validateSuccessPolicy`, `validateIndexesFormat` and `validatePodReplacementPolicy` in
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go
 */
import { JOB_LIMITS } from './job-limits';

/** The values of `podReplacementPolicy`. */
export const POD_REPLACEMENT_POLICIES = ['TerminatingOrFailed', 'Failed'] as const;

/** The only value of `podReplacementPolicy` a Job with a `podFailurePolicy` may have. */
export const REPLACEMENT_WITH_POD_FAILURE_POLICY = 'Failed';

/** The longest `succeededIndexes` text the API server takes (64 KiB). */
export const SUCCEEDED_INDEXES_MAX_BYTES = 64 * 1024;

const quote = (v: unknown) => JSON.stringify(v);

/**
 * `validateIndexesFormat`: an index list such as `"0,3-5"` (ascending, non-overlapping intervals, each
 * index below `completions`). Returns how many indexes it names, or the API server's reason it is invalid.
 */
export function parseIndexes(text: string, completions: number): number | string {
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

/** One problem of a success policy: its path below `successPolicy.rules` and the API server's message. */
export interface PolicyProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What a success policy rule may hold (read defensively: manifests and hostile props alike). */
interface SuccessRuleLike {
  readonly succeededIndexes?: unknown;
  readonly succeededCount?: unknown;
}

const isSet = (v: unknown) => v !== undefined && v !== null;
const intOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/**
 * The problems of a success policy's rules on an Indexed Job with `completions` indexes: at least one and
 * at most 20 rules; each sets `succeededIndexes` or `succeededCount`; the indexes parse and lie below
 * `completions`; the count is at most `completions` and at most the number of `succeededIndexes`.
 * Paths are relative to the rules list (`[]` for the list itself, `[i, field]` for a rule's field).
 */
export function successPolicyProblems(rules: readonly unknown[], completions: number): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (rules.length === 0) add([], 'at least one rules must be specified when the successPolicy is specified');
  if (rules.length > JOB_LIMITS.successPolicyRules) {
    add([], `must have at most ${JOB_LIMITS.successPolicyRules} items (has ${rules.length})`);
  }
  rules.forEach((r, i) => {
    const rule: SuccessRuleLike = r !== null && typeof r === 'object' ? (r as SuccessRuleLike) : {};
    if (!isSet(rule.succeededCount) && !isSet(rule.succeededIndexes)) {
      add([i], 'at least one of succeededCount or succeededIndexes must be specified');
    }
    let total: number | undefined;
    const indexes = typeof rule.succeededIndexes === 'string' ? rule.succeededIndexes : undefined;
    if (indexes !== undefined) {
      if (indexes.length > SUCCEEDED_INDEXES_MAX_BYTES) {
        add([i, 'succeededIndexes'], `must have at most ${SUCCEEDED_INDEXES_MAX_BYTES} bytes`);
      }
      const parsed = parseIndexes(indexes, completions);
      if (typeof parsed === 'string')
        add([i, 'succeededIndexes'], `error parsing succeededIndexes: ${parsed}`);
      else total = parsed;
    }
    const count = intOf(rule.succeededCount);
    if (count !== undefined) {
      if (count < 0) add([i, 'succeededCount'], 'must be greater than or equal to 0');
      if (count > completions) {
        add(
          [i, 'succeededCount'],
          `must be less than or equal to ${completions} (the number of specified completions)`
        );
      }
      if (total !== undefined && count > total) {
        add(
          [i, 'succeededCount'],
          `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`
        );
      }
    }
  });
  return problems;
}

/**
 * The problem of a `podReplacementPolicy` value, or undefined: one of the two values, and `Failed` only
 * when the Job has a pod failure policy.
 */
export function podReplacementPolicyProblem(
  value: unknown,
  hasPodFailurePolicy: boolean
): string | undefined {
  const allowed: readonly string[] = hasPodFailurePolicy
    ? [REPLACEMENT_WITH_POD_FAILURE_POLICY]
    : POD_REPLACEMENT_POLICIES;
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return (
    `unsupported value ${quote(value)}: supported values: ${allowed.map(quote).join(', ')}` +
    (hasPodFailurePolicy ? ' (with a podFailurePolicy only Failed is allowed)' : '')
  );
}
