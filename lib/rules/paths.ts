/**
 * Problem with a relative path inside a volume: `subPath`, or with `itemPath` a ConfigMap/Secret
 * item path, which also must not start with `..` (the kubelet's own `..data` files live there).
 * @internal
 */
export function relativePathProblem(path: string, itemPath = false): string | undefined {
  if (path.length === 0) return 'must not be empty';
  if (path.startsWith('/')) return 'must be a relative path';
  if (path.split('/').includes('..')) return "must not contain '..'";
  if (itemPath && path.startsWith('..')) return "must not start with '..'";
  return undefined;
}

/** Problem with an absolute path in a container (mountPath, workingDir). @internal */
export function absolutePathProblem(path: string): string | undefined {
  return path.startsWith('/') ? undefined : "must be an absolute path (starting with '/')";
}

/** Problem with a path that must not go up a directory (hostPath, `..` as an element). @internal */
export function noBackstepsProblem(path: string): string | undefined {
  return path.split('/').includes('..') ? "must not contain '..'" : undefined;
}
