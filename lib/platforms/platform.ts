import { createHash } from 'crypto';
import type { ContainerProps, LogCollection } from '../values/container';
import type { GpuRequest } from '../gpu/gpu';
import { GpuStack } from '../gpu/stack';
import { FloatingIpReleasePolicy, NetworkMode } from '../values/scheduling';
import { argumentsCheck, aString, options } from '../validation/arguments';
import { qualifiedNameProblem } from '../rules/names';
import { checkedString } from '../validation/schemas';

/** The consoles a profile targets. */
export enum PlatformKind {
  KUBERNETES = 'kubernetes',
  KUBESPHERE = 'kubesphere',
  DCE = 'dce',
  TKESTACK = 'tkestack',
  ACK = 'ack',
}

/** Options of `Platform.dce()`: DaoCloud's annotation keys for Jobs are not documented (platforms.md §2). */
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

/** Options of `Platform.kubesphere()`. */
export interface KubeSphereOptions {
  /**
   * The console user shown as creator (`kubesphere.io/creator`).
   * @default - none
   */
  readonly creator?: string;
}

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

const GENERIC_DISPLAY_NAME = 'cdk8s-batch.io/display-name';
const GENERIC_DESCRIPTION = 'kubernetes.io/description';

// The run-time checks of the factories' options (see validation/arguments.ts).
const PLATFORM_CHECKS = {
  kubesphere: argumentsCheck({
    type: 'Platform',
    call: 'Platform.kubesphere(options)',
    shape: () => ({ options: options({ creator: aString.optional() }) }),
  }),
  dce: argumentsCheck({
    type: 'Platform',
    call: 'Platform.dce(options)',
    shape: () => {
      // Rendered as annotation keys, which no construct checks again.
      const key = checkedString((k) => {
        const problem = qualifiedNameProblem(k.toLowerCase());
        return problem && `annotation key ${problem}`;
      });
      return { options: options({ aliasKey: key.optional(), descriptionKey: key.optional() }) };
    },
  }),
};

/**
 * Where the cluster's users look at Jobs: a profile maps the generic props (display name,
 * description, network mode, log collection, GPU stack) onto the keys that console reads.
 * Set it per construct (`platform`) or once per chart (`JobDefaults.set(chart, { platform })`).
 */
export class Platform {
  /** Plain Kubernetes keys only (the default). */
  public static kubernetes(): Platform {
    return new Platform(PlatformKind.KUBERNETES, 'Platform.kubernetes()');
  }

  /** KubeSphere: alias and description annotations, the `app` label. */
  public static kubesphere(options: KubeSphereOptions = {}): Platform {
    PLATFORM_CHECKS.kubesphere({ options });
    return new Platform(PlatformKind.KUBESPHERE, 'Platform.kubesphere()', options);
  }

  /** DaoCloud DCE 5.0: alias and description annotations (keys configurable), the DCE GPU stack. */
  public static dce(options: DceOptions = {}): Platform {
    PLATFORM_CHECKS.dce({ options });
    return new Platform(PlatformKind.DCE, 'Platform.dce()', options);
  }

  /** TKEStack: `description` and `qcloud-app`, galaxy network modes, log directories, gpu-manager. */
  public static tkestack(): Platform {
    return new Platform(PlatformKind.TKESTACK, 'Platform.tkestack()');
  }

  /** Alibaba Cloud ACK: Logtail env vars for log collection, cGPU for shared GPUs. */
  public static ack(): Platform {
    return new Platform(PlatformKind.ACK, 'Platform.ack()');
  }

  private constructor(
    /** Which profile. */
    public readonly kind: PlatformKind,
    /** The profile's factory, for messages. */
    public readonly displayName: string,
    /** Profile options. @internal */
    public readonly options: DceOptions & KubeSphereOptions = {}
  ) {}

  /** The longest display name the console takes, or undefined. @internal */
  public get _displayNameMax(): number | undefined {
    return this.kind === PlatformKind.KUBESPHERE ? 63 : undefined;
  }

  /** The longest description the console takes. @internal */
  public get _descriptionMax(): number {
    if (this.kind === PlatformKind.KUBESPHERE) return 256;
    if (this.kind === PlatformKind.TKESTACK) return 1000;
    return 512;
  }

  /** The annotation keys of display name and description. @internal */
  public get _identityKeys(): { displayName: string; description: string } {
    switch (this.kind) {
      case PlatformKind.KUBESPHERE:
        return { displayName: 'kubesphere.io/alias-name', description: 'kubesphere.io/description' };
      case PlatformKind.DCE:
        return {
          displayName: this.options.aliasKey ?? 'kpanda.io/alias-name',
          description: this.options.descriptionKey ?? 'kpanda.io/describe',
        };
      case PlatformKind.TKESTACK:
        return { displayName: GENERIC_DISPLAY_NAME, description: 'description' };
      default:
        return { displayName: GENERIC_DISPLAY_NAME, description: GENERIC_DESCRIPTION };
    }
  }

  /** Identity annotations and labels. @internal */
  public _identity(name: string, displayName?: string, description?: string): PlatformIdentity {
    const keys = this._identityKeys;
    const annotations: Record<string, string> = {};
    if (displayName !== undefined) annotations[keys.displayName] = displayName;
    if (description !== undefined) annotations[keys.description] = description;
    if (this.kind === PlatformKind.KUBESPHERE && this.options.creator !== undefined) {
      annotations['kubesphere.io/creator'] = this.options.creator;
    }
    const labels: Record<string, string> = {};
    if (this.kind === PlatformKind.KUBESPHERE) labels.app = name.slice(0, 63).replace(/-+$/, '');
    if (this.kind === PlatformKind.TKESTACK) labels['qcloud-app'] = name;
    return { annotations, labels };
  }

  /** The GPU stack a GpuJob uses when none is given. @internal */
  public _defaultGpuStack(request: GpuRequest | undefined): GpuStack {
    switch (this.kind) {
      case PlatformKind.DCE:
        return GpuStack.dce();
      case PlatformKind.TKESTACK:
        return GpuStack.tkestackGpuManager();
      case PlatformKind.ACK:
        return request?.mode === 'virtual' ? GpuStack.aliyunCgpu() : GpuStack.nvidia();
      default:
        return GpuStack.nvidia();
    }
  }

  /**
   * Problems with props this profile cannot render: a profile-specific option under another
   * profile. Paths are prop paths. @internal
   */
  public _problems(props: {
    network?: NetworkMode;
    containers?: ContainerProps[];
    initContainers?: ContainerProps[];
  }): { path: PropertyKey[]; message: string }[] {
    const out: { path: PropertyKey[]; message: string }[] = [];
    const network = props.network;
    if (network instanceof NetworkMode && (network.kind === 'nat' || network.kind === 'floatingIp')) {
      if (this.kind !== PlatformKind.TKESTACK) {
        out.push({
          path: ['network'],
          message: `NetworkMode.${network.kind === 'nat' ? 'nat' : 'floatingIp'}() is a TKEStack network mode; it needs platform Platform.tkestack() (the platform is ${this.displayName})`,
        });
      }
    }
    for (const list of ['containers', 'initContainers'] as const) {
      (Array.isArray(props[list]) ? props[list]! : []).forEach((c, i) => {
        if (c?.logs?.ack !== undefined && this.kind !== PlatformKind.ACK) {
          out.push({
            path: [list, i, 'logs', 'ack'],
            message: `Alibaba Cloud log settings need platform Platform.ack() (the platform is ${this.displayName})`,
          });
        }
      });
    }
    return out;
  }

  /** The network mode's and log collection's pod keys under this profile. Pure. @internal */
  public _podOverlay(
    network: NetworkMode,
    containers: readonly (ContainerProps & { name: string })[]
  ): PlatformPodOverlay {
    const overlay: PlatformPodOverlay = { podAnnotations: {}, extendedLimits: {}, env: {}, logVolumes: [] };
    if (this.kind === PlatformKind.TKESTACK) this.tkeOverlay(network, containers, overlay);
    if (this.kind === PlatformKind.ACK) this.ackOverlay(containers, overlay);
    return overlay;
  }

  private tkeOverlay(
    network: NetworkMode,
    containers: readonly (ContainerProps & { name: string })[],
    overlay: PlatformPodOverlay
  ): void {
    // tkestack/tke console: EditResourceVisualizationPanel.tsx (platforms.md §3).
    if (network.kind === 'overlay' || network.kind === 'nat') {
      overlay.podAnnotations['k8s.v1.cni.cncf.io/networks'] = 'galaxy-flannel';
      if (network.randomPortMapping) overlay.podAnnotations['tkestack.io/portmapping'] = '';
    } else if (network.kind === 'floatingIp') {
      overlay.podAnnotations['k8s.v1.cni.cncf.io/networks'] = 'galaxy-k8s-vlan';
      overlay.podAnnotations['k8s.v1.cni.galaxy.io/release-policy'] =
        network.releasePolicy === FloatingIpReleasePolicy.ALWAYS
          ? ''
          : (network.releasePolicy ?? 'immutable');
      if (containers[0]) overlay.extendedLimits[containers[0].name] = { 'tke.cloud.tencent.com/eni-ip': 1 };
    }
    const dirs: Record<string, string> = {};
    for (const c of containers) if (c.logs?.directory) dirs[c.name] = c.logs.directory;
    if (Object.keys(dirs).length > 0)
      overlay.podAnnotations['log.tke.cloud.tencent.com/log-dir'] = JSON.stringify(dirs);
  }

  private ackOverlay(
    containers: readonly (ContainerProps & { name: string })[],
    overlay: PlatformPodOverlay
  ): void {
    // Logtail env vars (platforms.md §4a): one aliyun_logs_{key} per source, settings as suffixes.
    for (const c of containers) {
      const logs: LogCollection | undefined = c.logs;
      if (!logs) continue;
      const base = logs.ack?.name ?? c.name;
      const env: Record<string, string> = {};
      const source = (key: string, value: string) => {
        env[`aliyun_logs_${key}`] = value;
        const a = logs.ack;
        if (a?.project !== undefined) env[`aliyun_logs_${key}_project`] = a.project;
        if (a?.logstore !== undefined) env[`aliyun_logs_${key}_logstore`] = a.logstore;
        if (a?.ttlDays !== undefined) env[`aliyun_logs_${key}_ttl`] = String(a.ttlDays);
        if (a?.shards !== undefined) env[`aliyun_logs_${key}_shard`] = String(a.shards);
        if (a?.tags !== undefined) {
          env[`aliyun_logs_${key}_tags`] = Object.entries(a.tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
        }
      };
      if (logs.stdout ?? true) source(base, 'stdout');
      (logs.files ?? []).forEach((file, i) => {
        source(`${base}-${i + 1}`, file);
        // A file must lie on a volume: mount an emptyDir at its folder when none is mounted there.
        const dir = logDirectoryOf(file);
        const mounted = (c.volumeMounts ?? []).some((m) => isWithinPath(dir, m.mountPath));
        const already = overlay.logVolumes.some(
          (v) => v.container === c.name && isWithinPath(dir, v.mountPath)
        );
        if (!mounted && !already) {
          overlay.logVolumes.push({
            container: c.name,
            name: logVolumeName(c.name, i + 1),
            mountPath: dir,
          });
        }
      });
      if (Object.keys(env).length > 0) overlay.env[c.name] = env;
    }
  }
}

/**
 * The emptyDir of a container's `index`-th log folder: `logs-<container>-<index>`, a DNS label. When that is
 * longer than 63 characters, the container name is cut and 8 hex digits of the SHA-256 of the whole name
 * keep it unique (a plain cut ended in '-', and two folders of one long-named container shared a volume).
 * @internal
 */
export function logVolumeName(container: string, index: number): string {
  const full = `logs-${container}-${index}`;
  if (full.length <= 63) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const room = 63 - `logs--${hash}-${index}`.length;
  return `logs-${container.slice(0, room).replace(/-+$/, '')}-${hash}-${index}`;
}

/** The folder of a log file glob: the part before the first segment with a wildcard. @internal */
export function logDirectoryOf(file: string): string {
  const parts = file.split('/');
  const firstWild = parts.findIndex((p) => /[*?[]/.test(p));
  const dirParts = firstWild === -1 ? parts.slice(0, -1) : parts.slice(0, firstWild);
  return dirParts.join('/') || '/';
}

function isWithinPath(path: string, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  return path === d || path.startsWith(`${d}/`);
}
