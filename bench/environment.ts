/** What a benchmark run records about where it ran: the commit and the machine. */
import { execFileSync } from 'child_process';
import * as os from 'os';

/**
 * The commit of the checkout at `root`, `-dirty` when files other than `ownOutputs` (the benchmark's own result files, as git
 * pathspecs relative to the repository) have changes; `unknown` outside a git checkout.
 */
export function codeVersion(root: string, ownOutputs: readonly string[]): string {
  const git = (...argv: string[]) => execFileSync('git', argv, { cwd: root, encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', '.', ...ownOutputs.map((f) => `:!${f}`));
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** Cores, CPU model, memory, OS and node version. */
export function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB memory, ${os.type()} ${os.release()}, node ${process.version}`
  );
}
