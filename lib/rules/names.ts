import { gateEnabled, GATES, KubeVersion } from './kube-versions';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Keys of ConfigMap and Secret data. */
export const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
export const INT32_MAX = 2147483647;

const DNS_LABEL_RULE = "lowercase letters, digits and '-', starting and ending with a letter or digit";

/** Problem with a DNS-1123 label (≤ 63 chars), or undefined when valid. */
export function dnsLabelProblem(value: string, max = 63): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters (is ${value.length})`;
  if (!DNS1123_LABEL.test(value)) return `must be a DNS-1123 label: ${DNS_LABEL_RULE}`;
  return undefined;
}

/** Problem with a DNS-1035 label (≤ 63 chars, starts with a letter: Service names), or undefined when valid. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) return `must be at most 63 characters (is ${value.length})`;
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    return "must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
  }
  return undefined;
}

/** Problem with a DNS-1123 subdomain (≤ 253 chars), or undefined when valid. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return `must be at most 253 characters (is ${value.length})`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `must be a DNS-1123 subdomain: ${DNS_LABEL_RULE}, dot-separated`;
  return undefined;
}

/**
 * Problem with the name of a Kueue object (LocalQueue, WorkloadPriorityClass) written as a label value
 * (`kueue.x-k8s.io/queue-name`, `kueue.x-k8s.io/priority-class`): Kueue's webhook requires a DNS-1123
 * subdomain (kueue `jobframework/validation.go`, `validateLabelAsCRDName`) and the API server a label
 * value (≤ 63 characters), so both.
 */
export function kueueNameLabelProblem(value: string): string | undefined {
  const problem = dnsSubdomainProblem(value);
  if (problem) return problem;
  return value.length > 63
    ? `must be at most 63 characters: it is rendered as a label value (is ${value.length})`
    : undefined;
}

/** Problem with a qualified name (`[prefix/]name`): label and annotation keys. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2)
    return "must be a qualified name: an optional DNS subdomain prefix and '/', then a name";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefixProblem = dnsSubdomainProblem(parts[0]);
    if (prefixProblem) return `prefix ${prefixProblem}`;
  }
  if (name.length === 0 || name.length > 63) return 'name part must be 1 to 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `label value must be at most 63 characters (is ${value.length})`;
  if (!LABEL_VALUE.test(value)) {
    return "label value must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/** Problem with a key of ConfigMap or Secret data (a key reference or a volume item). */
export function configKeyProblem(key: string): string | undefined {
  return key.length === 0 || key.length > 253 || !CONFIG_KEY.test(key)
    ? "must be 1 to 253 letters, digits, '-', '_' or '.'"
    : undefined;
}

/**
 * Kubernetes' own environment variable name rule (core `ValidateEnv`): `IsEnvVarName`, or with `relaxed`
 * (feature gate RelaxedEnvironmentVariableValidation, on by default from 1.32) any printable ASCII but `=`.
 * `envVarNameProblemAt` picks the rule by target version; `Platform.tkestack()` adds its console's POSIX rule
 * (`profiles/tkestack.ts`). Source: `IsEnvVarName` in
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 */
export function envVarNameProblem(name: string, relaxed = false): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (relaxed) {
    return /^[\x20-\x7e]+$/.test(name) && !name.includes('=')
      ? undefined
      : "a valid environment variable name must consist only of printable ASCII characters other than '='";
  }
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
    return "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
  }
  if (name === '.' || name === '..' || name.startsWith('..'))
    return "must not be '.' or '..' or start with '..'";
  return undefined;
}

/**
 * The environment variable name rule of a Kubernetes version, shared by the constructs (at their
 * `kubernetesVersion`) and `cdk8s-batch validate` (at `--kube-version`): `IsEnvVarName` before 1.32, any
 * printable ASCII but `=` from 1.32 (RelaxedEnvironmentVariableValidation, beta and on by default in 1.32:
 * `ValidateEnv` in https://github.com/kubernetes/kubernetes/blob/release-1.32/pkg/apis/core/validation/validation.go
 * calls `validateEnvVarName`, which takes `IsRelaxedEnvVarName` when the gate is on). A name only the relaxed
 * rule takes says which version takes it.
 */
export function envVarNameProblemAt(name: string, version: KubeVersion): string | undefined {
  const relaxed = gateEnabled(GATES.RelaxedEnvironmentVariableValidation, version);
  const problem = envVarNameProblem(name, relaxed);
  if (problem === undefined || relaxed || envVarNameProblem(name, true) !== undefined) return problem;
  return `${problem} (Kubernetes ${version}; relaxed names need 1.${GATES.RelaxedEnvironmentVariableValidation.beta}+)`;
}

/** Pod fields a container may read through an env `fieldRef` (core `validation.go`). */
export const ENV_FIELD_PATHS: ReadonlySet<string> = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const LABEL_OR_ANNOTATION_PATH = /^metadata\.(labels|annotations)\['[^']+'\]$/;

/** Problem with an env `fieldRef.fieldPath`. */
export function envFieldPathProblem(path: string): string | undefined {
  return ENV_FIELD_PATHS.has(path) || LABEL_OR_ANNOTATION_PATH.test(path)
    ? undefined
    : `must be one of ${[...ENV_FIELD_PATHS].join(', ')}, or metadata.labels['<key>'] / metadata.annotations['<key>']`;
}

/** Problem with a CSI driver name: a DNS subdomain of at most 63 characters. */
export function csiDriverNameProblem(driver: string): string | undefined {
  return driver.length > 63 ? 'must be at most 63 characters' : dnsSubdomainProblem(driver.toLowerCase());
}

/** Whether `mode` is a file mode from 0 to 0o777 (volume `defaultMode` and item `mode`). */
export function isFileMode(mode: unknown): boolean {
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 0o777;
}

/**
 * Indexed Jobs name pods' hostnames `<job name>-<index>`; the last one must be a DNS label. Returns the
 * API server's message, or undefined.
 */
export function indexedHostnameProblem(name: string, completions: number): string | undefined {
  if (completions <= 0) return undefined;
  const hostname = `${name}-${completions - 1}`;
  return dnsLabelProblem(hostname) === undefined
    ? undefined
    : `will not able to create pod with invalid DNS label: ${hostname}`;
}

/** Resolves a name-or-resource reference to its name. */
export function refName(ref: string | { readonly name: string }): string {
  return typeof ref === 'string' ? ref : ref.name;
}

/** `IsValidPortNum`: a port number 1–65535 (a container port, a probe's or hook's port). */
export function isPortNumber(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** The API server's message for a port number outside 1–65535. */
export const PORT_NUMBER_RULE = 'must be between 1 and 65535, inclusive';
