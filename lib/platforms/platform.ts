import type { GpuRequest } from '../gpu/gpu';
import { GpuStack } from '../gpu/stack';
import { NetworkMode } from '../values/scheduling';
import type { ContainerProps } from '../values/container';
import {
  ConsoleDefaults,
  PlatformIdentity,
  PlatformPodOverlay,
  PlatformProblem,
  PlatformProfile,
  profileSpecificProblems,
} from './profile';
import { platformProfile } from './registry';
import { freezeValueObject } from '../validation/plain-data';

export type { PlatformIdentity, PlatformPodOverlay };
export { logDirectoryOf, logVolumeName } from './profiles/ack';

/**
 * The consoles a profile targets: the ids of the console profiles in `lib/platforms/profiles/`, listed in
 * `lib/platforms/registry.ts`.
 */
export enum PlatformKind {
  KUBERNETES = 'kubernetes',
  KUBESPHERE = 'kubesphere',
  DCE = 'dce',
  TKESTACK = 'tkestack',
  ACK = 'ack',
}

/**
 * Options of `Platform.dce()`: DaoCloud's annotation keys for Jobs are not documented
 * (https://github.com/DaoCloud/DaoCloud-docs/blob/main/docs/zh/docs/kpanda/user-guide/workloads/create-job.md).
 */
export interface DceOptions {
  /**
   * Annotation key of the display name (unverified for Jobs).
   * @default 'kpanda.io/alias-name'
   */
  readonly aliasKey?: string;
  /**
   * Annotation key of the description (unverified for Jobs).
   * @default 'kpanda.io/describe'
   */
  readonly descriptionKey?: string;
}

/**
 * Options of `Platform.kubesphere()`. The console reads the creator from `kubesphere.io/creator`
 * (https://github.com/kubesphere/console/blob/master/src/utils/index.js, `getResourceCreator`).
 */
export interface KubeSphereOptions {
  /**
   * The console user shown as creator (`kubesphere.io/creator`).
   * @default - none
   */
  readonly creator?: string;
}

/**
 * Where the cluster's users look at Jobs: a profile maps the generic props (display name,
 * description, network mode, log collection, GPU stack) onto the keys that console reads.
 * Set it per construct (`platform`) or once per chart (`JobDefaults.set(chart, { platform })`).
 *
 * Each console's keys and limits live in its own profile; this class delegates to it.
 */
export class Platform {
  /** Plain Kubernetes keys only (the default). */
  public static kubernetes(): Platform {
    return Platform._of(PlatformKind.KUBERNETES);
  }

  /** KubeSphere: alias and description annotations, the `app` label. */
  public static kubesphere(options: KubeSphereOptions = {}): Platform {
    return Platform._of(PlatformKind.KUBESPHERE, options);
  }

  /** DaoCloud DCE 5.0: alias and description annotations (keys configurable), the DCE GPU stack. */
  public static dce(options: DceOptions = {}): Platform {
    return Platform._of(PlatformKind.DCE, options);
  }

  /** TKEStack: `description` and `qcloud-app`, galaxy network modes, log directories, gpu-manager. */
  public static tkestack(): Platform {
    return Platform._of(PlatformKind.TKESTACK);
  }

  /** Alibaba Cloud ACK: Logtail env vars for log collection, cGPU for shared GPUs. */
  public static ack(): Platform {
    return Platform._of(PlatformKind.ACK);
  }

  /**
   * The platform of a registered profile, its options checked at the call: the public factories call
   * it with their `PlatformKind`, tests with a test-only profile's id (`registerPlatformProfile` in
   * `registry.ts`). The kind of such a platform is that id, outside the `PlatformKind` values.
   * @internal
   */
  public static _of(id: string, options: object = {}): Platform {
    const profile = platformProfile(id);
    const checked = profile.checkOptions ? profile.checkOptions(options) : options;
    return new Platform(id as PlatformKind, profile.displayName, checked);
  }

  private constructor(
    /** Which profile. */
    public readonly kind: PlatformKind,
    /** The profile's factory, for messages. */
    public readonly displayName: string,
    /** Profile options. @internal */
    public readonly options: DceOptions & KubeSphereOptions = {}
  ) {
    freezeValueObject(this);
  }

  /** The longest display name the console takes, or undefined. @internal */
  public get _displayNameMax(): number | undefined {
    return profileOf(this).displayNameMax;
  }

  /** The longest description the console takes. @internal */
  public get _descriptionMax(): number {
    return profileOf(this).descriptionMax ?? 512;
  }

  /** The annotation keys of display name and description. @internal */
  public get _identityKeys(): { displayName: string; description: string } {
    return profileOf(this).identityKeys(this.options);
  }

  /** Identity annotations and labels. @internal */
  public _identity(name: string, displayName?: string, description?: string): PlatformIdentity {
    const keys = this._identityKeys;
    const annotations: Record<string, string> = {};
    if (displayName !== undefined) annotations[keys.displayName] = displayName;
    if (description !== undefined) annotations[keys.description] = description;
    Object.assign(annotations, profileOf(this).identityAnnotations?.(this.options));
    return { annotations, labels: { ...profileOf(this).identityLabels?.(name) } };
  }

  /** The console's form defaults (pull policy, probe initial delays), rendered when none is given. @internal */
  public get _consoleDefaults(): ConsoleDefaults {
    const profile = profileOf(this);
    return { pullPolicy: profile.defaultPullPolicy, probeInitialDelays: profile.probeInitialDelays };
  }

  /** The GPU stack a GpuJob uses when none is given. @internal */
  public _defaultGpuStack(request: GpuRequest | undefined): GpuStack {
    return profileOf(this).defaultGpuStack?.(request) ?? GpuStack.nvidia();
  }

  /**
   * Problems with props this profile cannot render: a profile-specific option under another
   * profile. Paths are prop paths. @internal
   */
  public _problems(props: {
    network?: NetworkMode;
    containers?: ContainerProps[];
    initContainers?: ContainerProps[];
    sidecars?: ContainerProps[];
  }): PlatformProblem[] {
    const profile = profileOf(this);
    return profile.problems
      ? profile.problems(props, this.displayName)
      : profileSpecificProblems(props, this.displayName);
  }

  /** The network mode's and log collection's pod keys under this profile. Pure. @internal */
  public _podOverlay(
    network: NetworkMode,
    containers: readonly (ContainerProps & { name: string })[]
  ): PlatformPodOverlay {
    const overlay: PlatformPodOverlay = { podAnnotations: {}, extendedLimits: {}, env: {}, logVolumes: [] };
    profileOf(this).podOverlay?.(network, containers, overlay);
    return overlay;
  }
}

/** The profile a platform delegates to (`profiles/<kind>.ts`, listed in `registry.ts`). */
function profileOf(platform: Platform): PlatformProfile {
  return platformProfile(platform.kind);
}

/**
 * The platform of a props object: its `platform`, else the default profile, `Platform.kubernetes()`.
 * The one place the default is worked out. @internal
 */
export function platformOf(props: { readonly platform?: unknown } | undefined | null): Platform {
  return props?.platform instanceof Platform ? props.platform : (defaultPlatform ??= Platform.kubernetes());
}

/**
 * `Platform.kubernetes()`, made once: a job construct asks for its platform several times while it is
 * built and written, and a `Platform` is a value: read-only fields, nothing that changes.
 */
let defaultPlatform: Platform | undefined;
