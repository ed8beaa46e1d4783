/**
 * Pod Security Standards checks (Kubernetes docs, "Pod Security Standards", policy version v1.28),
 * evaluated on a rendered pod spec in its JSON (manifest) form.
 *
 * Each check is a pure function returning the places that break it. `podSecurityLevel` returns the
 * strictest level a pod meets: `restricted` ⊂ `baseline` ⊂ `privileged`.
 */
import { SITE_FREE } from './utils';

/** A Pod Security Standards level. */
export enum PodSecurityLevel {
  /** Heavily restricted, current pod hardening best practice. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations; allows the default pod. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

/** One place where a pod breaks a check. */
export interface PodSecurityViolation {
  /** The strictest level this violation rules out. */
  readonly level: PodSecurityLevel.BASELINE | PodSecurityLevel.RESTRICTED;
  /** The check's name, as in the Kubernetes docs. */
  readonly check: string;
  /** The field, e.g. `spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/** The manifest shapes the checks read (a subset of PodSpec and Container). */
type Json = Record<string, unknown>;
interface ContainerJson extends Json {
  name?: string;
  securityContext?: Json;
  ports?: Json[];
}
interface PodSpecJson extends Json {
  containers?: ContainerJson[];
  initContainers?: ContainerJson[];
  ephemeralContainers?: ContainerJson[];
  securityContext?: Json;
  volumes?: Json[];
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/*
 * Index loops over lists made once: every Job's pods are checked, at synthesis, by code V8 has not
 * optimized yet, where `for...of` and `forEach` allocate per step and a list literal per call.
 */
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** Every container with its manifest path. */
function containersOf(spec: PodSpecJson): { c: ContainerJson; path: string }[] {
  const out: { c: ContainerJson; path: string }[] = [];
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const list = CONTAINER_LISTS[l];
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) continue; // a hole, which forEach skipped
      out.push({ ...SITE_FREE, c: obj(items[i]) ?? {}, path: `spec.${list}[${i}]` });
    }
  }
  return out;
}

function baselineChecks(spec: PodSpecJson, annotations: Record<string, string>): PodSecurityViolation[] {
  const v: PodSecurityViolation[] = [];
  const add = (check: string, path: string, message: string) =>
    v.push({ ...SITE_FREE, level: PodSecurityLevel.BASELINE, check, path, message });
  const containers = containersOf(spec);
  const podSc = obj(spec.securityContext) ?? {};

  // HostProcess
  if (obj(podSc.windowsOptions)?.hostProcess === true) {
    add(
      'HostProcess',
      'spec.securityContext.windowsOptions.hostProcess',
      'Windows HostProcess pods are not allowed'
    );
  }
  for (let k = 0; k < containers.length; k++) {
    const { c, path } = containers[k];
    if (obj(obj(c.securityContext)?.windowsOptions)?.hostProcess === true) {
      add(
        'HostProcess',
        `${path}.securityContext.windowsOptions.hostProcess`,
        'HostProcess containers are not allowed'
      );
    }
  }
  // Host namespaces
  for (let f = 0; f < HOST_NAMESPACES.length; f++) {
    const field = HOST_NAMESPACES[f];
    if (spec[field] === true) add('Host Namespaces', `spec.${field}`, `${field} shares the host's namespace`);
  }
  // Privileged containers, capabilities, host ports, SELinux, /proc mount, seccomp (containers)
  for (let k = 0; k < containers.length; k++) {
    const { c, path } = containers[k];
    const sc = obj(c.securityContext) ?? {};
    if (sc.privileged === true)
      add('Privileged Containers', `${path}.securityContext.privileged`, 'privileged mode');
    const added = (obj(sc.capabilities)?.add as string[] | undefined) ?? [];
    added.forEach((cap, i) => {
      if (!BASELINE_CAPABILITIES.has(cap)) {
        add(
          'Capabilities',
          `${path}.securityContext.capabilities.add[${i}]`,
          `capability ${cap} is not in the baseline set`
        );
      }
    });
    (Array.isArray(c.ports) ? c.ports : []).forEach((p, i) => {
      if (typeof p.hostPort === 'number' && p.hostPort !== 0) {
        add('Host Ports', `${path}.ports[${i}].hostPort`, `host port ${p.hostPort}`);
      }
    });
    checkSeLinux(obj(sc.seLinuxOptions), `${path}.securityContext.seLinuxOptions`, add);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      add('/proc Mount Type', `${path}.securityContext.procMount`, `procMount ${String(sc.procMount)}`);
    }
    if (obj(sc.seccompProfile)?.type === 'Unconfined') {
      add('Seccomp', `${path}.securityContext.seccompProfile.type`, 'Unconfined seccomp profile');
    }
  }
  checkSeLinux(obj(podSc.seLinuxOptions), 'spec.securityContext.seLinuxOptions', add);
  if (obj(podSc.seccompProfile)?.type === 'Unconfined') {
    add('Seccomp', 'spec.securityContext.seccompProfile.type', 'Unconfined seccomp profile');
  }
  // HostPath volumes
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((vol, i) => {
    if (vol.hostPath !== undefined) add('HostPath Volumes', `spec.volumes[${i}].hostPath`, 'hostPath volume');
  });
  // AppArmor
  const annotationKeys = Object.keys(annotations);
  for (let k = 0; k < annotationKeys.length; k++) {
    const key = annotationKeys[k];
    const value = annotations[key];
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/')) {
      if (value !== '' && value !== 'runtime/default' && !value.startsWith('localhost/')) {
        add('AppArmor', `metadata.annotations[${key}]`, `AppArmor profile ${value}`);
      }
    }
  }
  // Sysctls
  (((podSc.sysctls as Json[] | undefined) ?? []) as { name?: string }[]).forEach((s, i) => {
    if (!SAFE_SYSCTLS.has(String(s.name)))
      add('Sysctls', `spec.securityContext.sysctls[${i}]`, `unsafe sysctl ${s.name}`);
  });
  return v;
}

function checkSeLinux(
  options: Json | undefined,
  path: string,
  add: (check: string, path: string, message: string) => void
): void {
  if (!options) return;
  if (options.type !== undefined && !SELINUX_TYPES.has(String(options.type))) {
    add('SELinux', `${path}.type`, `SELinux type ${String(options.type)}`);
  }
  for (const field of ['user', 'role'] as const) {
    if (options[field] !== undefined && options[field] !== '')
      add('SELinux', `${path}.${field}`, `custom SELinux ${field}`);
  }
}

function restrictedChecks(spec: PodSpecJson): PodSecurityViolation[] {
  const v: PodSecurityViolation[] = [];
  const add = (check: string, path: string, message: string) =>
    v.push({ ...SITE_FREE, level: PodSecurityLevel.RESTRICTED, check, path, message });
  const podSc = obj(spec.securityContext) ?? {};
  const containers = containersOf(spec);

  // Volume types
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((vol, i) => {
    const types = Object.keys(vol).filter((k) => k !== 'name');
    for (const t of types) {
      if (!RESTRICTED_VOLUME_TYPES.has(t))
        add('Volume Types', `spec.volumes[${i}].${t}`, `${t} volumes are not allowed`);
    }
  });
  // Privilege escalation, non-root, non-root user, seccomp, capabilities. Windows pods are exempt
  // from the Linux-only checks (privilege escalation, seccomp, capabilities) since v1.25.
  const windows = obj(spec.os)?.name === 'windows';
  if (podSc.runAsNonRoot === false) {
    add('Running as Non-root', 'spec.securityContext.runAsNonRoot', 'must not be false');
  }
  if (podSc.runAsUser === 0)
    add('Running as Non-root user', 'spec.securityContext.runAsUser', 'runs as UID 0');
  for (let k = 0; k < containers.length; k++) {
    const { c, path } = containers[k];
    const sc = obj(c.securityContext) ?? {};
    if (!windows && sc.allowPrivilegeEscalation !== false) {
      add('Privilege Escalation', `${path}.securityContext.allowPrivilegeEscalation`, 'must be false');
    }
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    if (nonRoot !== true)
      add('Running as Non-root', `${path}.securityContext.runAsNonRoot`, 'must be true (here or on the pod)');
    if (sc.runAsUser === 0)
      add('Running as Non-root user', `${path}.securityContext.runAsUser`, 'runs as UID 0');
    const seccomp = obj(sc.seccompProfile)?.type ?? obj(podSc.seccompProfile)?.type;
    if (!windows && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      add(
        'Seccomp',
        `${path}.securityContext.seccompProfile.type`,
        'must be RuntimeDefault or Localhost (here or on the pod)'
      );
    }
    if (windows) continue;
    const caps = obj(sc.capabilities) ?? {};
    const drop = (caps.drop as string[] | undefined) ?? [];
    if (!drop.includes('ALL'))
      add('Capabilities', `${path}.securityContext.capabilities.drop`, 'must drop ALL');
    ((caps.add as string[] | undefined) ?? []).forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        add(
          'Capabilities',
          `${path}.securityContext.capabilities.add[${i}]`,
          `only NET_BIND_SERVICE may be added, not ${cap}`
        );
      }
    });
  }
  return v;
}

/**
 * Every Pod Security Standards violation of a pod spec (manifest form), baseline and restricted.
 * @param annotations the pod's annotations (AppArmor profiles live there)
 */
export function podSecurityViolations(
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {}
): PodSecurityViolation[] {
  const pod = spec as PodSpecJson;
  return baselineChecks(pod, annotations).concat(restrictedChecks(pod));
}

/** The strictest Pod Security Standards level a pod spec (manifest form) meets. */
export function podSecurityLevel(
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {}
): PodSecurityLevel {
  const violations = podSecurityViolations(spec, annotations);
  if (violations.some((x) => x.level === PodSecurityLevel.BASELINE)) return PodSecurityLevel.PRIVILEGED;
  if (violations.length > 0) return PodSecurityLevel.BASELINE;
  return PodSecurityLevel.RESTRICTED;
}
