/** Volume mounts (`ValidateVolumeMounts`). */
import { relativePathProblem } from '../../../lib/rules/paths';
import { asList, asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { containersOf, family, quote, str, unsupported } from './helpers';

const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];

/** Volume mounts (`ValidateVolumeMounts`): an existing volume, unique mount paths, relative sub-paths. */
export function volumeMountRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('volume-mounts');
  const volumes = new Set(asList(spec.volumes).map((v) => asObject(v)?.name));
  for (const { c, path: at } of containersOf(spec, path)) {
    const mountPaths = new Set<string>();
    const privileged = asObject(c.securityContext)?.privileged === true;
    asList(c.volumeMounts).forEach((m, i) => {
      const mount = asObject(m) ?? {};
      const mountPath = keyPath(fieldPath(at, 'volumeMounts'), i);
      const name = str(mount.name);
      if (!name) add(fieldPath(mountPath, 'name'), 'is required');
      else if (!volumes.has(name))
        add(fieldPath(mountPath, 'name'), `not found: no volume named ${quote(name)} in the pod`);
      const target = str(mount.mountPath);
      if (!target) add(fieldPath(mountPath, 'mountPath'), 'is required');
      else {
        if (mountPaths.has(target)) add(fieldPath(mountPath, 'mountPath'), 'must be unique');
        mountPaths.add(target);
      }
      for (const field of ['subPath', 'subPathExpr']) {
        const sub = str(mount[field]);
        const problem = sub ? relativePathProblem(sub) : undefined;
        if (problem) add(fieldPath(mountPath, field), problem);
      }
      if (str(mount.subPath) && str(mount.subPathExpr)) {
        add(fieldPath(mountPath, 'subPathExpr'), 'subPathExpr and subPath are mutually exclusive');
      }
      const propagation = mount.mountPropagation;
      if (typeof propagation === 'string') {
        if (!PROPAGATIONS.includes(propagation)) {
          add(fieldPath(mountPath, 'mountPropagation'), unsupported(propagation, PROPAGATIONS));
        } else if (propagation === 'Bidirectional' && !privileged) {
          add(
            fieldPath(mountPath, 'mountPropagation'),
            'Bidirectional mount propagation is available only to privileged containers'
          );
        }
      }
    });
  }
  return problems;
}
