/**
 * The command framework of the `cdk8s-batch` CLI: what a command is, how it talks to the outside world, and the
 * exit codes. Commands (`validate`, later `import` and `summary`) are plain objects registered in
 * `commands/index.ts`; `cli.ts` parses arguments with Node's `util.parseArgs`, prints help and maps errors to
 * one-line messages and exit codes.
 */

/** Exit codes of every command. */
export const EXIT = {
  /** Done, nothing found. */
  OK: 0,
  /** Done, and there are findings (problems in the input). */
  FINDINGS: 1,
  /**
   * Bad command line, or input that could not be read as YAML (missing, not a regular file, unreadable,
   * over a limit, malformed, empty): not all of it was checked. The same in every command.
   */
  USAGE: 2,
} as const;

/** Everything a command may touch besides the file system: streams, working directory, environment. */
export interface CliIo {
  /** Writes to standard output, as is (add the newline yourself). */
  readonly out: (text: string) => void;
  /** Writes to standard error, as is. */
  readonly err: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Reads all of standard input (for the path `-`) as text. With `maxBytes`, stops reading once more bytes than
   * that have arrived and rejects with an `InputTooLarge` (`read-limits.ts`).
   */
  readonly readStdin: (maxBytes?: number) => Promise<string>;
}

/** One `--option` of a command, in `util.parseArgs` terms plus help text. */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Shown in help as `--name <valueName>`. */
  readonly valueName?: string;
  /** What the option does, one line. */
  readonly description: string;
  /** Shown in help as `(default: …)`; the command applies it itself. */
  readonly defaultText?: string;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Option values by long name (`kube-version`), as `util.parseArgs` returns them. */
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  /** Positional arguments after the command name. */
  readonly positionals: readonly string[];
  /** `--json` was given: print machine-readable output only. */
  readonly json: boolean;
  readonly io: CliIo;
}

/** A `cdk8s-batch <name>` command. */
export interface Command {
  /** The word after `cdk8s-batch`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments after the options in the usage line, e.g. `[paths...]`. */
  readonly usage: string;
  /** Paragraphs shown by `--help`. */
  readonly description: string;
  /** The command's own options; `--json` and `--help` are added to every command. */
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Whether positional arguments are accepted. */
  readonly allowPositionals: boolean;
  /** Example command lines for `--help`. */
  readonly examples?: readonly string[];
  /** Runs the command; returns the exit code. Throw {@link CliError} for bad input. */
  run(ctx: CommandContext): Promise<number>;
}

/** An expected failure: printed as one line, no stack, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number = EXIT.USAGE,
    /** Add "see --help" to the message. */
    public readonly showUsageHint = false
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line: exit code 2 and a pointer to `--help`. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.USAGE, true);
    this.name = 'UsageError';
  }
}

/**
 * Characters that would act on a terminal, or end a line, instead of being shown: C0 controls, DEL, C1
 * controls, the Unicode line and paragraph separators, and the bidirectional overrides and isolates that can
 * make text read differently from what it is ("Trojan Source", CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One control character as an escape that reads back as the same character in JSON and TypeScript. */
function escapeControl(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every terminal control but newline and tab escaped: safe to print whatever the input held, and
 * still valid inside a JSON string and in generated code, where such characters only appear escaped already.
 * `cli.ts` applies it to everything a command prints.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\n' || c === '\t' ? c : escapeControl(c)));
}

/**
 * Text from the input as it may appear inside one printed line: newline and tab escaped too, so that input
 * cannot end a line early or fake a report line.
 */
export function printableLine(text: string): string {
  return text.replace(CONTROLS, escapeControl);
}
