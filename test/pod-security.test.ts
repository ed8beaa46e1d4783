import { PodSecurityLevel, podSecurityLevel, podSecurityViolations } from '../lib';

/*
 * Unit tests of lib/rules/pod-security.ts on hand-written pod specs in manifest (JSON) form.
 *
 * Reference: Kubernetes docs, "Pod Security Standards" (kubernetes/website
 * content/en/docs/concepts/security/pod-security-standards.md) and the Pod Security Admission
 * checks that implement it (kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy).
 * The module declares policy version v1.28.
 *
 * Each check has a Compliance test (allowed values give no violation of that check) and a
 * Noncompliance test (a forbidden value gives exactly the expected violations and level).
 * Rules the module gets wrong are written for the correct behaviour and marked `test.failing`.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hand-written manifests poke arbitrary fields
type Json = any;

/** A container that meets every restricted check on its own. */
function restrictedContainer(name = 'main'): Json {
  return {
    name,
    image: 'busybox:1.36',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

/** A pod spec that meets the restricted profile: non-root and RuntimeDefault seccomp on the pod. */
function restrictedPod(extra: Json = {}): Json {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [restrictedContainer()],
    ...extra,
  };
}

/** A restricted pod whose first container's securityContext gets `sc` merged in. */
function podWithContainerContext(sc: Json): Json {
  const pod = restrictedPod();
  pod.containers[0].securityContext = { ...pod.containers[0].securityContext, ...sc };
  return pod;
}

/** A restricted pod whose pod-level securityContext gets `sc` merged in. */
function podWithPodContext(sc: Json): Json {
  const pod = restrictedPod();
  pod.securityContext = { ...pod.securityContext, ...sc };
  return pod;
}

/** The violations as `{ level, check, path }`, in the module's order. */
function violations(spec: Json, annotations: Record<string, string> = {}) {
  return podSecurityViolations(spec, annotations).map(({ level, check, path }) => ({ level, check, path }));
}

/** The violations of one check, at one level. */
function violationsOf(
  check: string,
  level: PodSecurityLevel,
  spec: Json,
  annotations: Record<string, string> = {}
) {
  return violations(spec, annotations).filter((v) => v.check === check && v.level === level);
}

const BASELINE = PodSecurityLevel.BASELINE;
const RESTRICTED = PodSecurityLevel.RESTRICTED;

describe('the reference pods', () => {
  test('the restricted pod has no violation and is restricted', () => {
    expect(violations(restrictedPod())).toEqual([]);
    expect(podSecurityLevel(restrictedPod())).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('a minimal pod (no security settings) is baseline: only restricted checks fail', () => {
    // GIVEN the pod Kubernetes' "Baseline" profile is written to allow
    const spec = { containers: [{ name: 'main', image: 'busybox:1.36' }] };
    // THEN
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
    expect(violations(spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Privilege Escalation',
        path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
      },
      {
        level: RESTRICTED,
        check: 'Running as Non-root',
        path: 'spec.containers[0].securityContext.runAsNonRoot',
      },
      { level: RESTRICTED, check: 'Seccomp', path: 'spec.containers[0].securityContext.seccompProfile.type' },
      {
        level: RESTRICTED,
        check: 'Capabilities',
        path: 'spec.containers[0].securityContext.capabilities.drop',
      },
    ]);
  });

  test('the level is privileged as soon as one baseline check fails', () => {
    const spec = restrictedPod({ hostPID: true });
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('the annotations argument is optional', () => {
    expect(podSecurityViolations(restrictedPod())).toEqual([]);
    expect(podSecurityLevel(restrictedPod())).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('every violation carries a message', () => {
    const all = podSecurityViolations({ hostNetwork: true, containers: [{ name: 'main' }] });
    expect(all.length).toBeGreaterThan(0);
    for (const v of all) expect(v.message).toEqual(expect.any(String));
    expect(all.every((v) => v.message.length > 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Baseline

describe('Baseline: HostProcess', () => {
  test('Compliance: hostProcess undefined or false, on the pod and every kind of container', () => {
    const spec = restrictedPod({
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
        windowsOptions: { hostProcess: false },
      },
      initContainers: [restrictedContainer('init')],
      ephemeralContainers: [restrictedContainer('debug')],
    });
    spec.initContainers[0].securityContext.windowsOptions = { hostProcess: false };
    expect(violationsOf('HostProcess', BASELINE, spec)).toEqual([]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('Noncompliance: hostProcess true on the pod, an init container and an ephemeral container', () => {
    // GIVEN
    const spec = podWithPodContext({ windowsOptions: { hostProcess: true } });
    spec.initContainers = [restrictedContainer('init')];
    spec.initContainers[0].securityContext.windowsOptions = { hostProcess: true };
    spec.ephemeralContainers = [restrictedContainer('debug')];
    spec.ephemeralContainers[0].securityContext.windowsOptions = { hostProcess: true };
    // THEN
    expect(violationsOf('HostProcess', BASELINE, spec)).toEqual([
      { level: BASELINE, check: 'HostProcess', path: 'spec.securityContext.windowsOptions.hostProcess' },
      {
        level: BASELINE,
        check: 'HostProcess',
        path: 'spec.initContainers[0].securityContext.windowsOptions.hostProcess',
      },
      {
        level: BASELINE,
        check: 'HostProcess',
        path: 'spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: Host Namespaces', () => {
  test('Compliance: hostNetwork, hostPID and hostIPC undefined or false', () => {
    const spec = restrictedPod({ hostNetwork: false, hostPID: false, hostIPC: false });
    expect(violations(spec)).toEqual([]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('Noncompliance: hostNetwork, hostPID and hostIPC true', () => {
    const spec = restrictedPod({ hostNetwork: true, hostPID: true, hostIPC: true });
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: 'Host Namespaces', path: 'spec.hostNetwork' },
      { level: BASELINE, check: 'Host Namespaces', path: 'spec.hostPID' },
      { level: BASELINE, check: 'Host Namespaces', path: 'spec.hostIPC' },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('Noncompliance: %s true alone is privileged', (field) => {
    expect(podSecurityLevel(restrictedPod({ [field]: true }))).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: Privileged Containers', () => {
  test('Compliance: privileged undefined or false', () => {
    const spec = podWithContainerContext({ privileged: false });
    spec.initContainers = [restrictedContainer('init')];
    expect(violationsOf('Privileged Containers', BASELINE, spec)).toEqual([]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('Noncompliance: privileged true in a container, an init container or an ephemeral container', () => {
    const spec = podWithContainerContext({ privileged: true });
    spec.initContainers = [{ ...restrictedContainer('init') }];
    spec.initContainers[0].securityContext = { ...spec.initContainers[0].securityContext, privileged: true };
    spec.ephemeralContainers = [{ name: 'debug', securityContext: { privileged: true } }];
    expect(violationsOf('Privileged Containers', BASELINE, spec)).toEqual([
      {
        level: BASELINE,
        check: 'Privileged Containers',
        path: 'spec.initContainers[0].securityContext.privileged',
      },
      {
        level: BASELINE,
        check: 'Privileged Containers',
        path: 'spec.containers[0].securityContext.privileged',
      },
      {
        level: BASELINE,
        check: 'Privileged Containers',
        path: 'spec.ephemeralContainers[0].securityContext.privileged',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: Capabilities', () => {
  const BASELINE_SET = [
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
  ];

  test('Compliance: adding only capabilities of the baseline set', () => {
    const spec = podWithContainerContext({ capabilities: { drop: ['ALL'], add: BASELINE_SET } });
    expect(violationsOf('Capabilities', BASELINE, spec)).toEqual([]);
    // Anything but NET_BIND_SERVICE still breaks "restricted".
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });

  test('Noncompliance: adding a capability outside the baseline set, in any kind of container', () => {
    const spec = podWithContainerContext({ capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_ADMIN'] } });
    spec.ephemeralContainers = [
      { name: 'debug', securityContext: { ...restrictedContainer().securityContext } },
    ];
    spec.ephemeralContainers[0].securityContext.capabilities = { drop: ['ALL'], add: ['SYS_PTRACE'] };
    expect(violationsOf('Capabilities', BASELINE, spec)).toEqual([
      {
        level: BASELINE,
        check: 'Capabilities',
        path: 'spec.containers[0].securityContext.capabilities.add[1]',
      },
      {
        level: BASELINE,
        check: 'Capabilities',
        path: 'spec.ephemeralContainers[0].securityContext.capabilities.add[0]',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: HostPath Volumes', () => {
  test('Compliance: no hostPath volume', () => {
    const spec = restrictedPod({ volumes: [{ name: 'scratch', emptyDir: {} }] });
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: a hostPath volume (also outside the restricted volume types)', () => {
    const spec = restrictedPod({
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'logs', hostPath: { path: '/var/log' } },
      ],
    });
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: 'HostPath Volumes', path: 'spec.volumes[1].hostPath' },
      { level: RESTRICTED, check: 'Volume Types', path: 'spec.volumes[1].hostPath' },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: Host Ports', () => {
  test('Compliance: hostPort undefined or 0', () => {
    const spec = restrictedPod();
    spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 8081, hostPort: 0 }];
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: a non-zero hostPort in a container or an init container', () => {
    const spec = restrictedPod({ initContainers: [restrictedContainer('init')] });
    spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 8081, hostPort: 8081 }];
    spec.initContainers[0].ports = [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }];
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: 'Host Ports', path: 'spec.initContainers[0].ports[0].hostPort' },
      { level: BASELINE, check: 'Host Ports', path: 'spec.containers[0].ports[1].hostPort' },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: AppArmor', () => {
  const KEY = 'container.apparmor.security.beta.kubernetes.io/main';

  test('Compliance: runtime/default, localhost/<profile>, or no annotation', () => {
    expect(violations(restrictedPod(), { [KEY]: 'runtime/default' })).toEqual([]);
    expect(violations(restrictedPod(), { [KEY]: 'localhost/k8s-apparmor-example' })).toEqual([]);
    expect(violations(restrictedPod(), { 'example.com/unrelated': 'unconfined' })).toEqual([]);
  });

  test('Noncompliance: unconfined', () => {
    expect(violations(restrictedPod(), { [KEY]: 'unconfined' })).toEqual([
      { level: BASELINE, check: 'AppArmor', path: `metadata.annotations[${KEY}]` },
    ]);
    expect(podSecurityLevel(restrictedPod(), { [KEY]: 'unconfined' })).toBe(PodSecurityLevel.PRIVILEGED);
  });

  // PSA `allowedProfile`: `len(profile) == 0 || runtime/default || localhost/*` (check_appArmorProfile.go,
  // "Allowed Values: 'runtime/default', 'localhost/*', empty, undefined").
  test('Compliance: an empty annotation value is allowed', () => {
    expect(violations(restrictedPod(), { [KEY]: '' })).toEqual([]);
    expect(podSecurityLevel(restrictedPod(), { [KEY]: '' })).toBe(PodSecurityLevel.RESTRICTED);
  });
});

describe('Baseline: SELinux', () => {
  test('Compliance: an allowed type and a level, with no user or role', () => {
    for (const type of ['', 'container_t', 'container_init_t', 'container_kvm_t']) {
      const spec = podWithPodContext({ seLinuxOptions: { type, level: 's0:c123,c456' } });
      spec.containers[0].securityContext.seLinuxOptions = { type, user: '', role: '' };
      expect(violations(spec)).toEqual([]);
    }
  });

  test('Noncompliance: another type, or a custom user or role, on the pod or a container', () => {
    // GIVEN
    const spec = podWithPodContext({ seLinuxOptions: { type: 'spc_t' } });
    spec.containers[0].securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r' };
    // THEN
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: 'SELinux', path: 'spec.containers[0].securityContext.seLinuxOptions.user' },
      { level: BASELINE, check: 'SELinux', path: 'spec.containers[0].securityContext.seLinuxOptions.role' },
      { level: BASELINE, check: 'SELinux', path: 'spec.securityContext.seLinuxOptions.type' },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: /proc Mount Type', () => {
  test('Compliance: procMount undefined or Default', () => {
    expect(violations(podWithContainerContext({ procMount: 'Default' }))).toEqual([]);
  });

  test('Noncompliance: procMount Unmasked', () => {
    const spec = podWithContainerContext({ procMount: 'Unmasked' });
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: '/proc Mount Type', path: 'spec.containers[0].securityContext.procMount' },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: Seccomp', () => {
  test('Compliance: RuntimeDefault, Localhost or unset are not Unconfined', () => {
    // GIVEN a pod without any seccomp profile: baseline allows it (restricted does not)
    const unset = { containers: [{ name: 'main', image: 'busybox:1.36' }] };
    expect(violationsOf('Seccomp', BASELINE, unset)).toEqual([]);
    // AND container-level Localhost over pod-level RuntimeDefault
    const localhost = podWithContainerContext({
      seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' },
    });
    expect(violations(localhost)).toEqual([]);
  });

  test('Noncompliance: Unconfined on the pod or on a container', () => {
    // WHEN the pod sets Unconfined (containers inherit it)
    const pod = podWithPodContext({ seccompProfile: { type: 'Unconfined' } });
    expect(violationsOf('Seccomp', BASELINE, pod)).toEqual([
      { level: BASELINE, check: 'Seccomp', path: 'spec.securityContext.seccompProfile.type' },
    ]);
    expect(podSecurityLevel(pod)).toBe(PodSecurityLevel.PRIVILEGED);
    // WHEN a container sets Unconfined over a RuntimeDefault pod
    const container = podWithContainerContext({ seccompProfile: { type: 'Unconfined' } });
    expect(violationsOf('Seccomp', BASELINE, container)).toEqual([
      { level: BASELINE, check: 'Seccomp', path: 'spec.containers[0].securityContext.seccompProfile.type' },
    ]);
    expect(podSecurityLevel(container)).toBe(PodSecurityLevel.PRIVILEGED);
  });
});

describe('Baseline: Sysctls', () => {
  test('Compliance: only sysctls of the safe set (policy v1.28)', () => {
    const safe = [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.ip_unprivileged_port_start',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_local_reserved_ports',
    ];
    const spec = podWithPodContext({ sysctls: safe.map((name) => ({ name, value: '1' })) });
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: a sysctl outside the safe set', () => {
    const spec = podWithPodContext({
      sysctls: [
        { name: 'kernel.shm_rmid_forced', value: '1' },
        { name: 'kernel.msgmax', value: '65536' },
      ],
    });
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: 'Sysctls', path: 'spec.securityContext.sysctls[1]' },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.PRIVILEGED);
  });

  // The module declares policy v1.28; the Pod Security Standards doc lists these four sysctls as safe
  // only "since Kubernetes 1.29", so a 1.28 API server enforcing baseline rejects them.
  test('Noncompliance: sysctls made safe in Kubernetes 1.29 are unsafe under policy v1.28', () => {
    for (const name of [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ]) {
      const spec = podWithPodContext({ sysctls: [{ name, value: '60' }] });
      expect(violations(spec)).toEqual([
        { level: BASELINE, check: 'Sysctls', path: 'spec.securityContext.sysctls[0]' },
      ]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Restricted

describe('Restricted: Volume Types', () => {
  test('Compliance: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret', () => {
    const spec = restrictedPod({
      volumes: [
        { name: 'a', configMap: { name: 'settings' } },
        { name: 'b', csi: { driver: 'disk.csi.example.com' } },
        { name: 'c', downwardAPI: { items: [] } },
        { name: 'd', emptyDir: { medium: 'Memory' } },
        { name: 'e', ephemeral: { volumeClaimTemplate: { spec: {} } } },
        { name: 'f', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'g', projected: { sources: [] } },
        { name: 'h', secret: { secretName: 'creds' } },
      ],
    });
    expect(violations(spec)).toEqual([]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('Noncompliance: nfs and other non-core volume types', () => {
    const spec = restrictedPod({
      volumes: [
        { name: 'data', nfs: { server: 'nfs.example.com', path: '/exports' } },
        { name: 'repo', gitRepo: { repository: 'https://example.com/r.git' } },
        { name: 'scratch', emptyDir: {} },
        { name: 'fs', cephfs: { monitors: ['10.0.0.1:6789'] } },
      ],
    });
    expect(violations(spec)).toEqual([
      { level: RESTRICTED, check: 'Volume Types', path: 'spec.volumes[0].nfs' },
      { level: RESTRICTED, check: 'Volume Types', path: 'spec.volumes[1].gitRepo' },
      { level: RESTRICTED, check: 'Volume Types', path: 'spec.volumes[3].cephfs' },
    ]);
    // Baseline allows them: only hostPath is forbidden there.
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });
});

describe('Restricted: Privilege Escalation', () => {
  test('Compliance: allowPrivilegeEscalation false in every kind of container', () => {
    const spec = restrictedPod({
      initContainers: [restrictedContainer('init')],
      ephemeralContainers: [restrictedContainer('debug')],
    });
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: allowPrivilegeEscalation true or unset', () => {
    // GIVEN true on the container, unset on the init and ephemeral containers
    const spec = podWithContainerContext({ allowPrivilegeEscalation: true });
    spec.initContainers = [{ name: 'init', securityContext: { capabilities: { drop: ['ALL'] } } }];
    spec.ephemeralContainers = [{ name: 'debug', securityContext: { capabilities: { drop: ['ALL'] } } }];
    // THEN
    expect(violationsOf('Privilege Escalation', RESTRICTED, spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Privilege Escalation',
        path: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      },
      {
        level: RESTRICTED,
        check: 'Privilege Escalation',
        path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
      },
      {
        level: RESTRICTED,
        check: 'Privilege Escalation',
        path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
      },
    ]);
    expect(violations(spec).every((v) => v.check === 'Privilege Escalation')).toBe(true);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });
});

describe('Restricted: Running as Non-root', () => {
  test('Compliance: runAsNonRoot true on the pod (containers may leave it unset)', () => {
    expect(violations(restrictedPod({ initContainers: [restrictedContainer('init')] }))).toEqual([]);
  });

  test('Compliance: runAsNonRoot true on every container when the pod leaves it unset', () => {
    const spec = restrictedPod({ initContainers: [restrictedContainer('init')] });
    delete spec.securityContext.runAsNonRoot;
    spec.containers[0].securityContext.runAsNonRoot = true;
    spec.initContainers[0].securityContext.runAsNonRoot = true;
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: a container sets runAsNonRoot false over a true pod', () => {
    const spec = podWithContainerContext({ runAsNonRoot: false });
    expect(violations(spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Running as Non-root',
        path: 'spec.containers[0].securityContext.runAsNonRoot',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });

  test('Noncompliance: neither the pod nor a container sets runAsNonRoot', () => {
    // GIVEN one container opts in, the init container does not
    const spec = restrictedPod({ initContainers: [restrictedContainer('init')] });
    delete spec.securityContext.runAsNonRoot;
    spec.containers[0].securityContext.runAsNonRoot = true;
    // THEN
    expect(violations(spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Running as Non-root',
        path: 'spec.initContainers[0].securityContext.runAsNonRoot',
      },
    ]);
  });

  // PSA `runAsNonRoot`: a pod-level `runAsNonRoot: false` is a "bad setter" on its own ("pod must not
  // set securityContext.runAsNonRoot=false"), even when every container sets true.
  test('Noncompliance: the pod sets runAsNonRoot false, even when every container sets true', () => {
    const spec = podWithPodContext({ runAsNonRoot: false });
    spec.containers[0].securityContext.runAsNonRoot = true;
    expect(violations(spec)).toContainEqual({
      level: RESTRICTED,
      check: 'Running as Non-root',
      path: 'spec.securityContext.runAsNonRoot',
    });
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });
});

describe('Restricted: Running as Non-root user', () => {
  test('Compliance: runAsUser non-zero or unset on the pod and containers', () => {
    const spec = podWithPodContext({ runAsUser: 65534 });
    spec.containers[0].securityContext.runAsUser = 1000;
    spec.initContainers = [restrictedContainer('init')];
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: runAsUser 0 on the pod or on a container', () => {
    // GIVEN UID 0 on the pod, overridden by a container, and UID 0 on an ephemeral container
    const spec = podWithPodContext({ runAsUser: 0 });
    spec.containers[0].securityContext.runAsUser = 1000;
    spec.ephemeralContainers = [restrictedContainer('debug')];
    spec.ephemeralContainers[0].securityContext.runAsUser = 0;
    // THEN the pod-level 0 counts even where a container overrides it
    expect(violations(spec)).toEqual([
      { level: RESTRICTED, check: 'Running as Non-root user', path: 'spec.securityContext.runAsUser' },
      {
        level: RESTRICTED,
        check: 'Running as Non-root user',
        path: 'spec.ephemeralContainers[0].securityContext.runAsUser',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });
});

describe('Restricted: Seccomp', () => {
  test('Compliance: RuntimeDefault on the pod, containers unset', () => {
    expect(violations(restrictedPod({ initContainers: [restrictedContainer('init')] }))).toEqual([]);
  });

  test('Compliance: RuntimeDefault or Localhost on every container, pod unset', () => {
    const spec = restrictedPod({ initContainers: [restrictedContainer('init')] });
    delete spec.securityContext.seccompProfile;
    spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    spec.initContainers[0].securityContext.seccompProfile = {
      type: 'Localhost',
      localhostProfile: 'profiles/init.json',
    };
    expect(violations(spec)).toEqual([]);
  });

  test('Noncompliance: no profile on the pod nor on a container', () => {
    // GIVEN the container sets one, the init container does not
    const spec = restrictedPod({ initContainers: [restrictedContainer('init')] });
    delete spec.securityContext.seccompProfile;
    spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    // THEN
    expect(violations(spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Seccomp',
        path: 'spec.initContainers[0].securityContext.seccompProfile.type',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });

  test('Noncompliance: a container sets Unconfined over a RuntimeDefault pod (both levels)', () => {
    const spec = podWithContainerContext({ seccompProfile: { type: 'Unconfined' } });
    expect(violations(spec)).toEqual([
      { level: BASELINE, check: 'Seccomp', path: 'spec.containers[0].securityContext.seccompProfile.type' },
      { level: RESTRICTED, check: 'Seccomp', path: 'spec.containers[0].securityContext.seccompProfile.type' },
    ]);
  });
});

describe('Restricted: Capabilities', () => {
  test('Compliance: drop ALL, add nothing or only NET_BIND_SERVICE', () => {
    const spec = podWithContainerContext({
      capabilities: { drop: ['ALL', 'NET_RAW'], add: ['NET_BIND_SERVICE'] },
    });
    spec.initContainers = [restrictedContainer('init')];
    expect(violations(spec)).toEqual([]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('Noncompliance: drop without ALL', () => {
    const spec = podWithContainerContext({ capabilities: { drop: ['NET_RAW'] } });
    spec.initContainers = [
      { ...restrictedContainer('init'), securityContext: { allowPrivilegeEscalation: false } },
    ];
    expect(violations(spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Capabilities',
        path: 'spec.initContainers[0].securityContext.capabilities.drop',
      },
      {
        level: RESTRICTED,
        check: 'Capabilities',
        path: 'spec.containers[0].securityContext.capabilities.drop',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });

  test('Noncompliance: adding a capability other than NET_BIND_SERVICE, even one of the baseline set', () => {
    const spec = podWithContainerContext({
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN'] },
    });
    expect(violations(spec)).toEqual([
      {
        level: RESTRICTED,
        check: 'Capabilities',
        path: 'spec.containers[0].securityContext.capabilities.add[1]',
      },
    ]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.BASELINE);
  });
});

describe('Pod OS', () => {
  // "Restrictions on the following controls are only required if .spec.os.name is not windows:
  // Privilege Escalation, Seccomp, Linux Capabilities" (Pod Security Standards, "OS-specific policy
  // controls", since v1.25; PSA checks allowPrivilegeEscalation_1_25, seccompProfileRestricted_1_25,
  // capabilitiesRestricted_1_25). The module does not read spec.os.
  test('a Windows pod is exempt from Privilege Escalation, Seccomp and Capabilities (restricted)', () => {
    const spec = {
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'main', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }],
    };
    expect(violations(spec)).toEqual([]);
    expect(podSecurityLevel(spec)).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('a Linux pod gets no such exemption', () => {
    const spec = {
      os: { name: 'linux' },
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'main', image: 'busybox:1.36' }],
    };
    expect(violations(spec).map((v) => v.check)).toEqual(['Privilege Escalation', 'Seccomp', 'Capabilities']);
  });
});
