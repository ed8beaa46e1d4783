/**
 * `cdk8s-batch import` never writes a credential: a literal env value that looks like one (the one rule of
 * `security/credentials.ts`: the variable's name, or a URL with a password) becomes a reference to a key of
 * a Secret named after the object (`<name>-env`). The object is changed before the mapping, so the props, the
 * JSON patches and the round-trip check all see the reference; the value is never kept, printed or written.
 * The report gives the `kubectl create secret` command that creates the Secret, with placeholders.
 */
import { hasUrlPassword, looksLikeCredentialName } from '../../lib/rules/credentials';
import { asList, asObject, Json } from '../check/manifest-defaults';
import { configKeyProblem, dnsLabelProblem, dnsSubdomainProblem } from '../../lib/rules/names';
import type { MappingContext, Segments } from './props';

/** A Secret the generated code references, which has to be created before the objects are applied. */
export interface SecretToCreate {
  readonly name: string;
  /** The namespace of the object, when it names one (else kubectl's current one). */
  readonly namespace?: string;
  /** The keys, each with the variable and container it is for (never the value). */
  readonly keys: readonly { readonly key: string; readonly variable: string; readonly path: string }[];
  /** `kubectl create secret generic ...` with a shell placeholder for each value. */
  readonly command: string;
}

/** Thrown for an env variable that may hold a credential but cannot be moved to a Secret; the value is not in it. */
export class CredentialError extends Error {}

/** `<name>-env`, a DNS subdomain made of the object's name (or construct id). */
export function secretNameFor(name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 240)
      .replace(/-+$/, '') || 'imported';
  const secret = `${base}-env`;
  if (dnsSubdomainProblem(secret)) throw new Error(`internal error: Secret name ${JSON.stringify(secret)}`);
  return secret;
}

/** A Secret key for a variable name: letters, digits, `-`, `_` and `.`, not starting with `.`. */
function keyFor(variable: string): string {
  const key =
    variable
      .replace(/[^-._a-zA-Z0-9]/g, '_')
      .replace(/^\./, '_')
      .slice(0, 240) || 'value';
  if (configKeyProblem(key)) throw new Error(`internal error: Secret key ${JSON.stringify(key)}`);
  return key;
}

/** A shell variable name for a placeholder (`"${DB_PASSWORD:?}"`). */
function shellVariable(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

const dottedPath = (path: Segments) =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/**
 * Replaces, in the pod template of a cleaned Job or CronJob (`object` is changed), every literal env value that
 * may be a credential with a `secretKeyRef` to the Secret `secretNameFor(id)`; records a `credential`
 * normalization for each. Returns the Secret to create, or undefined when there was no such value.
 */
export function moveCredentialsToSecret(
  object: Json,
  id: string,
  ctx: MappingContext,
  defaultNamespace: boolean
): SecretToCreate | undefined {
  const isCron = object.kind === 'CronJob';
  const spec = asObject(object.spec);
  const template = asObject((isCron ? asObject(asObject(spec?.jobTemplate)?.spec) : spec)?.template);
  const pod = asObject(template?.spec);
  if (!pod) return undefined;
  const base: Segments = isCron
    ? ['spec', 'jobTemplate', 'spec', 'template', 'spec']
    : ['spec', 'template', 'spec'];
  const secret = secretNameFor(id);
  const values = new Map<string, string>(); // key → value, only to tell two values apart; never shown
  const keys: { key: string; variable: string; path: string }[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    asList(pod[list]).forEach((c, ci) => {
      const env = asObject(c)?.env;
      if (!Array.isArray(env)) return;
      env.forEach((item, i) => {
        const e = asObject(item);
        if (!e) return;
        const at = [...base, list, ci, 'env', i];
        const name = e.name;
        const value = e.value;
        const credential =
          (typeof name === 'string' && looksLikeCredentialName(name)) || hasUrlPassword(value);
        if (!credential || value === undefined || value === null || value === '') return;
        const where = `${dottedPath(at)}${typeof name === 'string' ? ` (${JSON.stringify(name)})` : ''}`;
        if (typeof value !== 'string')
          throw new CredentialError(
            `${where}: the value is not a string (Kubernetes rejects it); not shown, as it may be a credential`
          );
        if (typeof name !== 'string')
          throw new CredentialError(`${where}: a variable without a name whose value may be a credential`);
        if (Object.keys(e).some((k) => k !== 'name' && k !== 'value'))
          throw new CredentialError(
            `${where}: value and other fields (Kubernetes rejects value with valueFrom); not shown, as it may be a credential`
          );
        let key = keyFor(name);
        for (let n = 2; values.has(key) && values.get(key) !== value; n++) key = keyFor(`${name}_${n}`);
        if (!values.has(key)) keys.push({ key, variable: name, path: dottedPath(at) });
        values.set(key, value);
        env[i] = { name, valueFrom: { secretKeyRef: { name: secret, key } } };
        ctx.normalize(
          'credential',
          at,
          `${JSON.stringify(name)} had a literal value that may be a credential (not shown): now Secret ${secret}, key ${key}`
        );
      });
    });
  }
  if (keys.length === 0) return undefined;
  const declared = asObject(object.metadata)?.namespace;
  const namespace =
    typeof declared === 'string' && declared !== '' ? declared : defaultNamespace ? 'default' : undefined;
  const nsOption =
    namespace === undefined ? '' : ` --namespace ${dnsLabelProblem(namespace) ? '<namespace>' : namespace}`;
  const literals = keys.map((k) => ` --from-literal=${k.key}="\${${shellVariable(k.key)}:?}"`).join('');
  return {
    name: secret,
    ...(namespace === undefined ? {} : { namespace }),
    keys,
    command: `kubectl create secret generic ${secret}${nsOption}${literals}`,
  };
}
