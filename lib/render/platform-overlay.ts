import { NamedContainer, NormalizedJobTemplate } from './job-template';
import { Volume } from '../values/volume';
import { Platform } from '../platforms/platform';
import { SITE_FREE } from '../rules/utils';

/**
 * Adds a platform's pod labels, network and log-collection keys and its console's form defaults (pull
 * policy, probe initial delays) to a normalized pod. Pure.
 */
export function applyPlatform(
  template: NormalizedJobTemplate,
  platform: Platform,
  name: string
): NormalizedJobTemplate {
  const defaults = platform._consoleDefaults;
  const t: NormalizedJobTemplate =
    defaults.pullPolicy !== undefined || defaults.probeInitialDelays !== undefined
      ? { ...template, consoleDefaults: defaults }
      : template;
  // Sidecars run beside the work containers: their log collection is the platform's too.
  const sidecars = t.initContainers.filter((c) => c.sidecar);
  const overlay = platform._podOverlay(t.network, [...t.containers, ...sidecars]);
  const labels = platform._identity(name).labels;
  const logVolumes = new Map(overlay.logVolumes.map((v) => [v.name, Volume.emptyDir(v.name)]));
  if (
    Object.keys(labels).length === 0 &&
    Object.keys(overlay.podAnnotations).length === 0 &&
    Object.keys(overlay.extendedLimits).length === 0 &&
    Object.keys(overlay.env).length === 0 &&
    logVolumes.size === 0
  ) {
    return t;
  }
  const withOverlay = (c: NamedContainer): NamedContainer => ({
    ...c,
    extendedLimits: overlay.extendedLimits[c.name]
      ? { ...c.extendedLimits, ...overlay.extendedLimits[c.name] }
      : c.extendedLimits,
    env: overlay.env[c.name] ? { ...c.env, ...overlay.env[c.name] } : c.env,
    volumeMounts: [
      ...(c.volumeMounts ?? []),
      ...overlay.logVolumes
        .filter((v) => v.container === c.name)
        .map((v) => ({ ...SITE_FREE, volume: logVolumes.get(v.name)!, mountPath: v.mountPath })),
    ],
  });
  return {
    ...t,
    podLabels: { ...labels, ...t.podLabels },
    podAnnotations: { ...overlay.podAnnotations, ...t.podAnnotations },
    containers: t.containers.map(withOverlay),
    initContainers:
      sidecars.length === 0
        ? t.initContainers
        : t.initContainers.map((c) => (c.sidecar ? withOverlay(c) : c)),
    volumes: [...t.volumes, ...logVolumes.values()],
  };
}
