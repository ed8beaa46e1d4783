/** A pod template's labels and annotations, and the pod annotations checked against the pod spec. */
import { podAnnotationsProblems, SeccompProfileLike } from '../../../lib/rules/pod-annotations';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { family, labelAndAnnotationProblems, str } from './helpers';

/** A pod template's own labels and annotations (the generated Job labels excluded). */
export function podTemplateMetadataRules(
  template: Json,
  path: string,
  generated: ReadonlySet<string> = new Set()
): ManifestProblem[] {
  const { problems, add } = family('metadata');
  labelAndAnnotationProblems(asObject(template.metadata), fieldPath(path, 'metadata'), add, generated);
  return problems;
}

/**
 * The pod annotations the API server validates against the pod spec (`ValidatePodSpecificAnnotations`,
 * `validateSeccompAnnotationsAndFields`): `annotationsPath` is where the annotations are, `specPath` the pod spec.
 */
export function podAnnotationRules(
  annotations: Json | undefined,
  spec: Json,
  annotationsPath: string,
  specPath: string
): ManifestProblem[] {
  const { problems, add } = family('pod-annotations');
  if (!annotations) return problems;
  const names: string[] = [];
  const containerPaths = new Map<string, string>();
  const containerSeccompProfiles = new Map<string, SeccompProfileLike>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asList(spec[list]).forEach((item, i) => {
      const c = asObject(item);
      const name = str(c?.name);
      if (!c || name === undefined) return;
      names.push(name);
      containerPaths.set(name, keyPath(fieldPath(specPath, list), i));
      const profile = asObject(asObject(c.securityContext)?.seccompProfile);
      if (profile) containerSeccompProfiles.set(name, profile);
    });
  }
  const podSeccompProfile = asObject(asObject(spec.securityContext)?.seccompProfile);
  for (const p of podAnnotationsProblems(annotations, {
    containerNames: names,
    podSeccompProfile,
    containerSeccompProfiles,
  })) {
    if (!p.field) add(keyPath(annotationsPath, p.key), p.message);
    else {
      const base = p.field.container === undefined ? specPath : containerPaths.get(p.field.container)!;
      add(p.field.path.reduce(fieldPath, base), p.message);
    }
  }
  return problems;
}
