import type { EnvValue } from '../values/container';

/**
 * The settings of one Logtail collection config, keyed by env suffix: `''` for the source
 * (`aliyun_logs_{name}`: `stdout` or a file path), then `project`, `logstore`, `shard`, `ttl`, `tags`,
 * `machinegroup` (Alibaba Cloud, "collect container logs through environment variables":
 * https://help.aliyun.com/document_detail/87540.html).
 */
export type LogtailSettings = Readonly<Record<string, string>>;

/** One Logtail collection config a pod declares. */
export interface LogtailConfig {
  /** The config name, `{name}` of `aliyun_logs_{name}`. */
  readonly name: string;
  /** The container whose env declares it. */
  readonly container: string;
  readonly settings: LogtailSettings;
}

const SETTING = /^aliyun_logs_([^_]+)(?:_(project|logstore|shard|ttl|tags|machinegroup))?$/;

/** What a variable's value is: a literal, or where it is read from (a reference is compared by its source). */
function valueText(value: EnvValue | string): string {
  if (typeof value === 'string') return value;
  const s = value.source;
  if (s.value !== undefined) return s.value;
  return `(read from ${JSON.stringify({ ...s })})`;
}

/**
 * The Logtail configs declared by the env of `containers`: one per `aliyun_logs_{name}` variable, with the
 * `aliyun_logs_{name}_<setting>` variables of the same container as its settings.
 */
export function logtailConfigsOf(
  containers: readonly { readonly name: string; readonly env?: Readonly<Record<string, EnvValue | string>> }[]
): LogtailConfig[] {
  const out: LogtailConfig[] = [];
  for (const c of containers) {
    const byName = new Map<string, Record<string, string>>();
    for (const [key, value] of Object.entries(c.env ?? {})) {
      const m = SETTING.exec(key);
      if (!m) continue;
      const settings = byName.get(m[1]) ?? {};
      settings[m[2] ?? ''] = valueText(value);
      byName.set(m[1], settings);
    }
    for (const [name, settings] of byName) {
      if (settings[''] !== undefined) out.push({ name, container: c.name, settings });
    }
  }
  return out;
}

/** The settings as one line, in a fixed order, for messages and comparisons. */
export function logtailSettingsText(settings: LogtailSettings): string {
  return Object.keys(settings)
    .sort()
    .map((k) => (k === '' ? `source ${JSON.stringify(settings[k])}` : `${k} ${JSON.stringify(settings[k])}`))
    .join(', ');
}
