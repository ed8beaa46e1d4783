import type { LifecycleHandler, Probe } from './probe';
import type { ContainerResources, ResourceRef } from '../types/references';
import { aBoolean, aNameOrRef, argumentsCheck, aString, options } from '../validation/arguments';
import type { VolumeMount } from './volume';
import type { RunAs } from './run-as';
import { freezeValueObject } from '../validation/plain-data';

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Pull on every start. */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull; the image must be on the node. */
  NEVER = 'Never',
}

/** Protocol of a container port. */
export enum Protocol {
  TCP = 'TCP',
  UDP = 'UDP',
}

/** A port the container listens on (informational for Jobs; probes may refer to it by name). */
export interface ContainerPort {
  /** Port number, 1–65535; no two containers of a pod may use the same number and protocol. */
  readonly number: number;
  /**
   * Port name: at most 15 lowercase letters, digits and '-', with at least one letter (IANA service
   * name rule); unique in the pod.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** Lifecycle hooks of a container. */
export interface ContainerLifecycle {
  /**
   * Runs right after the container is created (not guaranteed to run before the entrypoint).
   * @default - none
   */
  readonly postStart?: LifecycleHandler;
  /**
   * Runs before the container is stopped, within the termination grace period.
   * @default - none
   */
  readonly preStop?: LifecycleHandler;
}

/** Linux capabilities added to or dropped from a container. */
export interface Capabilities {
  /**
   * Capabilities to add, without the `CAP_` prefix (e.g. `NET_BIND_SERVICE`). Anything but
   * `NET_BIND_SERVICE` leaves the "restricted" profile; anything outside the baseline set leaves
   * "baseline" too.
   * @default - none
   */
  readonly add?: string[];
  /**
   * Capabilities to drop. The "restricted" profile needs `ALL`.
   * @default ['ALL']
   */
  readonly drop?: string[];
}

/** What a container's logs are, recorded for log collection (see the platform profiles). */
export interface LogCollection {
  /**
   * Collect the container's standard output and error.
   * @default true
   */
  readonly stdout?: boolean;
  /**
   * The log directory (TKEStack's "log directory"): an absolute path on one of the container's
   * volume mounts.
   * @default - none
   */
  readonly directory?: string;
  /**
   * Log files to collect: absolute paths, `*` wildcards allowed (e.g. `/var/log/app/*.log`).
   * @default - none
   */
  readonly files?: string[];
  /**
   * Alibaba Cloud log service settings (`Platform.ack()` only): the collection name and logstore.
   * @default - collection named after the container, logstore named after the collection
   */
  readonly ack?: AckLogOptions;
}

/** Alibaba Cloud Log Service (Logtail) settings of a container's logs, rendered as `aliyun_logs_*` env vars. */
export interface AckLogOptions {
  /**
   * Collection name (`aliyun_logs_{name}`): lowercase letters, digits and `-`, unique in the cluster.
   * Files get `{name}-1`, `{name}-2`, ... in order.
   * @default - the container name
   */
  readonly name?: string;
  /**
   * SLS project.
   * @default - the project chosen when the log component was installed
   */
  readonly project?: string;
  /**
   * Logstore: 3–63 lowercase letters, digits, `-` and `_`, starting and ending with a letter or digit.
   * @default - the collection name
   */
  readonly logstore?: string;
  /**
   * Days to keep logs (1–3650; 3650 keeps them forever).
   * @default - 90 (the service's default)
   */
  readonly ttlDays?: number;
  /**
   * Shards of a newly created logstore (1–10).
   * @default - 2 (the service's default)
   */
  readonly shards?: number;
  /**
   * Tags added to every log line.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** Options of a ConfigMap or Secret key reference. */
export interface KeyRefOptions {
  /**
   * Start the container even when the key or object is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of `EnvValue.fromValue`. */
export interface EnvValueOptions {
  /**
   * Declare that the value is not a credential, so that it may be a literal even though the
   * variable's name looks like one (see `docs/security.md`), e.g. `SORT_KEY`. A URL with a password
   * (`postgres://user:pw@db/app`) counts as a credential whatever the variable's name.
   * @default false
   */
  readonly notSecret?: boolean;
}

// The run-time checks of the factories' arguments (see validation/arguments.ts).
const keyRefCheck = (kind: 'ConfigMap' | 'Secret') =>
  argumentsCheck({
    type: 'EnvValue',
    call: `EnvValue.from${kind}Key(${kind === 'Secret' ? 'secret' : 'configMap'}, key, options)`,
    shape: () => ({
      [kind === 'Secret' ? 'secret' : 'configMap']: aNameOrRef(kind),
      key: aString,
      options: options({ optional: aBoolean.optional() }),
    }),
  });
const ENV_CHECKS = {
  // The value may be a credential: never shown.
  fromValue: argumentsCheck({
    type: 'EnvValue',
    call: 'EnvValue.fromValue(value, options)',
    shape: () => ({ value: aString, options: options({ notSecret: aBoolean.optional() }) }),
    hidden: ['value'],
  }),
  fromConfigMapKey: keyRefCheck('ConfigMap'),
  fromSecretKey: keyRefCheck('Secret'),
  fromFieldPath: argumentsCheck({
    type: 'EnvValue',
    call: 'EnvValue.fromFieldPath(fieldPath)',
    shape: () => ({ fieldPath: aString }),
  }),
};
const envFromCheck = (kind: 'configMap' | 'secret') =>
  argumentsCheck({
    type: 'EnvFrom',
    call: `EnvFrom.${kind}(${kind}, options)`,
    shape: () => ({
      [kind]: aNameOrRef(kind === 'secret' ? 'Secret' : 'ConfigMap'),
      options: options({ prefix: aString.optional(), optional: aBoolean.optional() }),
    }),
  });
const ENV_FROM_CHECKS = { configMap: envFromCheck('configMap'), secret: envFromCheck('secret') };

/** The value of one environment variable. */
export class EnvValue {
  /**
   * A literal value, written into the manifest. Variables whose names look like credentials
   * (`*PASSWORD*`, `*PASSWD*`, `*SECRET*`, `*TOKEN`, `*_PASS`, `*_KEY`, `API_KEY*`, ... any case: the list
   * is in `docs/security.md`) and URLs with a password are rejected as literals: use
   * `EnvValue.fromSecretKey`, or pass `{ notSecret: true }` when the value is not secret.
   */
  public static fromValue(value: string, options: EnvValueOptions = {}): EnvValue {
    ({ options } = ENV_CHECKS.fromValue({ value, options }));
    const notSecret = options.notSecret;
    return new EnvValue(notSecret === undefined ? { value } : { value, notSecret });
  }

  /** The value of `key` in a ConfigMap (by name or cdk8s-plus `IConfigMap`, any version). */
  public static fromConfigMapKey(
    configMap: ResourceRef | string,
    key: string,
    options: KeyRefOptions = {}
  ): EnvValue {
    ({ options } = ENV_CHECKS.fromConfigMapKey({ configMap, key, options }));
    return new EnvValue({ configMapKeyRef: { ref: configMap, key, optional: options.optional } });
  }

  /** The value of `key` in a Secret (by name or cdk8s-plus `ISecret`, any version). */
  public static fromSecretKey(
    secret: ResourceRef | string,
    key: string,
    options: KeyRefOptions = {}
  ): EnvValue {
    ({ options } = ENV_CHECKS.fromSecretKey({ secret, key, options }));
    return new EnvValue({ secretKeyRef: { ref: secret, key, optional: options.optional } });
  }

  /**
   * A field of the pod, e.g. `metadata.name`, `metadata.namespace`, `spec.nodeName`, `status.podIP`,
   * or `metadata.labels['key']`.
   */
  public static fromFieldPath(fieldPath: string): EnvValue {
    ENV_CHECKS.fromFieldPath({ fieldPath });
    return new EnvValue({ fieldPath });
  }

  private constructor(
    /** What the variable is read from. */
    public readonly source: {
      readonly value?: string;
      /** The literal value was declared not secret (`fromValue(value, { notSecret: true })`). */
      readonly notSecret?: boolean;
      readonly configMapKeyRef?: KeyRef;
      readonly secretKeyRef?: KeyRef;
      readonly fieldPath?: string;
    }
  ) {
    freezeValueObject(this);
  }
}

/** A ConfigMap or Secret key reference. */
export interface KeyRef {
  readonly ref: ResourceRef | string;
  readonly key: string;
  readonly optional?: boolean;
}

/** Options of `EnvFrom.configMap` and `EnvFrom.secret`. */
export interface EnvFromOptions {
  /**
   * Prefix added to every variable name.
   * @default - no prefix
   */
  readonly prefix?: string;
  /**
   * Start the container even when the object is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** A whole ConfigMap or Secret exposed as environment variables (`envFrom`). */
export class EnvFrom {
  /** Every key of a ConfigMap (by name or cdk8s-plus `IConfigMap`, any version). */
  public static configMap(configMap: ResourceRef | string, options: EnvFromOptions = {}): EnvFrom {
    ({ options } = ENV_FROM_CHECKS.configMap({ configMap, options }));
    return new EnvFrom('configMap', configMap, options.prefix, options.optional);
  }

  /** Every key of a Secret (by name or cdk8s-plus `ISecret`, any version). */
  public static secret(secret: ResourceRef | string, options: EnvFromOptions = {}): EnvFrom {
    ({ options } = ENV_FROM_CHECKS.secret({ secret, options }));
    return new EnvFrom('secret', secret, options.prefix, options.optional);
  }

  private constructor(
    public readonly kind: 'configMap' | 'secret',
    public readonly ref: ResourceRef | string,
    public readonly prefix?: string,
    public readonly optional?: boolean
  ) {
    freezeValueObject(this);
  }
}

/**
 * A container of the pod (a work container or an init container).
 */
export interface ContainerProps {
  /**
   * Container name: a DNS-1123 label (≤ 63), unique among the pod's containers and init containers.
   * @default - `main` for the first container, `container-<n>` for the n-th (from 1) after it,
   * `init-<n>` for init containers
   */
  readonly name?: string;
  /**
   * Image reference: `[registry[:port]/]path[:tag][@sha256:digest]`, e.g. `perl:5.34.0`,
   * `domain/namespace/image:tag`, or a digest. Without a tag Kubernetes uses `latest`.
   */
  readonly image: string;
  /**
   * When to pull the image.
   * @default - `Always` when the tag is `latest` or missing (and no digest), else `IfNotPresent`
   *   (Kubernetes' own rule, rendered explicitly); `IfNotPresent` under `Platform.kubesphere()` and
   *   `Platform.ack()` (their consoles' default)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Entrypoint, one item per argument.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments, one item per argument.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * Working directory (absolute path).
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * Environment variables, in order (later values may refer to earlier ones as `$(NAME)`).
   * A plain string is a literal value. Names follow Kubernetes' rule (`IsEnvVarName`): letters, digits,
   * `_`, `-` and `.`, not starting with a digit, not `.` or `..` or starting with `..`; from
   * `kubernetesVersion` 1.32 any printable ASCII but `=`; under `Platform.tkestack()` the console's POSIX
   * rule: letters, digits and `_`, not starting with a digit. Names that look like credentials (`*PASSWORD*`,
   * `*SECRET*`, `*TOKEN`, `*_KEY`, ... any case: the list is in `docs/security.md`) and URLs with a
   * password take `EnvValue.fromSecretKey(...)` (or `EnvValue.fromValue(value, { notSecret: true })`),
   * never a literal.
   * @default - none
   */
  readonly env?: Record<string, EnvValue | string>;
  /**
   * Whole ConfigMaps and Secrets as environment variables.
   * @default - none
   */
  readonly envFrom?: EnvFrom[];
  /**
   * CPU, memory and ephemeral-storage requests and limits: Kubernetes quantities (`'250m'`, `'512Mi'`),
   * cdk8s-plus `Cpu` (any version) and cdk8s `Size`. A request must not exceed its limit. Leave a
   * value out for "no request"/"no limit".
   * @default - none (the namespace's LimitRange, if any, applies)
   */
  readonly resources?: ContainerResources;
  /**
   * Volumes mounted into this container. Volumes given as objects are added to the pod.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
  /**
   * Ports the container listens on.
   * @default - none
   */
  readonly ports?: ContainerPort[];
  /**
   * Restart the container when this probe fails. Not allowed on init containers.
   * @default - none
   */
  readonly livenessProbe?: Probe;
  /**
   * Mark the pod not ready when this probe fails. Not allowed on init containers.
   * @default - none
   */
  readonly readinessProbe?: Probe;
  /**
   * Hold the other probes until this one succeeds once. Not allowed on init containers.
   * @default - none
   */
  readonly startupProbe?: Probe;
  /**
   * postStart and preStop hooks. Not allowed on init containers.
   * @default - none
   */
  readonly lifecycle?: ContainerLifecycle;
  /**
   * Keep a stdin stream open (for `kubectl attach`).
   * @default false
   */
  readonly stdin?: boolean;
  /**
   * Allocate a TTY (usually together with `stdin`).
   * @default false
   */
  readonly tty?: boolean;
  /**
   * Run the container privileged: full access to the host. Explicit opt-in; the pod becomes
   * "privileged" under the Pod Security Standards.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Allow a process to gain more privileges than its parent (setuid binaries). Explicit opt-in;
   * leaves the "restricted" profile.
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Linux capabilities to add and drop.
   * @default - drop ALL, add none
   */
  readonly capabilities?: Capabilities;
  /**
   * Mount the container's root filesystem read-only.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * With `readOnlyRootFilesystem`, mount an emptyDir at `/tmp` so programs that write temporary
   * files keep working (skipped when the container already mounts something at `/tmp`).
   * @default true
   */
  readonly writableTmp?: boolean;
  /**
   * Where the container's logs are, for log collection.
   * @default - standard output only, not recorded
   */
  readonly logs?: LogCollection;
  /**
   * The user this container runs as, instead of the pod's `runAs` (rendered in the container's
   * securityContext: runAsUser, runAsGroup, runAsNonRoot). `RunAs.root()` is the explicit opt-in for
   * root and takes the pod out of the "restricted" Pod Security Standard. A `RunAs.nonRootUser(uid)`
   * without a GID keeps the pod's group. `RunAs.imageUser()` needs a pod `runAs` without a UID
   * (a container can replace the pod's UID, not unset it).
   * @default - the pod's `runAs`
   */
  readonly runAs?: RunAs;
}

/** The parts of an image reference. @internal */
export interface ImageReference {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

const IMAGE_REFERENCE =
  /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?\/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/;

/**
 * Parses an image reference with the grammar of the distribution project
 * (`reference/regexp.go`), or returns undefined when it does not parse.
 * @internal
 */
export function parseImage(image: string): ImageReference | undefined {
  const match = IMAGE_REFERENCE.exec(image);
  if (!match) return undefined;
  const name = `${match[1] ?? ''}${match[2]}`;
  if (name.length > 255) return undefined;
  return { name, tag: match[3], digest: match[4] };
}

/**
 * Kubernetes' default pull policy (`SetDefaults_Container`): `Always` for `latest` or no tag,
 * `IfNotPresent` otherwise. A digest pins the image, so it is `IfNotPresent`.
 * @internal
 */
export function defaultPullPolicy(image: string): ImagePullPolicy {
  const ref = parseImage(image);
  if (ref?.digest) return ImagePullPolicy.IF_NOT_PRESENT;
  if (!ref?.tag || ref.tag === 'latest') return ImagePullPolicy.ALWAYS;
  return ImagePullPolicy.IF_NOT_PRESENT;
}
