/** Environment variables (`ValidateEnv`, `ValidateEnvFrom`). */
import type { KubeVersion } from '../../../lib/rules/kube-versions';
import {
  configKeyProblem,
  dnsSubdomainProblem,
  envFieldPathProblem,
  envVarNameProblemAt,
} from '../../../lib/rules/names';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { containersOf, family, isSet, str, unsupported } from './helpers';

const RESOURCE_FIELD_REFS = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]);

/** A ConfigMap or Secret key reference: a valid object name and a key. */
function keyRefProblems(ref: Json, at: string, add: (path: string, message: string) => void) {
  const nameProblem = dnsSubdomainProblem(String(ref.name ?? ''));
  if (nameProblem) add(fieldPath(at, 'name'), nameProblem);
  const key = str(ref.key);
  if (!key) add(fieldPath(at, 'key'), 'is required');
  else {
    const problem = configKeyProblem(key);
    if (problem) add(fieldPath(at, 'key'), problem);
  }
}

/**
 * `env` and `envFrom` (`ValidateEnv`): names by Kubernetes' rule at `version` (strict up to 1.31, relaxed from
 * 1.32), exactly one source per `valueFrom`, valid references.
 */
export function envRules(spec: Json, path: string, version: KubeVersion): ManifestProblem[] {
  const { problems, add } = family('env');
  for (const { c, path: at } of containersOf(spec, path)) {
    asList(c.env).forEach((e, i) => {
      const env = asObject(e) ?? {};
      const envPath = keyPath(fieldPath(at, 'env'), i);
      const name = str(env.name);
      if (!name) add(fieldPath(envPath, 'name'), 'is required');
      else {
        const problem = envVarNameProblemAt(name, version);
        if (problem) add(fieldPath(envPath, 'name'), problem);
      }
      const valueFrom = asObject(env.valueFrom);
      if (!valueFrom) return;
      const from = fieldPath(envPath, 'valueFrom');
      if (typeof env.value === 'string' && env.value !== '')
        add(from, 'may not be specified when `value` is not empty');
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((s) =>
        isSet(valueFrom[s])
      );
      if (sources.length === 0) {
        add(from, 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
      } else if (sources.length > 1) {
        add(from, 'may not have more than one field specified at a time');
      }
      const fieldRef = asObject(valueFrom.fieldRef);
      if (fieldRef) {
        const fp = str(fieldRef.fieldPath);
        const problem = fp ? envFieldPathProblem(fp) : 'is required';
        if (problem) add(fieldPath(from, 'fieldRef.fieldPath'), problem);
      }
      const resourceRef = asObject(valueFrom.resourceFieldRef);
      if (resourceRef) {
        const resource = String(resourceRef.resource ?? '');
        if (!RESOURCE_FIELD_REFS.has(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
          add(
            fieldPath(from, 'resourceFieldRef.resource'),
            unsupported(resourceRef.resource, [...RESOURCE_FIELD_REFS])
          );
        }
      }
      for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
        const ref = asObject(valueFrom[kind]);
        if (ref) keyRefProblems(ref, fieldPath(from, kind), add);
      }
    });
    asList(c.envFrom).forEach((e, i) => {
      const source = asObject(e) ?? {};
      const at2 = keyPath(fieldPath(at, 'envFrom'), i);
      const refs = ['configMapRef', 'secretRef'].filter((r) => isSet(source[r]));
      if (refs.length !== 1) add(at2, 'must specify exactly one of: `configMapRef` or `secretRef`');
      for (const r of refs) {
        const problem = dnsSubdomainProblem(String(asObject(source[r])?.name ?? ''));
        if (problem) add(fieldPath(fieldPath(at2, r), 'name'), problem);
      }
      const prefix = str(source.prefix);
      if (prefix) {
        const problem = envVarNameProblemAt(prefix, version);
        if (problem) add(fieldPath(at2, 'prefix'), problem);
      }
    });
  }
  return problems;
}
