/**
 * `cdk8s-batch import`: one Job or CronJob manifest in, the code of one `BatchJob`, `GpuJob` or `CronBatch` out,
 * checked by synthesizing it in-process.
 *
 * 1. `clean.ts` strips what the API server and the controllers wrote;
 * 2. `props.ts` maps every field a prop models to that prop (as code and value at once, `expr.ts`);
 * 3. the construct is built from those props and synthesized; props the construct still rejects are left out;
 * 4. the expected object is the input plus the documented normalizations (our labels and annotations, and in the
 *    default mode the secure defaults and other changes Kubernetes treats as the same: see {@link NORMALIZATIONS});
 * 5. the differences between the synthesized and the expected object, compared with Kubernetes' defaults applied
 *    on both sides (`compare.ts`), become JSON patches (`patches.ts`), each with the reason its field is not a prop;
 * 6. the construct is synthesized again with the patches; anything still different is reported as not reproduced.
 */
import { ApiObject, App, Chart, JsonPatch, Yaml } from 'cdk8s';
import { parseDocument } from 'yaml';
import type { Construct } from 'constructs';
import * as batch from '../../lib/index';
import { ValidationError } from '../../lib/validation/errors';
import { podSecurityLevel } from '../../lib/rules/pod-security';
import { asList, asObject, Json } from '../check/manifest-defaults';
import { parseCron } from '../../lib/rules/cron';
import { timeZoneProblem } from '../../lib/rules/time-zone';
import { INT32_MAX, dnsLabelProblem } from '../../lib/rules/names';
import { Platform, platformOf } from '../../lib/platforms/platform';
import { DEFAULT_KUBE_VERSION, gatedJobSpecFields, versionFor } from '../../lib/rules/kube-versions';
import { podReplacementPolicyProblem, successPolicyProblems } from '../../lib/rules/job-policies';
import { managedByProblems } from '../../lib/rules/managed-by';
import { platformProfiles } from '../../lib/platforms/registry';
import { LOGS_ANNOTATION } from '../../lib/props/rendered-names';
import { PodPlatformKeys, podPlatformKeys } from './platform-keys';
import { RecognizedGpu, recognizeGpu, UnrecognizedGpu } from '../gpu-resources';
import { KUBECTL_YAML_OPTIONS } from '../read/manifests';
import { OWN_ANNOTATIONS, OWN_LABELS, stripServerFields } from './clean';
import { comparable, Difference, differences, getOwn, setOwn, withDefaults } from './compare';
import { arr, Expr, lit, obj, ObjExpr, Prop, valueOf } from './expr';
import { duration, enumMember, factory } from './builders';
import {
  annotationsExpr,
  gpuOptionsExpr,
  labelsExpr,
  MappingContext,
  Normalization,
  podFailureRuleExpr,
  podTemplateProps,
  PodGpu,
  podGpuRequests,
  scheduleExpr,
  Segments,
} from './props';
import { PatchOp, patchExpr, patchOps } from './patches';
import { CredentialError, moveCredentialsToSecret, SecretToCreate } from './secrets';
import { kindType, l1Pointer, pointer } from './schema-walk';

/** Options of {@link importObject}. */
export interface ImportOptions {
  /**
   * Reproduce the input exactly: JSON patches also undo the secure defaults and the other normalizations
   * (only our labels and annotations, and the apiVersion of an old CronJob, stay).
   * @default false
   */
  readonly exact?: boolean;
}

/**
 * The normalizations the import may make, by kind: changes Kubernetes treats as the same object, or that
 * cdk8s-batch's constructs always make. Each is reported for every object it applies to.
 */
export const NORMALIZATIONS: Readonly<Record<string, string>> = {
  labels: 'the labels app.kubernetes.io/managed-by and cdk8s-batch.io/job (always)',
  annotations:
    "the annotations cdk8s-batch.io/pod-security, on CronJobs cdk8s-batch.io/schedule-description, and on the pods cdk8s-batch.io/logs where a console's log settings became containers' logs props (always)",
  'api-version': 'a batch/v1beta1 (or v2alpha1) CronJob becomes batch/v1 (always)',
  namespace: 'namespace default for an object without one',
  security:
    'the secure defaults the input lacks: runAsNonRoot, runAsUser/runAsGroup, seccompProfile RuntimeDefault, allowPrivilegeEscalation false, capabilities drop ALL, automountServiceAccountToken false',
  pattern: 'parallelism above what Kubernetes runs (completions) is lowered to it',
  'indexed-env': 'JOB_COMPLETION_INDEX first in every container of an Indexed Job (Kubernetes sets it too)',
  'gpu-toleration': 'GpuJob tolerates the nvidia.com/gpu NoSchedule taint',
  'restart-policy': 'a pod template without restartPolicy gets Never',
  credential:
    'a literal env value that may be a credential (by the variable name, or a URL with a password) becomes a reference to a key of the Secret <name>-env, which the report tells how to create (always: the code never holds a credential)',
};

/** One JSON patch of the generated code, with the reason its field is not a prop. */
export interface EscapeHatch {
  readonly op: PatchOp['op'];
  /** The JSON pointer, as written in the code (TypeScript field names). */
  readonly path: string;
  readonly reason: string;
}

/** The import of one object. */
export interface ImportedObject {
  readonly kind: 'Job' | 'CronJob';
  readonly name: string;
  readonly namespace?: string;
  readonly construct: 'BatchJob' | 'GpuJob' | 'CronBatch';
  /** The construct id in the chart. */
  readonly id: string;
  /** The props, as code and value. */
  readonly props: ObjExpr;
  /** The JSON patches, as code and value. */
  readonly patches: Expr[];
  readonly escapeHatches: EscapeHatch[];
  readonly normalizations: Normalization[];
  readonly warnings: string[];
  /** What the patches could not reproduce either (fields unknown to the 1.28 schema the L1 writes). */
  readonly notReproduced: Difference[];
  /** Server-populated fields removed (`metadata.uid`, `status`, ...). */
  readonly removed: string[];
  /** The Secret the code references instead of literal credentials, to be created before applying. */
  readonly secret?: SecretToCreate;
}

/** An object that cannot be imported, and why (one line). */
export class ImportError extends Error {}

const CRONJOB_API_VERSIONS = ['batch/v1', 'batch/v1beta1', 'batch/v2alpha1'];
const OWN_JOB_SPEC_FIELDS = new Set([
  'completions',
  'parallelism',
  'completionMode',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
  'suspend',
  'podFailurePolicy',
  'podReplacementPolicy',
  'successPolicy',
  'managedBy',
  'template',
]);
const QUEUE_LABELS = ['kueue.x-k8s.io/queue-name', 'kueue.x-k8s.io/priority-class'];
const isInt = (v: unknown, min = 0): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= INT32_MAX;

/** Whether a kind/apiVersion is one `import` turns into code; throws for a Job or CronJob of an unknown version. */
export function importable(obj: Json): boolean {
  const kind = obj.kind;
  const apiVersion = obj.apiVersion;
  if (kind === 'Job') {
    if (apiVersion !== 'batch/v1')
      throw new ImportError(`unknown apiVersion "${String(apiVersion)}" for a Job (expected batch/v1)`);
    return true;
  }
  if (kind === 'CronJob') {
    if (!CRONJOB_API_VERSIONS.includes(String(apiVersion))) {
      throw new ImportError(
        `unknown apiVersion "${String(apiVersion)}" for a CronJob (expected batch/v1 or batch/v1beta1)`
      );
    }
    return true;
  }
  return false;
}

/**
 * The GPU requests of a pod template: that of the first container with GPU resources, and the other containers'
 * when each is recognized and of the same stack (one stack serves a pod; `containerGpus`).
 */
function podGpu(
  template: Json,
  warnings: string[] = []
): { gpu?: PodGpu; unrecognized?: UnrecognizedGpu & { index: number } } {
  const spec = asObject(template.spec) ?? {};
  const containers = asList(spec.containers);
  const found = containers.map((c) =>
    recognizeGpu({
      limits: asObject(asObject(asObject(c)?.resources)?.limits) ?? {},
      podAnnotations: (asObject(asObject(template.metadata)?.annotations) ?? {}) as Record<string, string>,
      nodeSelector: (asObject(spec.nodeSelector) ?? {}) as Record<string, string>,
      schedulerName: typeof spec.schedulerName === 'string' ? spec.schedulerName : undefined,
    })
  );
  const first = found.findIndex((f) => f !== undefined);
  if (first < 0) return {};
  const head = found[first]!;
  if ('unrecognized' in head) return { unrecognized: { ...head, index: first } };
  const others: { gpu: RecognizedGpu; containerIndex: number }[] = [];
  for (let i = first + 1; i < found.length; i++) {
    const f = found[i];
    if (f === undefined) continue;
    if ('unrecognized' in f || f.stack.kind !== head.stack.kind) {
      warnings.push(
        `GPU resources of container ${i} ${'unrecognized' in f ? `not recognized (${f.unrecognized})` : `are of another GPU stack (${f.stackFactory}) than container ${first}'s`}: only container ${first}'s are imported as a GPU request, the others as JSON patches`
      );
      return { gpu: { gpu: head, containerIndex: first } };
    }
    others.push({ gpu: f, containerIndex: i });
  }
  return { gpu: { gpu: head, containerIndex: first, ...(others.length > 0 ? { others } : {}) } };
}

/** The Job spec props (pattern, retries, deadlines, failure policy) and the pod template's. */
function jobSpecProps(
  spec: Json,
  at: Segments,
  ctx: MappingContext,
  gpu: PodGpu | undefined,
  queued: boolean
): Prop[] {
  const props: Prop[] = [];
  const add = (key: string, value: Expr | undefined, comment?: string) => {
    if (value) props.push({ key, value, ...(comment ? { comment } : {}) });
  };
  const indexed = spec.completionMode === 'Indexed';
  if (
    spec.completionMode !== undefined &&
    spec.completionMode !== 'Indexed' &&
    spec.completionMode !== 'NonIndexed'
  ) {
    ctx.skip([...at, 'completionMode'], `completionMode ${String(spec.completionMode)}`);
  }
  add('pattern', patternExpr(spec, at, ctx, indexed));
  const perIndex = indexed && isInt(spec.backoffLimitPerIndex);
  const backoff = spec.backoffLimit;
  if (
    backoff !== undefined &&
    backoff !== null &&
    !(backoff === 6 && !perIndex) &&
    !(backoff === INT32_MAX && perIndex)
  ) {
    if (isInt(backoff)) add('backoffLimit', lit(backoff));
    else ctx.skip([...at, 'backoffLimit'], 'not a whole number ≥ 0');
  }
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) {
    if (isInt(deadline)) add('activeDeadline', duration(deadline));
    else ctx.skip([...at, 'activeDeadlineSeconds'], 'not a whole number of seconds');
  }
  const ttl = spec.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) {
    add(
      'ttlAfterFinished',
      lit(null),
      "the input has none: keep finished Jobs (cdk8s-batch's default deletes them after a day)"
    );
  } else if (isInt(ttl)) {
    add('ttlAfterFinished', duration(ttl));
  } else ctx.skip([...at, 'ttlSecondsAfterFinished'], 'not a whole number of seconds');
  const suspend = spec.suspend === true;
  if (suspend !== queued) add('suspend', lit(suspend));
  const rules = asList(asObject(spec.podFailurePolicy)?.rules)
    .map((r, i) => podFailureRuleExpr(r, [...at, 'podFailurePolicy', 'rules', i], ctx, perIndex))
    .filter((r): r is Expr => r !== undefined);
  if (rules.length > 0) add('podFailurePolicy', { kind: 'arr', items: rules });
  for (const key of Object.keys(asObject(spec.podFailurePolicy) ?? {})) {
    if (key !== 'rules') ctx.skip([...at, 'podFailurePolicy', key], `podFailurePolicy.${key} is not modeled`);
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    const problem = podReplacementPolicyProblem(replacement, rules.length > 0);
    if (problem) ctx.skip([...at, 'podReplacementPolicy'], `podReplacementPolicy: ${problem}`);
    else add('podReplacementPolicy', enumMember('PodReplacementPolicy', replacement));
  }
  const managedBy = spec.managedBy;
  if (managedBy !== undefined && managedBy !== null) {
    if (typeof managedBy === 'string' && managedByProblems(managedBy).length === 0)
      add('managedBy', lit(managedBy));
    else ctx.skip([...at, 'managedBy'], 'not a domain-prefixed path of at most 63 characters');
  }
  for (const key of Object.keys(spec)) {
    if (!OWN_JOB_SPEC_FIELDS.has(key))
      ctx.skip([...at, key], `Job spec ${key} is not modeled by ${ctx.construct}`);
  }
  // The oldest Kubernetes whose API server keeps every gated field the spec sets.
  const version = versionFor(gatedJobSpecFields(spec));
  if (version !== DEFAULT_KUBE_VERSION) add('kubernetesVersion', enumMember('KubernetesVersion', version));
  const template = asObject(spec.template) ?? {};
  props.push(
    ...podTemplateProps(template, [...at, 'template'], ctx, {
      indexed,
      gpu,
      podFailurePolicy: rules.length > 0,
    })
  );
  return props;
}

/** The `successPolicy` option of `JobPattern.indexed`: its rules, when the API server would take them. */
function successPolicyExpr(
  spec: Json,
  at: Segments,
  ctx: MappingContext,
  completions: number
): Expr | undefined {
  const policy = asObject(spec.successPolicy);
  if (spec.successPolicy === undefined || spec.successPolicy === null) return undefined;
  const rules = asList(policy?.rules);
  const problems = policy ? successPolicyProblems(rules, completions) : [];
  const unknown = Object.keys(policy ?? {}).filter((k) => k !== 'rules');
  const odd = rules.some((r) => {
    const rule = asObject(r);
    if (!rule) return true;
    const { succeededIndexes: indexes, succeededCount: count, ...rest } = rule;
    return (
      Object.keys(rest).length > 0 ||
      (indexes !== undefined && indexes !== null && typeof indexes !== 'string') ||
      (count !== undefined && count !== null && !isInt(count))
    );
  });
  if (!policy || problems.length > 0 || unknown.length > 0 || odd) {
    const why = problems[0]?.message ?? 'not a list of rules of succeededIndexes and succeededCount';
    ctx.skip([...at, 'successPolicy'], `successPolicy: ${why}`);
    return undefined;
  }
  return arr(
    rules.map((r) =>
      obj(
        Object.entries(asObject(r) ?? {})
          .filter(([, v]) => v !== undefined && v !== null)
          .map(([key, value]) => ({ key, value: lit(value) }))
      )
    )
  );
}

/** The `JobPattern` of a Job spec; undefined for `oneOff()`, the default. */
function patternExpr(spec: Json, at: Segments, ctx: MappingContext, indexed: boolean): Expr | undefined {
  const c = spec.completions;
  const p = spec.parallelism;
  const completions = c === undefined || c === null ? undefined : isInt(c, 1) ? c : NaN;
  let parallelism = p === undefined || p === null ? undefined : isInt(p, 1) ? p : NaN;
  if (Number.isNaN(completions)) {
    ctx.skip([...at, 'completions'], 'not a whole number ≥ 1');
    return undefined;
  }
  if (Number.isNaN(parallelism)) {
    ctx.skip([...at, 'parallelism'], `parallelism ${String(p)} is below what JobPattern accepts (1)`);
    parallelism = 1;
  }
  const clamp = (to: number) => {
    ctx.normalize(
      'pattern',
      [...at, 'parallelism'],
      `parallelism ${parallelism} is above completions ${to}: Kubernetes runs at most ${to} pod${to === 1 ? '' : 's'} at once, so it is ${to}`,
      (e) => {
        const s = specOf(e);
        if (s) s.parallelism = to;
      }
    );
    parallelism = to;
  };
  if (indexed) {
    if (completions === undefined) {
      ctx.skip([...at, 'completionMode'], 'Indexed without completions (Kubernetes rejects it)');
      return undefined;
    }
    if (parallelism !== undefined && parallelism > completions) clamp(completions);
    const options: Prop[] = [{ key: 'completions', value: lit(completions) }];
    if (parallelism !== undefined && parallelism !== 1)
      options.push({ key: 'parallelism', value: lit(parallelism) });
    if (isInt(spec.backoffLimitPerIndex))
      options.push({ key: 'backoffLimitPerIndex', value: lit(spec.backoffLimitPerIndex) });
    if (isInt(spec.maxFailedIndexes) && isInt(spec.backoffLimitPerIndex)) {
      options.push({ key: 'maxFailedIndexes', value: lit(spec.maxFailedIndexes) });
    }
    const success = successPolicyExpr(spec, at, ctx, completions);
    if (success) options.push({ key: 'successPolicy', value: success });
    return factory('JobPattern', 'indexed', [obj(options)]);
  }
  for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes', 'successPolicy']) {
    if (spec[field] !== undefined) ctx.skip([...at, field], `${field} needs completionMode Indexed`);
  }
  if (completions === undefined) {
    if (parallelism === undefined) return undefined; // Kubernetes sets both to 1.
    return factory('JobPattern', 'workQueue', [obj([{ key: 'parallelism', value: lit(parallelism) }])]);
  }
  if (completions === 1) {
    if (parallelism !== undefined && parallelism > 1) clamp(1);
    return undefined;
  }
  if (parallelism !== undefined && parallelism > completions) clamp(completions);
  const options: Prop[] = [{ key: 'completions', value: lit(completions) }];
  if (parallelism !== undefined && parallelism !== 1)
    options.push({ key: 'parallelism', value: lit(parallelism) });
  return factory('JobPattern', 'fixedCompletions', [obj(options)]);
}

/** The Job spec of a Job or of a CronJob's job template. */
function specOf(o: Json): Json | undefined {
  return o.kind === 'CronJob' ? asObject(asObject(asObject(o.spec)?.jobTemplate)?.spec) : asObject(o.spec);
}

function podSpecOf(o: Json): Json | undefined {
  return asObject(asObject(specOf(o)?.template)?.spec);
}

/** The profile of generated code, which sets no platform. */
const DEFAULT_PLATFORM = platformOf(undefined);

/** A console platform found from an object's identity keys: its code, and the keys it re-renders. */
interface FoundPlatform {
  readonly platform: Platform;
  readonly code: Expr;
  /** Annotation keys the platform renders (besides display name and description, which the props render). */
  readonly annotations: string[];
  readonly labels: string[];
  /** The network mode and log settings its pod keys come from, and those keys. */
  readonly pod: PodPlatformKeys;
}

/** A value no manifest holds, to learn which annotation a string option renders. */
const PROBE = '\u0000probe';

/**
 * The one registered console profile (default options, or KubeSphere's `creator` read back) whose keys the
 * object carries, when re-rendering them gives exactly the input: the annotations of display name,
 * description and further identity annotations, the identity labels on the object, its pods and a CronJob's
 * Jobs, and the pod keys of its network mode and log collection (`platform-keys.ts`). Undefined when none or
 * more than one profile fits, or the object holds none of the profile's own keys (only generic ones).
 * The keys are the profiles' own (`lib/platforms/profiles/`); none is written here.
 */
function consolePlatform(
  name: string,
  annotations: Json,
  labelSets: (Json | undefined)[],
  pod: Json | undefined
): { found?: FoundPlatform; unmapped: Map<string, string[]>; misfits: string[] } {
  const generic = new Set(Object.values(DEFAULT_PLATFORM._identityKeys));
  const fits: (Omit<FoundPlatform, 'code'> & { code: Expr | undefined })[] = [];
  /** Per profile (its factory), the containers whose log keys in its format stay raw. */
  const unmapped = new Map<string, string[]>();
  /** Profiles whose own keys the object holds but which would not re-render them exactly, and why. */
  const misfits: string[] = [];
  for (const profile of platformProfiles()) {
    if (profile.id === DEFAULT_PLATFORM.kind) continue;
    // String options a profile renders as annotations (KubeSphere's creator): read back from the input.
    const options: Record<string, string> = {};
    for (const option of ['creator']) {
      let probe: Record<string, string> = {};
      try {
        probe = profile.identityAnnotations?.({ [option]: PROBE }) ?? {};
      } catch {
        continue;
      }
      const key = Object.keys(probe).find((k) => probe[k] === PROBE);
      if (key !== undefined && typeof annotations[key] === 'string')
        options[option] = annotations[key] as string;
    }
    let platform: Platform;
    try {
      platform = Platform._of(profile.id, options);
    } catch {
      continue;
    }
    const keys = platform._identityKeys;
    const text = (key: string) =>
      typeof annotations[key] === 'string' ? (annotations[key] as string) : undefined;
    const displayName = text(keys.displayName) || undefined;
    const description = text(keys.description) || undefined;
    const identity = platform._identity(name, displayName, description);
    const own = Object.keys(identity.annotations).filter((k) => !generic.has(k));
    const sameAnnotations = Object.entries(identity.annotations).every(([k, v]) => annotations[k] === v);
    const sameLabels = labelSets.every((set) =>
      Object.entries(identity.labels).every(([k, v]) => set?.[k] === v)
    );
    const within =
      (description === undefined || [...description].length <= platform._descriptionMax) &&
      (displayName === undefined ||
        platform._displayNameMax === undefined ||
        [...displayName].length <= platform._displayNameMax);
    // The pod keys the profile renders (network mode, log collection) must all be there, as it renders them.
    const podKeys = podPlatformKeys(platform, pod ?? {});
    const podOwn = podKeys
      ? podKeys.podAnnotations.length + podKeys.env.size + podKeys.limits.size + podKeys.volumes.length
      : 0;
    const evidence = own.length > 0 || podOwn > 0; // keys of this console's own in the input
    const labelText = Object.entries(identity.labels)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    const why = !sameLabels
      ? `its labels (${labelText}) are not all on the object, its pods and a CronJob's Jobs`
      : !within
        ? `the display name or description is longer than it takes`
        : !sameAnnotations
          ? 'its identity annotations differ'
          : !podKeys
            ? "its network mode's pod keys are not all on the pods"
            : undefined;
    if (why !== undefined || !podKeys) {
      if (evidence) misfits.push(`${platform.displayName}: ${why}`);
      continue;
    }
    if (podKeys.unmapped.length > 0) unmapped.set(platform.displayName, [...podKeys.unmapped]);
    if (!evidence) continue;
    const args =
      Object.keys(options).length > 0
        ? [obj(Object.entries(options).map(([k, v]) => ({ key: k, value: lit(v) })))]
        : [];
    // A profile without a public factory (a test-only console) counts for ambiguity but cannot be written.
    const hasFactory = Object.prototype.hasOwnProperty.call(batch.Platform, profile.id);
    fits.push({
      platform,
      code: hasFactory ? factory('Platform', profile.id, args) : undefined,
      annotations: Object.keys(identity.annotations).filter(
        (k) => k !== keys.displayName && k !== keys.description
      ),
      labels: Object.keys(identity.labels),
      pod: podKeys,
    });
  }
  const found = fits.length === 1 && fits[0].code ? (fits[0] as FoundPlatform) : undefined;
  if (fits.length > 1)
    misfits.push(`the keys fit ${fits.map((f) => f.platform.displayName).join(' and ')} alike`);
  return { found, unmapped, misfits };
}

/**
 * The base name of an object that has only `generateName` ending in `-` (what `ReapplyPolicy.generateName()`
 * renders, `<name>-`); undefined otherwise (with a `name`, the API server ignores `generateName`).
 */
function generatedNamePrefix(meta: Json): string | undefined {
  if (typeof meta.name === 'string' && meta.name !== '') return undefined;
  const g = meta.generateName;
  return typeof g === 'string' && g.length > 1 && g.endsWith('-') ? g.slice(0, -1) : undefined;
}

/** name, namespace, identity and metadata props. */
function metadataProps(
  meta: Json,
  ctx: MappingContext,
  maxName: number,
  leaveOutLabels: string[],
  podLabelSets: (Json | undefined)[] | undefined,
  pod?: Json
): Prop[] {
  const props: Prop[] = [];
  const prefix = generatedNamePrefix(meta);
  const name = typeof meta.name === 'string' ? meta.name : prefix;
  if (name !== undefined && !dnsLabelProblem(name, maxName)) props.push({ key: 'name', value: lit(name) });
  else if (name !== undefined)
    ctx.skip(['metadata', 'name'], `not a DNS label of at most ${maxName} characters`);
  if (typeof meta.namespace === 'string' && meta.namespace !== '' && !dnsLabelProblem(meta.namespace)) {
    props.push({ key: 'namespace', value: lit(meta.namespace) });
  }
  const annotations = { ...(asObject(meta.annotations) ?? {}) };
  const consoleFit =
    name !== undefined && podLabelSets ? consolePlatform(name, annotations, podLabelSets, pod) : undefined;
  const found = consoleFit?.found;
  if (!found && consoleFit && consoleFit.misfits.length > 0) {
    ctx.warnings.push(
      `console keys stay raw annotations, labels and env vars, not platform props: ${consoleFit.misfits.join('; ')}`
    );
  }
  for (const [platform, containers] of consoleFit?.unmapped ?? []) {
    if (found && found.platform.displayName !== platform) continue;
    ctx.warnings.push(
      `the log settings of container${containers.length > 1 ? 's' : ''} ${containers.join(', ')} stay raw keys, not logs props: ${platform} would not re-render them exactly as the input holds them (their values, their order after the container's other env vars, or the log folder's volume)`
    );
  }
  if (found) {
    props.push({ key: 'platform', value: found.code });
    for (const key of found.annotations) delete annotations[key];
    ctx.platformLabels = found.labels;
    ctx.platformPod = found.pod;
    ctx.consoleDefaults = found.platform._consoleDefaults;
  }
  // Without a console platform the identity keys are the default profile's.
  const platform = found?.platform ?? DEFAULT_PLATFORM;
  const keys = platform._identityKeys;
  const description = annotations[keys.description];
  if (
    typeof description === 'string' &&
    description !== '' &&
    [...description].length <= platform._descriptionMax
  ) {
    props.push({ key: 'description', value: lit(description) });
    delete annotations[keys.description];
  }
  const displayName = annotations[keys.displayName];
  const displayNameMax = platform._displayNameMax;
  if (
    typeof displayName === 'string' &&
    displayName !== '' &&
    (displayNameMax === undefined || [...displayName].length <= displayNameMax)
  ) {
    props.push({ key: 'displayName', value: lit(displayName) });
    delete annotations[keys.displayName];
  }
  const labels = labelsExpr(meta.labels, ['metadata', 'labels'], ctx, [
    ...leaveOutLabels,
    ...ctx.platformLabels,
  ]);
  if (labels) props.push({ key: 'labels', value: labels });
  const annotationsProp = annotationsExpr(annotations, ['metadata', 'annotations'], ctx);
  if (annotationsProp) props.push({ key: 'annotations', value: annotationsProp });
  for (const key of Object.keys(meta)) {
    if (key === 'generateName' && prefix !== undefined) continue; // ReapplyPolicy.generateName()
    if (!['name', 'namespace', 'labels', 'annotations'].includes(key)) {
      ctx.skip(['metadata', key], `metadata.${key} is not modeled by ${ctx.construct}`);
    }
  }
  return props;
}

/** The props of a `BatchJob` or `GpuJob`. */
function jobProps(o: Json, ctx: MappingContext, gpu: PodGpu | undefined): Prop[] {
  const meta = asObject(o.metadata) ?? {};
  const spec = asObject(o.spec) ?? {};
  const labels = asObject(meta.labels) ?? {};
  // A GpuJob keeps the default platform: a console's default GPU stack would change the stack.
  const podLabels = asObject(asObject(spec.template)?.metadata)?.labels;
  const props = metadataProps(
    meta,
    ctx,
    63,
    QUEUE_LABELS,
    gpu ? undefined : [asObject(meta.labels), asObject(podLabels)],
    asObject(spec.template)
  );
  const afterIdentity = props.filter((p) => p.key === 'name' || p.key === 'namespace').length;
  props.splice(
    afterIdentity,
    0,
    generatedNamePrefix(meta) !== undefined
      ? {
          key: 'reapply',
          value: factory('ReapplyPolicy', 'generateName', []),
          comment:
            'the input has only generateName: every create makes a new Job (kubectl create, Argo CD hooks)',
        }
      : {
          key: 'reapply',
          value: factory('ReapplyPolicy', 'fixedName', []),
          comment: "keep the input's name (cdk8s-batch's default renames a changed Job)",
        }
  );
  const queue = labels['kueue.x-k8s.io/queue-name'];
  const priority = labels['kueue.x-k8s.io/priority-class'];
  if (typeof queue === 'string') props.push({ key: 'queue', value: lit(queue) });
  if (typeof priority === 'string') props.push({ key: 'queuePriorityClass', value: lit(priority) });
  if (gpu) {
    const g = gpu.gpu;
    const containerNameOf = (i: number) => asObject(asList(podSpecOf(o)?.containers)[i])?.name;
    if (gpu.others) {
      // GPUs on several containers: one request each (containerGpus).
      props.push({
        key: 'containerGpus',
        value: obj(
          podGpuRequests(gpu).map((r) => ({
            key: String(containerNameOf(r.containerIndex)),
            value: factory('Gpu', r.gpu.mode, [gpuOptionsExpr(r.gpu.options)]),
          }))
        ),
      });
    } else props.push({ key: 'gpu', value: factory('Gpu', g.mode, [gpuOptionsExpr(g.options)]) });
    // The stack is written unless it is the one GpuJob picks itself (GpuJobs are imported without a platform).
    if (g.stack.kind !== platformOf({})._defaultGpuStack(g.gpu.request).kind)
      props.push({ key: 'gpuStack', value: factory('GpuStack', g.stackFactory, []) });
    if (gpu.containerIndex !== 0 && !gpu.others)
      props.push({ key: 'gpuContainer', value: lit(containerNameOf(gpu.containerIndex)) });
    props.push({ key: 'sharedMemory', value: lit(null), comment: 'the input mounts no /dev/shm of its own' });
    const scheduler = podSpecOf(o)?.schedulerName;
    if (typeof scheduler === 'string' && scheduler !== 'default-scheduler' && scheduler !== g.schedulerName) {
      props.push({ key: 'schedulerName', value: lit(scheduler) });
    }
  }
  props.push(...jobSpecProps(spec, ['spec'], ctx, gpu, typeof queue === 'string'));
  return props;
}

/** The props of a `CronBatch`. */
function cronProps(o: Json, ctx: MappingContext): Prop[] {
  const meta = asObject(o.metadata) ?? {};
  const spec = asObject(o.spec) ?? {};
  const template = asObject(spec.jobTemplate);
  const props = metadataProps(
    meta,
    ctx,
    52,
    [],
    [
      asObject(meta.labels),
      asObject(asObject(template?.metadata)?.labels),
      asObject(asObject(asObject(asObject(template?.spec)?.template)?.metadata)?.labels),
    ],
    asObject(asObject(template?.spec)?.template)
  );
  const add = (key: string, value: Expr | undefined, comment?: string) => {
    if (value) props.push({ key, value, ...(comment ? { comment } : {}) });
  };
  const schedule = spec.schedule;
  if (typeof schedule !== 'string') throw new ImportError('spec.schedule is missing');
  const parsed = parseCron(schedule);
  if (parsed.problems.length > 0) {
    throw new ImportError(`spec.schedule "${schedule}" is not accepted by CronBatch: ${parsed.problems[0]}`);
  }
  add('schedule', scheduleExpr(schedule));
  if (typeof spec.timeZone === 'string') {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem) throw new ImportError(`spec.timeZone "${spec.timeZone}": ${problem}`);
    add('timeZone', lit(spec.timeZone));
  }
  const policy = spec.concurrencyPolicy ?? 'Allow';
  if (policy !== 'Forbid') {
    const member = enumMember('ConcurrencyPolicy', policy);
    if (member)
      add(
        'concurrencyPolicy',
        member,
        policy === 'Allow' && spec.concurrencyPolicy === undefined
          ? "Kubernetes' default, which the input relies on"
          : undefined
      );
    else ctx.skip(['spec', 'concurrencyPolicy'], `concurrencyPolicy ${String(policy)}`);
  }
  const deadline = spec.startingDeadlineSeconds;
  if (isInt(deadline)) add('startingDeadline', duration(deadline));
  else if (deadline !== undefined && deadline !== null)
    ctx.skip(['spec', 'startingDeadlineSeconds'], 'not a whole number of seconds');
  for (const [field, fallback] of [
    ['successfulJobsHistoryLimit', 3],
    ['failedJobsHistoryLimit', 1],
  ] as const) {
    const value = spec[field];
    if (value === undefined || value === null || value === fallback) continue;
    if (isInt(value)) add(field, lit(value));
    else ctx.skip(['spec', field], 'not a whole number ≥ 0');
  }
  if (spec.suspend === true) add('suspend', lit(true));
  const jobTemplate = asObject(spec.jobTemplate) ?? {};
  const jobMeta = asObject(jobTemplate.metadata) ?? {};
  add(
    'jobLabels',
    labelsExpr(jobMeta.labels, ['spec', 'jobTemplate', 'metadata', 'labels'], ctx, ctx.platformLabels)
  );
  add(
    'jobAnnotations',
    annotationsExpr(jobMeta.annotations, ['spec', 'jobTemplate', 'metadata', 'annotations'], ctx)
  );
  for (const key of Object.keys(jobMeta)) {
    if (key !== 'labels' && key !== 'annotations') {
      ctx.skip(['spec', 'jobTemplate', 'metadata', key], `jobTemplate metadata.${key} is not modeled`);
    }
  }
  for (const key of Object.keys(spec)) {
    const known = [
      'schedule',
      'timeZone',
      'concurrencyPolicy',
      'startingDeadlineSeconds',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
      'suspend',
      'jobTemplate',
    ];
    if (!known.includes(key)) ctx.skip(['spec', key], `CronJob spec ${key} is not modeled by CronBatch`);
  }
  const jobSpec = asObject(jobTemplate.spec) ?? {};
  // A CronBatch's Jobs always start (`suspend: false`); a suspended job template is patched.
  if (jobSpec.suspend === true)
    ctx.skip(['spec', 'jobTemplate', 'spec', 'suspend'], 'the Jobs of a CronBatch always start');
  const rest = { ...jobSpec };
  delete rest.suspend;
  props.push(...jobSpecProps(rest, ['spec', 'jobTemplate', 'spec'], ctx, undefined, false));
  return props;
}

/** A construct id for `name`, unique among `taken`. */
export function uniqueId(base: string, kind: string, taken: Set<string>): string {
  let id = base;
  // The constructs library keeps children in a plain object: `constructor` or `__proto__` would clash.
  if (taken.has(id) || id in Object.prototype) id = `${base}-${kind.toLowerCase()}`;
  for (let n = 2; taken.has(id); n++) id = `${base}-${kind.toLowerCase()}-${n}`;
  taken.add(id);
  return id;
}

/** Removes the prop at a `ValidationProblem` field path (`containers[0].env.X`); false when nothing was removed. */
function removeProp(props: ObjExpr, field: string): boolean {
  const segments = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
  let current: Expr = props;
  let parent: { expr: ObjExpr | { kind: 'arr'; items: Expr[] }; key: string } | undefined;
  for (const segment of segments) {
    if (current.kind === 'obj') {
      const prop: Prop | undefined = current.props.find((p) => p.key === segment);
      if (!prop) break;
      parent = { expr: current, key: segment };
      current = prop.value;
    } else if (current.kind === 'arr' && /^\d+$/.test(segment) && Number(segment) < current.items.length) {
      parent = { expr: current, key: segment };
      current = current.items[Number(segment)];
    } else break;
  }
  if (!parent) return false;
  if (parent.expr.kind === 'obj') {
    const i = parent.expr.props.findIndex((p) => p.key === parent!.key);
    parent.expr.props.splice(i, 1);
  } else {
    parent.expr.items.splice(Number(parent.key), 1);
  }
  return true;
}

type ConstructClass = new (scope: Construct, id: string, props: never) => Construct;

/** Builds the construct in a fresh chart; props the construct rejects are removed (and reported) until it accepts. */
function build(
  construct: ImportedObject['construct'],
  id: string,
  props: ObjExpr,
  ctx: MappingContext
): Construct {
  const cls = batch[construct] as unknown as ConstructClass;
  for (let attempt = 0; ; attempt++) {
    const chart = new Chart(new App(), 'import');
    try {
      return new cls(chart, id, valueOf(props) as never);
    } catch (error) {
      if (!(error instanceof ValidationError) || attempt >= 20) {
        throw new ImportError(
          `${construct} rejects the imported props: ${error instanceof Error ? error.message.split('\n').slice(1).join('; ').trim() || error.message : String(error)}`
        );
      }
      let removed = false;
      for (const p of error.problems) {
        if (removeProp(props, p.field)) {
          removed = true;
          ctx.warnings.push(
            `${construct} rejects ${p.field}: ${p.message}; the field is written with a JSON patch instead`
          );
          ctx.rejected.add(p.field);
        }
      }
      if (!removed)
        throw new ImportError(
          `${construct} rejects the imported props: ${error.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`
        );
    }
  }
}

/** The synthesized manifest of a construct's main object. */
function synthesize(construct: Construct): Json {
  try {
    return ApiObject.of(construct).toJson() as Json;
  } catch (error) {
    // cdk8s cannot write some inputs, e.g. a map with a key named `constructor` once JSON patches apply: the
    // generated code would fail the same way, so the object is refused. (The message's path holds the name.)
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/^Failed serializing construct at path '[^]*' with name '[^]*': (Error: )?/, '')
      .replace(/[\r\n\u2028\u2029]+/g, ' ');
    throw new ImportError(`cdk8s cannot synthesize the imported object: ${message}`);
  }
}

/**
 * The object as `app.synth()` writes it and kubectl reads it back: cdk8s's YAML writer loses the spaces of a
 * string made only of blank lines (`" \n"`), so the comparison is made with what the manifest will hold.
 */
function asWritten(object: Json): Json {
  return parseDocument(Yaml.stringify(object), KUBECTL_YAML_OPTIONS).toJS() as Json;
}

const GPU_TOLERATION_KEY = 'nvidia.com/gpu';
/** The normalizations made in `--exact` mode too. */
const ALWAYS = new Set(['labels', 'annotations', 'api-version', 'credential']);

/** The input plus the normalizations (see {@link NORMALIZATIONS}); each is recorded in `ctx`. */
function expectedObject(input: Json, synthesized: Json, ctx: MappingContext, options: ImportOptions): Json {
  const e = structuredClone(input);
  const meta = (e.metadata = asObject(e.metadata) ?? {});
  const sMeta = asObject(synthesized.metadata) ?? {};
  const sLabels = asObject(sMeta.labels) ?? {};
  const sAnnotations = asObject(sMeta.annotations) ?? {};
  for (const key of OWN_LABELS) {
    if (sLabels[key] !== undefined && asObject(meta.labels)?.[key] !== sLabels[key]) {
      meta.labels = { ...asObject(meta.labels), [key]: sLabels[key] };
      ctx.normalize('labels', ['metadata', 'labels', key], `added: ${String(sLabels[key])}`);
    }
  }
  for (const key of OWN_ANNOTATIONS) {
    if (sAnnotations[key] !== undefined) {
      meta.annotations = { ...asObject(meta.annotations), [key]: sAnnotations[key] };
      ctx.normalize('annotations', ['metadata', 'annotations', key], `added: ${String(sAnnotations[key])}`);
    }
  }
  // Our pod annotation of the containers' log settings, where they became `logs` props.
  const podMeta = asObject(asObject(specOf(e)?.template)?.metadata);
  const sPodAnnotations = asObject(asObject(asObject(specOf(synthesized)?.template)?.metadata)?.annotations);
  const logs = sPodAnnotations?.[LOGS_ANNOTATION];
  if (
    typeof logs === 'string' &&
    asObject(podMeta?.annotations)?.[LOGS_ANNOTATION] === undefined &&
    ctx.platformPod?.logs.size
  ) {
    const template = asObject(specOf(e)?.template);
    if (template) {
      template.metadata = {
        ...podMeta,
        annotations: { ...asObject(podMeta?.annotations), [LOGS_ANNOTATION]: logs },
      };
      const at = e.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
      ctx.normalize(
        'annotations',
        [...at, 'template', 'metadata', 'annotations', LOGS_ANNOTATION],
        `added: ${logs}`
      );
    }
  }
  if (options.exact) {
    const always = ctx.normalizations.filter((n) => ALWAYS.has(n.kind));
    ctx.normalizations.splice(0, ctx.normalizations.length, ...always);
    return e;
  }
  for (const n of ctx.normalizations) n.apply?.(e);
  if (meta.namespace === undefined && typeof sMeta.namespace === 'string') {
    meta.namespace = sMeta.namespace;
    ctx.normalize(
      'namespace',
      ['metadata', 'namespace'],
      `the input has none; the construct writes "${sMeta.namespace}" (kubectl would use the current context's namespace)`
    );
  }
  const base =
    e.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  const pod = podSpecOf(e);
  const sPod = podSpecOf(synthesized);
  if (!pod || !sPod) return e;
  if (pod.restartPolicy === undefined && sPod.restartPolicy === 'Never') pod.restartPolicy = 'Never';
  // Secure defaults the input lacks.
  const copy = (target: Json, source: Json | undefined, keys: string[], at: Segments) => {
    for (const key of keys) {
      if (source?.[key] !== undefined && target[key] === undefined) {
        target[key] = structuredClone(source[key]);
        ctx.normalize('security', [...at, key], `added: ${JSON.stringify(source[key])}`);
      }
    }
  };
  if (pod.automountServiceAccountToken === undefined && sPod.automountServiceAccountToken === false) {
    copy(pod, sPod, ['automountServiceAccountToken'], base);
  }
  const sSc = asObject(sPod.securityContext);
  if (sSc) {
    const sc = (pod.securityContext = asObject(pod.securityContext) ?? {});
    copy(
      sc,
      sSc,
      ['runAsNonRoot', 'runAsUser', 'runAsGroup', 'seccompProfile'],
      [...base, 'securityContext']
    );
  }
  for (const list of ['initContainers', 'containers']) {
    const sList = asList(sPod[list]);
    asList(pod[list]).forEach((c, i) => {
      const container = asObject(c);
      const sContainer = asObject(sList[i]);
      if (!container || !sContainer || container.name !== sContainer.name) return;
      const sSec = asObject(sContainer.securityContext);
      if (!sSec) return;
      const at = [...base, list, i, 'securityContext'];
      const sec = (container.securityContext = asObject(container.securityContext) ?? {});
      copy(sec, sSec, ['allowPrivilegeEscalation'], at);
      const sCaps = asObject(sSec.capabilities);
      if (sCaps?.drop !== undefined) {
        const caps = (sec.capabilities = asObject(sec.capabilities) ?? {});
        copy(caps, sCaps, ['drop'], [...at, 'capabilities']);
      }
      // JOB_COMPLETION_INDEX, first, as JobPattern.indexed renders it (in init containers too, as Kubernetes does).
      if (specOf(e)?.completionMode === 'Indexed') {
        const sEnv = asList(sContainer.env).find((v) => asObject(v)?.name === 'JOB_COMPLETION_INDEX');
        const env = asList(container.env).filter((v) => asObject(v)?.name !== 'JOB_COMPLETION_INDEX');
        const had = asList(container.env).some((v) => asObject(v)?.name === 'JOB_COMPLETION_INDEX');
        if (sEnv) {
          container.env = [sEnv, ...env];
          if (!had)
            ctx.normalize(
              'indexed-env',
              [...base, list, i, 'env', 0],
              'added JOB_COMPLETION_INDEX, which Kubernetes sets in Indexed Job pods too'
            );
        }
      }
    });
  }
  const sTolerations = asList(sPod.tolerations);
  const gpuToleration = sTolerations.find(
    (t) => asObject(t)?.key === GPU_TOLERATION_KEY && asObject(t)?.operator === 'Exists'
  );
  const tolerations = asList(pod.tolerations);
  if (
    gpuToleration &&
    !tolerations.some((t) => asObject(t)?.key === GPU_TOLERATION_KEY && asObject(t)?.operator === 'Exists')
  ) {
    pod.tolerations = [...tolerations, gpuToleration];
    ctx.normalize(
      'gpu-toleration',
      [...base, 'tolerations', tolerations.length],
      `added: ${JSON.stringify(gpuToleration)}`
    );
  }
  return e;
}

const POD_SECURITY = 'cdk8s-batch.io/pod-security';

/** The Pod Security Standards level of an object's pods. */
function podLevel(o: Json): string | undefined {
  const template = asObject(specOf(o)?.template);
  const spec = asObject(template?.spec);
  if (!spec) return undefined;
  return podSecurityLevel(
    spec,
    (asObject(asObject(template?.metadata)?.annotations) ?? {}) as Record<string, string>
  );
}

/** Applies one patch operation (manifest form) to a plain object. */
function applyOp(target: Json, op: PatchOp): void {
  const parent = op.path.slice(0, -1).reduce<unknown>((o, s) => getOwn(o, s), target) as
    Record<string | number, unknown> | unknown[] | undefined;
  const key = op.path[op.path.length - 1];
  if (!parent) return;
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (op.op === 'add') parent.splice(i, 0, structuredClone(op.value));
    else if (op.op === 'remove') parent.splice(i, 1);
    else parent[i] = structuredClone(op.value);
  } else if (op.op === 'remove') delete parent[key];
  else setOwn(parent, String(key), structuredClone(op.value));
}

/** The reason for a patch: the skip reason recorded at (or above, or below) its path. */
function reasonFor(op: PatchOp, ctx: MappingContext): string {
  const path = pointer(op.path);
  // The reason recorded at the path or above it (the nearest), else those recorded below it (all of them).
  let best: string | undefined;
  let bestLength = -1;
  const below: string[] = [];
  for (const [skipped, reason] of ctx.skipped) {
    if (path === skipped || path.startsWith(`${skipped}/`)) {
      if (skipped.length > bestLength) {
        best = reason;
        bestLength = skipped.length;
      }
    } else if (skipped.startsWith(`${path}/`) && !below.includes(reason)) below.push(reason);
  }
  if (best) return best;
  if (below.length > 0) return below.join('; ');
  if (ctx.rejected.size > 0) return `rejected by ${ctx.construct} (see the import report)`;
  if (op.op === 'remove') {
    if (/securityContext|automountServiceAccountToken/.test(path))
      return "a secure default of cdk8s-batch's the input does not have";
    if (path === '/metadata/namespace') return 'the input has no namespace';
    return `${ctx.construct} writes it; the input does not have it`;
  }
  return `not modeled by ${ctx.construct}`;
}

type ImportKind = 'Job' | 'CronJob';
type GpuFound = ReturnType<typeof podGpu>;

/** The object as the constructs will see it: server fields stripped, the construct chosen, the first findings made. */
interface Prepared {
  readonly kind: ImportKind;
  readonly object: Json;
  readonly removed: ImportedObject['removed'];
  readonly meta: Json;
  readonly name: string;
  readonly gpuFound: GpuFound;
  readonly construct: ImportedObject['construct'];
  readonly ctx: MappingContext;
}

function prepare(input: Json, options: ImportOptions): Prepared {
  const kind = input.kind as ImportKind;
  const { object, removed } = stripServerFields(input);
  const meta = asObject(object.metadata) ?? {};
  const name =
    typeof meta.name === 'string'
      ? meta.name
      : typeof meta.generateName === 'string'
        ? meta.generateName
        : '';
  if (!asObject(object.spec)) throw new ImportError('spec is missing');

  const gpuWarnings: string[] = [];
  const gpuFound = kind === 'Job' ? podGpu(asObject(asObject(object.spec)?.template) ?? {}, gpuWarnings) : {};
  const construct: ImportedObject['construct'] =
    kind === 'CronJob' ? 'CronBatch' : gpuFound.gpu ? 'GpuJob' : 'BatchJob';
  const ctx = new MappingContext(construct, options.exact === true);
  ctx.warnings.push(...gpuWarnings);
  return { kind, object, removed, meta, name, gpuFound, construct, ctx };
}

/** A CronJob of an old API version becomes batch/v1 (reported). */
function normalizeCronApiVersion({ kind, object, ctx }: Prepared): void {
  const oldApi = object.apiVersion;
  if (kind === 'CronJob' && oldApi !== 'batch/v1') {
    object.apiVersion = 'batch/v1';
    ctx.normalize(
      'api-version',
      ['apiVersion'],
      `${String(oldApi)} → batch/v1 (${String(oldApi)} CronJobs were removed in Kubernetes 1.25)`
    );
  }
}

/** Warns of GPU resources that do not become a `gpu` prop. */
function warnOfGpus({ kind, object, gpuFound, ctx }: Prepared): void {
  if (gpuFound.unrecognized) {
    ctx.warnings.push(
      `GPU resources of container ${gpuFound.unrecognized.index} not recognized (${gpuFound.unrecognized.unrecognized}): imported as a BatchJob with the resources as JSON patches`
    );
  }
  if (
    kind === 'CronJob' &&
    asList(podSpecOf(object)?.containers).some((c) =>
      recognizeGpu({ limits: asObject(asObject(asObject(c)?.resources)?.limits) ?? {} })
    )
  ) {
    ctx.warnings.push(
      'GPU resources in a CronJob: CronBatch has no gpu prop, so they are written with JSON patches'
    );
  }
}

function moveCredentials(object: Json, id: string, ctx: MappingContext, options: ImportOptions) {
  try {
    return moveCredentialsToSecret(object, id, ctx, options.exact !== true);
  } catch (error) {
    if (error instanceof CredentialError) throw new ImportError(error.message);
    throw error;
  }
}

/** Builds the construct and refuses one that synth would still reject (e.g. no container could be a prop). */
function buildValid(construct: ImportedObject['construct'], id: string, props: ObjExpr, ctx: MappingContext) {
  const built = build(construct, id, props, ctx);
  const invalid = built.node.validate();
  if (invalid.length > 0) {
    const why = [...ctx.skipped.values(), ...ctx.warnings.filter((w) => w.includes(' rejects '))];
    throw new ImportError(
      `${construct} would not synthesize: ${invalid.join('; ')}${why.length > 0 ? ` (${why[0]})` : ''}`
    );
  }
  return built;
}

/** The patch operations from `synthesized` to `expected`, without those cdk8s refuses (listed in `unpatchable`). */
function escapeOps(synthesized: Json, expected: Json, unpatchable: string[]): PatchOp[] {
  // cdk8s (fast-json-patch) refuses to patch a field named __proto__, or constructor/prototype.
  return patchOps(
    { raw: synthesized, canonical: comparable(synthesized) },
    { raw: expected, defaulted: withDefaults(expected), canonical: comparable(expected) }
  ).filter((op) => {
    const banned = op.path.some(
      (s, i) => s === '__proto__' || (s === 'prototype' && op.path[i - 1] === 'constructor')
    );
    if (banned) unpatchable.push(pointer(op.path));
    return !banned;
  });
}

/** Patches may change what the pods are allowed to do: the annotation must state the level they meet. */
function restatePodSecurity(ops: PatchOp[], synthesized: Json, expected: Json, ctx: MappingContext): void {
  if (ops.length === 0) return;
  const patched = structuredClone(synthesized);
  for (const op of ops) applyOp(patched, op);
  const level = podLevel(patched);
  const annotations = asObject(asObject(expected.metadata)?.annotations);
  if (level && annotations && annotations[POD_SECURITY] !== level) {
    annotations[POD_SECURITY] = level;
    ops.push({ op: 'replace', path: ['metadata', 'annotations', POD_SECURITY], value: level });
    ctx.skip(
      ['metadata', 'annotations', POD_SECURITY],
      'the pods meet another Pod Security Standards level once patched'
    );
  }
}

function warnOfUnpatchable(
  ctx: MappingContext,
  unpatchable: readonly string[],
  unknown: readonly string[]
): void {
  for (const path of unpatchable) {
    ctx.warnings.push(
      `${path}: cdk8s refuses JSON patches of a field named __proto__ (or constructor/prototype)`
    );
  }
  for (const path of unknown) {
    ctx.warnings.push(
      `${path}: unknown to the Kubernetes 1.28 schema that cdk8s-plus-28 writes, so a JSON patch cannot add it`
    );
  }
}

/** Imports one Job or CronJob as read (server fields included). Throws {@link ImportError} when it cannot be imported. */
export function importObject(input: Json, taken: Set<string>, options: ImportOptions = {}): ImportedObject {
  const prepared = prepare(input, options);
  const { kind, object, removed, meta, name, gpuFound, construct, ctx } = prepared;
  normalizeCronApiVersion(prepared);
  warnOfGpus(prepared);
  const id = uniqueId(name.replace(/-+$/, '') || kind.toLowerCase(), kind, taken);
  const secret: SecretToCreate | undefined = moveCredentials(object, id, ctx, options);
  const propList = kind === 'CronJob' ? cronProps(object, ctx) : jobProps(object, ctx, gpuFound.gpu);
  const props = obj(propList);

  const built = buildValid(construct, id, props, ctx);
  const synthesized = synthesize(built);
  const expected = expectedObject(object, synthesized, ctx, options);
  const root = kindType('batch/v1', kind);
  const unknown: string[] = [];
  const unpatchable: string[] = [];
  const ops = escapeOps(synthesized, expected, unpatchable);
  restatePodSecurity(ops, synthesized, expected, ctx);
  const patches = ops.map((op) => patchExpr(op, root, unknown));
  let result = synthesized;
  if (patches.length > 0) {
    ApiObject.of(built).addJsonPatch(...(patches.map(valueOf) as JsonPatch[]));
    result = synthesize(built);
  }
  const notReproduced = differences(comparable(expected), comparable(asWritten(result)));
  warnOfUnpatchable(ctx, unpatchable, unknown);
  const escapeHatches = ops.map((op) => ({
    op: op.op,
    path: l1Pointer(root, op.path),
    reason: reasonFor(op, ctx),
  }));
  return {
    kind,
    name,
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
    construct,
    id,
    props,
    patches,
    escapeHatches,
    normalizations: ctx.normalizations.map(({ kind: k, path, message }) => ({ kind: k, path, message })),
    warnings: ctx.warnings,
    notReproduced,
    removed,
    ...(secret ? { secret } : {}),
  };
}
