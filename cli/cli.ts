/**
 * `cdk8s-batch <command> [options]`: argument parsing (Node's `util.parseArgs`, strict), help for the program
 * and for each command, and error handling. Every error is one line on standard error, never a stack trace
 * (set `CDK8S_BATCH_DEBUG=1` to see one for unexpected errors). Exit codes: see {@link EXIT}.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { CliError, CliIo, Command, CommandOption, escapeControls, EXIT, UsageError } from './command';

export { escapeControls };
import { COMMANDS } from './commands';

export const PROGRAM = 'cdk8s-batch';

/** Options every command has. */
const COMMON_OPTIONS: Readonly<Record<string, CommandOption>> = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on standard output' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

/** The package version, from the nearest `package.json` named cdk8s-batch. */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === PROGRAM) return pkg.version ?? 'unknown';
    } catch {
      // not here; go up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function optionLines(options: Readonly<Record<string, CommandOption>>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}`;
    const text = `${o.description}${o.defaultText ? ` (default: ${o.defaultText})` : ''}`;
    return [flag, text];
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

const EXIT_CODES = 'Exit codes: 0 success, 1 findings, 2 usage or input error.';

/** The program's help: usage and the command list. */
export function programHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...optionLines({
      help: {
        type: 'boolean',
        short: 'h',
        description: `Show this help; '${PROGRAM} <command> --help' for a command`,
      },
      version: { type: 'boolean', short: 'v', description: 'Print the version' },
    }),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

/** A command's help: usage, description, options, examples. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${PROGRAM} ${command.name} [options]${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.description,
    '',
    'Options:',
    ...optionLines({ ...command.options, ...COMMON_OPTIONS }),
    '',
    EXIT_CODES,
    ...(command.examples?.length ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
    '',
  ].join('\n');
}

/** Turns `util.parseArgs` errors into short usage errors. */
function usageErrorFrom(error: unknown): UsageError {
  const e = error as { code?: string; message?: string };
  const message = String(e.message ?? error).split('\n')[0];
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option '${option ?? message}'`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[0] ?? message}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        /argument missing/.test(message) && option
          ? `option '${option}' needs a value`
          : message.replace(/^Option /, 'option ')
      );
    default:
      return new UsageError(message);
  }
}

async function runCommand(command: Command, argv: readonly string[], io: CliIo): Promise<number> {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const config: ParseArgsConfig = {
    args: [...argv],
    strict: true,
    allowPositionals: command.allowPositionals,
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [
        name,
        { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
      ])
    ),
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw usageErrorFrom(error);
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return EXIT.OK;
  }
  return command.run({
    values: parsed.values,
    positionals: parsed.positionals,
    json: parsed.values.json === true,
    io,
  });
}

/** `io` whose every printed line has its terminal controls escaped. */
function safeOutput(io: CliIo): CliIo {
  return { ...io, out: (text) => io.out(escapeControls(text)), err: (text) => io.err(escapeControls(text)) };
}

/**
 * Runs `cdk8s-batch` with `argv` (the arguments after the program name) and returns the exit code. Never
 * throws: every error becomes one line on `io.err`. Whatever a command prints goes through
 * {@link escapeControls}, so input text cannot drive the terminal.
 */
export async function run(
  argv: readonly string[],
  rawIo: CliIo,
  commands: readonly Command[] = COMMANDS
): Promise<number> {
  const io = safeOutput(rawIo);
  const [first, ...rest] = argv;
  const command = commands.find((c) => c.name === first);
  const prefix = command ? `${PROGRAM} ${command.name}` : PROGRAM;
  try {
    if (first === undefined) {
      io.err(programHelp(commands));
      return EXIT.USAGE;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
      if (first === 'help' && rest[0] !== undefined && !topic)
        throw new UsageError(`unknown command '${rest[0]}'`);
      io.out(topic ? commandHelp(topic) : programHelp(commands));
      return EXIT.OK;
    }
    if (first === '--version' || first === '-v') {
      io.out(`${packageVersion()}\n`);
      return EXIT.OK;
    }
    if (!command) {
      throw new UsageError(
        first.startsWith('-')
          ? `unknown option '${first}' (give a command first)`
          : `unknown command '${first}' (commands: ${commands.map((c) => c.name).join(', ')})`
      );
    }
    return await runCommand(command, rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      const help = command ? `${PROGRAM} ${command.name} --help` : `${PROGRAM} --help`;
      io.err(`${prefix}: ${oneLine(error.message)}${error.showUsageHint ? `; see '${help}'` : ''}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${prefix}: unexpected error: ${oneLine(message)}\n`);
    if (io.env.CDK8S_BATCH_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return EXIT.USAGE;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
