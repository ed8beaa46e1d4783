/**
 * Reading Kubernetes YAML for the CLI commands: files, folders (every `*.yaml` / `*.yml`, recursively, sorted)
 * and `-` for standard input; every document parsed the way kubectl does (`kubectl-yaml.ts`: YAML 1.1, go-yaml
 * v2's scalars, merges and keys).
 *
 * Inputs may come from anyone, so reading is bounded and linear:
 *
 * - Only regular files are read (symbolic links to them too). A FIFO, socket or device, given or found in a
 *   folder under a `*.yaml` name, is refused: it could block or never end. Files are opened non-blocking and
 *   checked on the open descriptor (`fstat`), so nothing can be swapped in between the check and the read.
 * - Every cost has a limit ({@link READ_LIMITS}): bytes per file and in total (standard input included), files,
 *   documents, tokens and nesting of one document, and what aliases expand to. Past one, the command stops with
 *   a one-line error naming the limit and the input (exit 2).
 * - Documents are parsed one at a time (lexer → parser → composer as a stream), so only one document's syntax
 *   tree is in memory; lines are found with a line index, not by rescanning the text.
 * - Read errors are one line naming the path: `cannot read dist/jobs: permission denied (EACCES)`.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, Stats, statSync } from 'node:fs';
import * as path from 'node:path';
import { Composer, CST, Document, Lexer, Parser } from 'yaml';
import { CliError, CliIo } from '../command';
import { KubectlValues, KUBECTL_YAML_OPTIONS, ValueBudget, YamlValueError } from './kubectl-yaml';
import { formatLimit, InputTooLarge, READ_LIMITS, ReadLimitError, ReadLimits } from './read-limits';

export { KUBECTL_YAML_OPTIONS } from './kubectl-yaml';
export { READ_LIMITS } from './read-limits';
export type { ReadLimits } from './read-limits';

/** One YAML document of an input. */
export interface ManifestDocument {
  /** The input as shown to users: a path relative to the working directory, or `<stdin>`. */
  readonly file: string;
  /** 0-based position of the document in its file (empty documents count). */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parsed value; `null` for an empty document. Undefined when the YAML is malformed. */
  readonly value?: unknown;
  /** Set when the YAML is malformed: the first error, one line, with its line and column. */
  readonly error?: { readonly message: string; readonly line?: number; readonly column?: number };
}

/** A malformed document's error as one line: `line L, column C: message` (position when known). */
export function yamlErrorMessage(error: NonNullable<ManifestDocument['error']>): string {
  const where = error.line ? `line ${error.line}, column ${error.column}: ` : '';
  return `${where}${error.message}`;
}

/** The inputs that were read and their documents. */
export interface ManifestInput {
  /** Every file read, as shown to users, in order. */
  readonly files: readonly string[];
  readonly documents: readonly ManifestDocument[];
}

/** What one command has read so far, against its limits (shared by all its inputs). */
export class ReadBudget implements ValueBudget {
  bytes = 0;
  files = 0;
  documents = 0;
  /** Characters and nodes aliases added (see {@link ValueBudget}). */
  aliasExpansion = 0;
  nodes = 0;

  constructor(public readonly limits: ReadLimits = READ_LIMITS) {}
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/**
 * The text of an input's bytes, decoded as kubectl decodes it: UTF-8, or UTF-16 after its byte-order mark;
 * invalid sequences become U+FFFD.
 */
export function decodeInput(bytes: Buffer): string {
  const utf16 = (le: Buffer) =>
    le.toString('utf16le', 0, le.length - (le.length % 2)) + (le.length % 2 === 1 ? '\uFFFD' : '');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return wellFormed(utf16(bytes));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const le = Buffer.from(bytes);
    le.subarray(0, le.length - (le.length % 2)).swap16();
    return wellFormed(utf16(le));
  }
  return bytes.toString('utf8');
}

/** Lone surrogates (from invalid UTF-16) replaced with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Characters libyaml refuses anywhere in a stream ("control characters are not allowed"): C0 controls but tab,
 * line feed and carriage return; DEL; C1 controls but NEL; U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;
const CONTROL_MESSAGE = 'control characters are not allowed';

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/**
 * Lines and columns of offsets in a text, without an index of every line (yaml's LineCounter keeps one number
 * a line: 800 MB for a file of newlines). A cursor moves from the last offset asked: documents and their
 * errors are asked in order, so the text is scanned about once.
 */
export class LinePositions {
  private offset = 0;
  private line = 1;
  /** Where the cursor's line starts. */
  private lineStart = 0;

  constructor(private readonly text: string) {}

  /** The 1-based line and column of `offset` (lines end at `\n`). */
  at(offset: number): { line: number; col: number } {
    const target = Math.max(0, Math.min(offset, this.text.length));
    while (this.offset < target) {
      const nl = this.text.indexOf('\n', this.offset);
      if (nl < 0 || nl >= target) {
        this.offset = target;
        break;
      }
      this.line++;
      this.lineStart = nl + 1;
      this.offset = nl + 1;
    }
    while (this.offset > target) {
      const nl = this.text.lastIndexOf('\n', this.offset - 1);
      if (nl < target) {
        this.offset = target;
        break;
      }
      // Back over the newline at nl: the cursor's line starts after the one before it.
      this.line--;
      this.offset = nl;
      this.lineStart = nl === 0 ? 0 : this.text.lastIndexOf('\n', nl - 1) + 1;
    }
    return { line: this.line, col: target - this.lineStart + 1 };
  }
}

/** A collection nested deeper than `maxDepth` in a document's syntax tree (walked without recursion), if any. */
function tooDeep(token: CST.Token | undefined, maxDepth: number): CST.Token | undefined {
  const stack: [CST.Token, number][] = token ? [[token, 0]] : [];
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    if (!CST.isCollection(t)) continue;
    if (depth + 1 > maxDepth) return t;
    for (const item of t.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** Parses every document of `text` into `out`. Never throws for bad YAML: such documents carry an `error`. */
function parseInto(text: string, file: string, budget: ReadBudget, out: ManifestDocument[]): void {
  new YamlStream(text, file, budget, out).parse();
}

/** A problem found in a document, at an offset of the text: the earliest one is reported. */
interface DocumentProblem {
  message: string;
  offset: number;
}

/**
 * One text's YAML documents, parsed in a single pass: lexer → parser → composer → values, with the read limits
 * checked on the way. The fields are the pass's cursor.
 */
class YamlStream {
  private readonly limits: ReadBudget['limits'];
  private readonly lines: LinePositions;
  private readonly parser = new Parser();
  private readonly composer = new Composer(KUBECTL_YAML_OPTIONS);
  /** Document tokens from the parser so far: the index of the document being parsed. */
  private parsed = 0;
  /** Lexical tokens since the last document ended, and where that was. */
  private tokens = 0;
  private docStart = 0;
  /** Offsets of directives (`%YAML`, `%TAG`) before the document being parsed, and before each document. */
  private directive: number | undefined;
  private readonly directives: (number | undefined)[] = [];
  /** The next control character (Infinity: none), from where the previous document ended. */
  private readonly controls = new RegExp(CONTROL_CHARACTERS.source, 'g');
  private control: number;
  private previousEnd = 0;
  /** This text's documents are `out[first]` on. */
  private readonly first: number;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly budget: ReadBudget,
    private readonly out: ManifestDocument[]
  ) {
    this.limits = budget.limits;
    this.lines = new LinePositions(text);
    this.control = this.controls.exec(text)?.index ?? Infinity;
    this.first = out.length;
  }

  parse(): void {
    for (const lexeme of new Lexer().lex(this.text)) {
      this.countLexeme(lexeme);
      this.step(this.parser.next(lexeme));
    }
    this.step(this.parser.end());
    for (const doc of Array.from(this.composer.end())) this.onDocument(doc);
    this.markTrailingControl();
  }

  private lineAt(offset: number): number {
    return this.lines.at(offset).line;
  }

  private limit(error: ReadLimitError, where: string): CliError {
    return new CliError(`${this.file}: ${where ? `${where}: ` : ''}${error.message}`);
  }

  /** Checks one lexical token against the token limits. */
  private countLexeme(lexeme: string): void {
    const { limits } = this;
    if (lexeme.length > limits.maxTokenLength) {
      const error = new ReadLimitError(
        'maxTokenLength',
        `a YAML token (a scalar or a comment) longer than ${formatLimit('maxTokenLength', limits.maxTokenLength)} characters`
      );
      throw this.limit(error, `line ${this.lineAt(this.parser.offset)}`);
    }
    if (++this.tokens > limits.maxDocumentTokens) {
      const error = new ReadLimitError(
        'maxDocumentTokens',
        `more than ${formatLimit('maxDocumentTokens', limits.maxDocumentTokens)} YAML tokens in one document`
      );
      throw this.limit(error, `document ${this.parsed} (line ${this.lineAt(this.docStart)})`);
    }
  }

  /**
   * Composes the parser's top-level tokens, then builds the values of the documents this completes. The
   * composer yields a document once the next one is composed; finishing both generators and letting the
   * tokens go first means the next document's CST is not held while the values of the one before are built.
   */
  private step(produced: Iterable<CST.Token>): void {
    const top = Array.from(produced);
    if (top.length === 0) return;
    const docs = top.flatMap((token) => this.compose(token));
    top.length = 0;
    for (const doc of docs) this.onDocument(doc);
  }

  /** Checks a top-level token from the parser and composes it: the documents it completes. */
  private compose(token: CST.Token): Document.Parsed[] {
    if (token.type === 'directive') this.directive ??= token.offset;
    if (token.type === 'document') {
      this.directives[this.parsed] = this.directive;
      this.directive = undefined;
      this.checkDocumentLimits(token);
      this.parsed++;
      this.tokens = 0;
      this.docStart = this.parser.offset;
    }
    return Array.from(this.composer.next(token));
  }

  /** The limits on the number of documents and on their depth. */
  private checkDocumentLimits(token: CST.Document): void {
    const { limits } = this;
    if (++this.budget.documents > limits.maxDocuments) {
      throw this.limit(
        new ReadLimitError(
          'maxDocuments',
          `more than ${formatLimit('maxDocuments', limits.maxDocuments)} YAML documents in all inputs`
        ),
        ''
      );
    }
    const deep = tooDeep(token.value, limits.maxDepth);
    if (deep) {
      const where = `document ${this.parsed} (line ${this.lineAt(token.offset)})`;
      const error = new ReadLimitError(
        'maxDepth',
        `mappings and sequences nested deeper than ${limits.maxDepth} levels, at line ${this.lineAt(deep.offset)}`
      );
      throw this.limit(error, where);
    }
  }

  /** Builds a composed document's value into `out`, or the first problem it has. */
  private onDocument(doc: Document.Parsed): void {
    const { text, file, out } = this;
    const index = out.length - this.first;
    const start = doc.range?.[0] ?? 0;
    const line = this.lineAt(start);
    const problems = this.problemsOf(doc, index, start);
    if (problems.length === 0) {
      try {
        const value = new KubectlValues(text, this.budget).build(doc.contents);
        out.push({ file, index, line, value });
        return;
      } catch (error) {
        if (error instanceof ReadLimitError) throw this.limit(error, `document ${index} (line ${line})`);
        if (!(error instanceof YamlValueError)) throw error;
        problems.push({ message: error.message, offset: error.offset });
      }
    }
    const earliest = problems.reduce((a, b) => (b.offset < a.offset ? b : a));
    const pos = this.lines.at(earliest.offset);
    out.push({
      file,
      index,
      line,
      error: { message: earliest.message, line: pos.line, column: pos.col },
    });
  }

  /** The document's problems: its YAML errors, a control character and a directive (moves the control cursor). */
  private problemsOf(doc: Document.Parsed, index: number, start: number): DocumentProblem[] {
    const problems: DocumentProblem[] = doc.errors.map((e) => ({
      message: e.message.split('\n')[0],
      offset: e.pos[0],
    }));
    const end = Math.max(doc.range?.[2] ?? start, this.previousEnd);
    if (this.control < end) {
      problems.push({ message: CONTROL_MESSAGE, offset: this.control });
      this.controls.lastIndex = end;
      this.control = this.controls.exec(this.text)?.index ?? Infinity;
    }
    this.previousEnd = end;
    const directiveAt = this.directives[index];
    if (directiveAt !== undefined) {
      problems.push({
        message:
          'kubectl cannot read a document with a directive (%YAML, %TAG): it reads the directive alone',
        offset: directiveAt,
      });
    }
    return problems;
  }

  /** A control character after the last document (after `...`): libyaml refuses the stream there. */
  private markTrailingControl(): void {
    const { out, file } = this;
    const last = out.length - 1;
    if (this.control !== Infinity && last >= this.first && !out[last].error) {
      const pos = this.lines.at(this.control);
      const { index, line } = out[last];
      out[last] = { file, index, line, error: { message: CONTROL_MESSAGE, line: pos.line, column: pos.col } };
    }
  }
}

/**
 * Parses every document of `text`, kubectl's way. Never throws for bad YAML: malformed documents carry an
 * `error`. Throws a {@link CliError} when a read limit is passed (`budget`: what the command has read before).
 */
export function parseManifests(text: string, file: string, budget = new ReadBudget()): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  parseStreamInto(text, file, budget, out);
  return out;
}

/** Parses one input's text into `out`: as JSON when kubectl would (see {@link JSON_PREFIX}), else as YAML. */
function parseStreamInto(text: string, file: string, budget: ReadBudget, out: ManifestDocument[]): void {
  if (JSON_PREFIX.test(text)) parseJsonInto(text, file, budget, out);
  else parseInto(text, file, budget, out);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON streams

/**
 * kubectl reads a stream whose first character but white space is `{` as JSON, not YAML
 * (k8s.io/apimachinery/pkg/util/yaml `NewYAMLOrJSONDecoder`): a sequence of JSON objects, decoded by Go's
 * encoding/json, which turns an escaped lone surrogate into U+FFFD (YAML refuses it) and refuses what JSON
 * does not allow (`{a: 1}`, comments), though YAML would read it.
 */
const JSON_PREFIX = /^[\s\uFEFF]*\{/;

/** The end offsets of the top-level JSON values in `text` (scanned once, no recursion), and the deepest nesting. */
function jsonValueEnds(text: string): { ends: number[]; depth: number; tooDeepAt?: number } {
  const ends: number[] = [];
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) ends.push(i + 1);
      if (depth < 0) break;
    }
  }
  if (ends.length === 0 || text.slice(ends[ends.length - 1]).trim() !== '') ends.push(text.length);
  return { ends, depth: deepest };
}

/** A parsed JSON value with every string well-formed, as Go's decoder gives it (iterative). */
function wellFormedJson(value: unknown): unknown {
  const root = { value };
  const stack: [Record<string, unknown> | unknown[], string | number][] = [[root, 'value']];
  while (stack.length > 0) {
    const [holder, key] = stack.pop()!;
    const v = (holder as Record<string | number, unknown>)[key];
    if (typeof v === 'string') (holder as Record<string | number, unknown>)[key] = wellFormed(v);
    else if (Array.isArray(v)) v.forEach((_, i) => stack.push([v, i]));
    else if (v !== null && typeof v === 'object') {
      // A plain object with own properties only (a key named __proto__ stays a key; of keys that become the
      // same once well-formed, the last wins, as in Go's decoder).
      const plain: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>))
        Object.defineProperty(plain, wellFormed(k), {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      (holder as Record<string | number, unknown>)[key] = plain;
      for (const k of Object.keys(plain)) stack.push([plain, k]);
    }
  }
  return root.value;
}

function parseJsonInto(text: string, file: string, budget: ReadBudget, out: ManifestDocument[]): void {
  const { limits } = budget;
  const lines = new LinePositions(text);
  const { ends, depth } = jsonValueEnds(text);
  if (depth > limits.maxDepth) {
    throw new CliError(
      `${file}: ${new ReadLimitError('maxDepth', `mappings and sequences nested deeper than ${limits.maxDepth} levels`).message}`
    );
  }
  const first = out.length;
  let start = 0;
  for (const end of ends) {
    const chunk = text.slice(start, end);
    const offset = start + (chunk.length - chunk.trimStart().length);
    start = end;
    if (chunk.trim() === '') continue;
    if (++budget.documents > limits.maxDocuments) {
      throw new CliError(
        `${file}: ${new ReadLimitError('maxDocuments', `more than ${formatLimit('maxDocuments', limits.maxDocuments)} YAML documents in all inputs`).message}`
      );
    }
    const index = out.length - first;
    const line = lines.at(offset).line || 1;
    try {
      out.push({ file, index, line, value: wellFormedJson(JSON.parse(chunk)) });
    } catch (error) {
      const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const message = text.replace(/ in JSON at position \d+.*$/, '');
      const at = /at position (\d+)/.exec(text);
      const pos = lines.at(offset + (at ? Number(at[1]) : 0));
      out.push({
        file,
        index,
        line,
        error: {
          message: `invalid JSON (kubectl reads a stream that starts with '{' as JSON): ${message}`,
          line: pos.line || line,
          column: pos.col || 1,
        },
      });
      return; // Go's JSON decoder stops at the first error
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Files and folders

const ERRNO: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EAGAIN: 'it would block',
};

/** `cannot read <what>: permission denied (EACCES)`: one line, whatever the error. */
function readError(what: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code
    ? `${ERRNO[code] ? `${ERRNO[code]} ` : ''}(${code})`
    : (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return new CliError(`cannot read ${what}: ${reason}`);
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** O_NONBLOCK: opening a FIFO does not wait for a writer; O_NOCTTY: a terminal does not become ours. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 1024 * 1024;

/**
 * The bytes of the regular file `file`, at most `max` (else a {@link ReadLimitError} from `tooLarge`). Refuses
 * anything else, checked on the open descriptor.
 */
function readRegularFile(file: string, shown: string, max: number, tooLarge: () => ReadLimitError): Buffer {
  // A first look without opening: opening some devices has effects of its own.
  let kind: string | undefined;
  try {
    kind = notRegular(statSync(file));
  } catch (error) {
    throw readError(shown, error);
  }
  if (kind) throw new CliError(`cannot read ${shown}: ${kind}, not a regular file`);
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw readError(shown, error);
  }
  try {
    const stats = fstatSync(fd);
    kind = notRegular(stats);
    if (kind) throw new CliError(`cannot read ${shown}: ${kind}, not a regular file`);
    if (stats.size > max) throw tooLarge();
    // The size is a hint (the file may change): read to the end, never more than max + 1 bytes.
    const chunks: Buffer[] = [];
    let total = 0;
    let want = Math.min(stats.size + 1, max + 1);
    for (;;) {
      const buffer = Buffer.allocUnsafe(want);
      const n = readSync(fd, buffer, 0, want, null);
      if (n === 0) break;
      chunks.push(n === want ? buffer : buffer.subarray(0, n));
      total += n;
      if (total > max) throw tooLarge();
      want = Math.min(CHUNK, max + 1 - total);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof CliError || error instanceof ReadLimitError) throw error;
    throw readError(shown, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every `*.yaml` / `*.yml` entry under `dir`, recursively, sorted; hidden folders and node_modules skipped, and
 * symbolic links to folders not followed. Entries that are not regular files are listed too, so that reading
 * refuses them rather than skipping them silently. Throws a {@link CliError} for a folder that cannot be read.
 */
export function yamlFilesIn(
  dir: string,
  options: { show?: (file: string) => string; budget?: ReadBudget } = {}
): string[] {
  const show = options.show ?? ((f: string) => f);
  const budget = options.budget ?? new ReadBudget();
  const out: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      throw readError(`folder ${show(folder)}`, error);
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full);
      } else if (/\.ya?ml$/i.test(entry.name)) {
        out.push(full);
        if (budget.files + out.length > budget.limits.maxFiles) {
          const error = new ReadLimitError(
            'maxFiles',
            `more than ${formatLimit('maxFiles', budget.limits.maxFiles)} YAML files`
          );
          throw new CliError(`${show(dir)}: ${error.message}`);
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** How a path is shown: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The byte limit for the next input, and the error when it is passed. */
function byteLimit(budget: ReadBudget, shown: string): { max: number; tooLarge: () => ReadLimitError } {
  const { maxFileBytes, maxTotalBytes } = budget.limits;
  const left = maxTotalBytes - budget.bytes;
  return left < maxFileBytes
    ? {
        max: left,
        tooLarge: () =>
          new ReadLimitError(
            'maxTotalBytes',
            `${shown} makes the inputs larger than ${formatLimit('maxTotalBytes', maxTotalBytes)} together`
          ),
      }
    : {
        max: maxFileBytes,
        tooLarge: () =>
          new ReadLimitError(
            'maxFileBytes',
            `${shown} is larger than ${formatLimit('maxFileBytes', maxFileBytes)}`
          ),
      };
}

/**
 * Reads `paths` (files, folders, `-`). Throws a {@link CliError} (exit 2) for a path that does not exist or
 * cannot be read, a folder without YAML files, or an input past a read limit: nothing is checked then.
 */
export async function readManifests(
  paths: readonly string[],
  io: CliIo,
  limits: ReadLimits = READ_LIMITS
): Promise<ManifestInput> {
  const budget = new ReadBudget(limits);
  const files: string[] = [];
  const documents: ManifestDocument[] = [];
  const read = (text: string, bytes: number, shown: string) => {
    budget.bytes += bytes;
    budget.files++;
    if (budget.files > limits.maxFiles) {
      const error = new ReadLimitError(
        'maxFiles',
        `more than ${formatLimit('maxFiles', limits.maxFiles)} files`
      );
      throw new CliError(`${shown}: ${error.message}`);
    }
    files.push(shown);
    parseStreamInto(text, shown, budget, documents);
  };
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) throw new CliError("'-' (standard input) may be given only once");
      stdinRead = true;
      const { max, tooLarge } = byteLimit(budget, '<stdin>');
      let text: string;
      try {
        text = await io.readStdin(max);
        // An implementation that does not stop at max: the text's UTF-8 size stands for the bytes.
        if (Buffer.byteLength(text, 'utf8') > max) throw new InputTooLarge(max);
      } catch (error) {
        if (error instanceof InputTooLarge) throw new CliError(tooLarge().message);
        if (error instanceof CliError) throw error;
        throw readError('<stdin>', error);
      }
      read(text, Buffer.byteLength(text, 'utf8'), '<stdin>');
      continue;
    }
    const full = path.resolve(io.cwd, p);
    let stats: Stats;
    try {
      stats = statSync(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`no such file or folder: ${p}`);
      throw readError(p, error);
    }
    const show = (file: string) => displayPath(file, io.cwd);
    const found = stats.isDirectory() ? yamlFilesIn(full, { show, budget }) : [full];
    if (found.length === 0) throw new CliError(`no *.yaml or *.yml files in ${p}`);
    for (const file of found) {
      const shown = show(file);
      const { max, tooLarge } = byteLimit(budget, shown);
      let bytes: Buffer;
      try {
        bytes = readRegularFile(file, shown, max, tooLarge);
      } catch (error) {
        if (error instanceof ReadLimitError) throw new CliError(error.message);
        throw error;
      }
      read(decodeInput(bytes), bytes.length, shown);
    }
  }
  return { files, documents };
}

/** One object of a document: the document's value, or one item of a `kind: List` (kubectl's list output). */
export interface ManifestObject {
  readonly value: unknown;
  /** `items[3]` for a List item, else empty. */
  readonly path: string;
}

/** The objects of a parsed document: a `v1` `List` stands for its items, as `kubectl apply` reads it. */
export function objectsOf(value: unknown): ManifestObject[] {
  const obj = value as { apiVersion?: unknown; kind?: unknown; items?: unknown } | null;
  if (
    obj &&
    typeof obj === 'object' &&
    obj.apiVersion === 'v1' &&
    obj.kind === 'List' &&
    Array.isArray(obj.items)
  ) {
    return obj.items.map((item, i) => ({ value: item, path: `items[${i}]` }));
  }
  return [{ value, path: '' }];
}
