/**
 * CSI drivers that cannot serve an inline (`csi:`) pod volume, shared by the constructs (`Volume.fromCsi`)
 * and `validate`.
 *
 * The kubelet mounts an inline CSI volume only when the driver's CSIDriver object lists the `Ephemeral`
 * lifecycle mode; a CSIDriver without `volumeLifecycleModes` supports `Persistent` only, and the kubelet
 * fails the mount with `volume mode "Ephemeral" not supported by driver …` (the pod stays in
 * ContainerCreating): `supportsVolumeLifecycleMode` in
 * https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/volume/csi/csi_plugin.go.
 * The Alibaba Cloud drivers' CSIDriver objects declare no lifecycle modes:
 * https://github.com/kubernetes-sigs/alibaba-cloud-csi-driver/blob/master/deploy/charts/alibaba-cloud-csi-driver/templates/csi-driver.yaml
 * (the ACK component installs the same objects). Their volumes are used through a PersistentVolumeClaim:
 * an existing one, or a per-pod one from an `ephemeral.volumeClaimTemplate` with one of their storage classes.
 */
export const PERSISTENT_ONLY_CSI_DRIVERS: ReadonlyMap<string, string> = new Map([
  ['diskplugin.csi.alibabacloud.com', 'Alibaba Cloud disk'],
  ['nasplugin.csi.alibabacloud.com', 'Alibaba Cloud NAS'],
  ['ossplugin.csi.alibabacloud.com', 'Alibaba Cloud OSS'],
]);

/**
 * Why an inline CSI volume of `driver` cannot be mounted, or undefined when nothing is known against it.
 * The caller adds what to use instead, in its own terms (a factory or a manifest field).
 */
export function inlineCsiDriverProblem(driver: string): string | undefined {
  const what = PERSISTENT_ONLY_CSI_DRIVERS.get(driver);
  if (what === undefined) return undefined;
  return (
    `${driver} (${what}) does not support inline CSI volumes: its CSIDriver object declares only the ` +
    'Persistent lifecycle mode, so the kubelet refuses to mount the volume and the pod never starts'
  );
}
