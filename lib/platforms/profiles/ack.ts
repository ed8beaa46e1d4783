import { ImagePullPolicy } from '../../values/container';
import { createHash } from 'crypto';
import type { LogCollection } from '../../values/container';
import { GpuStack } from '../../gpu/stack';
import {
  GENERIC_IDENTITY_KEYS,
  NamedContainer,
  PlatformPodOverlay,
  PlatformProfile,
  profileSpecificProblems,
} from '../profile';

/**
 * Logtail env vars, one `aliyun_logs_{key}` per source with the settings as suffixes
 * (Alibaba Cloud, "collect container logs through environment variables":
 * https://help.aliyun.com/document_detail/87540.html).
 */
function podOverlay(
  _network: unknown,
  containers: readonly NamedContainer[],
  overlay: PlatformPodOverlay
): void {
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
        overlay.logVolumes.push({ container: c.name, name: logVolumeName(c.name, i + 1), mountPath: dir });
      }
    });
    if (Object.keys(env).length > 0) overlay.env[c.name] = env;
  }
}

/**
 * Alibaba Cloud ACK: Logtail env vars for log collection, cGPU for shared GPUs, and the console's form
 * defaults from the ACK Job manual: probe initial delays ("健康检查": HTTP 3 s, TCP 15 s, command 5 s), and
 * the pull policy: "总是拉取镜像" (always pull) is an unchecked box whose text says that, unchecked, a node
 * reuses its cached image when the tag matches (`IfNotPresent`), also for the default tag `latest`.
 */
export const ACK_PROFILE: PlatformProfile = {
  id: 'ack',
  displayName: 'Platform.ack()',
  identityKeys: () => GENERIC_IDENTITY_KEYS,
  defaultGpuStack: (request) => (request?.mode === 'virtual' ? GpuStack.aliyunCgpu() : GpuStack.nvidia()),
  problems: (props, displayName) => profileSpecificProblems(props, displayName, { ackLogs: true }),
  podOverlay,
  probeInitialDelays: { httpGet: 3, tcpSocket: 15, exec: 5 },
  defaultPullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};

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
