/**
 * How go-yaml v2 (the YAML library of kubectl, through sigs.k8s.io/yaml) resolves a plain scalar: its
 * `resolve.go` table and its integer and float parsing. kubectl's reader (`cli/read/kubectl-yaml.ts`) reads
 * with it, and our YAML writer (`lib/render/yaml.ts`) quotes every string it would not read back as that string.
 */

/** The Go type a scalar decodes to (`uint`: an integer beyond int64, which sigs.k8s.io/yaml cannot use as a key). */
export type GoKind = 'null' | 'bool' | 'int' | 'uint' | 'float' | 'str' | 'timestamp';

export interface Resolved {
  readonly kind: GoKind;
  readonly value: unknown;
  /** The exact integer, for `int` and `uint`. */
  readonly int?: bigint;
}

const RESOLVE_MAP = new Map<string, Resolved>();
for (const [kind, value, words] of [
  ['bool', true, 'y Y yes Yes YES true True TRUE on On ON'],
  ['bool', false, 'n N no No NO false False FALSE off Off OFF'],
  ['null', null, '~ null Null NULL'],
  ['float', NaN, '.nan .NaN .NAN'],
  ['float', Infinity, '.inf .Inf .INF +.inf +.Inf +.INF'],
  ['float', -Infinity, '-.inf -.Inf -.INF'],
] as const) {
  for (const word of words.split(' ')) RESOLVE_MAP.set(word, { kind, value });
}
RESOLVE_MAP.set('', { kind: 'null', value: null });

/** go-yaml v2's `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's `strconv.ParseInt(s, 0, 64)` accepts (underscores already removed). */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** What Go's `strconv.ParseFloat` accepts for a string starting with `.` (underscores between digits). */
const GO_DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;
/** The timestamp forms go-yaml v2 tries (`2006-1-2T15:4:5.999999999Z07:00`, `2006-1-2 15:4:5.999999999`, `2006-1-2`). */
const GO_TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?))?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** go-yaml v2's `resolve(tag, in)` for an untagged plain scalar (tag `''`) or the tags it resolves. */
export function resolveScalar(text: string, tag: '' | GoKind = ''): Resolved {
  const first = text.charCodeAt(0);
  // The hint table: signs, digits, the first letters of the words above, '.', and the empty string.
  const isDigit = first >= 48 && first <= 57;
  const isSign = first === 43 || first === 45;
  if (text !== '' && !isDigit && !isSign && first !== 46 && !'yYnNtTfFoO~'.includes(text[0])) {
    return { kind: 'str', value: text };
  }
  const known = RESOLVE_MAP.get(text);
  if (known) return known;
  if (first === 46) {
    if (GO_DOT_FLOAT.test(text)) return { kind: 'float', value: Number(text.replace(/_/g, '')) };
  } else if (isDigit || isSign) {
    if (tag === 'timestamp' && GO_TIMESTAMP.test(text)) return { kind: 'timestamp', value: text };
    const plain = text.includes('_') ? text.replace(/_/g, '') : text;
    const int = GO_INT.exec(plain);
    if (int) {
      const digits = int[2];
      const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.toLowerCase());
      const n = int[1] === '-' ? -magnitude : magnitude;
      if (n >= INT64_MIN && n <= INT64_MAX) return { kind: 'int', value: Number(n), int: n };
      if (int[1] === '' && n <= UINT64_MAX) return { kind: 'uint', value: Number(n), int: n };
    }
    if (YAML_STYLE_FLOAT.test(plain)) {
      const value = Number(plain);
      // Go's ParseFloat fails with ErrRange past float64: the scalar stays a string.
      if (Number.isFinite(value)) return { kind: 'float', value };
    }
  }
  return { kind: 'str', value: text };
}
