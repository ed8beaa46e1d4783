/**
 * YAML values as kubectl reads them. kubectl (sigs.k8s.io/yaml on go-yaml v2) decodes each document into
 * untyped Go values and converts them to JSON; this module gives the same JSON values:
 *
 * - Plain scalars resolve by go-yaml v2's rules (`resolve.go`): `y`, `yes`, `on` and their capitalized forms are
 *   booleans; integers are Go literals after removing `_` (`0644` and `0o644` octal, `0x1F`, `0b101`); floats
 *   must look like `1.5e3` and fit a float64 (`1e400` stays a string); timestamps (`2024-01-01`) and
 *   sexagesimal numbers (`1:20`) stay strings.
 * - An explicit tag that does not fit is an error (`!!int abc`), `!!float 3` is 3.
 * - `!!binary` is base64 (strict, padding required, line breaks ignored) decoded into a string, invalid UTF-8
 *   bytes replaced one by one with U+FFFD (what Go's JSON encoder does).
 * - Map keys become strings as sigs.k8s.io/yaml writes them (`true`, `420`, float keys in Go's shortest
 *   float32 form: `1e+06`, `.inf`); a null, a very large integer or a collection as a key is an error.
 * - `<<` merges as go-yaml v2 does: a merge overwrites the keys before it, keys after it override it, and in
 *   `<<: [*a, *b]` the earlier map wins.
 * - `.inf` and `.nan` as values are errors (JSON has no such numbers); so are `\uD800`-style escapes.
 * - `!!set`, `!!omap` and unknown tags read as plain mappings, sequences and strings.
 *
 * Two choices differ from kubectl on purpose: a key given twice is an error (kubectl keeps one of them, the
 * last or, for `1` and `"1"`, either), and integers beyond 2^53 lose precision (JavaScript numbers).
 *
 * {@link KubectlValues} builds the values instead of the `yaml` package's `toJS`, in time linear in the
 * document: each alias is resolved once by a map of anchors and reuses the value built for its anchor (`toJS`
 * looks each alias up by walking the document), duplicate keys are found by the object's own keys (the parser's
 * check compares every key with every other), and what aliases add is counted against a budget
 * ({@link READ_LIMITS}.maxAliasExpansion), as are the nodes built (maxNodes) and the nesting aliases make
 * (maxDepth). `toJS` counted aliases, not what they expand to: a 1 MiB string used 900 times passed its limit.
 */
import { isUtf8 } from 'node:buffer';
import {
  Alias,
  DocumentOptions,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  ParseOptions,
  Scalar,
  ScalarTag,
  SchemaOptions,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { GoKind, resolveScalar } from '../../lib/rules/yaml-scalar';
import { formatLimit, ReadLimitError, ReadLimits } from './read-limits';

const TAG = 'tag:yaml.org,2002:';

/** An explicit `!!bool`, `!!int`, `!!float`, `!!null` or `!!timestamp`: the value must be of that kind. */
function resolveTagged(kind: GoKind, text: string, onError: (message: string) => void): unknown {
  const r = resolveScalar(text, kind);
  if (r.kind === kind) return r.value;
  // go-yaml v2 turns an int64 into a float for !!float (not a uint64); its uint64 is an !!int too.
  if ((kind === 'float' && r.kind === 'int') || (kind === 'int' && r.kind === 'uint')) return r.value;
  onError(`cannot decode !!${r.kind === 'uint' ? 'int' : r.kind} \`${text}\` as a !!${kind}`);
  return text;
}

/** Which bytes start a valid UTF-8 sequence, as Go's `utf8.DecodeRune` decides; 0 when invalid. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i];
  if (b0 < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => i + j < b.length && b[i + j] >= lo && b[i + j] <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A Go string of these bytes as Go's JSON encoder writes it: each byte that is not valid UTF-8 becomes U+FFFD. */
export function goJsonString(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    parts.push(bytes.toString('utf8', start, i), '\uFFFD');
    i++;
    start = i;
  }
  parts.push(bytes.toString('utf8', start, i));
  return parts.join('');
}

/** `!!binary`: Go's `base64.StdEncoding.DecodeString` (padding required, `\r` and `\n` ignored), then a Go string. */
export function decodeBinary(text: string, onError: (message: string) => void): string {
  const s = text.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    onError('!!binary value contains invalid base64 data');
    return text;
  }
  return goJsonString(Buffer.from(s, 'base64'));
}

/** A tag the custom tag list defines (resolve only: the CLI never writes YAML with these). */
function scalarTag(tag: string, resolve: ScalarTag['resolve'], test?: RegExp): ScalarTag {
  return {
    tag,
    ...(test ? { default: true, test } : {}),
    identify: () => false,
    resolve,
  };
}

/** Untagged plain scalars that may be more than strings: go-yaml v2's hint table. */
const PLAIN = scalarTag(
  'tag:cdk8s-batch,2026:go-yaml-v2-plain',
  (text) => resolveScalar(text).value,
  /^(?:[-+0-9.yYnNtTfFoO~]|$)/
);

const EXPLICIT_TAGS: ScalarTag[] = [
  ...(['bool', 'int', 'float', 'null', 'timestamp'] as const).map((kind) =>
    scalarTag(`${TAG}${kind}`, (text, onError) => resolveTagged(kind, text, onError))
  ),
  scalarTag(`${TAG}binary`, (text, onError) => decodeBinary(text, onError)),
];

const KEPT_TAGS = new Set([`${TAG}map`, `${TAG}seq`, `${TAG}str`]);

/**
 * Options for the `yaml` package that read like kubectl (with {@link KubectlValues} for the values): YAML 1.1
 * syntax, go-yaml v2's scalars and no other tags (`!!set`, `!!omap`, `!!timestamp` values read as plain
 * collections and strings), no merge tag (merges are done by {@link KubectlValues}), and no duplicate-key check
 * in the parser (it compares every key with every other: quadratic; {@link KubectlValues} checks instead).
 */
export const KUBECTL_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: false,
  resolveKnownTags: false,
  uniqueKeys: false,
  customTags: (tags) => [
    ...tags.filter((t) => KEPT_TAGS.has((t as { tag?: string }).tag ?? '')),
    PLAIN,
    ...EXPLICIT_TAGS,
  ],
};

/** A value kubectl would not read (the message is kubectl's where it has one). */
export class YamlValueError extends Error {
  constructor(
    message: string,
    /** Offset in the text where the problem is. */
    public readonly offset: number
  ) {
    super(message);
    this.name = 'YamlValueError';
  }
}

/** What the documents of one command have built so far (shared by every document read), and the limits. */
export interface ValueBudget {
  /** Characters and nodes aliases added. */
  aliasExpansion: number;
  /** Nodes (scalars, mappings, sequences, keys) built. */
  nodes: number;
  readonly limits: Pick<ReadLimits, 'maxAliasExpansion' | 'maxNodes' | 'maxDepth'>;
}

type Node = unknown;

const offsetOf = (node: unknown): number => (node as { range?: [number] } | null)?.range?.[0] ?? 0;

/** The shortest decimal form of a float32, as Go's `strconv.FormatFloat(f, 'g', -1, 32)`. */
export function goFloat32Key(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  const f = Math.fround(x);
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let mantissa = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(f)) {
      const [m, e] = s.split('e');
      mantissa = m.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  const nd = mantissa.length;
  if (exp < -4 || exp >= 6) {
    const frac = nd > 1 ? `.${mantissa.slice(1)}` : '';
    return `${sign}${mantissa[0]}${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${mantissa}`;
  if (dp >= nd) return `${sign}${mantissa}${'0'.repeat(dp - nd)}`;
  return `${sign}${mantissa.slice(0, dp)}.${mantissa.slice(dp)}`;
}

/** Sets `key` as an own property, `__proto__` included. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** A `\u` or `\U` escape of a surrogate (D800-DFFF) in a double-quoted scalar's source: libyaml refuses it. */
function hasSurrogateEscape(source: string): boolean {
  for (let i = source.indexOf('\\'); i >= 0 && i < source.length; i = source.indexOf('\\', i)) {
    const c = source[i + 1];
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (digits > 0) {
      const code = parseInt(source.slice(i + 2, i + 2 + digits), 16);
      if (code >= 0xd800 && code <= 0xdfff) return true;
    }
    i += 2;
  }
  return false;
}

/**
 * Builds the JSON value of one parsed document the way kubectl reads it (see the module comment). Throws
 * {@link YamlValueError} for a value kubectl would not read and {@link ReadLimitError} when aliases expand past
 * the budget.
 */
export class KubectlValues {
  /** The latest node with each anchor, in document order. */
  private readonly anchors = new Map<string, Node>();
  /** The value, size and height of each anchored collection, once built. */
  private readonly built = new Map<Node, { value: unknown; size: number; height: number }>();
  /** Anchored collections being built: an alias to one of them is a cycle. */
  private readonly building = new Set<Node>();
  /** Characters of strings plus one per node, aliases expanded, so far. */
  private size = 0;
  /**
   * The nesting of the value built last (0 for a scalar), aliases included: the syntax tree's nesting is
   * checked before, but a chain of anchors (`&b [*a]`, `&c [*b]`, ...) nests values deeper than it.
   */
  private height = 0;

  constructor(
    /** The document's text, for the source of double-quoted scalars. */
    private readonly text: string,
    private readonly budget: ValueBudget
  ) {}

  /** The document's value. */
  build(contents: unknown): unknown {
    return this.value(contents);
  }

  /** Counts one node built (not one an alias reuses). */
  private node(chars = 0): void {
    this.size += 1 + chars;
    if (++this.budget.nodes > this.budget.limits.maxNodes) {
      throw new ReadLimitError(
        'maxNodes',
        `more than ${formatLimit('maxNodes', this.budget.limits.maxNodes)} YAML nodes in all inputs`
      );
    }
  }

  private value(node: Node): unknown {
    if (node === null || node === undefined) {
      this.node();
      this.height = 0;
      return null;
    }
    if (isScalar(node)) {
      if (node.anchor) this.anchors.set(node.anchor, node);
      this.node(typeof node.value === 'string' ? node.value.length : 0);
      this.height = 0;
      return this.scalar(node);
    }
    if (isAlias(node)) return this.alias(node);
    const anchor = (node as { anchor?: string }).anchor;
    const start = this.size;
    if (anchor) {
      this.anchors.set(anchor, node);
      this.building.add(node);
    }
    let value: unknown;
    if (isMap(node)) value = this.map(node);
    else if (isSeq(node)) value = this.seq(node);
    else throw new YamlValueError('unsupported YAML node', offsetOf(node));
    if (anchor) {
      this.building.delete(node);
      this.built.set(node, { value, size: this.size - start, height: this.height });
    }
    return value;
  }

  /** Sets the height of a collection from its items' greatest; refuses one nested too deep through aliases. */
  private nest(itemsHeight: number): void {
    this.height = itemsHeight + 1;
    const max = this.budget.limits.maxDepth;
    if (this.height > max) {
      throw new ReadLimitError('maxDepth', `aliases nest mappings and sequences deeper than ${max} levels`);
    }
  }

  private scalar(node: Scalar): unknown {
    const v = node.value;
    if (typeof v === 'string') {
      if (
        node.type === Scalar.QUOTE_DOUBLE &&
        /[\uD800-\uDFFF]/.test(v) &&
        node.range &&
        hasSurrogateEscape(this.text.slice(node.range[0], node.range[1]))
      ) {
        throw new YamlValueError('found invalid Unicode character escape code', offsetOf(node));
      }
      return v;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      const go = Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
      throw new YamlValueError(
        `${String(node.source ?? v)} is not a JSON number (kubectl: json: unsupported value: ${go})`,
        offsetOf(node)
      );
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    return String(v);
  }

  /** The node an alias refers to: the latest one with its anchor before it. */
  private target(alias: Alias): Node {
    const target = this.anchors.get(alias.source);
    if (target === undefined) {
      throw new YamlValueError(`unknown anchor '${alias.source}' referenced`, offsetOf(alias));
    }
    if (this.building.has(target)) {
      throw new YamlValueError(`anchor '${alias.source}' value contains itself`, offsetOf(alias));
    }
    return target;
  }

  private alias(alias: Alias): unknown {
    const target = this.target(alias);
    if (isScalar(target)) {
      this.expand(1 + (typeof target.value === 'string' ? target.value.length : 0));
      this.height = 0;
      return this.scalar(target);
    }
    const built = this.built.get(target)!;
    this.expand(built.size);
    this.height = built.height;
    return built.value;
  }

  private expand(size: number): void {
    this.size += size;
    this.budget.aliasExpansion += size;
    const max = this.budget.limits.maxAliasExpansion;
    if (this.budget.aliasExpansion > max) {
      throw new ReadLimitError(
        'maxAliasExpansion',
        `aliases expand to more than ${formatLimit('maxAliasExpansion', max)} characters and nodes in all inputs`
      );
    }
  }

  private seq(node: YAMLSeq): unknown[] {
    this.node();
    const out: unknown[] = [];
    let height = 0;
    for (const item of node.items) {
      // A `key: value` item of a tagged sequence (`!!pairs`) is a pair: a map of one key, as `toJS` makes it.
      out.push(isPair(item) ? this.map({ items: [item] } as unknown as YAMLMap) : this.value(item));
      height = Math.max(height, this.height);
    }
    this.nest(height);
    return out;
  }

  private map(node: YAMLMap): Record<string, unknown> {
    this.node();
    const out: Record<string, unknown> = {};
    /** Keys written in this map, once a merge has added others (merged keys may be overridden). */
    let explicit: Set<string> | undefined;
    let height = 0;
    for (const { key, value } of node.items) {
      if (isMergeKey(key)) {
        explicit ??= new Set(Object.keys(out));
        height = Math.max(height, this.merge(out, value, offsetOf(value ?? key)));
        continue;
      }
      const name = this.key(key, value);
      const v = this.value(value);
      height = Math.max(height, this.height);
      if (explicit ? explicit.has(name) : hasOwn(out, name)) {
        throw new YamlValueError('Map keys must be unique', offsetOf(key ?? value));
      }
      explicit?.add(name);
      setKey(out, name, v);
    }
    this.nest(height);
    return out;
  }

  /** A key as sigs.k8s.io/yaml writes it into JSON. */
  private key(key: Node, value: Node): string {
    const offset = offsetOf(key ?? value);
    let node = key;
    if (isAlias(key)) {
      node = this.target(key);
      if (!isScalar(node)) throw new YamlValueError('invalid map key: a collection', offset);
      this.expand(1 + (typeof node.value === 'string' ? node.value.length : 0));
    } else if (isScalar(key)) {
      if (key.anchor) this.anchors.set(key.anchor, key);
      this.node(typeof key.value === 'string' ? key.value.length : 0);
    } else if (key !== null && key !== undefined) {
      throw new YamlValueError(`invalid map key: a ${isSeq(key) ? 'sequence' : 'mapping'}`, offset);
    }
    const v = isScalar(node) ? node.value : null;
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') {
      const scalar = node as Scalar;
      const tag = scalar.tag?.startsWith(TAG) ? (scalar.tag.slice(TAG.length) as GoKind) : '';
      const r = resolveScalar(String(scalar.source ?? v), tag === 'float' ? '' : tag);
      if (r.kind === 'uint') {
        throw new YamlValueError(`unsupported map key of type uint64: ${String(scalar.source)}`, offset);
      }
      if (r.kind === 'int' && tag !== 'float') return r.int!.toString();
      return goFloat32Key(v);
    }
    throw new YamlValueError('unsupported map key: null', offset);
  }

  /**
   * `<<: value`: go-yaml v2 decodes the map(s) into `out`, overwriting; in a sequence the earlier map wins.
   * Returns the greatest height of the values merged.
   */
  private merge(out: Record<string, unknown>, value: Node, offset: number): number {
    const wantMap = () =>
      new YamlValueError('map merge requires map or sequence of maps as the value', offset);
    let height = 0;
    const mapOf = (node: Node): Record<string, unknown> => {
      if (isAlias(node) ? !isMap(this.target(node)) : !isMap(node)) throw wantMap();
      const map = (isAlias(node) ? this.alias(node) : this.value(node)) as Record<string, unknown>;
      height = Math.max(height, this.height - 1);
      return map;
    };
    // Built in document order (anchors inside count from there), applied last to first.
    const sources = isSeq(value) ? value.items.map(mapOf).reverse() : [mapOf(value)];
    for (const source of sources) for (const key of Object.keys(source)) setKey(out, key, source[key]);
    return height;
  }
}

/** A plain `<<` key (or `!!merge <<`): go-yaml v2's merge. */
function isMergeKey(key: Node): boolean {
  return (
    isScalar(key) &&
    key.source === '<<' &&
    (key.tag === `${TAG}merge` || (key.tag === undefined && key.type === Scalar.PLAIN))
  );
}
