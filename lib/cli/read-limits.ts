/**
 * How much the CLI reads. Input files may come from anyone, so every cost of reading them has a limit: bytes,
 * files, documents, the syntax tree of one document, nesting, values kept, and what aliases expand to. Past a
 * limit the command stops with one line naming the input and the limit, exit code 2 (nothing is checked),
 * instead of running out of memory or time.
 *
 * The limits are generous for real manifests: 100,000 small Jobs in one 60 MiB file are read with room to
 * spare (`npm run bench:cli`, bench/README.md). Together they keep the heap of the worst input within the
 * limits under about 2 GiB, Node's default heap on a machine with 8 GiB of memory.
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
   * 2,000,000 tokens (about 6 MiB of YAML: a `kind: List` of 10,000 small Jobs, or of some 4,000 Jobs as
   * `kubectl get -o yaml` prints them): a document's syntax tree is built whole before its values, at about
   * 210 bytes of memory a token, so one document takes at most about 450 MiB while it is read. Split larger
   * Lists (one `kubectl get` per namespace).
   */
  maxDocumentTokens: 2_000_000,
  /**
   * 256 levels: the deepest real manifests (CRD schemas) nest some 60 levels; the YAML parser recurses once a
   * level and overflows the stack at about 500.
   */
  maxDepth: 256,
  /**
   * 16 Mi (16,777,216) nodes: 2.6 times the benchmark's 6.4 million (64 a small Job). Values are kept until the
   * command ends, at 30 to 60 bytes a node: at most about 1 GiB.
   */
  maxNodes: 16 * MiB,
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
