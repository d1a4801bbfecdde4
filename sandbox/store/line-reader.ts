import { createReadStream } from 'node:fs';

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

export async function* boundedLines(file: string, maxBytes: number): AsyncGenerator<FileLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  try {
    // Large chunks: a restart reads up to a snapshot's worth of log (tens of MB, issue #31), and
    // each chunk costs a stream push whatever its size.
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, newline);
        start = newline + 1;
        if (overlong || pendingBytes + piece.length > maxBytes) yield { text: null, terminated: true };
        else if (pendingBytes > 0) yield { text: Buffer.concat([...pending, piece]).toString('utf8'), terminated: true };
        // A line wholly inside the chunk is decoded in place, not copied first.
        else if (piece.length > 0) yield { text: piece.toString('utf8'), terminated: true };
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
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // A torn last line from a crash.
  if (overlong || pendingBytes > 0) yield { text: overlong ? null : Buffer.concat(pending).toString('utf8'), terminated: false };
}
