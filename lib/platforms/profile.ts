import type { ContainerProps, ImagePullPolicy } from '../values/container';
import type { GpuRequest } from '../gpu/gpu';
import type { GpuStack } from '../gpu/stack';
import { NetworkMode } from '../values/scheduling';

/** Identity keys a profile renders. @internal */
export interface PlatformIdentity {
  /** Object annotations. */
  readonly annotations: Record<string, string>;
  /** Labels on the object, its pod template and a CronJob's job template. */
  readonly labels: Record<string, string>;
}

/** What a profile adds to the pod for the network mode and log collection. @internal */
export interface PlatformPodOverlay {
  readonly podAnnotations: Record<string, string>;
  /** Extended resources per container name. */
  readonly extendedLimits: Record<string, Record<string, number>>;
  /** Env vars per container name. */
  readonly env: Record<string, Record<string, string>>;
  /** emptyDir volumes to add, each mounted at a path in a container. */
  readonly logVolumes: { readonly container: string; readonly name: string; readonly mountPath: string }[];
}

/** The initial delay of a probe, in seconds, by its action, where the console's form has one. @internal */
export interface ProbeInitialDelays {
  readonly httpGet?: number;
  readonly tcpSocket?: number;
  readonly exec?: number;
}

/** A console's form defaults, rendered when the user gave none. @internal */
export interface ConsoleDefaults {
  /** The pull policy of a container without one. @default - Kubernetes' default by tag */
  readonly pullPolicy?: ImagePullPolicy;
  /** The initial delay of a probe without one, by its action. @default - 0 s */
  readonly probeInitialDelays?: ProbeInitialDelays;
}

/** A prop a profile cannot render; the path is a prop path. @internal */
export interface PlatformProblem {
  readonly path: PropertyKey[];
  readonly message: string;
  /** Hints for the message's value (`key`: the offending map key is shown instead of its value). */
  readonly params?: Record<string, unknown>;
}

/** The props a profile checks for options it cannot render. @internal */
export interface PlatformCheckedProps {
  readonly network?: NetworkMode;
  readonly containers?: ContainerProps[];
  readonly initContainers?: ContainerProps[];
  readonly sidecars?: ContainerProps[];
}

/** A container with its name settled. @internal */
export type NamedContainer = ContainerProps & { name: string };

/**
 * One console profile: everything `Platform` does for one console. Each lives in its own file in
 * `profiles/` and is listed in `registry.ts`; `Platform` delegates to it. (Methods, not function
 * properties, so that a profile with its own options type is a `PlatformProfile`.) @internal
 */
export interface PlatformProfile<O extends object = object> {
  /** The `PlatformKind` value (`Platform.kind`). */
  readonly id: string;
  /** The factory, for messages and the docs table, e.g. `Platform.dce()`. */
  readonly displayName: string;
  /** Checks the factory's options at the call (throws a ValidationError); returns what it checked, a copy. */
  checkOptions?(options: O): O;
  /** The annotation keys of display name and description. */
  identityKeys(options: O): { displayName: string; description: string };
  /** Further identity annotations from the options (KubeSphere's creator). */
  identityAnnotations?(options: O): Record<string, string>;
  /** Labels from the object name, on the object, its pods and a CronJob's Jobs. */
  identityLabels?(name: string): Record<string, string>;
  /** The longest display name the console takes. @default - no limit */
  readonly displayNameMax?: number;
  /** The longest description the console takes. @default 512 */
  readonly descriptionMax?: number;
  /** The GPU stack a GpuJob uses when none is given. @default GpuStack.nvidia() */
  defaultGpuStack?(request: GpuRequest | undefined): GpuStack;
  /** Problems with props this profile cannot render. @default profileSpecificProblems(props, displayName) */
  problems?(props: PlatformCheckedProps, displayName: string): PlatformProblem[];
  /** The pull policy of a container without one (the console's default). @default - Kubernetes' default by tag */
  readonly defaultPullPolicy?: ImagePullPolicy;
  /** The initial delay of a probe without one, by its action (the console's defaults). @default - 0 s */
  readonly probeInitialDelays?: ProbeInitialDelays;
  /** Adds the network mode's and log collection's pod keys to `overlay`. Pure. @default - nothing */
  podOverlay?(network: NetworkMode, containers: readonly NamedContainer[], overlay: PlatformPodOverlay): void;
}

/** The generic identity keys (the `kubernetes()` profile's). @internal */
export const GENERIC_IDENTITY_KEYS = {
  displayName: 'cdk8s-batch.io/display-name',
  description: 'kubernetes.io/description',
} as const;

const ACCEPTS_NOTHING = {};
const CONTAINER_LISTS = ['containers', 'sidecars', 'initContainers'] as const;

/**
 * Problems with options only one console renders (TKEStack network modes, Alibaba Cloud log settings),
 * except those listed in `accepts`: what a profile that does not render them reports. @internal
 */
export function profileSpecificProblems(
  props: PlatformCheckedProps,
  displayName: string,
  accepts: { tkestackNetwork?: boolean; ackLogs?: boolean } = ACCEPTS_NOTHING
): PlatformProblem[] {
  const out: PlatformProblem[] = [];
  const network = props.network;
  if (
    !accepts.tkestackNetwork &&
    network instanceof NetworkMode &&
    (network.kind === 'nat' || network.kind === 'floatingIp')
  ) {
    out.push({
      path: ['network'],
      message: `NetworkMode.${network.kind === 'nat' ? 'nat' : 'floatingIp'}() is a TKEStack network mode; it needs platform Platform.tkestack() (the platform is ${displayName})`,
    });
  }
  if (!accepts.ackLogs) {
    // Index loops over constant lists: this runs for every job, in code V8 has not optimized yet.
    for (let l = 0; l < CONTAINER_LISTS.length; l++) {
      const list = CONTAINER_LISTS[l];
      const containers = Array.isArray(props[list]) ? props[list]! : [];
      for (let i = 0; i < containers.length; i++) {
        if (containers[i]?.logs?.ack !== undefined) {
          out.push({
            path: [list, i, 'logs', 'ack'],
            message: `Alibaba Cloud log settings need platform Platform.ack() (the platform is ${displayName})`,
          });
        }
      }
    }
  }
  return out;
}
