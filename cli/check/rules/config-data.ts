/** ConfigMap and Secret data (`ValidateConfigMap`, `ValidateSecret`). */
import { configKeyProblem } from '../../../lib/rules/names';
import { asObject, Json, ManifestProblem } from '../manifest-defaults';
import { keyPath } from '../schema-check';
import { family } from './helpers';

/** ConfigMap and Secret data: valid keys, no key in both data and binaryData, at most 1 MiB. */
export function configDataRules(obj: Json): ManifestProblem[] {
  const { problems, add } = family('config-data');
  const fields = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const seen = new Set<string>();
  let size = 0;
  for (const field of fields) {
    for (const [key, value] of Object.entries(asObject(obj[field]) ?? {})) {
      const problem = configKeyProblem(key);
      if (problem) add(keyPath(field, key), `key ${problem}`);
      if (obj.kind === 'ConfigMap' && seen.has(key))
        add(keyPath(field, key), 'duplicate of key present in data');
      seen.add(key);
      const base64 = (obj.kind === 'Secret' && field === 'data') || field === 'binaryData';
      size += Buffer.byteLength(key) + Buffer.from(String(value ?? ''), base64 ? 'base64' : 'utf8').length;
    }
  }
  if (size > 1024 * 1024) add(fields[0], `must have at most 1048576 bytes in total (has ${size})`);
  return problems;
}
