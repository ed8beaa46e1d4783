/**
 * How much the CLI reads. Input files may come from anyone, so every cost of reading them has a limit: bytes,
 * files, documents, the syntax tree of one document, tokens, nesting, values kept, and what aliases expand
 * to. Past a limit the command stops with one line naming the input and the limit, exit code 2 (nothing is
 * checked), instead of running out of memory or time.
 *
 * The limits are generous for real manifests: 100,000 small Jobs in one 60 MiB file are read (`npm run
 * bench:cli`, bench/README.md: 510 MB peak). The worst inputs within them that we could make (documents of
 * a million empty mappings, 8 Mi values, aliases expanding to 16 Mi, long escaped strings) are read or refused
 * within a 1 GiB heap (`node --max-old-space-size=1024`), a quarter of Node's default on a 16 GiB machine.
 */

const MiB = 1024 * 1024;

/** The limits of {@link READ_LIMITS}; tests pass smaller ones. */
export interface ReadLimits {
  /** Bytes of one file, or of standard input. */
  readonly maxFileBytes: number;
  /** Bytes of all files and standard input together. */
  readonly maxTotalBytes: number;
  /** Files read (a folder with many small files). */
  readonly maxFiles: number;
  /** YAML documents in all inputs together (empty documents count). */
  readonly maxDocuments: number;
  /** YAML tokens of one document: its syntax tree is held whole while it is read. */
  readonly maxDocumentTokens: number;
  /** Characters of one YAML token: a scalar, a comment. */
  readonly maxTokenLength: number;
  /** Nesting of mappings and sequences in one document. */
  readonly maxDepth: number;
  /** Values built (scalars, mappings, sequences, keys) in all documents together: they are kept until the end. */
  readonly maxNodes: number;
  /** What aliases (`*name`, `<<: *name`) add, in characters of strings plus one per node, all documents together. */
  readonly maxAliasExpansion: number;
}

/** The limits of the CLI's reading (see the module comment). Each is checked as the input is read. */
export const READ_LIMITS: ReadLimits = {
  /**
   * 96 MiB: 1.5 times the 100,000-small-Job benchmark file (60 MiB). Reading costs time in proportion to the
   * size (the YAML parser reads about 1.5 MiB a second on a small machine), and the text stays in memory while
   * values taken from it do.
   */
  maxFileBytes: 96 * MiB,
  /** 128 MiB: all inputs together (about 200,000 small Jobs); bounds the time and the text kept in memory. */
  maxTotalBytes: 128 * MiB,
  /** 100,000 files: a folder of one object a file for the largest fleets; each costs an open and a read. */
  maxFiles: 100_000,
  /**
   * 500,000 documents: five times the benchmark's 100,000. An empty document (`---`) costs hundreds of bytes
   * of memory for 4 bytes of input, so the byte limits alone would allow millions.
   */
  maxDocuments: 500_000,
  /**
   * 1,000,000 tokens (about 3 MiB of YAML: a `kind: List` of some 4,500 small Jobs, or 2,000 Jobs as
   * `kubectl get -o yaml` prints them): a document's syntax tree is built whole before its values, at 200 to
   * 550 bytes of memory a token (flow collections cost most), and the next document's tree is built while
   * the last one's values are, so documents take at most about 1 GiB while they are read. Split larger Lists
   * (one `kubectl get` per namespace).
   */
  maxDocumentTokens: 1_000_000,
  /**
   * 4 Mi (4,194,304) characters: Kubernetes stores objects of at most about 1.5 MiB, so no real value is
   * longer. The parser builds a long quoted or block scalar at up to 55 bytes of memory a character (8 MiB took
   * 440 MB).
   */
  maxTokenLength: 4 * MiB,
  /**
   * 256 levels: the deepest real manifests (CRD schemas) nest some 60 levels; the YAML parser recurses once a
   * level and overflows the stack at about 500.
   */
  maxDepth: 256,
  /**
   * 8 Mi (8,388,608) nodes: 1.3 times the benchmark's 6.4 million (64 a small Job). Values are kept until the
   * command ends, at 30 (small Jobs) to 70 (empty mappings) bytes a node: at most about 600 MiB.
   */
  maxNodes: 8 * MiB,
  /**
   * 16 Mi characters and nodes: an alias shares its anchor's value in memory, but every consumer that copies,
   * walks or prints the value pays for each use, so a 1 MiB string used 900 times (a 1 MiB file) costs like
   * 900 MiB of input. 16 Mi is thousands of times what anchors add to real manifests (shared env lists,
   * resources, `<<: *defaults`), and about what the largest input within the byte limits costs.
   */
  maxAliasExpansion: 16 * MiB,
};

/** `128 MiB`, `4,000,000`. */
export function formatLimit(name: keyof ReadLimits, value: number): string {
  if (name === 'maxFileBytes' || name === 'maxTotalBytes') {
    return value % MiB === 0 ? `${value / MiB} MiB` : `${value.toLocaleString('en-US')} bytes`;
  }
  return value.toLocaleString('en-US');
}

/** A read limit was passed. `message` says what went over; the caller adds which input. */
export class ReadLimitError extends Error {
  constructor(
    public readonly limit: keyof ReadLimits,
    /** What went over, e.g. `larger than 128 MiB`. */
    what: string
  ) {
    super(`${what} (limit ${limit})`);
    this.name = 'ReadLimitError';
  }
}

/** Standard input (or another stream) has more than `maxBytes` bytes: reading stopped there. */
export class InputTooLarge extends Error {
  constructor(public readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
    this.name = 'InputTooLarge';
  }
}
