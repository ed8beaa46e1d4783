import { IConstruct } from 'constructs';
import { LogtailConfig, logtailSettingsText } from '../platforms/logtail';
import { addWarningProvider } from '../validation/warnings';

/**
 * Logtail config names across an app. Under `Platform.ack()` a container's `aliyun_logs_{name}` env var
 * declares a collection config named `{name}`, which "must be unique in the Kubernetes cluster" (Alibaba
 * Cloud, https://help.aliyun.com/document_detail/87540.html); every Job's container is named `main` by
 * default and the name defaults to the container's, so two Jobs easily declare the same one.
 *
 * Two Jobs with the same name and the same settings share one config (and its logstore): a warning.
 * Different settings under one name cannot both hold (one config has one source, project, logstore, TTL
 * and tags; the Job created last would change the other's collection): an error, at synth, since
 * containers can be added after construction.
 */

/** A job that declares Logtail configs. */
interface Declarer {
  readonly scope: IConstruct;
  readonly configs: () => readonly LogtailConfig[];
}

interface Registry {
  readonly declarers: Declarer[];
  /** Config name → who declares it; cleared when a declarer changes. */
  index?: Map<string, { declarer: Declarer; config: LogtailConfig }[]>;
}

/** The registry lives on the app's root construct (one per app, released with it). */
const REGISTRY = Symbol('cdk8s-batch:logtail-names');
type WithRegistry = IConstruct & { [REGISTRY]?: Registry };

function indexOf(registry: Registry) {
  if (registry.index) return registry.index;
  const index = new Map<string, { declarer: Declarer; config: LogtailConfig }[]>();
  for (const declarer of registry.declarers) {
    for (const config of declarer.configs()) {
      const list = index.get(config.name) ?? [];
      list.push({ declarer, config });
      index.set(config.name, list);
    }
  }
  registry.index = index;
  return index;
}

const HOW =
  "set a distinct logs.ack.name on one of them (e.g. the Job's name; logs.ack.logstore keeps one logstore for both)";

/** The problems of `self`'s configs against the other jobs': errors, or warnings. */
function clashes(registry: Registry, self: Declarer, kind: 'error' | 'warning'): string[] {
  const out: string[] = [];
  const index = indexOf(registry);
  for (const mine of self.configs()) {
    const others = (index.get(mine.name) ?? []).filter((o) => o.declarer.scope !== self.scope);
    for (const other of others) {
      const a = logtailSettingsText(mine.settings);
      const b = logtailSettingsText(other.config.settings);
      const where = `container "${mine.container}": Logtail config "aliyun_logs_${mine.name}" is also declared by ${other.declarer.scope.node.path} (container "${other.config.container}")`;
      if (a !== b && kind === 'error') {
        out.push(
          `${where} with other settings (${a} here; ${b} there). A config name is one collection config in ` +
            `the cluster, so one Job's settings would replace the other's: ${HOW}`
        );
      } else if (a === b && kind === 'warning') {
        out.push(
          `${where}: config names are unique in the cluster, so both Jobs share one collection config and ` +
            `their logs one logstore; if that is not meant, ${HOW}`
        );
      }
    }
  }
  return out;
}

/**
 * Registers a job's Logtail configs for the app-wide check: a warning per shared config, an error per
 * config declared with other settings elsewhere. Returns what to call when the job's configs change.
 */
export function registerLogtailConfigs(
  scope: IConstruct,
  configs: () => readonly LogtailConfig[]
): () => void {
  const root = scope.node.root as WithRegistry;
  const registry = (root[REGISTRY] ??= { declarers: [] });
  const self: Declarer = { scope, configs };
  registry.declarers.push(self);
  registry.index = undefined;
  addWarningProvider(scope, () => clashes(registry, self, 'warning'));
  scope.node.addValidation({ validate: () => clashes(registry, self, 'error') });
  return () => (registry.index = undefined);
}
