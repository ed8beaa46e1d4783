/**
 * Names and formats the props schemas and the renderer share: what the pod renders by itself (so the
 * schemas refuse them as user input) and how a value the schema accepted is read back when rendering.
 */

/** Env variables and volume names the indexed pattern renders itself. */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
export const WORK_ITEM_FILE_ENV = 'WORK_ITEM_FILE';
export const WORK_ITEMS_VOLUME = 'work-items';
export const WORK_ITEMS_DIR = '/var/run/cdk8s-batch/work-items';
/** The emptyDir mounted at /tmp for containers with a read-only root filesystem. */
export const WRITABLE_TMP = 'writable-tmp';
/** Pod template annotation recording each container's log locations. */
export const LOGS_ANNOTATION = 'cdk8s-batch.io/logs';

/** The name a container gets when none is given. */
export function defaultContainerName(index: number, init: boolean): string {
  if (init) return `init-${index}`;
  return index === 0 ? 'main' : `container-${index}`;
}

/** The name a sidecar container gets when none is given. */
export function defaultSidecarName(index: number): string {
  return `sidecar-${index}`;
}

/** An NFS export: `server:/absolute/path`. */
const NFS_EXPORT = /^([^:/\s]+|\[[0-9a-fA-F:]+\]):(\/.*)$/;

/** Splits `server:/path`, or returns undefined when it is not of that form. @internal */
export function parseNfsExport(value: string): { server: string; path: string } | undefined {
  if (value.includes('://')) return undefined; // a URL such as nfs://host/path, not server:/path
  const match = NFS_EXPORT.exec(value);
  return match ? { server: match[1], path: match[2] } : undefined;
}
