import { GpuStack } from '../../gpu/stack';
import { FloatingIpReleasePolicy, NetworkMode } from '../../values/scheduling';
import {
  GENERIC_IDENTITY_KEYS,
  NamedContainer,
  PlatformCheckedProps,
  PlatformPodOverlay,
  PlatformProblem,
  PlatformProfile,
  profileSpecificProblems,
} from '../profile';

/**
 * Environment variable names under TKEStack: POSIX shell names. The console's env form takes "only letters,
 * digits and underscores, not starting with a digit" (the TKEStack Job manual, seed 002); Kubernetes itself
 * also takes `-` and `.` (`IsEnvVarName`, lib/rules/names.ts).
 */
export const TKESTACK_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TKESTACK_ENV_RULE = "letters, digits and '_', not starting with a digit";

/** Env names and envFrom prefixes the TKEStack console would not take. Safe on invalid props. */
function envNameProblems(props: PlatformCheckedProps, displayName: string): PlatformProblem[] {
  const out: PlatformProblem[] = [];
  const rule = `must be ${TKESTACK_ENV_RULE} (the TKEStack console's rule, platform ${displayName})`;
  for (const list of ['containers', 'sidecars', 'initContainers'] as const) {
    const containers: readonly unknown[] = Array.isArray(props[list]) ? props[list]! : [];
    containers.forEach((c, i) => {
      if (!c || typeof c !== 'object') return;
      const { env, envFrom } = c as { env?: unknown; envFrom?: unknown };
      if (env && typeof env === 'object' && !Array.isArray(env)) {
        for (const name of Object.keys(env)) {
          if (!TKESTACK_ENV_NAME.test(name)) {
            out.push({
              path: [list, i, 'env', name],
              message: `variable name ${rule}`,
              params: { key: name },
            });
          }
        }
      }
      (Array.isArray(envFrom) ? envFrom : []).forEach((source: unknown, j) => {
        const prefix = (source as { prefix?: unknown } | null)?.prefix;
        if (typeof prefix === 'string' && prefix !== '' && !TKESTACK_ENV_NAME.test(prefix)) {
          out.push({ path: [list, i, 'envFrom', j, 'prefix'], message: rule });
        }
      });
    });
  }
  return out;
}

/**
 * The keys the TKEStack console's create-workload form writes (network modes, `qcloud-app`, `description`,
 * log directories): https://github.com/tkestack/tke/blob/master/web/console/src/modules/cluster/components/resource/resourceEdition/EditResourceVisualizationPanel.tsx
 */
function podOverlay(
  network: NetworkMode,
  containers: readonly NamedContainer[],
  overlay: PlatformPodOverlay
): void {
  if (network.kind === 'overlay' || network.kind === 'nat') {
    overlay.podAnnotations['k8s.v1.cni.cncf.io/networks'] = 'galaxy-flannel';
    // https://github.com/tkestack/galaxy/blob/master/doc/portmapping.md
    if (network.randomPortMapping) overlay.podAnnotations['tkestack.io/portmapping'] = '';
  } else if (network.kind === 'floatingIp') {
    overlay.podAnnotations['k8s.v1.cni.cncf.io/networks'] = 'galaxy-k8s-vlan';
    overlay.podAnnotations['k8s.v1.cni.galaxy.io/release-policy'] =
      network.releasePolicy === FloatingIpReleasePolicy.ALWAYS ? '' : (network.releasePolicy ?? 'immutable');
    if (containers[0]) overlay.extendedLimits[containers[0].name] = { 'tke.cloud.tencent.com/eni-ip': 1 };
  }
  const dirs: Record<string, string> = {};
  for (const c of containers) if (c.logs?.directory) dirs[c.name] = c.logs.directory;
  if (Object.keys(dirs).length > 0)
    overlay.podAnnotations['log.tke.cloud.tencent.com/log-dir'] = JSON.stringify(dirs);
}

/**
 * TKEStack: `description` and `qcloud-app`, galaxy network modes, log directories, gpu-manager, POSIX
 * env names.
 */
export const TKESTACK_PROFILE: PlatformProfile = {
  id: 'tkestack',
  displayName: 'Platform.tkestack()',
  identityKeys: () => ({ displayName: GENERIC_IDENTITY_KEYS.displayName, description: 'description' }),
  identityLabels: (name) => ({ 'qcloud-app': name }),
  descriptionMax: 1000,
  defaultGpuStack: () => GpuStack.tkestackGpuManager(),
  problems: (props, displayName) => [
    ...profileSpecificProblems(props, displayName, { tkestackNetwork: true }),
    ...envNameProblems(props, displayName),
  ],
  podOverlay,
};
