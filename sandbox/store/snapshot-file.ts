import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CollectionRecords, isRecords } from './collection-records';
import { syncDirectory } from './sync-directory';

/**
 * The store's snapshot file: a header line naming the collections, then each collection's records
 * as one line of JSON, in the header's order:
 *
 *     {"schemaVersion":1,"collections":["pdsPatients","provisionings"]}
 *     {"9990000018":{…}}
 *     {"a1b2…":{…},"c3d4…":{…},…}
 *
 * A collection is parsed at its first use, not at start-up: the first request seldom needs the
 * large one (a PDS read needs no provisionings), and with 100 000 stored provisionings one
 * JSON.parse of the whole 41 MB snapshot, and the garbage collection after it, were about a second
 * of CPU before the first request (issue #31). A collection the log has not changed is written to
 * the next snapshot as it was read, unparsed.
 *
 * The format before, one JSON document (`{"schemaVersion":1,"collections":{…}}`), is still read,
 * whole, as it always was; the store then writes it anew in this format (store.ts).
 *
 * Never half-written: the lines go to a temporary file, which is fsynced and renamed over the
 * snapshot (atomic on POSIX), and the folder is fsynced so the rename itself survives a crash.
 */
export interface Snapshot {
  schemaVersion: number;
  collections: Map<string, CollectionRecords>;
  /** 'document' for a snapshot in the format before, which the store rewrites at once. */
  format: 'lines' | 'document';
}

/**
 * The bytes of the snapshot in `file`; null when there is none. Read whole in one request to the
 * thread pool, not as readFile reads, 512 KiB a request, each asked for by this thread once the
 * one before is done: begun while the modules load (serve.ts), which keep this thread busy, the
 * read of a 41 MB snapshot then waited for them (issue #31).
 */
export async function readSnapshotFile(file: string): Promise<Buffer | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    // The snapshot is replaced by a rename, never written in place: its size stays as it was found.
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The snapshot in `file` (its bytes from `read` when their read was begun earlier); null when
 * there is none. Throws, saying what to do, on a file that is no snapshot.
 */
export async function readSnapshot(file: string, read: Promise<Buffer | null> = readSnapshotFile(file)): Promise<Snapshot | null> {
  const bytes = await read;
  if (bytes === null) return null;
  // Decoded from one Buffer: readFile's own 'utf8' decoding goes through a StringDecoder chunk by
  // chunk, which cost a fifth of a 41 MB snapshot's read (issue #31).
  const firstNewline = bytes.indexOf(10);
  const firstLine = bytes.subarray(0, firstNewline === -1 ? bytes.length : firstNewline).toString('utf8');
  let first: unknown;
  let firstError: unknown = null;
  try {
    first = JSON.parse(firstLine);
  } catch (error) {
    firstError = error;
  }
  if (isHeader(first)) return linesSnapshot(file, first, bytes, firstNewline + 1);
  // The format before: one document, usually on one line (already parsed), else parsed whole.
  let document = first;
  if (firstNewline !== -1) {
    try {
      document = JSON.parse(bytes.toString('utf8'));
      firstError = null;
    } catch (error) {
      firstError = error;
    }
  }
  if (firstError !== null) {
    throw new Error(`${file} is not valid JSON (${(firstError as Error).message.split('\n')[0]}); move it aside to start afresh`, {
      cause: firstError,
    });
  }
  if (document === null) throw new Error(`${file} holds the JSON null, not a sandbox store: move it aside to start afresh`);
  if (!isDocument(document)) throw notAStore(file);
  const collections = new Map<string, CollectionRecords>();
  for (const name in document.collections) collections.set(name, CollectionRecords.of(document.collections[name]));
  return { schemaVersion: document.schemaVersion, collections, format: 'document' };
}

/**
 * Writes the collections as the snapshot in `file`, atomically. Each collection is written piece
 * by piece (CollectionRecords.jsonPieces), each piece's write an await, so requests are answered
 * between them. `stillWanted`, asked once the new file is on disk, can call the rename off (the
 * store's compaction, when a write failed meanwhile): the snapshot in place stays, and the result
 * is false.
 */
export async function writeSnapshot(
  file: string,
  schemaVersion: number,
  collections: ReadonlyMap<string, CollectionRecords>,
  stillWanted: () => boolean = () => true,
): Promise<boolean> {
  const written = [...collections];
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    // The header states each line's length (Header.bytes), known only once the line is written:
    // it leaves room for them, blanks (JSON allows them between values), filled in at the end.
    const names = JSON.stringify({ schemaVersion, collections: written.map(([name]) => name) });
    const lengthsAt = Buffer.byteLength(names) - 1 + ',"bytes":['.length;
    const room = written.length * (String(Number.MAX_SAFE_INTEGER).length + 1);
    // writeFile on a handle writes on from where the last write ended.
    await handle.writeFile(`${names.slice(0, -1)},"bytes":[${' '.repeat(room)}]}\n`);
    const lengths: number[] = [];
    for (const [, records] of written) {
      let length = 0;
      for (const piece of records.jsonPieces()) {
        length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
        await handle.writeFile(piece);
      }
      lengths.push(length);
      await handle.writeFile('\n');
    }
    await handle.write(lengths.join(',').padEnd(room), lengthsAt);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (!stillWanted()) {
    await rm(temp, { force: true });
    return false;
  }
  await rename(temp, file);
  await syncDirectory(dir);
  return true;
}

interface Header {
  schemaVersion: number;
  collections: string[];
  /**
   * Each collection's line's length in bytes, so that start-up finds where each ends without
   * reading it: looking for the newline read every byte of a 41 MB snapshot, its first touch
   * of each page, about 0.06 s of this thread (issue #31). Absent from snapshots written before.
   */
  bytes?: unknown;
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { collections } = value as Record<string, unknown>;
  return (
    Array.isArray(collections) &&
    collections.every((name) => typeof name === 'string' && name !== '__proto__') &&
    new Set(collections).size === collections.length
  );
}

/** Each named collection's line, kept as bytes until the collection is first used. */
function linesSnapshot(file: string, header: Header, bytes: Buffer, start: number): Snapshot {
  const collections = new Map<string, CollectionRecords>();
  for (const [i, name] of header.collections.entries()) {
    const stated: unknown = Array.isArray(header.bytes) ? header.bytes[i] : undefined;
    // A length stated is taken when a newline follows it (JSON.stringify writes none inside a line), else the newline is looked for.
    const end =
      Number.isSafeInteger(stated) && bytes[start + (stated as number)] === 10 ? start + (stated as number) : bytes.indexOf(10, start);
    if (end === -1) throw new Error(`${file} ends before its collection ${name}: move it aside to start afresh`);
    collections.set(name, CollectionRecords.unparsed(bytes.subarray(start, end), `${file} (collection ${name})`));
    start = end + 1;
  }
  if (start !== bytes.length) throw notAStore(file);
  return { schemaVersion: header.schemaVersion, collections, format: 'lines' };
}

function isDocument(value: unknown): value is { schemaVersion: number; collections: Record<string, Record<string, unknown>> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { collections } = value as Record<string, unknown>;
  if (typeof collections !== 'object' || collections === null || Array.isArray(collections)) return false;
  for (const name in collections) if (!isRecords((collections as Record<string, unknown>)[name])) return false;
  return true;
}

const notAStore = (file: string) =>
  new Error(`${file} is not a sandbox store (no collections object of records): move it aside to start afresh`);
