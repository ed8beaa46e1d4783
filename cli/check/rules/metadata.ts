/** Object metadata (`ValidateObjectMeta`): name or generateName, namespace, labels, annotations, finalizers. */
import {
  dns1035LabelProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  qualifiedNameProblem,
} from '../../../lib/rules/names';
import {
  asList,
  asObject,
  GENERATED_NAME_SUFFIX,
  GENERATED_PREFIX_MAX,
  Json,
  ManifestProblem,
} from '../manifest-defaults';
import { keyPath } from '../schema-check';
import { family, isSet, labelAndAnnotationProblems, str } from './helpers';

/** The name rule of each kind this checker knows (`ValidateObjectMeta` name functions). */
const NAME_RULES: Readonly<Record<string, (name: string) => string | undefined>> = {
  Job: dnsSubdomainProblem,
  CronJob: dnsSubdomainProblem,
  Pod: dnsSubdomainProblem,
  PodTemplate: dnsSubdomainProblem,
  ConfigMap: dnsSubdomainProblem,
  Secret: dnsSubdomainProblem,
  ServiceAccount: dnsSubdomainProblem,
  PersistentVolumeClaim: dnsSubdomainProblem,
  Service: dns1035LabelProblem,
  Namespace: (name) => dnsLabelProblem(name),
};
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** `metadata`: name or generateName, the kind's name rule, namespace, labels, annotations, finalizers. */
export function metadataRules(obj: Json, kind: string): ManifestProblem[] {
  const { problems, add } = family('metadata');
  const meta = asObject(obj.metadata) ?? {};
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (!name && !generateName) add('metadata.name', 'name or generateName is required');
  const nameRule = NAME_RULES[kind];
  if (nameRule && name) {
    const problem = nameRule(name);
    if (problem) add('metadata.name', problem);
  }
  // `ValidateObjectMetaAccessor` checks generateName whenever it is set, with its trailing '-' masked as
  // `maskTrailingDash` does (the '-' and the character before it become 'a'), and then the name the API
  // server generated from it (`generateName[:58]` + 5 random characters), reported at metadata.name:
  // https://github.com/kubernetes/kubernetes/blob/release-1.28/staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
  // and generic.go beside it.
  if (nameRule && generateName) {
    const masked =
      generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
    const problem = nameRule(masked);
    if (problem) add('metadata.generateName', problem);
    const generated = `${generateName.slice(0, GENERATED_PREFIX_MAX)}${GENERATED_NAME_SUFFIX}`;
    const generatedProblem = name ? undefined : nameRule(generated);
    if (generatedProblem && !problem) {
      add('metadata.name', `${generatedProblem} (the name generated from generateName, e.g. "${generated}")`);
    }
  }
  const namespace = str(meta.namespace);
  if (namespace) {
    const problem = dnsLabelProblem(namespace);
    if (problem) add('metadata.namespace', problem);
  }
  // `ValidateObjectMetaAccessor`, on create (`rest.BeforeCreate`).
  if (isSet(meta.resourceVersion) && meta.resourceVersion !== '') {
    add('metadata.resourceVersion', 'resourceVersion should not be set on objects to be created');
  }
  labelAndAnnotationProblems(meta, 'metadata', add);
  asList(meta.finalizers).forEach((f, i) => {
    if (typeof f !== 'string') return;
    const problem = qualifiedNameProblem(f);
    if (problem) add(keyPath('metadata.finalizers', i), problem);
    else if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      add(
        keyPath('metadata.finalizers', i),
        'name is neither a standard finalizer name nor is it fully qualified'
      );
    }
  });
  return problems;
}
