import type { Size } from 'cdk8s';
import * as z from 'zod';
import type { ResourceRef } from '../types/references';
import {
  aBoolean,
  aNameOrRef,
  aNumber,
  argumentsCheck,
  ArgumentsSchema,
  aSize,
  aString,
  aStringMap,
  options,
  strings,
} from '../validation/arguments';
import { freezeValueObject } from '../validation/plain-data';

/** One key of a ConfigMap or Secret projected to a file. */
export interface KeyToPath {
  /** The key in the ConfigMap or Secret. */
  readonly key: string;
  /** Relative file path inside the mount (no `..`). */
  readonly path: string;
  /**
   * File mode, as an octal number (e.g. `0o400`).
   * @default - the volume's `defaultMode`
   */
  readonly mode?: number;
}

/** Options of ConfigMap and Secret volumes. */
export interface ConfigVolumeOptions {
  /**
   * Only these keys, at these paths.
   * @default - every key, as a file named after the key
   */
  readonly items?: KeyToPath[];
  /**
   * Mode of the files, as an octal number (e.g. `0o644`; 0 to 0o777).
   * @default 0o644 (Kubernetes' default, rendered as 420)
   */
  readonly defaultMode?: number;
  /**
   * Start the pod even when the object or a key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Storage medium of an emptyDir volume. */
export enum EmptyDirMedium {
  /** The node's default medium (disk). */
  DEFAULT = '',
  /** A tmpfs in memory; counts against the container's memory limit. */
  MEMORY = 'Memory',
}

/** Options of an emptyDir volume. */
export interface EmptyDirOptions {
  /**
   * Where the directory lives.
   * @default EmptyDirMedium.DEFAULT
   */
  readonly medium?: EmptyDirMedium;
  /**
   * The most the directory may hold.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
}

/** Options of a PersistentVolumeClaim volume. */
export interface PersistentVolumeClaimOptions {
  /**
   * Mount the claim read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** What a hostPath must be on the node. */
export enum HostPathType {
  /** No check (Kubernetes' default). */
  UNSET = '',
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  DIRECTORY = 'Directory',
  FILE_OR_CREATE = 'FileOrCreate',
  FILE = 'File',
  SOCKET = 'Socket',
  CHAR_DEVICE = 'CharDevice',
  BLOCK_DEVICE = 'BlockDevice',
}

/** Options of a hostPath volume. */
export interface HostPathOptions {
  /**
   * What the path must be on the node.
   * @default HostPathType.UNSET
   */
  readonly type?: HostPathType;
}

/** Options of an NFS volume. */
export interface NfsOptions {
  /**
   * Mount the export read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of a CSI inline volume. */
export interface CsiOptions {
  /**
   * Driver-specific attributes (e.g. a cloud disk id, a NAS or OSS bucket path).
   * @default - none
   */
  readonly attributes?: Record<string, string>;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Filesystem type, e.g. `ext4`.
   * @default - the driver's default
   */
  readonly fsType?: string;
  /**
   * Secret with credentials the driver needs to mount (name or cdk8s-plus `ISecret`, any version).
   * @default - none
   */
  readonly nodePublishSecret?: ResourceRef | string;
}

/** How a claimed volume may be mounted (a PersistentVolumeClaim's `accessModes`). */
export enum PersistentVolumeAccessMode {
  /** Read-write by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-write by one pod (CSI volumes only; it must be the only mode). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** Options of a per-pod claim (a generic ephemeral volume). */
export interface EphemeralClaimOptions {
  /** The storage to request (`resources.requests.storage`; more than 0). */
  readonly size: Size;
  /**
   * The StorageClass that provisions the volume, e.g. ACK's `alicloud-disk-topology-alltype`; `''` for
   * none (no dynamic provisioning: only a PersistentVolume without a StorageClass binds).
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
  /**
   * How the volume may be mounted.
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];
}

/** The source of a volume. @internal */
export type VolumeSource =
  | { readonly kind: 'secret'; readonly ref: ResourceRef | string; readonly options: ConfigVolumeOptions }
  | { readonly kind: 'configMap'; readonly ref: ResourceRef | string; readonly options: ConfigVolumeOptions }
  | { readonly kind: 'emptyDir'; readonly options: EmptyDirOptions }
  | { readonly kind: 'hostPath'; readonly path: string; readonly options: HostPathOptions }
  | { readonly kind: 'nfs'; readonly export: string; readonly options: NfsOptions }
  | { readonly kind: 'csi'; readonly driver: string; readonly options: CsiOptions }
  | { readonly kind: 'ephemeral'; readonly options: EphemeralClaimOptions }
  | {
      readonly kind: 'persistentVolumeClaim';
      readonly ref: ResourceRef | string;
      readonly options: PersistentVolumeClaimOptions;
    };

// The run-time checks of the factories' arguments (see validation/arguments.ts).
const configVolumeOptions = () =>
  options({
    items: z.array(options({ key: aString, path: aString, mode: aNumber.optional() })).optional(),
    defaultMode: aNumber.optional(),
    optional: aBoolean.optional(),
  });
const volumeCheck = (call: string, shape: ArgumentsSchema['shape']) =>
  argumentsCheck({ type: 'Volume', call: `Volume.${call}`, shape });
const CHECKS = {
  fromSecret: volumeCheck('fromSecret(name, secret, options)', () => ({
    name: aString,
    secret: aNameOrRef('Secret'),
    options: configVolumeOptions(),
  })),
  fromConfigMap: volumeCheck('fromConfigMap(name, configMap, options)', () => ({
    name: aString,
    configMap: aNameOrRef('ConfigMap'),
    options: configVolumeOptions(),
  })),
  emptyDir: volumeCheck('emptyDir(name, options)', () => ({
    name: aString,
    options: options({ medium: aString.optional(), sizeLimit: aSize.optional() }),
  })),
  fromPersistentVolumeClaim: volumeCheck('fromPersistentVolumeClaim(name, claim, options)', () => ({
    name: aString,
    claim: aNameOrRef('PersistentVolumeClaim'),
    options: options({ readOnly: aBoolean.optional() }),
  })),
  fromHostPath: volumeCheck('fromHostPath(name, path, options)', () => ({
    name: aString,
    path: aString,
    options: options({ type: aString.optional() }),
  })),
  fromNfs: volumeCheck('fromNfs(name, nfsExport, options)', () => ({
    name: aString,
    nfsExport: aString,
    options: options({ readOnly: aBoolean.optional() }),
  })),
  fromCsi: volumeCheck('fromCsi(name, driver, options)', () => ({
    name: aString,
    driver: aString,
    options: options(
      {
        attributes: aStringMap.optional(),
        readOnly: aBoolean.optional(),
        fsType: aString.optional(),
        nodePublishSecret: aNameOrRef('Secret').optional(),
      },
      { volumeAttributes: 'use attributes', nodePublishSecretRef: 'use nodePublishSecret' }
    ),
  })),
  ephemeralClaim: volumeCheck('ephemeralClaim(name, options)', () => ({
    name: aString,
    options: options(
      { size: aSize, storageClass: aString.optional(), accessModes: strings.optional() },
      {
        storageClassName: 'use storageClass',
        storage: 'use size',
        resources: 'use size',
        volumeClaimTemplate: "give the claim's size, storageClass and accessModes",
      }
    ),
  })),
};

/**
 * A pod volume. Create one with a static factory and mount it through a container's
 * `volumeMounts`; a volume that is mounted is added to the pod automatically.
 */
export class Volume {
  /** A Secret's keys as files (by name or cdk8s-plus `ISecret`, any version). */
  public static fromSecret(
    name: string,
    secret: ResourceRef | string,
    options: ConfigVolumeOptions = {}
  ): Volume {
    ({ options } = CHECKS.fromSecret({ name, secret, options }));
    return new Volume(name, { kind: 'secret', ref: secret, options });
  }

  /** A ConfigMap's keys as files (by name or cdk8s-plus `IConfigMap`, any version). */
  public static fromConfigMap(
    name: string,
    configMap: ResourceRef | string,
    options: ConfigVolumeOptions = {}
  ): Volume {
    ({ options } = CHECKS.fromConfigMap({ name, configMap, options }));
    return new Volume(name, { kind: 'configMap', ref: configMap, options });
  }

  /** A scratch directory that lives and dies with the pod. */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    ({ options } = CHECKS.emptyDir({ name, options }));
    return new Volume(name, { kind: 'emptyDir', options });
  }

  /** An existing PersistentVolumeClaim (by name or cdk8s-plus `IPersistentVolumeClaim`, any version). */
  public static fromPersistentVolumeClaim(
    name: string,
    claim: ResourceRef | string,
    options: PersistentVolumeClaimOptions = {}
  ): Volume {
    ({ options } = CHECKS.fromPersistentVolumeClaim({ name, claim, options }));
    return new Volume(name, { kind: 'persistentVolumeClaim', ref: claim, options });
  }

  /**
   * A directory or file of the node. Explicit opt-in: hostPath volumes expose the node and break both
   * the "restricted" and the "baseline" Pod Security Standards (the pod becomes "privileged").
   */
  public static fromHostPath(name: string, path: string, options: HostPathOptions = {}): Volume {
    ({ options } = CHECKS.fromHostPath({ name, path, options }));
    return new Volume(name, { kind: 'hostPath', path, options });
  }

  /**
   * An NFS export, written `server:/path` (e.g. `nfs.example.com:/exports/data`). NFS volumes are
   * allowed by "baseline" but not by "restricted".
   */
  public static fromNfs(name: string, nfsExport: string, options: NfsOptions = {}): Volume {
    ({ options } = CHECKS.fromNfs({ name, nfsExport, options }));
    return new Volume(name, { kind: 'nfs', export: nfsExport, options });
  }

  /**
   * A CSI inline volume, for drivers whose CSIDriver object declares the `Ephemeral` lifecycle mode
   * (e.g. the Secrets Store CSI driver). Allowed by "restricted". The Alibaba Cloud disk, NAS and OSS
   * drivers do not declare it and are refused: use `fromPersistentVolumeClaim` or `ephemeralClaim`.
   */
  public static fromCsi(name: string, driver: string, options: CsiOptions = {}): Volume {
    ({ options } = CHECKS.fromCsi({ name, driver, options }));
    return new Volume(name, { kind: 'csi', driver, options });
  }

  /**
   * A claim made for each pod and deleted with it (a generic ephemeral volume,
   * `ephemeral.volumeClaimTemplate`): any dynamically provisioning StorageClass, e.g. ACK cloud disks
   * through `alicloud-disk-*`. The claim is named `<pod>-<volume>` and owned by the pod. Allowed by
   * "restricted".
   */
  public static ephemeralClaim(name: string, options: EphemeralClaimOptions): Volume {
    ({ options } = CHECKS.ephemeralClaim({ name, options }));
    return new Volume(name, {
      kind: 'ephemeral',
      options: { ...options, accessModes: options.accessModes && [...options.accessModes] },
    });
  }

  private constructor(
    /** The volume name: a DNS-1123 label, unique in the pod. */
    public readonly name: string,
    /** Where the data comes from. @internal */
    public readonly source: VolumeSource
  ) {
    freezeValueObject(this);
  }
}

/** A volume mounted into a container. */
export interface VolumeMount {
  /** The volume: a `Volume` (added to the pod if needed) or the name of one in the pod's `volumes`. */
  readonly volume: Volume | string;
  /** Absolute path in the container; unique per container. */
  readonly mountPath: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this relative path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}
