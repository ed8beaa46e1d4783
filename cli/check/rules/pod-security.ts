/** cdk8s-batch's own `cdk8s-batch.io/pod-security` annotation rule. */
import { podSecurityLevel, PodSecurityLevel, podSecurityViolations } from '../../../lib/rules/pod-security';
import { asObject, Json, ManifestProblem } from '../manifest-defaults';
import { keyPath } from '../schema-check';
import { family, quote, unsupported } from './helpers';

/** The annotation cdk8s-batch writes with the pods' Pod Security Standards level. */
export const POD_SECURITY_ANNOTATION = 'cdk8s-batch.io/pod-security';
const LEVELS: readonly string[] = Object.values(PodSecurityLevel);

/**
 * cdk8s-batch's own rule: a `cdk8s-batch.io/pod-security` annotation must state the level the pods really meet
 * (computed by `pod-security.ts`, as the constructs do). Catches hand edits that loosen a pod but keep the label.
 * `podSpec` is the pod spec as written (before defaults), like the constructs see it.
 */
export function podSecurityAnnotationRules(
  obj: Json,
  podSpec: Json,
  podAnnotations: Json
): ManifestProblem[] {
  const { problems, add } = family('pod-security');
  const claimed = asObject(asObject(obj.metadata)?.annotations)?.[POD_SECURITY_ANNOTATION];
  if (claimed === undefined) return problems;
  const at = keyPath('metadata.annotations', POD_SECURITY_ANNOTATION);
  if (!LEVELS.includes(String(claimed))) {
    add(at, unsupported(claimed, LEVELS));
    return problems;
  }
  const annotations = Object.fromEntries(Object.entries(podAnnotations).map(([k, v]) => [k, String(v)]));
  const actual = podSecurityLevel(podSpec, annotations);
  if (actual === claimed) return problems;
  const stricter = LEVELS.indexOf(String(claimed)) < LEVELS.indexOf(actual);
  // The first violation that keeps the pods from the next stricter level than they meet.
  const first = stricter
    ? podSecurityViolations(podSpec, annotations).find((v) =>
        actual === PodSecurityLevel.PRIVILEGED
          ? v.level === PodSecurityLevel.BASELINE
          : v.level === PodSecurityLevel.RESTRICTED
      )
    : undefined;
  add(
    at,
    `says ${quote(claimed)} but the pods meet ${quote(actual)}${first ? ` (${first.check}: ${first.path} ${first.message})` : ''}`
  );
  return problems;
}
