/**
 * The values of parsed YAML documents, as kubectl reads them: YAML 1.1 (sigs.k8s.io/yaml on go-yaml v2), so an
 * unquoted `yes`, `on` or `y` is a boolean, `0644` is octal and `<<` merges. Two YAML 1.1 types go-yaml v2
 * leaves as strings when decoding into untyped values are turned off: timestamps (`2024-01-01`) and
 * sexagesimal numbers (`1:20`).
 *
 * {@link KubectlValues} builds the values instead of the `yaml` package's `toJS`, in time linear in the
 * document: each alias is resolved once by a map of anchors and reuses the value built for its anchor (`toJS`
 * looks each alias up by walking the document), duplicate keys are found by the object's own keys (the parser's
 * check compares every key with every other), and what aliases add is counted against a budget
 * ({@link READ_LIMITS}.maxAliasExpansion), as are the nodes built (maxNodes) and the nesting aliases make
 * (maxDepth). `toJS` counted aliases, not what they expand to: a 1 MiB string used 900 times passed its limit.
 */
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
  SchemaOptions,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { formatLimit, ReadLimitError, ReadLimits } from './read-limits';

const YAML_TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const YAML_MERGE = 'tag:yaml.org,2002:merge';

/**
 * Options for the `yaml` package that read like kubectl (with {@link KubectlValues} for the values): YAML 1.1
 * without timestamps and sexagesimal numbers, no merge tag (merges are done by {@link KubectlValues}), and no
 * duplicate-key check in the parser (it compares every key with every other: quadratic; {@link KubectlValues}
 * checks instead).
 */
export const KUBECTL_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: false,
  uniqueKeys: false,
  customTags: (tags) =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== YAML_TIMESTAMP && tag.tag !== YAML_MERGE && tag.format !== 'TIME';
    }),
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

/** Sets `key` as an own property, `__proto__` included. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

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

  constructor(private readonly budget: ValueBudget) {}

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
    return node.value;
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

  /** A key as a property name: its value as a string (a null key is ''). */
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
    return v === null || v === undefined ? '' : String(v);
  }

  /**
   * `<<: value` (YAML 1.1's merge key): the keys of the map, or of each map of a sequence in order, that `out`
   * does not have yet. Returns the greatest height of the values merged.
   */
  private merge(out: Record<string, unknown>, value: Node, offset: number): number {
    const wantMap = () => new YamlValueError('Merge sources must be maps or map aliases', offset);
    let height = 0;
    const mapOf = (node: Node): Record<string, unknown> => {
      if (isAlias(node) ? !isMap(this.target(node)) : !isMap(node)) throw wantMap();
      const map = (isAlias(node) ? this.alias(node) : this.value(node)) as Record<string, unknown>;
      height = Math.max(height, this.height - 1);
      return map;
    };
    const sources = isSeq(value) ? value.items.map(mapOf) : [mapOf(value)];
    for (const source of sources) {
      for (const key of Object.keys(source)) if (!hasOwn(out, key)) setKey(out, key, source[key]);
    }
    return height;
  }
}

/** A plain `<<` key (or `!!merge <<`). */
function isMergeKey(key: Node): boolean {
  return (
    isScalar(key) &&
    key.source === '<<' &&
    (key.tag === YAML_MERGE || (key.tag === undefined && key.type === Scalar.PLAIN))
  );
}
