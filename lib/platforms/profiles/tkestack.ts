import { GpuStack } from '../../gpu/stack';
import { FloatingIpReleasePolicy, NetworkMode } from '../../values/scheduling';
import {
  GENERIC_IDENTITY_KEYS,
  NamedContainer,
  PlatformPodOverlay,
  PlatformProfile,
  profileSpecificProblems,
} from '../profile';

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

/** TKEStack: `description` and `qcloud-app`, galaxy network modes, log directories, gpu-manager. */
export const TKESTACK_PROFILE: PlatformProfile = {
  id: 'tkestack',
  displayName: 'Platform.tkestack()',
  identityKeys: () => ({ displayName: GENERIC_IDENTITY_KEYS.displayName, description: 'description' }),
  identityLabels: (name) => ({ 'qcloud-app': name }),
  descriptionMax: 1000,
  defaultGpuStack: () => GpuStack.tkestackGpuManager(),
  problems: (props, displayName) => profileSpecificProblems(props, displayName, { tkestackNetwork: true }),
  podOverlay,
};
