import { IConstruct } from 'constructs';
import { SITE_FREE } from '../rules/utils';

const WARNING = 'cdk8s-batch:warning';
/**
 * Where a construct keeps its warning providers: a property of its own, not a WeakMap keyed by
 * construct (a weak collection with an entry per job made garbage collection grow faster than the
 * fleet).
 */
const PROVIDERS = Symbol('cdk8s-batch:warning-providers');
type WithProviders = IConstruct & { [PROVIDERS]?: Array<() => string[]> };

/** A warning raised while building a construct: the manifest is valid, but maybe not what was meant. */
export interface Warning {
  /** The construct path. */
  readonly path: string;
  /** What to look at. */
  readonly message: string;
}

/** Records a warning on a construct. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING, message, { ...SITE_FREE, stackTrace: false });
}

/**
 * Registers warnings computed from a construct's final state (e.g. after containers were added);
 * they are computed when the warnings are collected.
 */
export function addWarningProvider(scope: IConstruct, provider: () => string[]): void {
  const c = scope as WithProviders;
  (c[PROVIDERS] ??= []).push(provider);
}

/** Every warning recorded under `root`, in tree order. */
export function collectWarnings(root: IConstruct): Warning[] {
  return root.node.findAll().flatMap((c) => {
    const recorded = c.node.metadata.filter((m) => m.type === WARNING).map((m) => String(m.data));
    const computed = ((c as WithProviders)[PROVIDERS] ?? []).flatMap((p) => p());
    return [...recorded, ...computed].map((message) => ({ ...SITE_FREE, path: c.node.path, message }));
  });
}
