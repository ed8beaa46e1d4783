import type { CliIo } from '../command';
import { decodeInput } from './manifests';
import { InputTooLarge } from './read-limits';

/** The real process: stdout, stderr, cwd, env and stdin. */
export function nodeIo(): CliIo {
  // A closed pipe (`cdk8s-batch validate | head`) is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    readStdin: (maxBytes) => readStream(process.stdin, maxBytes),
  };
}

/**
 * All of `stream` as text (UTF-8, or UTF-16 after a byte-order mark). With `maxBytes`, stops reading (and
 * destroys the stream) once more than that have arrived, and rejects with {@link InputTooLarge}.
 */
export async function readStream(stream: NodeJS.ReadableStream, maxBytes = Infinity): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new InputTooLarge(maxBytes);
    }
    chunks.push(buffer);
  }
  return decodeInput(Buffer.concat(chunks, size));
}
