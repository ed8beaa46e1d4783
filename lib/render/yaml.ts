import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { resolveScalar } from '../rules/yaml-scalar';
import { Spool, SpoolRange, writeDocuments } from './spool';
import { assertUniqueObjects, objectIdentity } from './unique-objects';
import { appManifests, overridesToJson } from './app-synth';
import { SITE_FREE } from '../rules/utils';

/** YAML 1.1 timestamps (`2024-01-01`, `2024-1-1T10:00:00Z`): kubectl reads them as strings, PyYAML as dates. */
const YAML11_TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;
/** YAML 1.1 sexagesimal numbers (`1:20`, `-1:20:30.5`): kubectl reads them as strings, YAML 1.1 readers as numbers. */
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * Whether a string written as a plain scalar would be read as something else: by kubectl (go-yaml v2's
 * resolution: YAML 1.1 booleans such as `y`, `on` and `NO`, null forms, Go integer syntax such as `0o17`,
 * `0X1F`, `0B1`, `+_1`, `1_000`, floats such as `1e3`, `1.` and `.inf`, the merge key `<<`) or by other
 * YAML 1.1 readers (timestamps and sexagesimal numbers, which kubectl keeps as strings). Such strings are
 * written quoted. The one place this rule lives.
 */
export function isAmbiguousPlainScalar(text: string): boolean {
  return (
    resolveScalar(text).kind !== 'str' ||
    text === '<<' ||
    YAML11_TIMESTAMP.test(text) ||
    YAML11_SEXAGESIMAL.test(text)
  );
}

/**
 * Characters go-yaml v2 does not accept as they are (control characters, U+FFFE, U+FFFF, lone surrogates) or
 * reads as line breaks (U+0085, U+2028, U+2029), a byte order mark, and tabs and carriage returns (readable,
 * but invisible): a string holding one is written double-quoted, with the character escaped.
 */
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\t\r]/u;
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"\\]/gu;
const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/** A double-quoted scalar, every character a reader could misread escaped (`\N`, `\L`, `\P`, `\xXX`, `\uXXXX`). */
function doubleQuoted(text: string): string {
  return `"${text.replace(ESCAPED, (c) => ESCAPES[c] ?? escapeCode(c.charCodeAt(0)))}"`;
}

function escapeCode(code: number): string {
  const hex = code.toString(16).toUpperCase();
  return code < 0x100 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * Whether a string may be written as a plain scalar in block context: not empty, no surrounding spaces, no
 * line break or escaped character, no indicator first (`-`, `?` and `:` only before a non-space, as in `-c`), no
 * `: ` or ` #` inside, no trailing `:`, no document marker, and nothing a reader would resolve to a non-string.
 */
function isPlainSafe(text: string): boolean {
  if (text === '' || text.length > 1024) return false;
  const first = text[0];
  if ('#,[]{}&*!|>\'"%@`'.includes(first) || first === ' ') return false;
  if ((first === '-' || first === '?' || first === ':') && (text.length === 1 || text[1] === ' '))
    return false;
  if (text.startsWith('---') || text.startsWith('...')) return false;
  const last = text[text.length - 1];
  if (last === ' ' || last === ':') return false;
  if (text.includes(': ') || text.includes(' #') || text.includes('\n') || NEEDS_ESCAPE.test(text))
    return false;
  return !isAmbiguousPlainScalar(text);
}

/**
 * Strings already written by `inlineString`: manifests repeat their keys and most of their values
 * (images, names, paths), and deciding whether a string may be plain takes a dozen scans of it.
 * Bounded: emptied when full.
 */
const INLINE_WRITTEN = new Map<string, string>();
const INLINE_WRITTEN_MAX = 10_000;

/** A string as a key or a one-line value: plain when safe, else quoted as the `yaml` package does. */
function inlineString(text: string): string {
  let written = INLINE_WRITTEN.get(text);
  if (written === undefined) {
    written = writeInline(text);
    if (text.length <= 256) {
      if (INLINE_WRITTEN.size >= INLINE_WRITTEN_MAX) INLINE_WRITTEN.clear();
      INLINE_WRITTEN.set(text, written);
    }
  }
  return written;
}

function writeInline(text: string): string {
  if (isPlainSafe(text)) return text;
  if (!NEEDS_ESCAPE.test(text) && !text.includes('\n') && text.includes('"') && !text.includes("'")) {
    return `'${text}'`;
  }
  return doubleQuoted(text);
}

/**
 * A multi-line string as a literal block (`|-`, `|` or `|+`) at `indent`, when it can be written as one: it
 * starts with a visible character, holds no escaped character and no whitespace after its last line break.
 */
function literalBlock(text: string, indent: string): string | undefined {
  if (indent === '' || NEEDS_ESCAPE.test(text) || /^[ \n]/.test(text) || /\n[ ]+$/.test(text))
    return undefined;
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = (trailing > 1 ? text.slice(0, -1) : body).split('\n');
  return `|${chomp}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}\n`;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  if (typeof value === 'string') return inlineString(value);
  throw new TypeError(`cannot write a ${typeof value} as YAML`);
}

function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/**
 * The text of a manifest, built with `+=` and made flat once written (`flatText`). Appending costs
 * less than listing the pieces and joining them (instructions for 200 Jobs, valgrind: about 13 M of
 * 1,890 M fewer): `+=` is one string operation where a list took a store, its growth, and a join
 * that checks every item. A string built with `+=` is a tree of its pieces until read, and the
 * manifests waited as such trees for their chart's file: `manifestToYaml` flattens it before
 * returning it. The pieces are the strings written anyway (keys, values, indents).
 */
class ManifestText {
  public text = '';

  public add(piece: string): void {
    this.text += piece;
  }
}

/**
 * `text` made flat: reading a character of a string built by concatenation makes V8 copy it into
 * one flat string in place, once (the tree of its pieces is then garbage). The text is unchanged.
 */
function flatText(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Indents by width (`INDENTS[4]` is 4 spaces), and `- ` repeated (the dashes before a line's content). */
const INDENTS: string[] = [''];
const DASHES: string[] = ['', '- '];

function indentOf(width: number): string {
  for (let w = INDENTS.length; w <= width; w++) INDENTS[w] = ' '.repeat(w);
  return INDENTS[width];
}

/** Starts a line: `indent`, then `dashes` sequence items' `- ` that begin on this line. */
function startLine(out: ManifestText, indent: string, dashes: number): void {
  out.add(indent);
  if (dashes > 0) {
    for (let d = DASHES.length; d <= dashes; d++) DASHES[d] = '- '.repeat(d);
    out.add(DASHES[dashes]);
  }
}

/**
 * What follows `key:` or `- ` for a string, number or boolean on one line (` value\n`), by value.
 * The YAML writer's hot path: a manifest's lines are mostly `key: value`, and written as three pieces
 * (indent, `key:`, ` value\n`) instead of six: fewer appends per line. Bounded like
 * `INLINE_WRITTEN`; `-0` (which a Map does not tell from 0) and long strings are not kept.
 */
const LINE_ENDS = new Map<unknown, string>();

function lineEnd(value: string | number | boolean): string {
  let written = LINE_ENDS.get(value);
  if (written === undefined) {
    written = ` ${scalar(value)}\n`;
    if (value !== 0 && (typeof value !== 'string' || value.length <= 256)) {
      if (LINE_ENDS.size >= INLINE_WRITTEN_MAX) LINE_ENDS.clear();
      LINE_ENDS.set(value, written);
    }
  }
  return written;
}

/** A mapping key and its colon (`key:`), by key: manifests repeat few keys. Bounded like `INLINE_WRITTEN`. */
const KEYS_WRITTEN = new Map<string, string>();

function keyOf(key: string): string {
  let written = KEYS_WRITTEN.get(key);
  if (written === undefined) {
    written = `${key.includes('\n') ? doubleQuoted(key) : inlineString(key)}:`;
    if (key.length <= 256) {
      if (KEYS_WRITTEN.size >= INLINE_WRITTEN_MAX) KEYS_WRITTEN.clear();
      KEYS_WRITTEN.set(key, written);
    }
  }
  return written;
}

/** What follows `key:` or `- `: ` value\n`, or a line break and the nested block at `indent`. */
function nested(value: unknown, indent: string, out: ManifestText): void {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') {
    if (type === 'string' && (value as string).includes('\n')) {
      const block = literalBlock(value as string, indent);
      out.add(block ? ` ${block}` : ` ${doubleQuoted(value as string)}\n`);
    } else {
      out.add(lineEnd(value as string | number | boolean));
    }
  } else if (type !== 'object' || value === null) {
    out.add(' ');
    out.add(scalar(value));
    out.add('\n');
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.add(' []\n');
    else {
      out.add('\n');
      sequence(value, indent, out, indent, 0);
    }
  } else {
    // Keys read once here and handed to `mapping` (an emptiness check read them a second time).
    const keys = Object.keys(value as object);
    if (keys.length === 0) out.add(' {}\n');
    else {
      out.add('\n');
      mapping(value as Record<string, unknown>, keys, indent, out, indent, 0);
    }
  }
}

/**
 * A non-empty mapping or sequence in block style, each entry on its own line at `indent`; the first
 * line starts with `first` and `dashes` sequence items' dashes instead (`- name: x` and `- - a`).
 */
function block(value: object, indent: string, out: ManifestText, first: string, dashes: number): void {
  if (Array.isArray(value)) sequence(value, indent, out, first, dashes);
  else mapping(value as Record<string, unknown>, Object.keys(value), indent, out, first, dashes);
}

/** `block` of a non-empty sequence. */
function sequence(
  value: readonly unknown[],
  indent: string,
  out: ManifestText,
  first: string,
  dashes: number
): void {
  const inner = indentOf(indent.length + 2);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const start = i === 0 ? first : indent;
    const before = i === 0 ? dashes : 0;
    if (typeof item === 'object' && item !== null) {
      if (Array.isArray(item)) {
        if (item.length > 0) {
          sequence(item, inner, out, start, before + 1);
          continue;
        }
      } else {
        const keys = Object.keys(item);
        if (keys.length > 0) {
          mapping(item as Record<string, unknown>, keys, inner, out, start, before + 1);
          continue;
        }
      }
    }
    startLine(out, start, before);
    out.add('-');
    nested(item, inner, out);
  }
}

/** `block` of a non-empty mapping whose keys are `keys`. */
function mapping(
  value: Record<string, unknown>,
  keys: readonly string[],
  indent: string,
  out: ManifestText,
  first: string,
  dashes: number
): void {
  const inner = indentOf(indent.length + 2);
  let start = first;
  let before = dashes;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    startLine(out, start, before);
    out.add(keyOf(key));
    nested(value[key], inner, out);
    start = indent;
    before = 0;
  }
}

/**
 * One manifest as YAML, as cdk8s writes it (block style, sequences indented under their key, keys in the
 * object's order: cdk8s sorts them, long strings on one line, multi-line strings as literal blocks), except
 * that every string kubectl or another YAML 1.1 reader would read as something else is quoted, and every
 * character a reader would take as a line break (U+0085, U+2028, U+2029) or not accept is escaped.
 */
export function manifestToYaml(doc: unknown): string {
  if (doc === undefined) return '\n';
  if (typeof doc !== 'object' || doc === null) return `${scalar(doc)}\n`;
  if (isEmptyCollection(doc)) return Array.isArray(doc) ? '[]\n' : '{}\n';
  const out = new ManifestText();
  block(doc, '', out, '', 0);
  return flatText(out.text);
}

/** An object of the manifest text (as our YAML writer writes it) has a top-level `metadata.generateName`. */
export function hasGeneratedName(text: string): boolean {
  // The substring first: most texts lack it, and a search for it is cheaper than the pattern's.
  return text.includes('\n  generateName: ') && /^metadata:\n(?: {2}.*\n)*? {2}generateName: /m.test(text);
}

/** Manifests as one multi-document YAML text, separated by `---` as cdk8s writes them. */
export function manifestsToYaml(docs: readonly unknown[]): string {
  return docs.map((doc) => (doc instanceof WrittenManifest ? doc.yaml : manifestToYaml(doc))).join('---\n');
}

/**
 * `fs.writeFileSync(filePath, manifestsToYaml(docs))` (what cdk8s' `Yaml.save` does), in pieces.
 * `generated`, when given, learns whether the file's text has an object with a `generateName`
 * (`hasGeneratedName`), from the texts as they are written instead of reading the file back.
 */
function saveManifests(filePath: string, docs: readonly unknown[], generated?: Map<string, boolean>): void {
  let named = false;
  const texts = docs.map((doc) => {
    if (doc instanceof WrittenManifest) {
      named ||= doc.generatedName;
      return doc.written;
    }
    const text = manifestToYaml(doc);
    named ||= hasGeneratedName(text);
    return text;
  });
  writeDocuments(filePath, texts);
  // Documents are joined by `---` lines, which the pattern's lines cannot cross: the file's text has
  // such an object exactly when one of its documents does.
  generated?.set(path.resolve(filePath), named);
}

/**
 * A manifest our YAML writer has already written, as `toJson()` of our own L1 objects returns it while
 * `withOurYaml` runs: its YAML, and the identity cdk8s and the duplicate check read (`kind`,
 * `metadata.name` and `metadata.namespace`). cdk8s builds every manifest of a chart before it writes the
 * chart's file; kept as JSON until then, they lived long enough to be promoted to the old generation, and
 * 10,000 Jobs peaked at 262 MB RSS instead of ~225. The text is what `manifestToYaml` writes for the JSON;
 * when `withOurYaml` was given a folder, it waits in a spool file there rather than in memory once a chart's
 * text in memory passes 512 KiB (in memory, it piled up the same way: 10,000 Jobs, 222 MB instead of 188).
 * @internal
 */
export class WrittenManifest {
  public readonly apiVersion: unknown;
  public readonly kind: unknown;
  public readonly metadata: { readonly name?: unknown; readonly namespace?: unknown };
  /** The text, or where it is in the spool. */
  public readonly written: string | SpoolRange;
  /** Whether the text has a top-level `metadata.generateName` (`hasGeneratedName`). */
  public readonly generatedName: boolean;

  /** `spoolFor(length)` says where a text of that length waits: a spool, or memory (undefined). */
  constructor(
    doc: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } },
    spoolFor?: (length: number) => Spool | undefined
  ) {
    this.apiVersion = doc.apiVersion;
    this.kind = doc.kind;
    this.metadata = { ...SITE_FREE, name: doc.metadata?.name, namespace: doc.metadata?.namespace };
    const text = manifestToYaml(doc);
    this.generatedName = hasGeneratedName(text);
    const spool = spoolFor?.(text.length);
    this.written = spool ? spool.append(text) : text;
  }

  /** The text. */
  public get yaml(): string {
    const w = this.written;
    return typeof w === 'string' ? w : w.spool.read(w.offset, w.offset + w.length).toString('utf8');
  }
}

/** How many `withOurYaml` calls are running (synthesis is synchronous: 0 or 1, unless nested). */
let writing = 0;
/** The innermost `withOurYaml`'s spool folder, and its spool once a manifest was spooled. */
let spoolFolder: string | undefined;
let spool: Spool | undefined;
/**
 * Characters written ahead since a file was last written. Past `IN_MEMORY_TEXT`, the texts wait in the
 * spool: a small app's writes (1,000 Jobs in 10 charts: 300 kB a chart) stay in memory, where they cost
 * nothing to read back.
 */
let unsaved = 0;
const IN_MEMORY_TEXT = 512 * 1024;

/** Where a text written ahead waits (see `unsaved`): the spool, or memory (undefined). */
function spoolFor(length: number): Spool | undefined {
  unsaved += length;
  if (unsaved <= IN_MEMORY_TEXT || spoolFolder === undefined) return undefined;
  return (spool ??= new Spool(spoolFolder));
}

/**
 * `doc`, the manifest `object` (an L1 object of ours) just built, written ahead as a `WrittenManifest`
 * while `withOurYaml` runs and cdk8s' chart synthesis hands it straight to the writer, else unchanged:
 * not when the object's chart overrides `toJson()` (it may change the manifests before they are written).
 * @internal
 */
export function writeAhead(object: IConstruct, doc: unknown): unknown {
  if (writing === 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  let chart: Chart;
  try {
    chart = Chart.of(object);
  } catch {
    return doc;
  }
  if (overridesToJson(chart)) return doc;
  return new WrittenManifest(doc, spoolFolder === undefined ? undefined : spoolFor);
}

/**
 * The manifests of an app, or of one chart, as YAML that kubectl reads exactly as written: use it instead of
 * `app.synthYaml()` (or `Yaml.stringify(...chart.toJson())`), which writes strings such as `0o755`, `0X1F`
 * or `y` unquoted, so kubectl reads a number or a boolean. Validates the app first, as `app.synth()` does, and
 * refuses two objects with the same kind, namespace and name (`ValidationError`).
 */
export function toYaml(scope: App | Chart): string {
  // chart.toJson(): the chart's manifests as cdk8s synthesizes them, the chart's own toJson() included.
  if (scope instanceof Chart) return manifestsToYaml(scope.toJson());
  const identities: (string | undefined)[] = [];
  const yaml = withOurYaml(() => Yaml.stringify(...appManifests(scope)), identities);
  assertUniqueObjects(scope, identities);
  return yaml;
}

/**
 * Runs `fn` (an `app.synth()` or `app.synthYaml()`) with cdk8s' YAML writer replaced by ours, so cdk8s keeps
 * deciding the files, their names and the order of the manifests, and we decide how each is written.
 * Synthesis is synchronous, so nothing else writes YAML meanwhile. `identities` receives the
 * `objectIdentity` of every manifest written (the manifests themselves are not kept). With a `spoolIn`
 * folder, the manifests written ahead past 512 KiB of a chart wait in a spool file there (deleted before
 * returning), and files are written in pieces (`Yaml.save`). `generated` receives, per file written (by its
 * resolved path), whether its text has an object with a `generateName` (`hasGeneratedName`).
 */
export function withOurYaml<T>(
  fn: () => T,
  identities?: (string | undefined)[],
  spoolIn?: string,
  generated?: Map<string, boolean>
): T {
  const record = (docs: readonly unknown[]) => {
    if (identities) for (const doc of docs) identities.push(objectIdentity(doc));
  };
  const originals = {
    ...SITE_FREE,
    stringify: Object.getOwnPropertyDescriptor(Yaml, 'stringify'),
    save: Object.getOwnPropertyDescriptor(Yaml, 'save'),
  };
  const replace = (name: 'stringify' | 'save', value: unknown) =>
    Object.defineProperty(Yaml, name, { value, configurable: true, writable: true });
  replace('stringify', (...docs: unknown[]) => {
    record(docs);
    unsaved = 0;
    return manifestsToYaml(docs);
  });
  replace('save', (filePath: string, docs: unknown[]) => {
    record(docs);
    unsaved = 0;
    saveManifests(filePath, docs, generated);
  });
  const outer = { ...SITE_FREE, spoolFolder, spool, unsaved };
  writing++;
  spoolFolder = spoolIn;
  spool = undefined;
  unsaved = 0;
  try {
    return fn();
  } finally {
    writing--;
    const own = spool as Spool | undefined; // set by writeAhead while fn ran
    ({ spoolFolder, spool, unsaved } = outer);
    if (originals.stringify) Object.defineProperty(Yaml, 'stringify', originals.stringify);
    if (originals.save) Object.defineProperty(Yaml, 'save', originals.save);
    own?.close();
  }
}
