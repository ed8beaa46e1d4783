import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Bytes gathered before a write to the spool or to an output file. */
const CHUNK_BYTES = 64 * 1024;
/** The most bytes read from the spool at once. */
const READ_BYTES = 1024 * 1024;
/** What separates the manifests of a multi-document YAML file, as cdk8s writes it. */
export const DOCUMENT_SEPARATOR = '---\n';

/** Where a text appended to a spool is. */
export interface SpoolRange {
  readonly spool: Spool;
  /** The byte offset of the text. */
  readonly offset: number;
  /** Its length in bytes (UTF-8). */
  readonly length: number;
}

/**
 * YAML texts kept in a temporary file instead of memory until they are written out. The manifests
 * our writer writes ahead (lib/render/yaml.ts) wait for their chart's file: held as strings, a chart's worth
 * of text (3 MB for 1,000 Jobs) outlived the young generation each time and piled up in the old one.
 * Each text is stored after a document separator, so texts appended one after another are, with the
 * separators between them, one range of the file: a chart's file is copied from it in a few reads.
 */
export class Spool {
  private readonly file: string;
  private readonly fd: number;
  /** Bytes in the file. */
  private flushed = 0;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(dir: string) {
    this.file = path.join(dir, `.cdk8s-batch-spool-${randomBytes(6).toString('hex')}`);
    this.fd = fs.openSync(this.file, 'wx+');
  }

  /** Appends `text` (after a separator); returns where the text is. */
  public append(text: string): SpoolRange {
    const offset = this.flushed + this.pendingBytes + DOCUMENT_SEPARATOR.length;
    const length = Buffer.byteLength(text);
    this.pending.push(DOCUMENT_SEPARATOR, text);
    this.pendingBytes += DOCUMENT_SEPARATOR.length + length;
    if (this.pendingBytes >= CHUNK_BYTES) this.flush();
    return { spool: this, offset, length };
  }

  /** The bytes from `offset` to `end`. */
  public read(offset: number, end: number): Buffer {
    this.flush();
    const bytes = Buffer.allocUnsafe(end - offset);
    let done = 0;
    while (done < bytes.length) {
      const n = fs.readSync(this.fd, bytes, done, bytes.length - done, offset + done);
      if (n === 0) throw new Error(`spool ${this.file}: ${bytes.length - done} bytes missing`);
      done += n;
    }
    return bytes;
  }

  /** Closes and deletes the file. */
  public close(): void {
    try {
      fs.closeSync(this.fd);
    } finally {
      fs.rmSync(this.file, { force: true });
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeAll(this.fd, Buffer.from(this.pending.join('')));
    this.flushed += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Writes a multi-document YAML file: `texts`, each the text of one document or where it is in a spool,
 * separated as cdk8s separates them. Runs of spooled texts that follow each other in their spool are
 * copied from it as one range; the rest is gathered into chunks, so no string holds the whole file.
 */
export function writeDocuments(filePath: string, texts: readonly (string | SpoolRange)[]): void {
  const fd = fs.openSync(filePath, 'w');
  try {
    let chunk: string[] = [];
    let chunkBytes = 0;
    const flush = () => {
      if (chunk.length > 0) writeAll(fd, Buffer.from(chunk.join('')));
      chunk = [];
      chunkBytes = 0;
    };
    for (let i = 0; i < texts.length;) {
      const first = texts[i];
      if (i > 0) chunk.push(DOCUMENT_SEPARATOR);
      if (typeof first === 'string') {
        chunk.push(first);
        chunkBytes += first.length;
        if (chunkBytes >= CHUNK_BYTES) flush();
        i++;
        continue;
      }
      // The texts after `first` that follow it in its spool, each after its separator.
      let end = first.offset + first.length;
      for (i++; i < texts.length; i++) {
        const next = texts[i];
        if (typeof next === 'string' || next.spool !== first.spool) break;
        if (next.offset !== end + DOCUMENT_SEPARATOR.length) break;
        end = next.offset + next.length;
      }
      flush();
      for (let at = first.offset; at < end; at += READ_BYTES) {
        writeAll(fd, first.spool.read(at, Math.min(end, at + READ_BYTES)));
      }
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
}
