import { IConstruct } from 'constructs';

const WARNING = 'cdk8s-batch:warning';

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

/** Every warning recorded under `root`, in tree order. */
export function collectWarnings(root: IConstruct): Warning[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === WARNING)
        .map((m) => ({ path: c.node.path, message: String(m.data) }))
    );
}
