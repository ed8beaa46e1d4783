/**
 * Reading Kubernetes YAML for the CLI commands: files, folders (every `*.yaml` / `*.yml`, recursively, sorted)
 * and `-` for standard input; every document parsed the way kubectl does.
 *
 * kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml on go-yaml v2): an unquoted `yes`, `on` or `y` is a
 * boolean, `0644` is octal, `<<` merges. Two YAML 1.1 types go-yaml v2 leaves as strings when decoding into
 * untyped values, so they are turned off here: timestamps (`2024-01-01`) and sexagesimal numbers (`1:20`).
 *
 * Inputs may come from anyone, so reading is bounded:
 *
 * - Only regular files are read (symbolic links to them too). A FIFO, socket or device, given or found in a
 *   folder under a `*.yaml` name, is refused: it could block or never end. Files are opened non-blocking and
 *   checked on the open descriptor (`fstat`), so nothing can be swapped in between the check and the read.
 * - Bytes per file and in total (standard input included) and files have limits ({@link READ_LIMITS}). Past
 *   one, the command stops with a one-line error naming the limit and the input (exit 2).
 * - Read errors are one line naming the path: `cannot read folder dist/jobs: permission denied (EACCES)`.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, Stats, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';
import { CliError, CliIo } from './command';
import { formatLimit, InputTooLarge, READ_LIMITS, ReadLimitError, ReadLimits } from './read-limits';

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

const YAML_TIMESTAMP = 'tag:yaml.org,2002:timestamp';

/** kubectl's YAML reading (see the module comment). */
export const KUBECTL_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== YAML_TIMESTAMP && tag.format !== 'TIME';
    }),
};

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses every document of `text`. Never throws: malformed documents carry an `error`. */
export function parseManifests(text: string, file: string): ManifestDocument[] {
  const docs = parseAllDocuments(text, KUBECTL_YAML_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  return list.map((doc, index) => {
    const line = lineOf(text, doc.range?.[0] ?? 0);
    const first = doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      const message = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { file, index, line, error: { message, line: pos?.line, column: pos?.col } };
    }
    try {
      return { file, index, line, value: doc.toJS({ maxAliasCount: 1000 }) as unknown };
    } catch (error) {
      return {
        file,
        index,
        line,
        error: { message: error instanceof Error ? error.message : String(error) },
      };
    }
  });
}

/** What one command has read so far, against its limits (shared by all its inputs). */
export class ReadBudget {
  bytes = 0;
  files = 0;

  constructor(public readonly limits: ReadLimits = READ_LIMITS) {}
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
    for (const document of parseManifests(text, shown)) documents.push(document);
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
      read(bytes.toString('utf8'), bytes.length, shown);
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
