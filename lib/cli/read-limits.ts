/**
 * How much the CLI reads. Input files may come from anyone, so every cost of reading them has a limit. Past
 * a limit the command stops with one line naming the input and the limit, exit code 2 (nothing is checked),
 * instead of running out of memory or time.
 *
 * The limits are generous for real manifests: 100,000 small Jobs in one 60 MiB file are read with room to
 * spare.
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
