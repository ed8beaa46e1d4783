import { INT32_MAX } from './names';

// ---------------------------------------------------------------------------------------------
// Pod annotations the API server validates (core `validation.go`: `ValidatePodSpecificAnnotations`,
// `validateSeccompAnnotationsAndFields`), on pods and pod templates alike.

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
export const APPARMOR_CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The API server's message for an AppArmor annotation that names no container of the pod. */
export const CONTAINER_NOT_FOUND = 'container not found';

/** The containers an AppArmor annotation (`container.apparmor.security.beta.kubernetes.io/<name>`) names. */
export function appArmorContainers(
  annotations: Readonly<Record<string, unknown>>
): { key: string; container: string }[] {
  return Object.keys(annotations)
    .filter((key) => key.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX))
    .map((key) => ({ key, container: key.slice(APPARMOR_CONTAINER_ANNOTATION_PREFIX.length) }));
}

/** A pod's or container's `securityContext.seccompProfile`, as far as the rules read it. */
export interface SeccompProfileLike {
  readonly type?: unknown;
  readonly localhostProfile?: unknown;
}

/** What the pod annotation rules read of the pod spec. */
export interface PodAnnotationContext {
  /** Every container name of the pod: init, regular and ephemeral containers. */
  readonly containerNames: readonly string[];
  /** The pod's `securityContext.seccompProfile`, when set. */
  readonly podSeccompProfile?: SeccompProfileLike;
  /** The containers' `securityContext.seccompProfile`, by container name, when set. */
  readonly containerSeccompProfiles?: ReadonlyMap<string, SeccompProfileLike>;
}

/** A problem found by {@link podAnnotationsProblems}. */
export interface PodAnnotationProblem {
  /** The annotation at fault. */
  readonly key: string;
  readonly message: string;
  /**
   * Set when the annotation disagrees with a seccomp profile field: the field the API server names, relative
   * to the pod spec (`securityContext.seccompProfile.type`, or for a container `securityContext…` of it).
   */
  readonly field?: { readonly container?: string; readonly path: readonly string[] };
}

/** `GetDeletionCostFromPodAnnotations`: a first digit check, then `strconv.ParseInt(value, 10, 32)`. */
function isInt32Text(value: string): boolean {
  if (!/^(-?[0-9]+)$/.test(value)) return false;
  if (/^0[0-9]/.test(value)) return false; // validFirstDigit: "0" alone, or 1-9 or '-'
  const n = Number(value);
  return n >= -2147483648 && n <= INT32_MAX;
}

/** `ValidateSeccompProfile` (on an annotation value), or undefined when valid. */
export function seccompAnnotationValueProblem(value: string): string | undefined {
  if (value === 'runtime/default' || value === 'docker/default' || value === 'unconfined') return undefined;
  if (value.startsWith('localhost/')) {
    const path = value.slice('localhost/'.length);
    if (path.startsWith('/')) return 'must be a relative path';
    if (path.split('/').includes('..')) return "must not contain '..'";
    return undefined;
  }
  return 'must be a valid seccomp profile: runtime/default, docker/default, unconfined or localhost/<relative path>';
}

/** `validateSeccompAnnotationsAndFieldsMatch`: the sub-field at fault, or undefined when they agree. */
function seccompMismatch(
  annotation: string,
  profile: SeccompProfileLike
): PodAnnotationProblem['field'] | undefined {
  const type = { path: ['securityContext', 'seccompProfile', 'type'] };
  switch (profile.type) {
    case 'Unconfined':
      return annotation === 'unconfined' ? undefined : type;
    case 'RuntimeDefault':
      return annotation === 'runtime/default' || annotation === 'docker/default' ? undefined : type;
    case 'Localhost':
      if (!annotation.startsWith('localhost/')) return type;
      return profile.localhostProfile === annotation.slice('localhost/'.length)
        ? undefined
        : { path: ['securityContext', 'seccompProfile', 'localhostProfile'] };
    default:
      return undefined;
  }
}

/**
 * Problems with the pod annotations the API server validates: `controller.kubernetes.io/pod-deletion-cost`
 * (a 32-bit integer), the seccomp annotations (a valid profile, and the same as the pod's or container's
 * `seccompProfile` when both are set) and the AppArmor ones (a container of the pod, a valid profile).
 */
export function podAnnotationsProblems(
  annotations: Readonly<Record<string, unknown>>,
  pod: PodAnnotationContext
): PodAnnotationProblem[] {
  const problems: PodAnnotationProblem[] = [];
  const names = new Set(pod.containerNames);
  for (const [key, raw] of Object.entries(annotations)) {
    if (typeof raw !== 'string') continue; // the schema check's business
    const value = raw;
    if (key === POD_DELETION_COST_ANNOTATION && !isInt32Text(value)) {
      problems.push({ key, message: 'must be a 32bit integer' });
    }
    const seccompPod = key === SECCOMP_POD_ANNOTATION;
    const seccompContainer = key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX);
    if (seccompPod || seccompContainer) {
      const problem = seccompAnnotationValueProblem(value);
      if (problem) problems.push({ key, message: problem });
    }
    if (key.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX)) {
      const container = key.slice(APPARMOR_CONTAINER_ANNOTATION_PREFIX.length);
      if (!names.has(container)) problems.push({ key, message: CONTAINER_NOT_FOUND });
      if (
        value !== '' &&
        value !== 'runtime/default' &&
        value !== 'unconfined' &&
        !value.startsWith('localhost/')
      ) {
        problems.push({ key, message: `invalid AppArmor profile name: ${JSON.stringify(value)}` });
      }
    }
  }
  // validateSeccompAnnotationsAndFields
  const podValue = annotations[SECCOMP_POD_ANNOTATION];
  if (pod.podSeccompProfile && typeof podValue === 'string') {
    const field = seccompMismatch(podValue, pod.podSeccompProfile);
    if (field) problems.push({ key: SECCOMP_POD_ANNOTATION, message: mismatchMessage(field), field });
  }
  for (const [container, profile] of pod.containerSeccompProfiles ?? []) {
    const key = `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${container}`;
    const value = annotations[key];
    if (!Object.hasOwn(annotations, key) || typeof value !== 'string') continue;
    const field = seccompMismatch(value, profile);
    if (field) problems.push({ key, message: mismatchMessage(field), field: { ...field, container } });
  }
  return problems;
}

function mismatchMessage(field: NonNullable<PodAnnotationProblem['field']>): string {
  return field.path[field.path.length - 1] === 'type'
    ? 'seccomp type in annotation and field must match'
    : 'seccomp profile in annotation and field must match';
}
