/**
 * Imports many inputs with `cdk8s-batch import` (in-process), then type-checks all the generated files in one
 * TypeScript program and runs them all in one child process (`generated-code.ts`): fast enough for dozens of
 * inputs per test file.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ImportReport } from '../../cli/commands/import';
import { cli } from './cli';
import { Manifest, runPrograms, shapeProblems, typeCheck } from './generated-code';

/**
 * YAML (JSON, which YAML reads) with every character outside printable ASCII escaped (`\uXXXX` per UTF-16 unit),
 * so that what the CLI reads is exactly `value`: raw line breaks such as U+2028 would be folded by YAML.
 */
export function yamlOf(value: unknown): string {
  const json = JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
  return `${json}\n`;
}

/** One import. */
export interface Imported {
  /** The file name of the input, as given to the CLI. */
  readonly input: string;
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The --json report (when run with --json). */
  readonly report?: ImportReport;
  /** The generated file and its text, when one was written. */
  readonly file?: string;
  readonly code?: string;
  /** Problems of the code's shape (`shapeProblems`). */
  readonly shape: string[];
}

/** What the batch found for a generated file. */
export interface Checked {
  readonly diagnostics: string[];
  readonly error?: string;
  readonly manifests: Manifest[];
}

export class ImportBatch {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-codegen-'));
  private count = 0;
  private readonly files: string[] = [];
  private readonly results = new Map<string, Checked>();
  private readonly stray: string[] = [];

  /**
   * Writes `text` to a file named `fileName` (a path relative to a folder of its own) and imports it with
   * `args`, writing the code to `generated.ts` in that folder with --out; the CLI's working folder is that folder.
   */
  async import(text: string, fileName = 'input.yaml', args: string[] = ['--json']): Promise<Imported> {
    const folder = path.join(this.dir, String(++this.count));
    const input = path.join(folder, fileName);
    mkdirSync(path.dirname(input), { recursive: true });
    writeFileSync(input, text);
    const out = path.join(folder, 'generated.ts');
    const result = await cli(['import', input, '--out', out, ...args], { cwd: folder });
    const written = existsSync(out);
    const code = written ? readFileSync(out, 'utf8') : undefined;
    if (written) this.files.push(out);
    return {
      input,
      exit: result.code,
      stdout: result.out,
      stderr: result.err,
      report:
        args.includes('--json') && result.out !== '' ? (JSON.parse(result.out) as ImportReport) : undefined,
      ...(written ? { file: out, code } : {}),
      shape: code === undefined ? [] : shapeProblems(code),
    };
  }

  /**
   * Type-checks and runs the files generated since the last call (all in one program and one process: import
   * everything first, then check), and returns the results of all files so far.
   */
  check(): { results: Map<string, Checked>; stray: string[] } {
    const files = this.files.filter((f) => !this.results.has(f));
    if (files.length > 0) {
      const diagnostics = typeCheck(files);
      const run = runPrograms(files);
      for (const file of files) {
        this.results.set(file, {
          diagnostics: diagnostics.get(file) ?? [],
          ...(run.errors.has(file) ? { error: run.errors.get(file) } : {}),
          manifests: run.manifests.get(file) ?? [],
        });
      }
      this.stray.push(...run.stray);
    }
    return { results: this.results, stray: this.stray };
  }

  /** Removes the folder of the inputs and the code. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
