/** Pod-level fields (`ValidatePodSpec`). */
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  INT32_MAX,
  qualifiedNameProblem,
} from '../../../lib/rules/names';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { containersOf, family, int, invalidChoice, quote, str, unsupported } from './helpers';

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** Pod-level fields (`ValidatePodSpec`): policies, names, deadlines, user and group IDs, scheduling gates. */
export function podSpecRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('pod-spec');
  const restart = spec.restartPolicy;
  if (invalidChoice(restart, RESTART_POLICIES)) {
    add(fieldPath(path, 'restartPolicy'), unsupported(restart, RESTART_POLICIES));
  }
  const dnsPolicy = spec.dnsPolicy;
  if (invalidChoice(dnsPolicy, DNS_POLICIES)) {
    add(fieldPath(path, 'dnsPolicy'), unsupported(dnsPolicy, DNS_POLICIES));
  }
  const nameservers = asList(asObject(spec.dnsConfig)?.nameservers);
  if (dnsPolicy === 'None' && nameservers.length === 0) {
    add(fieldPath(path, 'dnsConfig'), 'must provide at least one DNS nameserver when `dnsPolicy` is None');
  }
  if (nameservers.length > 3)
    add(fieldPath(path, 'dnsConfig.nameservers'), 'must not have more than 3 nameservers');
  const deadline = int(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > INT32_MAX)) {
    add(fieldPath(path, 'activeDeadlineSeconds'), `must be between 1 and ${INT32_MAX}, inclusive`);
  }
  for (const [field, rule] of [
    ['serviceAccountName', dnsSubdomainProblem],
    ['serviceAccount', dnsSubdomainProblem],
    ['priorityClassName', dnsSubdomainProblem],
    ['hostname', (v: string) => dnsLabelProblem(v)],
    ['subdomain', (v: string) => dnsLabelProblem(v)],
  ] as const) {
    const value = str(spec[field]);
    const problem = value ? rule(value) : undefined;
    if (problem) add(fieldPath(path, field), problem);
  }
  const ids = (sc: Json | undefined, at: string) => {
    for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) {
      const v = int(sc?.[field]);
      if (v !== undefined && (v < 0 || v > INT32_MAX))
        add(fieldPath(at, field), `must be between 0 and ${INT32_MAX}, inclusive`);
    }
  };
  ids(asObject(spec.securityContext), fieldPath(path, 'securityContext'));
  for (const { c, path: at } of containersOf(spec, path))
    ids(asObject(c.securityContext), fieldPath(at, 'securityContext'));
  const gates = new Set<string>();
  asList(spec.schedulingGates).forEach((g, i) => {
    const name = str(asObject(g)?.name);
    if (name === undefined) return;
    const at = fieldPath(keyPath(fieldPath(path, 'schedulingGates'), i), 'name');
    const problem = qualifiedNameProblem(name);
    if (problem) add(at, problem);
    if (gates.has(name)) add(at, `duplicate value ${quote(name)}`);
    gates.add(name);
  });
  return problems;
}
