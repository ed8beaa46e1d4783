/** A Job's `podFailurePolicy` and `podReplacementPolicy` (`validatePodFailurePolicy`). */
import { JOB_LIMITS } from '../../../lib/rules/job-limits';
import { qualifiedNameProblem } from '../../../lib/rules/names';
import { podReplacementPolicyProblem } from '../../../lib/rules/job-policies';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { containersOf, family, invalidChoice, isSet, oneOf, quote, str, unsupported } from './helpers';

/** `podFailurePolicy` (`validatePodFailurePolicy`) and `podReplacementPolicy`. */
export function podFailurePolicyRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('pod-failure-policy');
  const policy = asObject(spec.podFailurePolicy);
  const replacement = spec.podReplacementPolicy;
  if (typeof replacement === 'string') {
    const problem = podReplacementPolicyProblem(replacement, policy !== undefined);
    if (problem) add(fieldPath(path, 'podReplacementPolicy'), problem);
  }
  if (!policy) return problems;
  const rulesPath = fieldPath(path, 'podFailurePolicy.rules');
  const rules = asList(policy.rules);
  if (rules.length > JOB_LIMITS.podFailurePolicyRules) {
    add(rulesPath, `must have at most ${JOB_LIMITS.podFailurePolicyRules} items (has ${rules.length})`);
  }
  const podSpec = asObject(asObject(spec.template)?.spec) ?? {};
  const names = new Set(containersOf(podSpec, '').map(({ c }) => c.name));
  const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
  rules.forEach((r, i) => {
    const rule = asObject(r) ?? {};
    const rulePath = keyPath(rulesPath, i);
    const action = rule.action;
    if (!isSet(action) || action === '')
      add(fieldPath(rulePath, 'action'), `is required: one of ${oneOf(actions)}`);
    else if (action === 'FailIndex') {
      if (!isSet(spec.backoffLimitPerIndex)) {
        add(fieldPath(rulePath, 'action'), 'FailIndex requires the backoffLimitPerIndex to be set');
      }
    } else if (invalidChoice(action, actions))
      add(fieldPath(rulePath, 'action'), unsupported(action, actions));

    const onExitCodes = asObject(rule.onExitCodes);
    const onPodConditions = asList(rule.onPodConditions);
    if (onExitCodes) {
      const at = fieldPath(rulePath, 'onExitCodes');
      const operator = onExitCodes.operator;
      if (!isSet(operator) || operator === '') add(fieldPath(at, 'operator'), 'is required: "In" or "NotIn"');
      else if (invalidChoice(operator, ['In', 'NotIn']))
        add(fieldPath(at, 'operator'), unsupported(operator, ['In', 'NotIn']));
      const containerName = onExitCodes.containerName;
      if (isSet(containerName) && !names.has(containerName)) {
        add(
          fieldPath(at, 'containerName'),
          'must be one of the container or initContainer names in the pod template'
        );
      }
      const values = asList(onExitCodes.values);
      const valuesPath = fieldPath(at, 'values');
      if (values.length === 0) add(valuesPath, 'at least one value is required');
      else if (values.length > JOB_LIMITS.onExitCodesValues) {
        add(valuesPath, `must have at most ${JOB_LIMITS.onExitCodesValues} items (has ${values.length})`);
      }
      const seen = new Set<unknown>();
      let ordered = true;
      values.forEach((v, j) => {
        if (operator === 'In' && v === 0)
          add(keyPath(valuesPath, j), 'must not be 0 for the In operator (0 means success)');
        if (seen.has(v)) add(keyPath(valuesPath, j), `duplicate value ${quote(v)}`);
        seen.add(v);
        if (j > 0 && (values[j - 1] as number) > (v as number)) ordered = false;
      });
      if (!ordered) add(valuesPath, 'must be ordered');
    }
    if (onPodConditions.length > 0) {
      const at = fieldPath(rulePath, 'onPodConditions');
      if (onPodConditions.length > JOB_LIMITS.onPodConditions) {
        add(at, `must have at most ${JOB_LIMITS.onPodConditions} items (has ${onPodConditions.length})`);
      }
      onPodConditions.forEach((p, j) => {
        const pattern = asObject(p) ?? {};
        const type = str(pattern.type);
        const typeProblem = type === undefined ? undefined : qualifiedNameProblem(type);
        if (typeProblem) add(fieldPath(keyPath(at, j), 'type'), typeProblem);
        if (invalidChoice(pattern.status, ['True', 'False', 'Unknown'])) {
          add(fieldPath(keyPath(at, j), 'status'), unsupported(pattern.status, ['False', 'True', 'Unknown']));
        }
      });
    }
    if (onExitCodes && onPodConditions.length > 0) {
      add(rulePath, 'specifying both OnExitCodes and OnPodConditions is not supported');
    }
    if (!onExitCodes && onPodConditions.length === 0) {
      add(rulePath, 'specifying one of OnExitCodes and OnPodConditions is required');
    }
  });
  return problems;
}
