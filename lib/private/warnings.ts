import { IConstruct } from 'constructs';

const WARNING = 'cdk8s-batch:warning';
const PROVIDERS = new WeakMap<IConstruct, Array<() => string[]>>();

/** A warning raised while building a construct: the manifest is valid, but maybe not what was meant. */
export interface Warning {
  /** The construct path. */
  readonly path: string;
  /** What to look at. */
  readonly message: string;
}

/** Records a warning on a construct. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING, message, { stackTrace: false });
}

/**
 * Registers warnings computed from a construct's final state (e.g. after containers were added);
 * they are computed when the warnings are collected.
 */
export function addWarningProvider(scope: IConstruct, provider: () => string[]): void {
  PROVIDERS.set(scope, [...(PROVIDERS.get(scope) ?? []), provider]);
}

/** Every warning recorded under `root`, in tree order. */
export function collectWarnings(root: IConstruct): Warning[] {
  return root.node.findAll().flatMap((c) => {
    const recorded = c.node.metadata.filter((m) => m.type === WARNING).map((m) => String(m.data));
    const computed = (PROVIDERS.get(c) ?? []).flatMap((p) => p());
    return [...recorded, ...computed].map((message) => ({ path: c.node.path, message }));
  });
}
