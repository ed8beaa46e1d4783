import type { Command } from '../command';
import { importCommand } from './import';
import { summaryCommand } from './summary';
import { validateCommand } from './validate';

/**
 * Every `cdk8s-batch` command, in the order `--help` lists them. A new command is a `Command` object in its own
 * file under `commands/`, added here; `cli.ts` gives it argument parsing, `--help`, `--json` and exit codes.
 */
export const COMMANDS: readonly Command[] = [validateCommand, importCommand, summaryCommand];
