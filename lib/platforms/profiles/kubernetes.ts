import { GENERIC_IDENTITY_KEYS, PlatformProfile } from '../profile';

/** Plain Kubernetes keys only: the default profile. */
export const KUBERNETES_PROFILE: PlatformProfile = {
  id: 'kubernetes',
  displayName: 'Platform.kubernetes()',
  identityKeys: () => GENERIC_IDENTITY_KEYS,
};
