/** Pod volumes (`ValidateVolumes`). */
import { inlineCsiDriverProblem } from '../../../lib/rules/csi-drivers';
import {
  csiDriverNameProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  isFileMode,
} from '../../../lib/rules/names';
import { absolutePathProblem, noBackstepsProblem, relativePathProblem } from '../../../lib/rules/paths';
import { quantityNanos } from '../../../lib/rules/quantity';
import { HostPathType } from '../../../lib/values/volume';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import {
  family,
  int,
  invalidChoice,
  isSet,
  labelAndAnnotationProblems,
  NONNEGATIVE,
  quote,
  str,
  unsupported,
} from './helpers';

/** Every volume source field of a 1.28 `Volume`. */
const VOLUME_SOURCES = new Set([
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
]);
const MODE_RULE = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES: readonly string[] = Object.values(HostPathType);

/** Items of secret/configMap/downwardAPI sources: paths inside the volume, modes. */
function itemProblems(
  items: unknown,
  at: string,
  add: (path: string, message: string) => void,
  needKey: boolean
) {
  asList(items).forEach((it, i) => {
    const item = asObject(it) ?? {};
    const itemPath = keyPath(fieldPath(at, 'items'), i);
    if (needKey && !str(item.key)) add(fieldPath(itemPath, 'key'), 'is required');
    const p = str(item.path);
    const problem = p === undefined ? 'is required' : relativePathProblem(p, true);
    if (problem) add(fieldPath(itemPath, 'path'), problem);
    if (isSet(item.mode) && !isFileMode(item.mode)) add(fieldPath(itemPath, 'mode'), MODE_RULE);
  });
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

/**
 * A generic ephemeral volume's claim template (`validateEphemeralVolumeSource`: `ValidateTemplateObjectMeta`
 * allows labels and annotations only, and checks them as an object's; the spec is a claim spec,
 * `ValidatePersistentVolumeClaimSpec`, in
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/core/validation/validation.go). The
 * claim's name `<pod>-<volume>` is checked on Pods only, where the pod name is known.
 */
function ephemeralProblems(ephemeral: Json, at: string, add: (path: string, message: string) => void) {
  const template = asObject(ephemeral.volumeClaimTemplate);
  if (!template) return add(fieldPath(at, 'volumeClaimTemplate'), 'is required');
  const tpl = fieldPath(at, 'volumeClaimTemplate');
  const metadata = asObject(template.metadata);
  labelAndAnnotationProblems(metadata, fieldPath(tpl, 'metadata'), add);
  for (const key of Object.keys(metadata ?? {})) {
    if (key !== 'labels' && key !== 'annotations' && isSet(metadata![key])) {
      add(fieldPath(fieldPath(tpl, 'metadata'), key), 'cannot be set for an ephemeral volume');
    }
  }
  const spec = asObject(template.spec) ?? {};
  const specPath = fieldPath(tpl, 'spec');
  if (invalidChoice(spec.volumeMode, VOLUME_MODES)) {
    add(fieldPath(specPath, 'volumeMode'), unsupported(spec.volumeMode, VOLUME_MODES));
  }
  const modes = asList(spec.accessModes);
  if (modes.length === 0) add(fieldPath(specPath, 'accessModes'), 'at least 1 access mode is required');
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m as string))
      add(fieldPath(specPath, 'accessModes'), unsupported(m, ACCESS_MODES));
  }
  if (
    modes.includes('ReadWriteOncePod') &&
    modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string))
  ) {
    add(fieldPath(specPath, 'accessModes'), 'may not use ReadWriteOncePod with other access modes');
  }
  const storagePath = keyPath(fieldPath(specPath, 'resources.requests'), 'storage');
  const storage = asObject(asObject(spec.resources)?.requests)?.storage;
  const amount = quantityNanos(storage);
  if (!isSet(storage)) add(storagePath, 'is required');
  else if (amount !== undefined && amount <= 0n) add(storagePath, 'must be greater than zero');
  const storageClass = str(spec.storageClassName);
  const classProblem = storageClass ? dnsSubdomainProblem(storageClass) : undefined;
  if (classProblem) add(fieldPath(specPath, 'storageClassName'), classProblem);
}

/** Pod volumes (`ValidateVolumes`): names, one source each, and each source's own rules. */
export function volumeRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('volumes');
  const lifecycle = family('csi-lifecycle-modes');
  const names = new Set<string>();
  asList(spec.volumes).forEach((v, i) => {
    const volume = asObject(v) ?? {};
    const at = keyPath(fieldPath(path, 'volumes'), i);
    const name = str(volume.name);
    if (!name) add(fieldPath(at, 'name'), 'is required');
    else {
      const problem = dnsLabelProblem(name);
      if (problem) add(fieldPath(at, 'name'), problem);
      if (names.has(name)) add(fieldPath(at, 'name'), `duplicate value ${quote(name)}`);
      names.add(name);
    }
    const sources = Object.keys(volume).filter((k) => VOLUME_SOURCES.has(k) && isSet(volume[k]));
    if (sources.length > 1) add(at, `may not specify more than 1 volume type (has ${sources.join(', ')})`);
    const source = (key: string) => asObject(volume[key]);
    const emptyDir = source('emptyDir');
    if (emptyDir) {
      const medium = emptyDir.medium;
      if (
        typeof medium === 'string' &&
        medium !== '' &&
        medium !== 'Memory' &&
        !/^HugePages(-.+)?$/.test(medium)
      ) {
        add(
          fieldPath(at, 'emptyDir.medium'),
          unsupported(medium, ['', 'Memory', 'HugePages', 'HugePages-<size>'])
        );
      }
      const size = quantityNanos(emptyDir.sizeLimit);
      if (size !== undefined && size < 0n) add(fieldPath(at, 'emptyDir.sizeLimit'), NONNEGATIVE);
    }
    const hostPath = source('hostPath');
    if (hostPath) {
      const p = str(hostPath.path);
      const problem = p ? noBackstepsProblem(p) : 'is required';
      if (problem) add(fieldPath(at, 'hostPath.path'), problem);
      if (invalidChoice(hostPath.type, HOST_PATH_TYPES)) {
        add(fieldPath(at, 'hostPath.type'), unsupported(hostPath.type, HOST_PATH_TYPES));
      }
    }
    const nfs = source('nfs');
    if (nfs) {
      if (!str(nfs.server)) add(fieldPath(at, 'nfs.server'), 'is required');
      const p = str(nfs.path);
      const problem = p ? absolutePathProblem(p) : 'is required';
      if (problem) add(fieldPath(at, 'nfs.path'), problem);
    }
    const secret = source('secret');
    if (secret) {
      if (!str(secret.secretName)) add(fieldPath(at, 'secret.secretName'), 'is required');
      if (isSet(secret.defaultMode) && !isFileMode(secret.defaultMode))
        add(fieldPath(at, 'secret.defaultMode'), MODE_RULE);
      itemProblems(secret.items, fieldPath(at, 'secret'), add, true);
    }
    const configMap = source('configMap');
    if (configMap) {
      if (!str(configMap.name)) add(fieldPath(at, 'configMap.name'), 'is required');
      if (isSet(configMap.defaultMode) && !isFileMode(configMap.defaultMode)) {
        add(fieldPath(at, 'configMap.defaultMode'), MODE_RULE);
      }
      itemProblems(configMap.items, fieldPath(at, 'configMap'), add, true);
    }
    const downwardAPI = source('downwardAPI');
    if (downwardAPI) {
      if (isSet(downwardAPI.defaultMode) && !isFileMode(downwardAPI.defaultMode)) {
        add(fieldPath(at, 'downwardAPI.defaultMode'), MODE_RULE);
      }
      itemProblems(downwardAPI.items, fieldPath(at, 'downwardAPI'), add, false);
    }
    const pvc = source('persistentVolumeClaim');
    if (pvc && !str(pvc.claimName)) add(fieldPath(at, 'persistentVolumeClaim.claimName'), 'is required');
    const csi = source('csi');
    if (csi) {
      const driver = str(csi.driver);
      const problem = driver ? csiDriverNameProblem(driver) : 'is required';
      if (problem) add(fieldPath(at, 'csi.driver'), problem);
      // Not an API server rule: the API server accepts the pod, and the kubelet never mounts the volume.
      const inline = driver ? inlineCsiDriverProblem(driver) : undefined;
      if (inline) {
        lifecycle.add(
          fieldPath(at, 'csi.driver'),
          `${inline}; mount it through a claim: persistentVolumeClaim (an existing one) or ` +
            'ephemeral.volumeClaimTemplate with one of its StorageClasses (one claim per pod)'
        );
      }
    }
    const ephemeral = source('ephemeral');
    if (ephemeral) ephemeralProblems(ephemeral, fieldPath(at, 'ephemeral'), add);
    const projected = source('projected');
    if (projected) {
      if (isSet(projected.defaultMode) && !isFileMode(projected.defaultMode))
        add(fieldPath(at, 'projected.defaultMode'), MODE_RULE);
      asList(projected.sources).forEach((s, j) => {
        const src = asObject(s) ?? {};
        const srcPath = keyPath(fieldPath(at, 'projected.sources'), j);
        const kinds = Object.keys(src).filter((k) => isSet(src[k]));
        if (kinds.length !== 1) add(srcPath, 'must specify exactly one projection source');
        for (const k of ['secret', 'configMap', 'downwardAPI']) {
          const inner = asObject(src[k]);
          if (inner) itemProblems(inner.items, fieldPath(srcPath, k), add, k !== 'downwardAPI');
        }
        const token = asObject(src.serviceAccountToken);
        if (token) {
          const seconds = int(token.expirationSeconds);
          if (seconds !== undefined && seconds < 600) {
            add(
              fieldPath(srcPath, 'serviceAccountToken.expirationSeconds'),
              'may not specify a duration less than 10 minutes'
            );
          } else if (seconds !== undefined && seconds > 2 ** 32) {
            add(
              fieldPath(srcPath, 'serviceAccountToken.expirationSeconds'),
              'may not specify a duration larger than 2^32 seconds'
            );
          }
          const p = str(token.path);
          const problem = p === undefined ? 'is required' : relativePathProblem(p, true);
          if (problem) add(fieldPath(srcPath, 'serviceAccountToken.path'), problem);
        }
      });
    }
  });
  return [...problems, ...lifecycle.problems];
}
