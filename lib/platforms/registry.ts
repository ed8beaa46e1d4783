import type { PlatformProfile } from './profile';
import { KUBERNETES_PROFILE } from './profiles/kubernetes';
import { KUBESPHERE_PROFILE } from './profiles/kubesphere';
import { DCE_PROFILE } from './profiles/dce';
import { TKESTACK_PROFILE } from './profiles/tkestack';
import { ACK_PROFILE } from './profiles/ack';

/**
 * The console profiles, one file each in `profiles/`, in the docs table's column order. Adding a console
 * is a file there and a line here (and a `Platform` factory to make it public).
 */
const PROFILES = new Map<string, PlatformProfile>(
  [KUBERNETES_PROFILE, KUBESPHERE_PROFILE, DCE_PROFILE, TKESTACK_PROFILE, ACK_PROFILE].map((p) => [p.id, p])
);

/** The registered profiles, in order. @internal */
export function platformProfiles(): readonly PlatformProfile[] {
  return [...PROFILES.values()];
}

/** The profile of a `PlatformKind` value. @internal */
export function platformProfile(id: string): PlatformProfile {
  const profile = PROFILES.get(id);
  if (!profile) throw new Error(`no platform profile "${id}" is registered`);
  return profile;
}

/**
 * Registers a profile (tests: a test-only console). Returns the function that unregisters it.
 * @internal
 */
export function registerPlatformProfile(profile: PlatformProfile): () => void {
  if (PROFILES.has(profile.id)) throw new Error(`platform profile "${profile.id}" is already registered`);
  PROFILES.set(profile.id, profile);
  return () => {
    PROFILES.delete(profile.id);
  };
}
