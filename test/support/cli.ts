import * as path from 'node:path';
import { run } from '../../cli/cli';
import type { CliIo } from '../../cli/command';

/** The repository root: the CLI's working folder unless a test gives another. */
export const root = path.join(__dirname, '..', '..');

/** Runs the CLI in-process with captured output. */
export async function cli(
  argv: string[],
  options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    cwd: options.cwd ?? root,
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
  };
  const code = await run(argv, io);
  return { code, out: out.join(''), err: err.join('') };
}
