/** Where pods may run (`ValidatePodSpec`: nodeSelector, tolerations, affinity, topology spread). */
import { nodeRequirementProblems, tolerationProblems } from '../../../lib/props/scheduling';
import { labelsProblems } from '../../../lib/rules/metadata';
import { qualifiedNameProblem } from '../../../lib/rules/names';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { family, int, invalidChoice, str, subPath, unsupported } from './helpers';
import { labelSelectorProblems } from './label-selector';

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** A node selector term: its requirements (shared with the constructs) and match fields. */
function nodeTermProblems(term: Json, at: string, add: (path: string, message: string) => void) {
  asList(term.matchExpressions).forEach((r, i) => {
    const req = asObject(r) ?? {};
    const reqPath = keyPath(fieldPath(at, 'matchExpressions'), i);
    if (invalidChoice(req.operator, NODE_OPERATORS))
      add(fieldPath(reqPath, 'operator'), unsupported(req.operator, NODE_OPERATORS));
    for (const p of nodeRequirementProblems(req)) add(subPath(reqPath, p.path), p.message);
  });
  asList(term.matchFields).forEach((r, i) => {
    const req = asObject(r) ?? {};
    const reqPath = keyPath(fieldPath(at, 'matchFields'), i);
    if (req.key !== 'metadata.name')
      add(fieldPath(reqPath, 'key'), 'not a valid field selector key: only metadata.name is supported');
    if (invalidChoice(req.operator, ['In', 'NotIn'])) {
      add(fieldPath(reqPath, 'operator'), unsupported(req.operator, ['In', 'NotIn']));
    }
    if (asList(req.values).length !== 1) add(fieldPath(reqPath, 'values'), 'must have exactly one value');
  });
}

/** A pod (anti-)affinity term: topology key and label selector. */
function podAffinityTermProblems(term: Json, at: string, add: (path: string, message: string) => void) {
  const key = str(term.topologyKey);
  const problem = key ? qualifiedNameProblem(key) : 'can not be empty';
  if (problem) add(fieldPath(at, 'topologyKey'), problem);
  const selector = asObject(term.labelSelector);
  if (selector) labelSelectorProblems(selector, fieldPath(at, 'labelSelector'), add);
}

/** Where pods may run (`ValidatePodSpec`): nodeSelector, tolerations, affinity, topology spread. */
export function schedulingRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('scheduling');
  const nodeSelector = asObject(spec.nodeSelector);
  if (nodeSelector) {
    for (const p of labelsProblems(nodeSelector))
      add(keyPath(fieldPath(path, 'nodeSelector'), p.key!), p.message);
  }
  asList(spec.tolerations).forEach((t, i) => {
    const toleration = asObject(t) ?? {};
    const at = keyPath(fieldPath(path, 'tolerations'), i);
    const operator = toleration.operator;
    if (operator !== '' && invalidChoice(operator, TOLERATION_OPERATORS)) {
      add(fieldPath(at, 'operator'), unsupported(operator, TOLERATION_OPERATORS));
    }
    const effect = toleration.effect;
    if (effect !== '' && invalidChoice(effect, TAINT_EFFECTS)) {
      add(fieldPath(at, 'effect'), unsupported(effect, TAINT_EFFECTS));
    }
    for (const p of tolerationProblems(toleration)) add(subPath(at, p.path), p.message);
  });
  const affinity = asObject(spec.affinity) ?? {};
  const nodeAffinity = asObject(affinity.nodeAffinity);
  if (nodeAffinity) {
    const at = fieldPath(path, 'affinity.nodeAffinity');
    const required = asObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const termsPath = fieldPath(at, 'requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms');
      const terms = asList(required.nodeSelectorTerms);
      if (terms.length === 0) add(termsPath, 'must have at least one node selector term');
      terms.forEach((t, i) => nodeTermProblems(asObject(t) ?? {}, keyPath(termsPath, i), add));
    }
    asList(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pref = asObject(p) ?? {};
      const prefPath = keyPath(fieldPath(at, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = int(pref.weight);
      if (weight === undefined || weight < 1 || weight > 100)
        add(fieldPath(prefPath, 'weight'), 'must be in the range 1-100');
      nodeTermProblems(asObject(pref.preference) ?? {}, fieldPath(prefPath, 'preference'), add);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const podAffinity = asObject(affinity[kind]);
    if (!podAffinity) continue;
    const at = fieldPath(path, `affinity.${kind}`);
    asList(podAffinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      podAffinityTermProblems(
        asObject(t) ?? {},
        keyPath(fieldPath(at, 'requiredDuringSchedulingIgnoredDuringExecution'), i),
        add
      )
    );
    asList(podAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pref = asObject(p) ?? {};
      const prefPath = keyPath(fieldPath(at, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = int(pref.weight);
      if (weight === undefined || weight < 1 || weight > 100)
        add(fieldPath(prefPath, 'weight'), 'must be in the range 1-100');
      podAffinityTermProblems(
        asObject(pref.podAffinityTerm) ?? {},
        fieldPath(prefPath, 'podAffinityTerm'),
        add
      );
    });
  }
  asList(spec.topologySpreadConstraints).forEach((t, i) => {
    const constraint = asObject(t) ?? {};
    const at = keyPath(fieldPath(path, 'topologySpreadConstraints'), i);
    const skew = int(constraint.maxSkew);
    if (skew !== undefined && skew <= 0) add(fieldPath(at, 'maxSkew'), 'must be greater than zero');
    const key = str(constraint.topologyKey);
    const problem = key ? qualifiedNameProblem(key) : 'can not be empty';
    if (problem) add(fieldPath(at, 'topologyKey'), problem);
    const when = constraint.whenUnsatisfiable;
    if (invalidChoice(when, ['DoNotSchedule', 'ScheduleAnyway'])) {
      add(fieldPath(at, 'whenUnsatisfiable'), unsupported(when, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    const selector = asObject(constraint.labelSelector);
    if (selector) labelSelectorProblems(selector, fieldPath(at, 'labelSelector'), add);
  });
  return problems;
}
