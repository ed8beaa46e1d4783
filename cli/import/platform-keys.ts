/**
 * The pod keys a console profile renders for the network mode and log collection (`podOverlay` in
 * `lib/platforms/profiles/`: TKEStack's galaxy annotations, `tke.cloud.tencent.com/eni-ip` limit and log
 * directory annotation; ACK's Logtail `aliyun_logs_*` env vars and the emptyDir volumes of log folders), read
 * back from a pod template as the props that render them: `network` and each container's `logs`.
 *
 * The readings below propose props; a proposal is kept only when the profile's own overlay, given those props,
 * renders exactly the keys the input holds, where and in the order the input holds them (env vars after the
 * container's others, log volumes and mounts last). Anything else stays raw, so a change to a profile can make
 * the import write less, never something else.
 */
import { Platform, logVolumeName, PlatformPodOverlay } from '../../lib/platforms/platform';
import { FloatingIpReleasePolicy, NetworkMode } from '../../lib/values/scheduling';
import type { ContainerProps, LogCollection } from '../../lib/values/container';
import { containerSchema } from '../../lib/props/container';
import { asList, asObject, Json } from '../check/manifest-defaults';
import { canonicalQuantity } from './compare';
import { enumMember, factory } from './builders';
import { Expr, lit, obj } from './expr';

/** The props a pod's platform keys come from, and the keys they render (which the import leaves out). */
export interface PodPlatformKeys {
  /** The network mode the keys come from. */
  readonly network: NetworkMode;
  /** Its code, when it is not the default (overlay) nor host (which `hostNetwork` maps to anyway). */
  readonly networkExpr?: Expr;
  /** Each container's `logs`, by the container's index in the input. */
  readonly logs: ReadonlyMap<number, LogCollection>;
  /** Pod annotation keys the profile renders. */
  readonly podAnnotations: readonly string[];
  /** Env var names the profile renders, by container index. */
  readonly env: ReadonlyMap<number, readonly string[]>;
  /** Extended resource limits the profile renders, by container index. */
  readonly limits: ReadonlyMap<number, readonly string[]>;
  /** The emptyDir volumes the profile renders for log folders, and their mounts (by container index). */
  readonly volumes: readonly string[];
  readonly mounts: ReadonlyMap<number, readonly string[]>;
  /** Containers whose log keys the profile reads but which would not re-render exactly: they stay raw. */
  readonly unmapped: readonly string[];
}

/** The network modes a pod may carry the keys of, most specific first within a kind of key. */
function networkCandidates(hostNetwork: boolean): NetworkMode[] {
  if (hostNetwork) return [NetworkMode.host()];
  return [
    NetworkMode.overlay(),
    // NetworkMode.nat() without port mapping renders what overlay does: overlay, the default, is written.
    NetworkMode.nat({ randomPortMapping: true }),
    ...Object.values(FloatingIpReleasePolicy).map((releasePolicy) =>
      NetworkMode.floatingIp({ releasePolicy })
    ),
  ];
}

function networkExpr(mode: NetworkMode): Expr | undefined {
  switch (mode.kind) {
    case 'nat':
      return factory('NetworkMode', 'nat', [obj([{ key: 'randomPortMapping', value: lit(true) }])]);
    case 'floatingIp':
      return factory(
        'NetworkMode',
        'floatingIp',
        mode.releasePolicy === FloatingIpReleasePolicy.IMMUTABLE
          ? []
          : [
              obj([
                { key: 'releasePolicy', value: enumMember('FloatingIpReleasePolicy', mode.releasePolicy)! },
              ]),
            ]
      );
    default:
      return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A container as the mapping sees it: its name, its env (name → literal value, in order) and its mounts. */
interface InputContainer {
  readonly index: number;
  readonly name: string;
  /** Env entries in order; `value` undefined for a `valueFrom` or malformed entry. */
  readonly env: { name: string; value?: string }[];
  readonly mounts: { name: string; mountPath: string; plain: boolean }[];
  readonly limits: Json;
  readonly requests: Json;
}

function inputContainers(pod: Json): InputContainer[] {
  return asList(pod.containers).flatMap((raw, index) => {
    const c = asObject(raw);
    const name = str(c?.name);
    if (!c || name === undefined) return [];
    const env = asList(c.env).map((e) => {
      const entry = asObject(e);
      const keys = Object.keys(entry ?? {}).filter((k) => k !== 'name' && k !== 'value');
      const value = keys.length === 0 ? (entry?.value === undefined ? '' : str(entry?.value)) : undefined;
      return { name: str(entry?.name) ?? '', value };
    });
    const mounts = asList(c.volumeMounts).map((m) => {
      const mount = asObject(m) ?? {};
      const extra = Object.keys(mount).filter(
        (k) => k !== 'name' && k !== 'mountPath' && !(k === 'readOnly' && mount.readOnly === false)
      );
      return {
        name: str(mount.name) ?? '',
        mountPath: str(mount.mountPath) ?? '',
        plain: extra.length === 0,
      };
    });
    const resources = asObject(c.resources);
    return [
      {
        index,
        name,
        env,
        mounts,
        limits: asObject(resources?.limits) ?? {},
        requests: asObject(resources?.requests) ?? {},
      },
    ];
  });
}

/** A Logtail source variable, `aliyun_logs_{key}` (`lib/platforms/profiles/ack.ts`; names are lowercase, digits and `-`). */
const LOGTAIL = /^aliyun_logs_([a-z0-9-]+)$/;

/**
 * A container's `logs` read from its Logtail env vars: the stdout source `aliyun_logs_{name}: stdout`, file
 * sources `aliyun_logs_{name}-{i}`, and the settings of the first source. Undefined when none fits.
 */
function logtailLogs(c: InputContainer): LogCollection | undefined {
  const sources = new Map<string, string>();
  for (const e of c.env) {
    const key = LOGTAIL.exec(e.name)?.[1];
    if (key !== undefined && e.value !== undefined) sources.set(key, e.value);
  }
  const stdoutKeys = [...sources].filter(([, v]) => v === 'stdout').map(([k]) => k);
  let base: string | undefined;
  if (stdoutKeys.length === 1) base = stdoutKeys[0];
  else if (stdoutKeys.length === 0)
    base = [...sources.keys()].map((k) => /^(.+)-1$/.exec(k)?.[1]).find(Boolean);
  if (base === undefined) return undefined;
  const files: string[] = [];
  for (let i = 1; sources.has(`${base}-${i}`); i++) files.push(sources.get(`${base}-${i}`)!);
  const stdout = stdoutKeys.length === 1;
  const first = stdout ? base : `${base}-1`;
  const setting = (suffix: string) => c.env.find((e) => e.name === `aliyun_logs_${first}_${suffix}`)?.value;
  const whole = (v: string | undefined) =>
    v !== undefined && /^[1-9][0-9]{0,3}$/.test(v) ? Number(v) : undefined;
  const tagsText = setting('tags');
  let tags: Record<string, string> | undefined;
  if (tagsText !== undefined) {
    tags = {};
    for (const pair of tagsText === '' ? [] : tagsText.split(',')) {
      const at = pair.indexOf('=');
      // (a tag named __proto__ would set the object's prototype: such a variable stays raw)
      if (at < 0 || pair.slice(0, at) === '__proto__') return undefined;
      tags[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  const ack = Object.fromEntries(
    Object.entries({
      name: base === c.name ? undefined : base,
      project: setting('project'),
      logstore: setting('logstore'),
      ttlDays: whole(setting('ttl')),
      shards: whole(setting('shard')),
      tags,
    }).filter(([, v]) => v !== undefined)
  );
  const logs: LogCollection = {
    ...(stdout ? {} : { stdout: false }),
    ...(files.length > 0 ? { files } : {}),
    ...(Object.keys(ack).length > 0 ? { ack } : {}),
  };
  return Object.keys(logs).length === 0 ? { stdout: true } : logs;
}

/** Each container's `logs` read from a pod annotation holding `{ "<container>": "<directory>" }` (TKEStack's). */
function directoryLogs(annotations: Json, containers: InputContainer[]): Map<number, LogCollection> {
  const out = new Map<number, LogCollection>();
  for (const value of Object.values(annotations)) {
    if (typeof value !== 'string' || !value.startsWith('{')) continue;
    let dirs: unknown;
    try {
      dirs = JSON.parse(value);
    } catch {
      continue;
    }
    for (const c of containers) {
      const dir = asObject(dirs)?.[c.name];
      if (typeof dir === 'string' && dir.startsWith('/')) out.set(c.index, { directory: dir });
    }
  }
  return out;
}

/** What the overlay renders, checked against the input; the keys it renders, or undefined when it differs. */
function verify(
  platform: Platform,
  network: NetworkMode,
  pod: Json,
  containers: InputContainer[],
  logs: ReadonlyMap<number, LogCollection>
): Keys | undefined {
  // Mounts the overlay would add itself (emptyDirs named as it names them) are not given to it.
  const volumes = asList(pod.volumes).map((v) => asObject(v) ?? {});
  const isLogVolume = (c: InputContainer, name: string) => {
    const files = logs.get(c.index)?.files?.length ?? 0;
    const volume = volumes.find((v) => v.name === name);
    const plainEmptyDir =
      volume !== undefined &&
      Object.keys(volume).length === 2 &&
      asObject(volume.emptyDir) !== undefined &&
      Object.keys(asObject(volume.emptyDir)!).length === 0;
    return (
      plainEmptyDir && Array.from({ length: files }, (_, i) => logVolumeName(c.name, i + 1)).includes(name)
    );
  };
  const props: (ContainerProps & { name: string })[] = containers.map((c) => ({
    name: c.name,
    image: 'image',
    volumeMounts: c.mounts
      .filter((m) => !isLogVolume(c, m.name))
      .map((m) => ({ volume: m.name, mountPath: m.mountPath })),
    ...(logs.has(c.index) ? { logs: logs.get(c.index) } : {}),
  }));
  if (platform._problems({ network, containers: props }).length > 0) return undefined;
  let overlay: PlatformPodOverlay;
  try {
    overlay = platform._podOverlay(network, props);
  } catch {
    return undefined;
  }
  const annotations = asObject(asObject(pod.metadata)?.annotations) ?? {};
  if (!Object.entries(overlay.podAnnotations).every(([k, v]) => annotations[k] === v)) return undefined;
  const env = new Map<number, string[]>();
  const limits = new Map<number, string[]>();
  const mounts = new Map<number, string[]>();
  const logVolumes: string[] = [];
  for (const c of containers) {
    // Env: the rendered vars, with their values, after the container's others (the order the construct writes).
    const rendered = Object.entries(overlay.env[c.name] ?? {});
    const tail = c.env.slice(c.env.length - rendered.length);
    if (
      rendered.length > c.env.length ||
      rendered.some(([k, v], i) => tail[i].name !== k || tail[i].value !== v)
    )
      return undefined;
    if (c.env.slice(0, c.env.length - rendered.length).some((e) => rendered.some(([k]) => k === e.name)))
      return undefined;
    if (rendered.length > 0)
      env.set(
        c.index,
        rendered.map(([k]) => k)
      );
    // Extended limits: the same quantity, and no other request.
    const extended = Object.entries(overlay.extendedLimits[c.name] ?? {});
    for (const [name, n] of extended) {
      if (canonicalQuantity(c.limits[name]) !== canonicalQuantity(n)) return undefined;
      if (c.requests[name] !== undefined && canonicalQuantity(c.requests[name]) !== canonicalQuantity(n))
        return undefined;
    }
    if (extended.length > 0)
      limits.set(
        c.index,
        extended.map(([k]) => k)
      );
    // Log volumes: plain emptyDirs, mounted last, in the order the overlay adds them.
    const own = overlay.logVolumes.filter((v) => v.container === c.name);
    const last = c.mounts.slice(c.mounts.length - own.length);
    if (
      own.length > c.mounts.length ||
      own.some((v, i) => last[i].name !== v.name || last[i].mountPath !== v.mountPath || !last[i].plain)
    )
      return undefined;
    if (c.mounts.some((m) => isLogVolume(c, m.name) && !own.some((v) => v.name === m.name))) return undefined;
    if (own.length > 0)
      mounts.set(
        c.index,
        own.map((v) => v.name)
      );
    logVolumes.push(...own.map((v) => v.name));
  }
  const lastVolumes = volumes.slice(volumes.length - logVolumes.length).map((v) => v.name);
  if (logVolumes.length > volumes.length || logVolumes.some((n, i) => lastVolumes[i] !== n)) return undefined;
  // A log volume is the overlay's only: no init container mounts it.
  const initMounts = asList(pod.initContainers).flatMap((c) =>
    asList(asObject(c)?.volumeMounts).map((m) => asObject(m)?.name)
  );
  if (logVolumes.some((n) => initMounts.includes(n))) return undefined;
  return {
    podAnnotations: Object.keys(overlay.podAnnotations),
    env,
    limits,
    volumes: logVolumes,
    mounts,
  };
}

/**
 * The network mode and container logs whose keys `platform` renders exactly as the pod template holds them;
 * undefined when no network mode's keys are all there (the profile would add keys the input lacks).
 */
export function podPlatformKeys(platform: Platform, template: Json): PodPlatformKeys | undefined {
  const spec = asObject(template.spec) ?? {};
  const pod: Json = { ...spec, metadata: asObject(template.metadata) ?? {} };
  const containers = inputContainers(spec);
  const annotations = asObject(asObject(template.metadata)?.annotations) ?? {};
  // The network mode: of those whose keys are all in the input (no log settings yet), the one mapping the most.
  let best: { network: NetworkMode; keys: Keys } | undefined;
  for (const network of networkCandidates(spec.hostNetwork === true)) {
    const keys = verify(platform, network, pod, containers, new Map());
    if (keys && (!best || count(keys) > count(best.keys))) best = { network, keys };
  }
  if (!best) return undefined;
  const network = best.network;
  // Log settings: all containers' at once, else one container at a time (each kept only if it re-renders).
  const proposed = new Map<number, LogCollection>(directoryLogs(annotations, containers));
  for (const c of containers) {
    const l = logtailLogs(c);
    if (l && !proposed.has(c.index)) proposed.set(c.index, l);
  }
  // Only settings the container schema accepts (an empty project, a logstore name it rejects: the keys stay raw).
  const read = new Map(proposed);
  for (const [index, l] of read) {
    const c = containers.find((x) => x.index === index)!;
    const volumeMounts = c.mounts.map((m) => ({ volume: m.name, mountPath: m.mountPath }));
    if (!containerSchema.safeParse({ name: c.name, image: 'image', volumeMounts, logs: l }).success)
      proposed.delete(index);
  }
  let logs = new Map<number, LogCollection>();
  let keys = best.keys;
  const attempt = (tried: Map<number, LogCollection>): boolean => {
    const k = verify(platform, network, pod, containers, tried);
    if (!k || ![...tried.keys()].every((i) => contributes(k, i, tried))) return false;
    logs = tried;
    keys = k;
    return true;
  };
  /** Whether a container's log settings render keys of their own (settings another profile reads render nothing). */
  const contributes = (k: Keys, index: number, tried: Map<number, LogCollection>): boolean => {
    const without = new Map(tried);
    without.delete(index);
    const w = verify(platform, network, pod, containers, without);
    return !w || count(w) < count(k);
  };
  if (proposed.size === 0 || !attempt(proposed)) {
    for (const [index, l] of proposed) attempt(new Map([...logs, [index, l]]));
  }
  const unmapped = [...read]
    .filter(([index, l]) => !logs.has(index) && readsLogs(platform, network, containers, index, l))
    .map(([index]) => containers.find((c) => c.index === index)!.name);
  return { network, networkExpr: networkExpr(network), logs, ...keys, unmapped };
}

/** Whether the profile renders keys of its own for a container's log settings (they are in its format). */
function readsLogs(
  platform: Platform,
  network: NetworkMode,
  containers: InputContainer[],
  index: number,
  logs: LogCollection
): boolean {
  const bare = containers.map((c) => ({ name: c.name, image: 'image' }));
  const withLogs = bare.map((c, i) => (containers[i].index === index ? { ...c, logs } : c));
  if (platform._problems({ network, containers: withLogs }).length > 0) return false;
  try {
    const before = platform._podOverlay(network, bare);
    const after = platform._podOverlay(network, withLogs);
    return JSON.stringify(before) !== JSON.stringify(after);
  } catch {
    return false;
  }
}

type Keys = Omit<PodPlatformKeys, 'network' | 'networkExpr' | 'logs' | 'unmapped'>;

/** How many keys a reading maps. */
function count(k: Keys): number {
  const n = (m: ReadonlyMap<number, readonly string[]>) => [...m.values()].reduce((s, l) => s + l.length, 0);
  return k.podAnnotations.length + n(k.env) + n(k.limits) + n(k.mounts);
}
