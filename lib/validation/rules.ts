import { SizeRoundingBehavior, type Cron, type Duration, type Size } from 'cdk8s';
import { z } from 'zod';
import type { BytesAmount, CpuAmount, CpuLike, ResourceRef } from '../references';
import { compiledCheck } from '../private/compiled';
import { NANOS_PER_UNIT, quantityNanos } from './quantity';

/**
 * The Kubernetes naming and value rules this package checks, each written once.
 * Sources: apimachinery `pkg/util/validation/validation.go` and core `validation.go`
 * (see `../shared/reference/job-api.md`).
 */

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Environment variable names: POSIX shell names, the rule TKEStack's console enforces. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
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
 * The constructs apply the stricter POSIX rule {@link ENV_NAME} on top.
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

/** Limits of the API server's Job and CronJob validation (batch `validation.go`). */
export const JOB_LIMITS = {
  /** `maxParallelismForIndexedJob`, `maxFailedIndexesForIndexedJob`, `completionsSoftLimit`. */
  indexed: 100000,
  /** Parallelism and maxFailedIndexes when completions > 100000 with backoffLimitPerIndex. */
  indexedLarge: 10000,
  podFailurePolicyRules: 20,
  onExitCodesValues: 255,
  onPodConditions: 20,
  successPolicyRules: 20,
  /** 63 − 11: the CronJob controller appends `-<minutes since epoch>` to name each Job. */
  cronJobName: 52,
  /** The Job name becomes a label value on the pods (job-name), so it is at most 63 characters. */
  jobName: 63,
} as const;

/** Labels the Job controller puts on pod templates (with the Job's name and UID). */
export const JOB_CONTROLLER_LABELS = {
  jobName: ['job-name', 'batch.kubernetes.io/job-name'],
  controllerUid: ['controller-uid', 'batch.kubernetes.io/controller-uid'],
} as const;

/** A string checked by a `problem` function. */
export function checkedString(problem: (value: string) => string | undefined): z.ZodType<string> {
  // A refine (a predicate, then the message only for a bad value) rather than a superRefine: zod's
  // compiled validator calls a predicate directly, but builds a payload for every superRefine call.
  return z.string().refine((value) => !problem(value), { error: (issue) => problem(issue.input as string) });
}

export const dnsLabel = (max = 63) => checkedString((v) => dnsLabelProblem(v, max));
export const dnsSubdomain = checkedString(dnsSubdomainProblem);

/** A problem with a map (labels, annotations): with one entry's key, with its value, or with the whole map. */
export interface MapProblem {
  readonly about: 'key' | 'value' | 'map';
  /** The entry's key; undefined for the whole map. */
  readonly key?: string;
  readonly message: string;
}

/** Problems with Kubernetes labels: qualified-name keys, label values. */
export function labelsProblems(labels: Record<string, unknown>): MapProblem[] {
  const problems: MapProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push({ about: 'key', key, message: `label key ${keyProblem}` });
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (valueProblem) problems.push({ about: 'value', key, message: valueProblem });
  }
  return problems;
}

export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Problems with Kubernetes annotations: qualified-name keys (checked lower-cased), total size ≤ 256 KiB. */
export function annotationsProblems(annotations: Record<string, unknown>): MapProblem[] {
  const problems: MapProblem[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) problems.push({ about: 'key', key, message: `annotation key ${keyProblem}` });
    // A value that is not a string is the schema's business (String() throws on a null-prototype object).
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    problems.push({
      about: 'map',
      message: `annotations must total at most ${ANNOTATIONS_MAX_BYTES} bytes (are ${size})`,
    });
  }
  return problems;
}

/**
 * Whether `value` is a map written as `{ ... }` or with a null prototype (not a list or class instance).
 * The `Object.prototype` of another realm counts (a `vm` context, a Jest test's globals): it is the
 * prototype whose own prototype is null.
 */
export function isPlainMap(value: unknown): value is Record<string, unknown> {
  try {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === null || Object.getPrototypeOf(proto) === null;
  } catch {
    return false; // a Proxy whose trap throws
  }
}

/**
 * A map's entries checked by `values`: like `z.record(z.string(), values)`, but on every own key, as
 * the renderers read them (zod's record leaves a `__proto__` key, which `JSON.parse('{"__proto__": 1}')`
 * makes, out of what it checks). Issues are at `[key, ...]`, as a record's are.
 */
export function everyEntry(values: z.ZodType) {
  const check = compiledCheck(values);
  return (map: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (!isPlainMap(map)) return;
    for (const key of Object.keys(map)) {
      const result = check(map[key]);
      if (result.success) continue;
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue);
      }
    }
  };
}

/** A map's keys checked by `pattern`. */
export function everyKey(pattern: RegExp, message: string) {
  return (map: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (!isPlainMap(map)) return;
    for (const key of Object.keys(map)) {
      if (!pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message });
    }
  };
}

/**
 * A map of strings (every own key, `__proto__` included: see {@link everyEntry}), then the map's own rules
 * in `refine`, which sees every entry (values that are not strings included).
 */
export const stringMap = (
  refine?: (map: Record<string, unknown>, ctx: z.RefinementCtx) => void
): z.ZodType<Record<string, string>> =>
  z
    .custom<Record<string, string>>(isPlainMap, { message: 'must be a map of strings' })
    .superRefine((map, ctx) => {
      for (const key of Object.keys(map)) {
        if (typeof map[key] !== 'string')
          ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string' });
      }
      refine?.(map, ctx);
    });

/** Kubernetes labels: qualified-name keys, label values. */
export const labelsSchema = stringMap((labels, ctx) => {
  for (const { about, key, message } of labelsProblems(labels)) {
    ctx.addIssue({ code: 'custom', message, path: [key!], ...(about === 'key' ? { params: { key } } : {}) });
  }
});

/** Kubernetes annotations: qualified-name keys, total size ≤ 256 KiB. */
export const annotationsSchema = stringMap((annotations, ctx) => {
  for (const { key, message } of annotationsProblems(annotations)) {
    ctx.addIssue(
      key === undefined
        ? { code: 'custom', message }
        : { code: 'custom', message, path: [key], params: { key } }
    );
  }
});

/** A whole number in [min, max]. */
export function int(min: number, max = INT32_MAX, what = 'a whole number'): z.ZodType<number> {
  return z
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/*
 * Values from cdk8s and cdk8s-plus are recognized by shape, not with `instanceof` our own copy: a
 * project may hold another copy of cdk8s (an older or newer 2.x) or any cdk8s-plus version.
 */

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')
  );
}

/** Whether `value` is a cdk8s `Duration` (of any cdk8s copy). */
export function isDuration(value: unknown): value is Duration {
  return hasMethods(value, ['toSeconds', 'toMilliseconds', 'toHumanString']);
}

/** Whether `value` is a cdk8s `Size` (of any cdk8s copy). */
export function isSize(value: unknown): value is Size {
  return hasMethods(value, ['toKibibytes', 'toMebibytes', 'toGibibytes']);
}

/** Whether `value` is a cdk8s `Cron` (of any cdk8s copy). */
export function isCron(value: unknown): value is Cron {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { expressionString?: unknown }).expressionString === 'string'
  );
}

/** Whether `value` is a cdk8s-plus `Cpu` (of any cdk8s-plus version). */
export function isCpuLike(value: unknown): value is CpuLike {
  return typeof value === 'object' && value !== null && typeof (value as CpuLike).amount === 'string';
}

/** A cdk8s Duration of whole seconds in [minSeconds, maxSeconds]. */
export function durationSchema(minSeconds: number, maxSeconds = INT32_MAX): z.ZodType<Duration> {
  return z
    .custom<Duration>(isDuration, { message: 'must be a cdk8s Duration (e.g. Duration.minutes(30))' })
    .superRefine((d, ctx) => {
      const seconds = d.toSeconds({ integral: false });
      if (!Number.isInteger(seconds))
        ctx.addIssue({ code: 'custom', message: 'must be a whole number of seconds' });
      else if (seconds < minSeconds)
        ctx.addIssue({ code: 'custom', message: `must be at least ${minSeconds}s` });
      else if (seconds > maxSeconds)
        ctx.addIssue({ code: 'custom', message: `must be at most ${maxSeconds}s` });
    });
}

/**
 * The largest quantity Kubernetes represents, 2^63 − 1 units: `resource.Quantity` silently caps a larger
 * one (apimachinery `quantity.go`, `maxAllowed`), so it would not mean what was written.
 */
export const QUANTITY_MAX_NANOS = ((1n << 63n) - 1n) * NANOS_PER_UNIT;
const QUANTITY_RANGE_RULE =
  'must be at most 9223372036854775807 (2^63 − 1) units, the largest Kubernetes quantity (a larger one is silently capped)';

/** What is wrong with a quantity's size (beyond what Kubernetes represents), given in nano-units. */
export function quantityRangeProblem(nanos: bigint): string | undefined {
  return nanos > QUANTITY_MAX_NANOS || nanos < -QUANTITY_MAX_NANOS ? QUANTITY_RANGE_RULE : undefined;
}

/** What is wrong with a cdk8s `Size` as a Kubernetes quantity: NaN, negative, or too large (Infinity too). */
export function sizeProblem(size: Size): string | undefined {
  const bytes = sizeBytes(size);
  if (Number.isNaN(bytes)) return 'must be a number of bytes, not NaN';
  if (bytes < 0) return 'must not be negative';
  // 2^63 is the first float above 2^63 − 1; Infinity is above it too.
  if (bytes >= 2 ** 63) return QUANTITY_RANGE_RULE.replace('units', 'bytes');
  return undefined;
}

export const sizeSchema = z
  .custom<Size>(isSize, {
    message: 'must be a cdk8s Size (e.g. Size.mebibytes(512))',
  })
  .refine((v) => !sizeProblem(v), { error: (issue) => sizeProblem(issue.input as Size) });

/** Bytes of a cdk8s `Size`. */
export function sizeBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

const CPU_EXAMPLES = 'a Kubernetes quantity such as "250m", "0.5" or "2"';

/**
 * Milli-CPUs of an amount of CPU, or undefined when it is not a Kubernetes quantity. (Kubernetes
 * rounds an amount finer than a milli-CPU up; so does this.)
 */
export function cpuMillis(cpu: CpuAmount): number | undefined {
  const nanos = quantityNanos(typeof cpu === 'string' ? cpu : cpu.amount);
  return nanos === undefined ? undefined : Number(nanos) / 1_000_000;
}

/** What is wrong with an amount of CPU, or undefined. */
function cpuAmountProblem(cpu: CpuAmount): string | undefined {
  const nanos = quantityNanos(typeof cpu === 'string' ? cpu : cpu.amount);
  return nanos === undefined
    ? `must be ${CPU_EXAMPLES}`
    : quantityRangeProblem(nanos)?.replace('units', 'cores');
}

/** An amount of CPU: a quantity string or a cdk8s-plus `Cpu`, whose amount is a quantity. */
export const cpuAmountSchema: z.ZodType<CpuAmount> = z
  .custom<CpuAmount>((v) => typeof v === 'string' || isCpuLike(v), {
    message: `must be ${CPU_EXAMPLES}, or a cdk8s-plus Cpu (e.g. Cpu.millis(250))`,
  })
  .refine((v) => !cpuAmountProblem(v), { error: (issue) => cpuAmountProblem(issue.input as CpuAmount) });

/**
 * Bytes of an amount of memory or storage, or undefined when it is a string that is not a Kubernetes
 * quantity of whole bytes.
 */
export function amountBytes(amount: BytesAmount): number | undefined {
  if (typeof amount !== 'string') return sizeBytes(amount);
  return bytesQuantityProblem(amount) ? undefined : Number(quantityNanos(amount)! / NANOS_PER_UNIT);
}

/** What is wrong with a quantity of bytes written as a string, or undefined. */
function bytesQuantityProblem(amount: string): string | undefined {
  const nanos = quantityNanos(amount);
  if (nanos === undefined) return 'must be a Kubernetes quantity of bytes such as "512Mi", "1Gi" or "1G"';
  // Kubernetes reads 400m of memory as 0.4 bytes; nobody means that.
  if (/\dm$/.test(amount)) {
    return `must not be in thousandths of a byte ("m" is milli): did you mean "${amount.slice(0, -1)}Mi"?`;
  }
  if (nanos % NANOS_PER_UNIT !== 0n) return 'must be a whole number of bytes';
  return quantityRangeProblem(nanos)?.replace('units', 'bytes');
}

/** What is wrong with an amount of memory or storage, or undefined. */
function bytesAmountProblem(amount: BytesAmount): string | undefined {
  return typeof amount === 'string' ? bytesQuantityProblem(amount) : sizeProblem(amount);
}

/** An amount of memory or storage: a quantity string of whole bytes or a cdk8s `Size`. */
export const bytesAmountSchema: z.ZodType<BytesAmount> = z
  .custom<BytesAmount>((v) => typeof v === 'string' || isSize(v), {
    message: 'must be a Kubernetes quantity such as "512Mi" or a cdk8s Size (e.g. Size.mebibytes(512))',
  })
  .refine((v) => !bytesAmountProblem(v), {
    error: (issue) => bytesAmountProblem(issue.input as BytesAmount),
  });

/** `a Secret`, `an Ingress`. */
function aKind(kind: string): string {
  return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/**
 * A name or a reference to an object of `kind` (a cdk8s-plus resource of any version, or any object
 * with a `name`; a `kind`, when present, must be `kind`).
 */
export function namedRefSchema(kind: string): z.ZodType<ResourceRef | string> {
  return z
    .custom<ResourceRef | string>(
      (v) => typeof v === 'string' || typeof (v as { name?: unknown } | null)?.name === 'string',
      { message: `must be a name or a cdk8s-plus ${kind}` }
    )
    .superRefine((ref, ctx) => {
      const message = dnsSubdomainProblem(refName(ref));
      if (message) ctx.addIssue({ code: 'custom', message: `name ${message}` });
      const given = typeof ref === 'string' ? undefined : ref.kind;
      if (typeof given === 'string' && given !== kind) {
        ctx.addIssue({ code: 'custom', message: `must be ${aKind(kind)}, not ${aKind(given)}` });
      }
    });
}

/** Resolves a name-or-resource reference to its name. */
export function refName(ref: string | { readonly name: string }): string {
  return typeof ref === 'string' ? ref : ref.name;
}

/** An instance of a class, also one with a private constructor (value classes). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function instanceOf<T>(cls: Function & { prototype: T }, message: string): z.ZodType<T> {
  return z.custom<T>((v) => v instanceof cls, { message });
}

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
