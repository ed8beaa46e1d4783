import { ApiObject, App } from 'cdk8s';
import { ValidationError } from '../validation/errors';

/** `kind namespace/name` (`kind name` without a namespace): what `kubectl apply` identifies an object by. */
export function objectIdentity(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { kind, metadata } = doc as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof kind !== 'string' || typeof metadata?.name !== 'string') return undefined;
  const namespace =
    typeof metadata.namespace === 'string' && metadata.namespace !== '' ? `${metadata.namespace}/` : '';
  return `${kind} ${namespace}${metadata.name}`;
}

/** The identities found more than once among `docs`. */
export function duplicateIdentities(docs: readonly unknown[]): string[] {
  return repeated(docs.map(objectIdentity));
}

/** The identities (`objectIdentity`) found more than once. */
function repeated(identities: readonly (string | undefined)[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of identities) {
    if (id === undefined) continue;
    if (seen.has(id)) twice.add(id);
    seen.add(id);
  }
  return [...twice];
}

/**
 * Throws a `ValidationError` when two objects of `app` have the same kind, namespace and name (among
 * `identities`, the `objectIdentity` of each synthesized manifest: the manifests themselves need not be
 * kept): one would replace the other on apply. Names the construct of each.
 */
export function assertUniqueObjects(app: App, identities: readonly (string | undefined)[]): void {
  const duplicates = new Set(repeated(identities));
  if (duplicates.size === 0) return;
  // Only now (an error) map each manifest back to its construct.
  const paths = new Map<string, string[]>();
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const id = objectIdentity(c.toJson());
    if (id === undefined || !duplicates.has(id)) continue;
    const owner = c.node.id === 'Resource' && c.node.scope ? c.node.scope : c;
    paths.set(id, [...(paths.get(id) ?? []), owner.node.path]);
  }
  const [first] = [...paths.entries()];
  const problems = [...paths.entries()].map(([id, [, ...others]]) => ({
    field: 'metadata.name',
    message:
      `${id} is also written by ${others.map((p) => `'${p}'`).join(', ')}: ` +
      'one would replace the other on apply; give one of them another name or namespace',
  }));
  throw new ValidationError('app', first[1][0], problems);
}
