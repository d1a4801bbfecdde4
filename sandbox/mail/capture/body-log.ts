import { hash } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../../store/sync-directory';
import type { MessageBodies, MessageBody } from './message-bodies';

/**
 * Captured bodies as one append-only log (issue #31: a file per message cost a mkdir, open, write
 * and close each, ~170 µs, and held the capture near 80 messages/s). A record is a header line,
 * `\x1e<id> <length> <checksum>\n`, then the body (`length` bytes) and a newline. The body is the
 * JSON of the text, HTML and headers, a newline, and the raw source as it is (UTF-8); or, written
 * by earlier versions and for a raw source holding a \x1e, the JSON of the whole body. Neither JSON
 * nor the raw source written after it contains a raw \x1e, so after damage the next record is
 * found again by looking for one.
 *
 * - Writes are gathered: bodies stored while a write is under way go out together in the next one,
 *   one append and one fdatasync for all of them, before the mailbox commits their metadata.
 * - Which bodies are live is the mailbox's metadata (in the store), not this file: a delete only
 *   marks the body's bytes dead in memory, and at start-up `keepOnly` names the messages the
 *   mailbox still has; everything else in the log is dead. So a delete needs no write of its own.
 * - Dead bytes are reclaimed by compaction, once they outweigh the live ones or pass a quarter of
 *   the mailbox's byte bound: the live records are copied to a new file, which replaces the log by
 *   a rename (a crash leaves either the old log or the new one, never half of one).
 * - Start-up reads the headers only (one positioned read per record, the bodies are skipped). A
 *   torn last record (a crash mid-write, never acknowledged) is cut off; a damaged stretch in the
 *   middle is copied to `bodies.log.damaged` and skipped; both are reported on stderr, and every
 *   intact record before and after is kept. A body whose checksum no longer matches is reported when
 *   read and shows as not found.
 */
const LOG_FILE = 'bodies.log';
const COMPACTING_FILE = 'bodies.log.compacting';
const DAMAGED_FILE = 'bodies.log.damaged';
const MARK = 0x1e;
/** A header is the mark, an ID of at most 64 characters, a length and a checksum: well under this. */
const MAX_HEADER_BYTES = 128;
/** After the mark (matched apart: a control character in a regular expression reads as a mistake). */
const HEADER = /^([A-Za-z0-9]{1,64}) (\d{1,12}) ([0-9a-f]{16})\n/;
/** Below this much dead space compaction is not worth a rewrite. */
const COMPACT_MIN_DEAD_BYTES = 64 * 1024;
/** At most this much of a damaged stretch is kept aside for inspection. */
const DAMAGED_KEEP_BYTES = 1024 * 1024;
const COPY_CHUNK_BYTES = 1024 * 1024;
const WINDOW_BYTES = 1024 * 1024;
/** Message IDs are ours (22 base62 characters); anything else is never stored. */
const SAFE_ID = /^[A-Za-z0-9]{1,64}$/;

const checksum = (bytes: Buffer) => hash('sha256', bytes, 'hex').slice(0, 16);

interface Entry {
  /** Where the record's header starts, and its whole length (header, body, newline). */
  at: number;
  recordBytes: number;
  /** Where the body starts, its length and checksum. */
  bodyAt: number;
  bodyBytes: number;
  checksum: string;
}

/**
 * The raw source goes after the JSON as it is: escaped into the JSON it was half the body log's CPU
 * per invitation (its CRLFs and quotes; about 8 µs of 3 KB, issue #31). JSON.stringify never writes
 * a raw newline, so the first one ends the JSON.
 */
const RAW_FOLLOWS = 0x0a;

function encodeBody(body: MessageBody): Buffer {
  if (body.Raw.includes('\x1e')) return Buffer.from(JSON.stringify(body));
  return Buffer.from(`${JSON.stringify({ Text: body.Text, HTML: body.HTML, Headers: body.Headers })}\n${body.Raw}`);
}

function decodeBody(bytes: Buffer): MessageBody {
  const rawAt = bytes.indexOf(RAW_FOLLOWS);
  if (rawAt === -1) return JSON.parse(bytes.toString('utf8')) as MessageBody;
  const { Text, HTML, Headers } = JSON.parse(bytes.toString('utf8', 0, rawAt)) as Omit<MessageBody, 'Raw'>;
  return { Text, HTML, Headers, Raw: bytes.toString('utf8', rawAt + 1) };
}

function record(id: string, body: MessageBody): { bytes: Buffer; entry: Omit<Entry, 'at' | 'bodyAt'> } {
  const encoded = encodeBody(body);
  const sum = checksum(encoded);
  const bytes = Buffer.concat([Buffer.from(`\x1e${id} ${encoded.length} ${sum}\n`), encoded, Buffer.from('\n')]);
  return { bytes, entry: { recordBytes: bytes.length, bodyBytes: encoded.length, checksum: sum } };
}

interface PendingPut {
  id: string;
  bytes: Buffer;
  entry: Omit<Entry, 'at' | 'bodyAt'>;
  done: { resolve: (bytes: number) => void; reject: (error: unknown) => void };
}

class BodyLog implements MessageBodies {
  readonly #dir: string;
  #file: FileHandle;
  #size: number;
  readonly #index: Map<string, Entry>;
  #liveBytes = 0;
  #deadBytes: number;
  readonly #maxDeadBytes: number;
  #pending: PendingPut[] = [];
  /** Every write, compaction and read of the file, one after another. */
  #chain: Promise<unknown> = Promise.resolve();
  #flushQueued = false;

  constructor(dir: string, file: FileHandle, size: number, index: Map<string, Entry>, maxDeadBytes: number) {
    this.#dir = dir;
    this.#file = file;
    this.#size = size;
    this.#index = index;
    for (const entry of index.values()) this.#liveBytes += entry.recordBytes;
    this.#deadBytes = size - this.#liveBytes;
    this.#maxDeadBytes = maxDeadBytes;
  }

  put(id: string, body: MessageBody): Promise<number> {
    if (!SAFE_ID.test(id)) return Promise.reject(new Error(`not a message ID: ${id.slice(0, 80)}`));
    const { bytes, entry } = record(id, body);
    const stored = new Promise<number>((resolve, reject) => this.#pending.push({ id, bytes, entry, done: { resolve, reject } }));
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      void this.#serially(() => this.#flush());
    }
    return stored;
  }

  get(id: string): Promise<MessageBody | undefined> {
    return this.#serially(async () => {
      const entry = this.#index.get(id);
      if (!entry) return undefined;
      const encoded = Buffer.alloc(entry.bodyBytes);
      const { bytesRead } = await this.#file.read(encoded, 0, entry.bodyBytes, entry.bodyAt);
      if (bytesRead !== entry.bodyBytes || checksum(encoded) !== entry.checksum) {
        console.error(`[mail] ${path.join(this.#dir, LOG_FILE)}: the body of message ${id} is damaged; the message shows as not found`);
        return undefined;
      }
      return decodeBody(encoded);
    });
  }

  delete(id: string): Promise<void> {
    this.#forget(id);
    return this.#compactIfWorthIt();
  }

  keepOnly(ids: ReadonlySet<string>): Promise<void> {
    for (const id of [...this.#index.keys()]) if (!ids.has(id)) this.#forget(id);
    return this.#compactIfWorthIt();
  }

  clear(): Promise<void> {
    return this.#serially(async () => {
      await this.#file.truncate(0);
      await this.#file.sync();
      this.#index.clear();
      this.#size = this.#liveBytes = this.#deadBytes = 0;
    });
  }

  close(): Promise<void> {
    return this.#serially(() => this.#file.close());
  }

  #forget(id: string): void {
    const entry = this.#index.get(id);
    if (!entry) return;
    this.#index.delete(id);
    this.#liveBytes -= entry.recordBytes;
    this.#deadBytes += entry.recordBytes;
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(work);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  /** One append and one fdatasync for every body stored since the last. */
  async #flush(): Promise<void> {
    this.#flushQueued = false;
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.#file.appendFile(Buffer.concat(batch.map((put) => put.bytes)));
      await this.#file.datasync();
    } catch (error) {
      // Cut whatever part reached the file, so the next append starts on a clean record.
      await this.#file.truncate(this.#size).catch(() => undefined);
      for (const put of batch) put.done.reject(error);
      return;
    }
    for (const put of batch) {
      const at = this.#size;
      this.#forget(put.id);
      this.#index.set(put.id, { ...put.entry, at, bodyAt: at + put.entry.recordBytes - put.entry.bodyBytes - 1 });
      this.#liveBytes += put.entry.recordBytes;
      this.#size += put.entry.recordBytes;
      put.done.resolve(put.entry.recordBytes);
    }
  }

  #compactIfWorthIt(): Promise<void> {
    const allowed = Math.max(COMPACT_MIN_DEAD_BYTES, Math.min(this.#liveBytes, this.#maxDeadBytes));
    if (this.#deadBytes <= allowed) return Promise.resolve();
    return this.#serially(() => this.#compact());
  }

  /**
   * The live records, in log order, copied to a new file that then replaces the log. Adjacent
   * records are read as one stretch (the oldest messages go first, so the live ones mostly sit
   * together at the end).
   */
  async #compact(): Promise<void> {
    if (this.#deadBytes <= COMPACT_MIN_DEAD_BYTES) return; // another compaction got here first
    const entries = [...this.#index.entries()].sort(([, a], [, b]) => a.at - b.at);
    const target = path.join(this.#dir, COMPACTING_FILE);
    const out = await open(target, 'w');
    const moved = new Map<string, Entry>();
    let written = 0;
    try {
      let stretch = { from: 0, to: 0 };
      const copy = async () => {
        if (stretch.to === stretch.from) return;
        const bytes = Buffer.alloc(stretch.to - stretch.from);
        await this.#file.read(bytes, 0, bytes.length, stretch.from);
        await out.write(bytes);
      };
      for (const [id, entry] of entries) {
        if (entry.at !== stretch.to || stretch.to - stretch.from >= COPY_CHUNK_BYTES) {
          await copy();
          stretch = { from: entry.at, to: entry.at };
        }
        stretch.to += entry.recordBytes;
        moved.set(id, { ...entry, at: written, bodyAt: written + (entry.bodyAt - entry.at) });
        written += entry.recordBytes;
      }
      await copy();
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(target, path.join(this.#dir, LOG_FILE));
    await syncDirectory(this.#dir);
    await this.#file.close();
    this.#file = await open(path.join(this.#dir, LOG_FILE), 'a+');
    this.#index.clear();
    for (const [id, entry] of moved) this.#index.set(id, entry);
    this.#size = written;
    this.#deadBytes = 0;
  }
}

/**
 * The log in `dir`, its index read back from the record headers. `maxDeadBytes`: how much dead
 * space may stand beside the live bodies (a quarter of the mailbox's byte bound, so the folder stays
 * near that bound on disk).
 */
export async function openBodyLog(dir: string, options: { maxDeadBytes: number }): Promise<MessageBodies> {
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, COMPACTING_FILE), { force: true }); // a compaction a crash interrupted: the log is still whole
  const file = await open(path.join(dir, LOG_FILE), 'a+');
  const { index, size } = await readIndex(file, dir);
  const log = new BodyLog(dir, file, size, index, options.maxDeadBytes);
  await importMessageFiles(dir, log);
  return log;
}

/** Bodies kept by earlier versions, one `<id>.json` file per message: moved into the log. */
async function importMessageFiles(dir: string, log: BodyLog): Promise<void> {
  const files = (await readdir(dir)).filter((name) => /^[A-Za-z0-9]{1,64}\.json$/.test(name));
  for (const name of files) {
    let body: MessageBody;
    try {
      body = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as MessageBody;
    } catch {
      continue; // damaged: left where it is, the message shows as not found as it did before
    }
    await log.put(name.slice(0, -'.json'.length), body);
    await rm(path.join(dir, name));
  }
}

async function readIndex(file: FileHandle, dir: string): Promise<{ index: Map<string, Entry>; size: number }> {
  const fileBytes = (await file.stat()).size;
  const index = new Map<string, Entry>();
  const window = new ReadWindow(file, fileBytes);
  const damaged: { from: number; to: number }[] = [];
  let at = 0;
  while (at < fileBytes) {
    const header = await window.bytes(at, MAX_HEADER_BYTES);
    const parsed = header[0] === MARK ? HEADER.exec(header.subarray(1).toString('latin1')) : null;
    const headerBytes = parsed ? 1 + parsed[0].length : 0;
    const bodyBytes = parsed ? Number(parsed[2]) : 0;
    const end = at + headerBytes + bodyBytes + 1;
    if (parsed && end <= fileBytes && (await window.bytes(end - 1, 1))[0] === 0x0a) {
      index.set(parsed[1]!, { at, recordBytes: end - at, bodyAt: at + headerBytes, bodyBytes, checksum: parsed[3]! });
      at = end;
      continue;
    }
    const next = await nextMark(file, at + 1, fileBytes);
    const previous = damaged.at(-1);
    if (previous?.to === at) previous.to = next;
    else damaged.push({ from: at, to: next });
    at = next;
  }
  const logFile = path.join(dir, LOG_FILE);
  // A damaged stretch running to the end is a torn last write (or damage there): cut, so appends
  // start on a clean record. Either way its bytes are kept aside first.
  const tail = damaged.at(-1)?.to === fileBytes ? damaged.at(-1)! : null;
  for (const { from, to } of damaged) {
    const kept = Buffer.alloc(Math.min(to - from, DAMAGED_KEEP_BYTES));
    await file.read(kept, 0, kept.length, from);
    await appendFile(
      path.join(dir, DAMAGED_FILE),
      Buffer.concat([Buffer.from(`--- ${logFile} bytes ${from}-${to}\n`), kept, Buffer.from('\n')]),
    );
  }
  if (damaged.length > 0) {
    console.error(
      `[mail] ${logFile}: ${damaged.length} damaged stretch(es) (${damaged.map(({ from, to }) => `bytes ${from}-${to}`).join(', ')})` +
        `${tail ? ', the last at the end of the file and cut off' : ''}, copied to ${path.join(dir, DAMAGED_FILE)}; ` +
        `the ${index.size} intact bodies before and after them were kept. Messages whose bodies were there show as not found.`,
    );
  }
  if (tail) {
    await file.truncate(tail.from);
    await file.sync();
  }
  return { index, size: tail ? tail.from : fileBytes };
}

/**
 * Reads at start-up through a 1 MiB window: small records (an invitation is a few KiB) cost one
 * read per window rather than two per record; a large body is skipped, not read.
 */
class ReadWindow {
  #from = 0;
  #bytes = Buffer.alloc(0);

  constructor(
    private readonly file: FileHandle,
    private readonly fileBytes: number,
  ) {}

  /** Up to `length` bytes from `at` (fewer at the end of the file). */
  async bytes(at: number, length: number): Promise<Buffer> {
    const end = Math.min(at + length, this.fileBytes);
    if (at < this.#from || end > this.#from + this.#bytes.length) {
      const bytes = Buffer.alloc(Math.min(Math.max(WINDOW_BYTES, length), this.fileBytes - at));
      const { bytesRead } = await this.file.read(bytes, 0, bytes.length, at);
      this.#from = at;
      this.#bytes = bytes.subarray(0, bytesRead);
    }
    return this.#bytes.subarray(at - this.#from, end - this.#from);
  }
}

/** Where the next record mark after `from` is, or the end of the file. */
async function nextMark(file: FileHandle, from: number, fileBytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let at = from; at < fileBytes; at += chunk.length) {
    const { bytesRead } = await file.read(chunk, 0, chunk.length, at);
    const found = chunk.subarray(0, bytesRead).indexOf(MARK);
    if (found !== -1) return at + found;
  }
  return fileBytes;
}
