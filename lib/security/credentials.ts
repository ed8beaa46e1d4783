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
 * - a word that is `PASS`, `PWD`, `AUTH` or `COOKIE` (`SMTP_PASS`, `DB_PWD`, `BASIC_AUTH`);
 *   the whole names `PWD` and `OLDPWD` are the shell's working folders, not credentials;
 * - `KEY` as its last word, or `KEY` after `API`, `ACCESS`, `SECRET`, `PRIVATE`, `SIGNING`, `ENCRYPTION`,
 *   `MASTER`, `LICENSE` or `AUTH` (`SSH_KEY`, `ACCESS_KEY_ID`, `API_KEY_FILE`).
 * Case does not matter. A value looks like a credential when it is a URL with a password
 * (`postgres://user:pw@db/app`, `redis://:pw@cache:6379`).
 */

const CONTAINS = ['PASSWORD', 'PASSWD', 'SECRET', 'CREDENTIAL'];
const ENDS_WITH = ['TOKEN', 'PASSPHRASE', 'APIKEY', 'ACCESSKEY', 'SECRETKEY', 'PRIVATEKEY'];
const WHOLE_WORDS = new Set(['PASS', 'PWD', 'AUTH', 'COOKIE']);
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
  'ACCESSKEY, SECRETKEY or PRIVATEKEY; a word PASS, PWD, AUTH or COOKIE; or KEY as the last word or after ' +
  'API, ACCESS, SECRET, PRIVATE, SIGNING, ENCRYPTION, MASTER, LICENSE or AUTH';

/** The words of a name: split at non-alphanumerics and at lower-to-upper case changes, upper-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toUpperCase());
}

/** Whether a variable or key name looks like it holds a credential (see the module comment). */
export function looksLikeCredentialName(name: string): boolean {
  if (typeof name !== 'string' || NOT_CREDENTIALS.has(name.toUpperCase())) return false;
  const words = nameWords(name);
  return words.some(
    (word, i) =>
      CONTAINS.some((stem) => word.includes(stem)) ||
      ENDS_WITH.some((stem) => word.endsWith(stem)) ||
      WHOLE_WORDS.has(word) ||
      (word === 'KEY' && (i === words.length - 1 || (i > 0 && KEY_QUALIFIERS.has(words[i - 1]))))
  );
}

const URL_WITH_PASSWORD = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/;

/** Whether a value is a URL with a password in it (`scheme://user:password@host`). */
export function hasUrlPassword(value: unknown): boolean {
  return typeof value === 'string' && URL_WITH_PASSWORD.test(value.trim());
}

/**
 * Whether a value found under `path` (object keys and array indexes, outermost first) may be a credential:
 * any key on the path looks like a credential name, or the value is a URL with a password. For an env list
 * item (`{ name, value }`), pass the item's `name` as the last key.
 */
export function isCredentialAt(path: readonly PropertyKey[], value?: unknown): boolean {
  return path.some((key) => typeof key === 'string' && looksLikeCredentialName(key)) || hasUrlPassword(value);
}

/** Stands in for a credential's value in messages. */
export const HIDDEN_VALUE = 'a value that may be a credential, not shown';
