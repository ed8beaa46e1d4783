import { Duration, Size } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { ContainerProps, defaultPullPolicy, EnvFrom, EnvValue } from '../values/container';
import { JobPattern, JobPatternKind } from '../values/job-pattern';
import { JobTemplateProps, PodReplacementPolicy, RestartPolicy } from '../props/job-template-props';
import { PodFailureRule } from '../values/pod-failure-policy';
import type { LifecycleHandler } from '../values/probe';
import { PodSecurityLevel, podSecurityLevel } from '../rules/pod-security';
import { RunAs } from '../values/run-as';
import { PersistentVolumeAccessMode, Volume, VolumeMount } from '../values/volume';
import { NetworkMode, NodeAffinity, NodeRequirement, Toleration } from '../values/scheduling';
import { HandlerAction, Probe } from '../values/probe';
import type { ConsoleDefaults } from '../platforms/profile';
import { refName } from '../rules/names';
import { sizeBytes } from '../rules/quantity-amounts';
import {
  COMPLETION_INDEX_ENV,
  defaultContainerName,
  defaultSidecarName,
  WORK_ITEM_FILE_ENV,
  WORK_ITEMS_DIR,
  WORK_ITEMS_VOLUME,
  WRITABLE_TMP,
  LOGS_ANNOTATION,
} from '../props/rendered-names';
import type { BytesAmount, ContainerResources } from '../types/references';
import { intOrString, kubeBindings, quantity } from './kube';
import { sharedManifestJson, withNewerJobSpecFields } from './manifest-json';
import { undefinedIfEmpty } from '../rules/utils';
import { parseNfsExport } from '../props/rendered-names';
import { targetVersionOf } from '../props/versioned-fields';
import type { KubernetesVersion } from '../rules/kube-versions';
import type { RendezvousVar } from '../props/job-service';
import { SITE_FREE } from '../rules/utils';

/** Object annotation naming the Pod Security Standards level the pods meet. */
export const POD_SECURITY_ANNOTATION = 'cdk8s-batch.io/pod-security';

/** Default time a finished Job is kept. */
export const DEFAULT_TTL_AFTER_FINISHED = Duration.days(1);
export const DEFAULT_BACKOFF_LIMIT = 6;

/** A container with its effective name. @internal */
export interface NamedContainer extends ContainerProps {
  readonly name: string;
  /** Extended resources (GPUs) rendered as whole-number limits. */
  readonly extendedLimits?: Readonly<Record<string, number>>;
  /** A sidecar: an init container rendered with `restartPolicy: Always`. */
  readonly sidecar?: boolean;
}

/** `JobTemplateProps` with every default applied: the input of the pure renderers. @internal */
export interface NormalizedJobTemplate {
  readonly pattern: JobPattern;
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly restartPolicy: RestartPolicy;
  readonly suspend: boolean;
  readonly terminationGracePeriodSeconds?: number;
  readonly podFailurePolicy: readonly PodFailureRule[];
  readonly podReplacementPolicy?: PodReplacementPolicy;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly containers: readonly NamedContainer[];
  /** The sidecars (`sidecar: true`, first), then the ordinary init containers. */
  readonly initContainers: readonly NamedContainer[];
  /** Every pod volume: the declared ones, then the ones containers mount as objects. */
  readonly volumes: readonly Volume[];
  readonly imagePullSecrets: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly runAs: RunAs;
  readonly automountServiceAccountToken: boolean;
  readonly serviceAccountName?: string;
  readonly nodeAffinity?: NodeAffinity;
  readonly tolerations: readonly Toleration[];
  readonly priorityClassName?: string;
  readonly fsGroup?: number;
  readonly network: NetworkMode;
  /** The pod's scheduler, when not the default one. */
  readonly schedulerName?: string;
  /** The oldest Kubernetes version the manifests are for. */
  readonly kubernetesVersion: KubernetesVersion;
  /** The pods' `subdomain`: the name of the headless Service that gives them DNS names. */
  readonly subdomain?: string;
  /** Variables every container gets after the completion index (`distributed`'s rendezvous). */
  readonly rendezvousEnv?: readonly RendezvousVar[];
  /** The controller that syncs the Job, when not the built-in one. */
  readonly managedBy?: string;
  /** The platform console's form defaults, for containers and probes that set none. */
  readonly consoleDefaults?: ConsoleDefaults;
}

/** What a renderer needs besides the props. */
export interface RenderContext {
  /** Name of the ConfigMap holding the indexed pattern's work items, when it has any. */
  readonly workItemsConfigMap?: string;
}

/** Applies the documented defaults, once. Input must have passed the job template schema. */
export function normalizeJobTemplate(props: JobTemplateProps): NormalizedJobTemplate {
  const pattern = props.pattern ?? JobPattern.oneOff();
  const name = (list: ContainerProps[] | undefined, init: boolean): NamedContainer[] =>
    (list ?? []).map((c, i) => ({ ...c, name: c.name ?? defaultContainerName(i, init) }));
  const containers = name(props.containers, false);
  // Sidecars first: they start, in order, before the ordinary init containers run.
  const initContainers = [
    ...(props.sidecars ?? []).map((c, i) => ({ ...c, name: c.name ?? defaultSidecarName(i), sidecar: true })),
    ...name(props.initContainers, true),
  ];

  const volumes: Volume[] = [...(props.volumes ?? [])];
  for (const c of [...containers, ...initContainers]) {
    for (const m of c.volumeMounts ?? []) {
      if (m.volume instanceof Volume && !volumes.some((v) => v.name === (m.volume as Volume).name))
        volumes.push(m.volume);
    }
  }

  if ([...containers, ...initContainers].some(needsWritableTmp)) volumes.push(WRITABLE_TMP_VOLUME);

  const perIndex = pattern.kind === JobPatternKind.INDEXED && pattern.backoffLimitPerIndex !== undefined;
  const ttl = props.ttlAfterFinished === undefined ? DEFAULT_TTL_AFTER_FINISHED : props.ttlAfterFinished;
  return {
    ...SITE_FREE,
    pattern,
    backoffLimit: props.backoffLimit ?? (perIndex ? undefined : DEFAULT_BACKOFF_LIMIT),
    activeDeadlineSeconds: props.activeDeadline?.toSeconds(),
    ttlSecondsAfterFinished: ttl === null ? undefined : ttl.toSeconds(),
    restartPolicy: props.restartPolicy ?? RestartPolicy.NEVER,
    suspend: props.suspend ?? false,
    terminationGracePeriodSeconds: props.terminationGracePeriod?.toSeconds(),
    podFailurePolicy: props.podFailurePolicy ?? [],
    podReplacementPolicy: props.podReplacementPolicy,
    podLabels: props.podLabels ?? {},
    podAnnotations: props.podAnnotations ?? {},
    containers,
    initContainers,
    volumes,
    imagePullSecrets: (props.imagePullSecrets ?? []).map(refName),
    nodeSelector: props.nodeSelector ?? {},
    runAs: props.runAs ?? RunAs.DEFAULT,
    automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    serviceAccountName: props.serviceAccount === undefined ? undefined : refName(props.serviceAccount),
    nodeAffinity: props.nodeAffinity,
    tolerations: props.tolerations ?? [],
    priorityClassName: props.priorityClassName,
    fsGroup: props.fsGroup,
    network: props.network ?? NetworkMode.overlay(),
    kubernetesVersion: targetVersionOf(props) as KubernetesVersion,
    managedBy: props.managedBy,
  };
}

/** Renders `spec` of a batch/v1 Job (also a CronJob's `jobTemplate.spec`). Pure. */
export function renderJobSpec(t: NormalizedJobTemplate, ctx: RenderContext): k8s.JobSpec {
  const p = t.pattern;
  // Keys in manifest (sorted) order here and below: the one-pass serializer then need not sort.
  // `managedBy` (1.30+) is not in cdk8s-plus-28's JobSpec type: JOB_SPEC_FIELDS_AFTER_1_28 in
  // manifest-json.ts keeps it on cdk8s' own serialization path (and in jobSpecJson's fallback) too.
  return {
    ...SITE_FREE,
    activeDeadlineSeconds: t.activeDeadlineSeconds,
    backoffLimit: t.backoffLimit,
    backoffLimitPerIndex: p.backoffLimitPerIndex,
    completionMode: p.completionMode,
    completions: p.completions,
    managedBy: t.managedBy,
    maxFailedIndexes: p.maxFailedIndexes,
    parallelism: p.parallelism,
    podFailurePolicy:
      t.podFailurePolicy.length === 0
        ? undefined
        : { ...SITE_FREE, rules: t.podFailurePolicy.map(renderPodFailureRule) },
    podReplacementPolicy: t.podReplacementPolicy,
    // Not in cdk8s-plus-28's 1.28 bindings (JobSpec has no successPolicy there): see JobObject.
    ...(p.successPolicy
      ? {
          ...SITE_FREE,
          successPolicy: {
            ...SITE_FREE,
            rules: p.successPolicy.map((r) => ({
              ...SITE_FREE,
              succeededCount: r.succeededCount,
              succeededIndexes: r.succeededIndexes,
            })),
          },
        }
      : {}),
    suspend: t.suspend,
    template: renderPodTemplate(t, ctx),
    ttlSecondsAfterFinished: t.ttlSecondsAfterFinished,
  } as k8s.JobSpec;
}

function renderPodFailureRule(rule: PodFailureRule): k8s.PodFailurePolicyRule {
  const exit = rule.onExitCodes;
  const condition = rule.onPodCondition;
  return {
    ...SITE_FREE,
    action: rule.action,
    onExitCodes: exit && {
      ...SITE_FREE,
      containerName: exit.containerName,
      operator: exit.operator,
      values: [...new Set(exit.codes)].sort((a, b) => a - b),
    },
    ...(condition
      ? { ...SITE_FREE, onPodConditions: [{ ...SITE_FREE, type: condition.type, status: condition.status }] }
      : {}),
  } as k8s.PodFailurePolicyRule;
}

/** Renders the pod template. Pure. */
export function renderPodTemplate(t: NormalizedJobTemplate, ctx: RenderContext): k8s.PodTemplateSpec {
  const workItems = ctx.workItemsConfigMap !== undefined;
  const volumes = t.volumes.map(renderVolume);
  if (workItems) {
    volumes.push({
      ...SITE_FREE,
      name: WORK_ITEMS_VOLUME,
      configMap: { ...SITE_FREE, name: ctx.workItemsConfigMap },
    });
  }
  const container = (c: NamedContainer) => renderContainer(c, t);
  return {
    ...SITE_FREE,
    metadata: undefinedIfEmpty({
      ...SITE_FREE,
      labels: undefinedIfEmpty({ ...t.podLabels }),
      annotations: undefinedIfEmpty({ ...t.podAnnotations, ...renderLogsAnnotation(t) }),
    }),
    spec: {
      ...SITE_FREE,
      affinity: t.nodeAffinity && renderAffinity(t.nodeAffinity),
      automountServiceAccountToken: t.automountServiceAccountToken,
      containers: t.containers.map(container),
      dnsPolicy: t.network.kind === 'host' ? 'ClusterFirstWithHostNet' : undefined,
      hostNetwork: t.network.kind === 'host' ? true : undefined,
      imagePullSecrets: undefinedIfEmpty(t.imagePullSecrets.map((name) => ({ ...SITE_FREE, name }))),
      initContainers: undefinedIfEmpty(t.initContainers.map(container)),
      nodeSelector: undefinedIfEmpty({ ...t.nodeSelector }),
      priorityClassName: t.priorityClassName,
      restartPolicy: t.restartPolicy,
      schedulerName: t.schedulerName,
      securityContext: renderPodSecurityContext(t),
      serviceAccountName: t.serviceAccountName,
      subdomain: t.subdomain,
      terminationGracePeriodSeconds: t.terminationGracePeriodSeconds,
      tolerations: undefinedIfEmpty(
        t.tolerations.map((x) => ({
          ...SITE_FREE,
          effect: x.effect,
          key: x.key,
          operator: x.operator,
          tolerationSeconds: x.tolerationSeconds,
          value: x.value,
        }))
      ),
      volumes: undefinedIfEmpty(volumes),
    },
  };
}

/** Where each container's logs are, as one JSON annotation (deterministic: containers in pod order). */
function renderLogsAnnotation(t: NormalizedJobTemplate): Record<string, string> {
  if (!t.containers.some((c) => c.logs) && !t.initContainers.some((c) => c.logs)) return {};
  const logs: Record<string, { stdout: boolean; directory?: string; files?: string[] }> = {};
  for (const c of [...t.initContainers, ...t.containers]) {
    if (!c.logs) continue;
    logs[c.name] = {
      ...SITE_FREE,
      stdout: c.logs.stdout ?? true,
      directory: c.logs.directory,
      files: c.logs.files && [...c.logs.files],
    };
  }
  return Object.keys(logs).length === 0 ? {} : { ...SITE_FREE, [LOGS_ANNOTATION]: JSON.stringify(logs) };
}

/**
 * The strictest Pod Security Standards level the rendered pod meets (checked on its manifest form).
 * Not cached here: the job constructs keep the level next to their rendered spec (a weak map keyed
 * by the rendered template held one entry per Job; see bench/README.md "What makes it fast").
 */
export function podSecurityOf(template: k8s.PodTemplateSpec): PodSecurityLevel {
  const spec = (
    template.spec === undefined
      ? undefined
      : (sharedManifestJson(template.spec) ?? kubeBindings().toJson_PodSpec(template.spec))
  ) as Record<string, unknown> | undefined;
  return podSecurityLevel(spec ?? {}, template.metadata?.annotations ?? {});
}

/**
 * The manifest (JSON) form of a rendered Job spec, for reading (content hashes): the content
 * `k8s.toJson_JobSpec` gives. Shared: the pod spec's conversion with the pod security check, the
 * whole conversion with the L1 object that writes the spec. Do not modify it.
 */
export function jobSpecJson(spec: k8s.JobSpec): Record<string, unknown> {
  if (spec.template?.spec) sharedManifestJson(spec.template.spec);
  const json = sharedManifestJson(spec);
  if (json !== undefined) return json as Record<string, unknown>;
  // The generated conversion drops what cdk8s-plus-28 does not know (managedBy, 1.30+): put it back.
  const converted = kubeBindings().toJson_JobSpec(spec) as Record<string, unknown>;
  return withNewerJobSpecFields({ ...SITE_FREE, spec }, { ...SITE_FREE, spec: converted }, 'Job')
    .spec as Record<string, unknown>;
}

function renderPodSecurityContext(t: NormalizedJobTemplate): k8s.PodSecurityContext {
  const runAs: RunAs = t.runAs;
  return {
    ...SITE_FREE,
    fsGroup: t.fsGroup,
    runAsGroup: runAs.gid,
    runAsNonRoot: runAs.kind !== 'root',
    runAsUser: runAs.uid,
    seccompProfile: { ...SITE_FREE, type: 'RuntimeDefault' },
  };
}

/**
 * A container's security context: restricted-profile settings (no privilege escalation, all
 * capabilities dropped) unless the container opts out by name, and the container's own `runAs`.
 */
function renderContainerSecurityContext(c: NamedContainer): k8s.SecurityContext {
  const privileged = c.privileged === true;
  const add = c.capabilities?.add;
  const drop = c.capabilities?.drop ?? DROP_ALL;
  return {
    ...SITE_FREE,
    allowPrivilegeEscalation: privileged ? true : (c.allowPrivilegeEscalation ?? false),
    capabilities:
      (add && add.length > 0) || drop.length > 0
        ? {
            ...SITE_FREE,
            add: add && add.length > 0 ? [...add] : undefined,
            drop: drop.length > 0 ? [...drop] : undefined,
          }
        : undefined,
    privileged: privileged ? true : undefined,
    readOnlyRootFilesystem: c.readOnlyRootFilesystem ? true : undefined,
    // The container's own user replaces the pod's (a GID left out keeps the pod's group).
    runAsGroup: c.runAs?.gid,
    runAsNonRoot: c.runAs ? c.runAs.kind !== 'root' : undefined,
    runAsUser: c.runAs?.uid,
  };
}

const DROP_ALL = ['ALL'];

/** An emptyDir at /tmp for containers with a read-only root filesystem. */
const WRITABLE_TMP_VOLUME = Volume.emptyDir(WRITABLE_TMP);

function needsWritableTmp(c: ContainerProps): boolean {
  return (
    c.readOnlyRootFilesystem === true &&
    c.writableTmp !== false &&
    !(c.volumeMounts ?? []).some((m) => m.mountPath.replace(/\/+$/, '') === '/tmp')
  );
}

function renderAffinity(a: NodeAffinity): k8s.Affinity | undefined {
  const term = (requirements: readonly NodeRequirement[]) => ({
    ...SITE_FREE,
    matchExpressions: requirements.map((r) => ({
      ...SITE_FREE,
      key: r.key,
      operator: r.operator,
      values: r.values && [...r.values],
    })),
  });
  const nodeAffinity = undefinedIfEmpty({
    ...SITE_FREE,
    requiredDuringSchedulingIgnoredDuringExecution: a.required && {
      ...SITE_FREE,
      nodeSelectorTerms: [term(a.required)],
    },
    preferredDuringSchedulingIgnoredDuringExecution: undefinedIfEmpty(
      a.preferred?.map((p) => ({ ...SITE_FREE, weight: p.weight, preference: term(p.requirements) }))
    ),
  });
  return nodeAffinity && { ...SITE_FREE, nodeAffinity };
}

/**
 * Kubernetes' probe defaults, rendered explicitly so the manifest says what runs; the initial delay is the
 * console's default for the probe's action when the platform's form has one.
 */
function renderProbe(probe: Probe | undefined, defaults: ConsoleDefaults | undefined): k8s.Probe | undefined {
  if (!probe) return undefined;
  const t = probe.timing;
  const action = renderAction(probe.action);
  return {
    ...SITE_FREE,
    exec: action.exec,
    failureThreshold: t.failureThreshold ?? 3,
    httpGet: action.httpGet,
    initialDelaySeconds:
      t.initialDelay?.toSeconds() ?? defaults?.probeInitialDelays?.[probe.action.kind] ?? 0,
    periodSeconds: t.period?.toSeconds() ?? 10,
    successThreshold: t.successThreshold ?? 1,
    tcpSocket: action.tcpSocket,
    timeoutSeconds: t.timeout?.toSeconds() ?? 1,
  };
}

function renderAction(action: HandlerAction): Pick<k8s.Probe, 'exec' | 'httpGet' | 'tcpSocket'> {
  switch (action.kind) {
    case 'exec':
      return { ...SITE_FREE, exec: { ...SITE_FREE, command: [...action.command] } };
    case 'tcpSocket':
      return { ...SITE_FREE, tcpSocket: { ...SITE_FREE, port: intOrString(action.port) } };
    case 'httpGet':
      return {
        ...SITE_FREE,
        httpGet: {
          ...SITE_FREE,
          httpHeaders: action.http.headers
            ? undefinedIfEmpty(
                Array.isArray(action.http.headers)
                  ? action.http.headers.map(({ name, value }) => ({ ...SITE_FREE, name, value }))
                  : Object.entries(action.http.headers).map(([name, value]) => ({
                      ...SITE_FREE,
                      name,
                      value,
                    }))
              )
            : undefined,
          path: action.http.path ?? '/',
          port: intOrString(action.http.port),
          scheme: action.http.scheme ?? 'HTTP',
        },
      };
  }
}

function renderContainer(c: NamedContainer, t: NormalizedJobTemplate): k8s.Container {
  const env = renderIndexedEnv(t);
  if (c.env) for (const name of Object.keys(c.env)) env.push(renderEnv(name, c.env[name]));
  const mounts = c.volumeMounts ? c.volumeMounts.map(renderMount) : [];
  if (t.pattern.workItems)
    mounts.push({ ...SITE_FREE, name: WORK_ITEMS_VOLUME, mountPath: WORK_ITEMS_DIR, readOnly: true });
  if (needsWritableTmp(c)) mounts.push({ ...SITE_FREE, name: WRITABLE_TMP, mountPath: '/tmp' });
  const hook = (h: LifecycleHandler | undefined) => h && renderAction(h.action);
  return {
    ...SITE_FREE,
    args: c.args && [...c.args],
    command: c.command && [...c.command],
    env: undefinedIfEmpty(env),
    envFrom: c.envFrom ? undefinedIfEmpty(c.envFrom.map(renderEnvFrom)) : undefined,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy ?? t.consoleDefaults?.pullPolicy ?? pullPolicyOf(c.image),
    lifecycle:
      c.lifecycle &&
      undefinedIfEmpty({
        ...SITE_FREE,
        postStart: hook(c.lifecycle.postStart),
        preStop: hook(c.lifecycle.preStop),
      }),
    livenessProbe: renderProbe(c.livenessProbe, t.consoleDefaults),
    name: c.name,
    ports: c.ports
      ? undefinedIfEmpty(
          c.ports.map((p) => ({
            ...SITE_FREE,
            containerPort: p.number,
            name: p.name,
            protocol: p.protocol ?? 'TCP',
          }))
        )
      : undefined,
    readinessProbe: renderProbe(c.readinessProbe, t.consoleDefaults),
    resources: renderResources(c.resources, c.extendedLimits),
    restartPolicy: c.sidecar ? 'Always' : undefined,
    securityContext: renderContainerSecurityContext(c),
    startupProbe: renderProbe(c.startupProbe, t.consoleDefaults),
    stdin: c.stdin || undefined,
    tty: c.tty || undefined,
    volumeMounts: undefinedIfEmpty(mounts),
    workingDir: c.workingDir,
  };
}

/** `defaultPullPolicy` by image: a fleet runs few distinct images, and parsing one is a long regex. */
const PULL_POLICIES = new Map<string, string>();
function pullPolicyOf(image: string): string {
  let policy = PULL_POLICIES.get(image);
  if (policy === undefined) {
    policy = defaultPullPolicy(image);
    if (PULL_POLICIES.size >= 10_000) PULL_POLICIES.clear();
    PULL_POLICIES.set(image, policy);
  }
  return policy;
}

/** `JOB_COMPLETION_INDEX` first, so later variables can refer to it as `$(JOB_COMPLETION_INDEX)`. */
function renderIndexedEnv(t: NormalizedJobTemplate): k8s.EnvVar[] {
  if (t.pattern.kind !== JobPatternKind.INDEXED) return [];
  const env: k8s.EnvVar[] = [
    {
      ...SITE_FREE,
      name: COMPLETION_INDEX_ENV,
      valueFrom: {
        ...SITE_FREE,
        fieldRef: {
          ...SITE_FREE,
          fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
        },
      },
    },
  ];
  if (t.pattern.workItems) {
    env.push({
      ...SITE_FREE,
      name: WORK_ITEM_FILE_ENV,
      value: `${WORK_ITEMS_DIR}/$(${COMPLETION_INDEX_ENV})`,
    });
  }
  for (const v of t.rendezvousEnv ?? []) {
    env.push(
      v.fieldPath === undefined
        ? { ...SITE_FREE, name: v.name, value: v.value }
        : {
            ...SITE_FREE,
            name: v.name,
            valueFrom: { ...SITE_FREE, fieldRef: { ...SITE_FREE, fieldPath: v.fieldPath } },
          }
    );
  }
  return env;
}

function renderEnv(name: string, value: EnvValue | string): k8s.EnvVar {
  if (typeof value === 'string') return { ...SITE_FREE, name, value };
  const s = value.source;
  if (s.value !== undefined) return { ...SITE_FREE, name, value: s.value };
  if (s.fieldPath !== undefined)
    return {
      ...SITE_FREE,
      name,
      valueFrom: { ...SITE_FREE, fieldRef: { ...SITE_FREE, fieldPath: s.fieldPath } },
    };
  const keyRef = (r: { ref: { name: string } | string; key: string; optional?: boolean }) => ({
    ...SITE_FREE,
    key: r.key,
    name: refName(r.ref),
    optional: r.optional,
  });
  return {
    ...SITE_FREE,
    name,
    valueFrom: {
      ...SITE_FREE,
      configMapKeyRef: s.configMapKeyRef && keyRef(s.configMapKeyRef),
      secretKeyRef: s.secretKeyRef && keyRef(s.secretKeyRef),
    },
  };
}

function renderEnvFrom(e: EnvFrom): k8s.EnvFromSource {
  const ref = { ...SITE_FREE, name: refName(e.ref), optional: e.optional };
  return e.kind === 'configMap'
    ? { ...SITE_FREE, prefix: e.prefix, configMapRef: ref }
    : { ...SITE_FREE, prefix: e.prefix, secretRef: ref };
}

const BINARY_UNITS = [
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
] as const;

/** Renders a size in the largest binary unit that holds it exactly. */
export function sizeQuantity(size: Size): k8s.Quantity {
  return quantity(bytesText(sizeBytes(size)));
}

/** `sizeQuantity`'s text by bytes: a fleet's pods ask for few distinct sizes. Bounded: emptied when full. */
const BYTES_TEXTS = new Map<number, string>();

function bytesText(bytes: number): string {
  let text = BYTES_TEXTS.get(bytes);
  if (text === undefined) {
    text = String(Math.ceil(bytes));
    for (const [unit, factor] of BINARY_UNITS) {
      if (bytes % factor === 0) {
        text = `${bytes / factor}${unit}`;
        break;
      }
    }
    if (BYTES_TEXTS.size >= 1_000) BYTES_TEXTS.clear();
    BYTES_TEXTS.set(bytes, text);
  }
  return text;
}

/** A quantity string as written; a `Size` in the largest binary unit that holds it exactly. */
function bytesQuantity(amount: BytesAmount): k8s.Quantity {
  return typeof amount === 'string' ? quantity(amount) : sizeQuantity(amount);
}

function renderResources(
  r: ContainerResources | undefined,
  extended: Readonly<Record<string, number>> = {}
): k8s.ResourceRequirements | undefined {
  const pick = (which: 'request' | 'limit') => {
    const list: Record<string, k8s.Quantity> = {};
    const cpu = r?.cpu?.[which];
    const memory = r?.memory?.[which];
    const storage = r?.ephemeralStorage?.[which];
    if (cpu) list.cpu = quantity(typeof cpu === 'string' ? cpu : cpu.amount);
    if (memory) list.memory = bytesQuantity(memory);
    if (storage) list['ephemeral-storage'] = bytesQuantity(storage);
    // Extended resources are whole numbers, in limits only (a request would have to equal the limit).
    if (which === 'limit') for (const [name, n] of Object.entries(extended)) list[name] = quantity(n);
    return undefinedIfEmpty(list);
  };
  return undefinedIfEmpty({ ...SITE_FREE, requests: pick('request'), limits: pick('limit') });
}

function renderMount(m: VolumeMount): k8s.VolumeMount {
  return {
    ...SITE_FREE,
    mountPath: m.mountPath,
    name: typeof m.volume === 'string' ? m.volume : m.volume.name,
    readOnly: m.readOnly,
    subPath: m.subPath,
  };
}

/** The key-to-file projection Secret and ConfigMap volumes share: items, default mode, optional. */
function keyProjection(options: {
  readonly items?: readonly { readonly key: string; readonly path: string; readonly mode?: number }[];
  readonly defaultMode?: number;
  readonly optional?: boolean;
}): { items?: k8s.KeyToPath[]; defaultMode?: number; optional?: boolean } {
  return {
    ...SITE_FREE,
    items: options.items?.map((i) => ({ ...SITE_FREE, key: i.key, path: i.path, mode: i.mode })),
    defaultMode: options.defaultMode,
    optional: options.optional,
  };
}

function renderVolume(v: Volume): k8s.Volume {
  const s = v.source;
  switch (s.kind) {
    case 'secret':
      return {
        ...SITE_FREE,
        name: v.name,
        secret: { ...SITE_FREE, secretName: refName(s.ref), ...keyProjection(s.options) },
      };
    case 'configMap':
      return {
        ...SITE_FREE,
        name: v.name,
        configMap: { ...SITE_FREE, name: refName(s.ref), ...keyProjection(s.options) },
      };
    case 'emptyDir':
      return {
        ...SITE_FREE,
        name: v.name,
        emptyDir: {
          ...SITE_FREE,
          medium: s.options.medium || undefined,
          sizeLimit: s.options.sizeLimit && sizeQuantity(s.options.sizeLimit),
        },
      };
    case 'persistentVolumeClaim':
      return {
        ...SITE_FREE,
        name: v.name,
        persistentVolumeClaim: { ...SITE_FREE, claimName: refName(s.ref), readOnly: s.options.readOnly },
      };
    case 'hostPath':
      return {
        ...SITE_FREE,
        name: v.name,
        hostPath: { ...SITE_FREE, path: s.path, type: s.options.type || undefined },
      };
    case 'nfs': {
      const { server, path } = parseNfsExport(s.export)!;
      return {
        ...SITE_FREE,
        name: v.name,
        nfs: { ...SITE_FREE, server, path, readOnly: s.options.readOnly },
      };
    }
    case 'csi':
      return {
        ...SITE_FREE,
        name: v.name,
        csi: {
          ...SITE_FREE,
          driver: s.driver,
          readOnly: s.options.readOnly,
          fsType: s.options.fsType,
          volumeAttributes: undefinedIfEmpty({ ...s.options.attributes }),
          nodePublishSecretRef:
            s.options.nodePublishSecret === undefined
              ? undefined
              : { ...SITE_FREE, name: refName(s.options.nodePublishSecret) },
        },
      };
    case 'ephemeral':
      return {
        ...SITE_FREE,
        name: v.name,
        ephemeral: {
          ...SITE_FREE,
          volumeClaimTemplate: {
            ...SITE_FREE,
            spec: {
              ...SITE_FREE,
              accessModes: [...(s.options.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE])],
              storageClassName: s.options.storageClass,
              resources: { ...SITE_FREE, requests: { ...SITE_FREE, storage: sizeQuantity(s.options.size) } },
            },
          },
        },
      };
  }
}
