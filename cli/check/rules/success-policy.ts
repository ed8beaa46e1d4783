/** A Job's `successPolicy` (`validateSuccessPolicy`): the rules are shared with the props (lib/rules/job-policies.ts). */
import { successPolicyProblems } from '../../../lib/rules/job-policies';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath } from '../schema-check';
import { family, int, subPath } from './helpers';

/** `successPolicy` (1.31+ by default), on an Indexed Job. */
export function successPolicyRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('success-policy');
  const policy = asObject(spec.successPolicy);
  if (!policy || spec.completionMode !== 'Indexed') return problems;
  const at = fieldPath(path, 'successPolicy.rules');
  for (const p of successPolicyProblems(asList(policy.rules), int(spec.completions) ?? 0)) {
    add(subPath(at, p.path), p.message);
  }
  return problems;
}
