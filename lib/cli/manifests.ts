/**
 * Reading Kubernetes YAML for the CLI commands: files, folders (every `*.yaml` / `*.yml`, recursively, sorted)
 * and `-` for standard input; every document parsed the way kubectl does.
 *
 * kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml on go-yaml v2): an unquoted `yes`, `on` or `y` is a
 * boolean, `0644` is octal, `<<` merges. Two YAML 1.1 types go-yaml v2 leaves as strings when decoding into
 * untyped values, so they are turned off here: timestamps (`2024-01-01`) and sexagesimal numbers (`1:20`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';
import { CliError, CliIo } from './command';

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

/** Every `*.yaml` / `*.yml` file under `dir`, recursively, sorted; hidden folders and node_modules skipped. */
export function yamlFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name)
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...yamlFilesIn(full));
    } else if (/\.ya?ml$/i.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      out.push(full);
    }
  }
  return out;
}

/** How a path is shown: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Reads `paths` (files, folders, `-`). Throws a {@link CliError} (exit 2) for a path that does not exist or a
 * folder without YAML files: nothing is checked then.
 */
export async function readManifests(paths: readonly string[], io: CliIo): Promise<ManifestInput> {
  const files: string[] = [];
  const documents: ManifestDocument[] = [];
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) throw new CliError("'-' (standard input) may be given only once");
      stdinRead = true;
      files.push('<stdin>');
      documents.push(...parseManifests(await io.readStdin(), '<stdin>'));
      continue;
    }
    const full = path.resolve(io.cwd, p);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      throw new CliError(`no such file or folder: ${p}`);
    }
    const found = stat.isDirectory() ? yamlFilesIn(full) : [full];
    if (found.length === 0) throw new CliError(`no *.yaml or *.yml files in ${p}`);
    for (const file of found) {
      const shown = displayPath(file, io.cwd);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      files.push(shown);
      documents.push(...parseManifests(text, shown));
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
