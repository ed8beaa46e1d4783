/**
 * What counts as a credential, in one list, for the constructs (a literal credential in `env` is an error),
 * the error messages (a credential's value is never printed), and the command line (`validate`, `summary` and
 * `import` never print or write one; `import` turns a literal into a Secret reference).
 *
 * A variable (or any map key) looks like a credential when its name, split into words at `_`, `-`, `.` and
 * lower-to-upper case changes (`dbPassword` → `db`, `Password`), has:
 * - a word that contains `PASSWORD`, `PASSWD`, `SECRET` or `CREDENTIAL`
 *   (`MYSQL_ROOT_PASSWORD`, `DBPASSWORD`, `AWS_SECRET_ACCESS_KEY`, `GOOGLE_APPLICATION_CREDENTIALS`);
 * - a word that is or ends with `TOKEN`, `PASSPHRASE`, `APIKEY`, `ACCESSKEY`, `SECRETKEY` or `PRIVATEKEY`
 *   (`GITHUB_TOKEN`, `HFTOKEN`, `OPENAI_APIKEY`);
 * - `PASS`, `PWD`, `AUTH`, `COOKIE` or `KEY` as its last word (`SMTP_PASS`, `DB_PWD`, `BASIC_AUTH`, `SSH_KEY`;
 *   not `PASS_COUNT`); the whole names `PWD` and `OLDPWD` are the shell's working folders, not credentials;
 * - `KEY` after `API`, `ACCESS`, `SECRET`, `PRIVATE`, `SIGNING`, `ENCRYPTION`,
 *   `MASTER`, `LICENSE` or `AUTH` (`ACCESS_KEY_ID`, `API_KEY_FILE`).
 * Case does not matter. A value looks like a credential when it is a URL with a password
 * (`postgres://user:pw@db/app`, `redis://:pw@cache:6379`).
 */

const CONTAINS = ['PASSWORD', 'PASSWD', 'SECRET', 'CREDENTIAL'];
const ENDS_WITH = ['TOKEN', 'PASSPHRASE', 'APIKEY', 'ACCESSKEY', 'SECRETKEY', 'PRIVATEKEY'];
const LAST_WORDS = new Set(['PASS', 'PWD', 'AUTH', 'COOKIE', 'KEY']);
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'SECRET',
  'PRIVATE',
  'SIGNING',
  'ENCRYPTION',
  'MASTER',
  'LICENSE',
  'AUTH',
]);
const NOT_CREDENTIALS = new Set(['PWD', 'OLDPWD']);

/** The rule of {@link looksLikeCredentialName} in one line, for messages and docs. */
export const CREDENTIAL_NAME_RULE =
  'a name with a word containing PASSWORD, PASSWD, SECRET or CREDENTIAL; ending in TOKEN, PASSPHRASE, APIKEY, ' +
  'ACCESSKEY, SECRETKEY or PRIVATEKEY; PASS, PWD, AUTH, COOKIE or KEY as the last word; or KEY after ' +
  'API, ACCESS, SECRET, PRIVATE, SIGNING, ENCRYPTION, MASTER, LICENSE or AUTH (names split into words at _ - . ' +
  'and case changes; PWD and OLDPWD alone are not credentials)';

/** The words of a name: split at non-alphanumerics and at lower-to-upper case changes, upper-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toUpperCase());
}

/**
 * `looksLikeCredentialName` of the names seen so far: every Job of a fleet names the same variables.
 * Bounded: names up to 256 characters, emptied when full.
 */
const CREDENTIAL_NAMES = new Map<string, boolean>();
const CREDENTIAL_NAMES_MAX = 10_000;

/** Whether a variable or key name looks like it holds a credential (see the module comment). */
export function looksLikeCredentialName(name: string): boolean {
  if (typeof name !== 'string') return false;
  if (name.length > 256) return readsLikeCredential(name);
  let credential = CREDENTIAL_NAMES.get(name);
  if (credential === undefined) {
    credential = readsLikeCredential(name);
    if (CREDENTIAL_NAMES.size >= CREDENTIAL_NAMES_MAX) CREDENTIAL_NAMES.clear();
    CREDENTIAL_NAMES.set(name, credential);
  }
  return credential;
}

function readsLikeCredential(name: string): boolean {
  if (NOT_CREDENTIALS.has(name.toUpperCase())) return false;
  const words = nameWords(name);
  return words.some(
    (word, i) =>
      CONTAINS.some((stem) => word.includes(stem)) ||
      ENDS_WITH.some((stem) => word.endsWith(stem)) ||
      (i === words.length - 1 && LAST_WORDS.has(word)) ||
      (word === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]))
  );
}

const URL_WITH_PASSWORD = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/;

/** Whether a value is a URL with a password in it (`scheme://user:password@host`). */
export function hasUrlPassword(value: unknown): boolean {
  return typeof value === 'string' && URL_WITH_PASSWORD.test(value.trim());
}

/**
 * Whether a value found under `path` (a construct's props path: keys and indexes, outermost first) may be a
 * credential: it is under `env.<name>` with a credential-looking name, or it is a URL with a password. Prop
 * names themselves (`imagePullSecrets`, `secretKeyRef.key`) say nothing about the value.
 */
export function isCredentialAt(path: readonly PropertyKey[], value?: unknown): boolean {
  return (
    path.some(
      (key, i) => i > 0 && path[i - 1] === 'env' && typeof key === 'string' && looksLikeCredentialName(key)
    ) || hasUrlPassword(value)
  );
}

/** Stands in for a credential's value in messages. */
export const HIDDEN_VALUE = 'a value that may be a credential, not shown';

/**
 * A `JSON.stringify` replacer that puts {@link HIDDEN_MARK} in place of every value that may be a credential:
 * under a credential-looking key, the `value` of a `{ name, value }` item whose name looks like one, and URLs
 * with a password. Use it wherever input is printed as JSON.
 */
export function hideCredentials(this: unknown, key: string, value: unknown): unknown {
  const holder = this as { name?: unknown } | null;
  if (key !== '' && looksLikeCredentialName(key)) return HIDDEN_MARK;
  if (
    key === 'value' &&
    holder !== null &&
    typeof holder === 'object' &&
    typeof holder.name === 'string' &&
    looksLikeCredentialName(holder.name)
  )
    return HIDDEN_MARK;
  if (hasUrlPassword(value)) return HIDDEN_MARK;
  return typeof value === 'bigint' ? String(value) : value;
}

/** What {@link hideCredentials} writes instead of a credential. */
export const HIDDEN_MARK = '<hidden: may be a credential>';
