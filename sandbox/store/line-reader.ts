import { open, type FileHandle } from 'node:fs/promises';

/**
 * The file's lines, read in chunks; a line longer than `maxBytes` comes as `text: null` and is
 * never held whole. `terminated` is false for a last line with no newline (a write torn by a
 * crash). A missing file has no lines. Written by hand: readline would build any line, however
 * long, as one string, and does not say whether the last one was finished.
 */
export interface FileLine {
  text: string | null;
  terminated: boolean;
}

/** A line as bytes (boundedLineBytes): `bytes` is null for a line longer than the limit. */
export interface FileLineBytes {
  bytes: Buffer | null;
  terminated: boolean;
}

/**
 * Large chunks: a restart reads up to a snapshot's worth of log (tens of MB, issue #31), and each
 * chunk costs a read whatever its size.
 */
const CHUNK_BYTES = 1024 * 1024;

/** The file's lines decoded as UTF-8 (boundedLineBytes says how they are read). */
export async function* boundedLines(file: string, maxBytes: number): AsyncGenerator<FileLine> {
  for await (const { bytes, terminated } of boundedLineBytes(file, maxBytes)) yield { text: bytes?.toString('utf8') ?? null, terminated };
}

/**
 * The file's lines as bytes, undecoded. Each is a view of the reader's own buffer, valid only until
 * the next line is asked for: a caller copies what it keeps. The store's log and the journal check
 * most lines on their bytes and keep them so (store.ts, request-journal.ts): decoding a day's 54 MB
 * of them into strings, and collecting those strings, cost about a third of a restart's CPU (issue #31).
 */
export async function* boundedLineBytes(file: string, maxBytes: number): AsyncGenerator<FileLineBytes> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  try {
    // Every chunk is read into the same buffer: the start of a line a chunk cuts is copied out. A
    // fresh buffer a chunk, as a read stream gives, cost a page fault every 4 KiB on first touch:
    // reading the 35 MB of a day's store log and journal took about 0.13 s of CPU that way, 0.01 s
    // into one buffer (issue #31).
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, newline);
        start = newline + 1;
        if (overlong || pendingBytes + piece.length > maxBytes) yield { bytes: null, terminated: true };
        else if (pendingBytes > 0) yield { bytes: Buffer.concat([...pending, piece]), terminated: true };
        // A line wholly inside the chunk is yielded in place, not copied.
        else if (piece.length > 0) yield { bytes: piece, terminated: true };
        pending = [];
        pendingBytes = 0;
        overlong = false;
      }
      const rest = chunk.subarray(start);
      if (overlong || pendingBytes + rest.length > maxBytes) {
        overlong = true;
        pending = [];
        pendingBytes = 0;
      } else if (rest.length > 0) {
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
    }
  } finally {
    await handle.close();
  }
  // A torn last line from a crash.
  if (overlong || pendingBytes > 0) yield { bytes: overlong ? null : Buffer.concat(pending), terminated: false };
}

/**
 * Copies of lines out of the reader's buffer (boundedLineBytes), packed into large blocks: a buffer
 * of its own for each of a day's 31 000 journal lines cost more than hashing them. The blocks are
 * what a worker hands over without copying them again (journal-read-worker.ts).
 */
export class LineCopies {
  static readonly BLOCK_BYTES = 1024 * 1024;
  /** The blocks so far: a line copied lies in the last one at the time. */
  readonly blocks: ArrayBuffer[] = [];
  #block = Buffer.alloc(0);
  #used = 0;

  /** A copy of the line, a view of its block. */
  of(line: Buffer): Uint8Array {
    const start = this.append(line);
    return this.#block.subarray(start, this.#used);
  }

  /** Copies the line into the last block (blocks.at(-1)) and says where it starts there. */
  append(line: Buffer): number {
    if (this.#used + line.length > this.#block.length) {
      // Not from Buffer's shared pool, and not zero-filled: each block is a memory of its own, moved whole to the thread that keeps it.
      this.#block = Buffer.allocUnsafeSlow(Math.max(LineCopies.BLOCK_BYTES, line.length));
      this.blocks.push(this.#block.buffer);
      this.#used = 0;
    }
    const start = this.#used;
    this.#used += line.copy(this.#block, start);
    return start;
  }
}
