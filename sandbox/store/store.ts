import { hash } from 'node:crypto';
import { appendFile, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CollectionRecords, isRecordChange, LoggedPut, type RecordChange } from './collection-records';
import { boundedLineBytes, LineCopies } from './line-reader';
import { readSnapshot, readSnapshotFile, writeSnapshot } from './snapshot-file';
import { syncDirectory } from './sync-directory';

/**
 * The embedded store: named collections of JSON records keyed by string, held in memory and made
 * durable on disk.
 *
 * Durability design (why not rewrite the whole file at every change, as lowdb does): rewriting a
 * 100 000-record file on every request would make each request cost O(store). Instead every change
 * is appended to a write-ahead log (NDJSON) and fsynced; the snapshot (snapshot-file.ts) is
 * rewritten atomically only when the log grows past a threshold (compaction), or at start-up when
 * the log has a damaged or torn line, so a restart costs one read of the snapshot and the log. Changes made by concurrent
 * requests are gathered into one append + fsync (group commit). A caller that answers "stored"
 * awaits `sync()` first, so an acknowledged write is on disk before the client hears about it.
 *
 * Damage and failure: every log line carries a checksum of its change. At start-up a damaged line
 * in the middle of the log is moved to `store.log.damaged.ndjson` and reported loudly, and every
 * intact line before and after it is kept; only a torn last line (a write that crashed before its
 * fsync, never acknowledged) is dropped quietly. A write that fails (a full disk) is undone in
 * memory and cut from the log, so the log stays appendable and nothing unacknowledged is served.
 */
export const SCHEMA_VERSION = 1;

type Change = (RecordChange & { c: string }) | { op: 'clear' };
/** A change as read back from the log: a put may still be its line's JSON (collection-records.ts). */
type LoggedChange = Change | { op: 'logged'; c: string; put: LoggedPut };

export type StoreLocation = { kind: 'memory' } | { kind: 'file'; dir: string };

const SNAPSHOT_FILE = 'store.json';
const LOG_FILE = 'store.log.ndjson';
/**
 * The log is compacted (the snapshot rewritten, the log emptied) once it outgrows both this and the
 * snapshot itself. A fixed threshold alone rewrote a 100 000-record snapshot every few thousand
 * provisionings, each rewrite a pause of a few hundred milliseconds and the cost growing with the
 * store (issue #31); growing with the snapshot, as Redis rewrites its append-only file at 100 %
 * growth, the rewrites cost O(1) per change logged, and a start-up replays at most one snapshot's
 * worth of log.
 */
const COMPACT_AFTER_BYTES = 16 * 1024 * 1024;
const DAMAGED_FILE = 'store.log.damaged.ndjson';
/** Longer than any change the sandbox writes (a record is a few KiB). */
const MAX_LOG_LINE_BYTES = 8 * 1024 * 1024;

/**
 * The bytes of the snapshot in the data folder `dir`, their read begun now. serve.ts begins it
 * before the sandbox's modules load, so that reading a large snapshot (41 MB with 100 000 stored
 * records, about 0.12 s here, most of it page faults) runs on the thread pool meanwhile (issue #31).
 */
export const readStoreSnapshot = (dir: string): Promise<Buffer | null> => readSnapshotFile(path.join(dir, SNAPSHOT_FILE));

export class Store {
  readonly #records: Map<string, CollectionRecords>;
  #log: FileHandle | null;
  readonly #collections = new Map<string, Collection<unknown>>();
  #pending: { change: Change; undo: () => void }[] = [];
  #flightRunning = false;
  #inFlight: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;
  #logBytes: number;
  #snapshotBytes: number;
  readonly #snapshotFile: string | null;
  #closed = false;
  /** The compaction under way, if any (#compact). */
  #compaction: Promise<void> | null = null;
  /** Set when a compaction's snapshot is on disk: every change in the log before this offset is in it. */
  #compactedUpTo: number | null = null;
  /** A write failed and was undone while the compaction's snapshot was being written from memory. */
  #compactionSpoiled = false;
  /** A failed write left part of its batch at the log's end, which could not be cut off. */
  #tornTail = false;

  private constructor(
    records: Map<string, CollectionRecords>,
    log: FileHandle | null,
    logBytes: number,
    snapshotBytes: number,
    snapshotFile: string | null,
  ) {
    this.#records = records;
    this.#snapshotFile = snapshotFile;
    this.#log = log;
    this.#logBytes = logBytes;
    this.#snapshotBytes = snapshotBytes;
  }

  /** `snapshotRead`: the read of the folder's snapshot, when the caller began it earlier (readStoreSnapshot). */
  static async open(location: StoreLocation, snapshotRead?: Promise<Buffer | null>): Promise<Store> {
    if (location.kind === 'memory') return new Store(new Map(), null, 0, 0, null);
    await mkdir(location.dir, { recursive: true });
    const snapshotPath = path.join(location.dir, SNAPSHOT_FILE);
    const snapshot = await readSnapshot(snapshotPath, snapshotRead);
    if (snapshot && snapshot.schemaVersion !== SCHEMA_VERSION) {
      throw new Error(
        `${snapshotPath} has schema version ${snapshot.schemaVersion}, this sandbox reads ${SCHEMA_VERSION}: ` +
          'move the data folder aside or run POST /_sandbox/reset on a matching version',
      );
    }
    const records = snapshot?.collections ?? new Map<string, CollectionRecords>();
    const logPath = path.join(location.dir, LOG_FILE);
    const { changes, intact } = await readLog(logPath, path.join(location.dir, DAMAGED_FILE));
    replayLog(records, changes);
    // O_APPEND, so every write lands at the end even after compaction truncates the file.
    const log = await open(logPath, 'a');
    // An intact log is appended to as it is: rewriting a 100 000-record snapshot at every start
    // cost seconds (issue #31), and the log stays bounded by the compaction threshold. A log with
    // a damaged or torn line is compacted now, so new changes never follow a broken line; so is a
    // snapshot in the format before, once, so later starts parse its collections only when used.
    if (intact && snapshot?.format === 'lines')
      return new Store(records, log, (await log.stat()).size, (await stat(snapshotPath)).size, snapshotPath);
    await writeSnapshot(snapshotPath, SCHEMA_VERSION, records);
    await log.truncate(0);
    await log.sync();
    return new Store(records, log, 0, (await stat(snapshotPath)).size, snapshotPath);
  }

  collection<T>(name: string): Collection<T> {
    let collection = this.#collections.get(name);
    if (!collection) {
      let records = this.#records.get(name);
      if (!records) this.#records.set(name, (records = CollectionRecords.of()));
      collection = new Collection<unknown>(name, records, (change, undo) => this.#record(change, undo));
      this.#collections.set(name, collection);
    }
    return collection as Collection<T>;
  }

  /**
   * Resolves once every change made before the call is durable; rejects when the write carrying
   * one of them failed (they are undone). A caller with nothing of its own in flight never
   * inherits an earlier write's failure.
   */
  sync(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (this.#pending.length === 0) return this.#flightRunning ? this.#inFlight : Promise.resolve();
    const queued = this.#inFlight
      .catch(() => undefined)
      .then(async () => {
        this.#queued = null;
        const batch = this.#pending.splice(0);
        this.#flightRunning = true;
        try {
          await this.#persist(batch.map(({ change }) => change));
        } catch (error) {
          for (const { undo } of batch.reverse()) undo();
          this.#correctSnapshotAfterUndo(batch.map(({ change }) => change));
          throw error;
        } finally {
          this.#flightRunning = false;
        }
      });
    this.#queued = queued;
    this.#inFlight = queued;
    return queued;
  }

  /** Runs a synchronous unit of work (atomic: nothing else runs in between) and waits until it is durable. */
  async transact<R>(work: () => R): Promise<R> {
    const result = work();
    await this.sync();
    return result;
  }

  /** Empties every collection (the seeded state is derived from fixtures, never stored). */
  async clear(): Promise<void> {
    for (const records of this.#records.values()) records.clear();
    for (const collection of this.#collections.values()) collection.cleared();
    // Not undone if its write fails: a reset is asked for again, not relied on.
    this.#record({ op: 'clear' }, () => undefined);
    await this.sync();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.sync();
    this.#closed = true;
    await this.#compaction;
    await this.#inFlight.catch(() => undefined);
    if (this.#compactedUpTo !== null) await this.#cutLog().catch(reportCutFailure);
    await this.#log?.close();
  }

  #record(change: Change, undo: () => void): void {
    if (this.#closed) throw new Error('store is closed');
    this.#pending.push({ change, undo });
  }

  /**
   * A compaction writes its snapshot from memory, where a change stands from the moment it is made
   * until its write fails and it is undone. When that happens during a compaction, the snapshot
   * may hold the undone change, which the log does not: so a snapshot not yet in place is not put
   * in place (#compact), and for one already in place (its log not cut yet) each undone record's
   * value as it is now is written to the log again, as a change of its own (#cutLog keeps it).
   */
  #correctSnapshotAfterUndo(undone: Change[]): void {
    if (this.#compaction === null && this.#compactedUpTo === null) return;
    this.#compactionSpoiled = true;
    const keys = new Set<string>();
    for (const change of undone) {
      if (change.op === 'clear' || keys.has(`${change.c}\u0000${change.k}`)) continue;
      keys.add(`${change.c}\u0000${change.k}`);
      const records = this.#records.get(change.c)?.records;
      const now: Change =
        records && Object.hasOwn(records, change.k)
          ? { op: 'put', c: change.c, k: change.k, v: records[change.k] }
          : { op: 'del', c: change.c, k: change.k };
      this.#pending.push({ change: now, undo: () => undefined });
    }
    if (keys.size > 0) this.sync().catch(() => undefined); // a failing disk fails this too; the next write carries it
  }

  async #persist(batch: Change[]): Promise<void> {
    if (!this.#log) return;
    if (this.#compactedUpTo !== null) await this.#cutLog().catch(reportCutFailure);
    if (batch.length === 0) return;
    // After a torn tail a newline first, so this batch's first line is a line of its own.
    const text = (this.#tornTail ? '\n' : '') + batch.map(framedLine).join('');
    try {
      await this.#log.appendFile(text, 'utf8');
      await this.#log.datasync();
    } catch (error) {
      await this.#cutFailedWrite();
      throw error;
    }
    this.#logBytes += Buffer.byteLength(text);
    this.#tornTail = false;
    const outgrown = this.#logBytes > Math.max(COMPACT_AFTER_BYTES, this.#snapshotBytes);
    // Not while one is under way, nor before its log is cut: offsets into the log mean nothing after a cut.
    const idle = this.#compaction === null && this.#compactedUpTo === null;
    if (idle && (outgrown || batch.some((change) => change.op === 'clear'))) {
      this.#compaction = this.#compact(this.#logBytes).finally(() => (this.#compaction = null));
    }
  }

  /**
   * Cuts whatever part of a failed batch reached the file, so the next append starts on a clean
   * line. Should the cut fail too, the log's length is read back, so the offsets the store keeps
   * stay those of the file, and the next batch starts with a newline: the torn part is then one
   * damaged line, moved aside at start-up, and nothing acknowledged after it is lost.
   */
  async #cutFailedWrite(): Promise<void> {
    try {
      await this.#log!.truncate(this.#logBytes);
      return;
    } catch {
      // Read back below.
    }
    try {
      const { size } = await this.#log!.stat();
      if (size !== this.#logBytes) {
        this.#logBytes = size;
        this.#tornTail = true;
      }
    } catch {
      // Nothing more can be learnt from this file: the next write finds out.
    }
  }

  /**
   * Compaction, beside the writes rather than in their way: the snapshot is written while changes
   * go on being appended to the log and acknowledged (the snapshot is written piece by piece,
   * snapshot-file.ts), and the log is cut to what came after `upTo` once it is on disk. Done inside
   * the write that triggered it, as before, every write waited for the whole rewrite: with 100 000
   * stored records, the best part of a second in which no provisioning was acknowledged (issue #31).
   *
   * Every change before `upTo` is in memory when the snapshot begins, so in it; one made after may
   * or may not be, and the log kept after the cut holds it either way. A crash before the cut
   * leaves the new snapshot and the whole log, whose changes replay over it to the same records.
   * A compaction that fails (a full disk) leaves the snapshot and the log as they were, and the
   * next write past the threshold tries again.
   */
  async #compact(upTo: number): Promise<void> {
    this.#compactionSpoiled = false;
    try {
      const placed = await writeSnapshot(this.#snapshotFile!, SCHEMA_VERSION, this.#records, () => !this.#compactionSpoiled);
      if (!placed) return; // a write failed meanwhile (#correctSnapshotAfterUndo): the next past the threshold starts again
      this.#snapshotBytes = (await stat(this.#snapshotFile!)).size;
      this.#compactedUpTo = upTo;
    } catch (error) {
      console.error(`[store] could not rewrite ${this.#snapshotFile}: ${(error as Error).message}; the log keeps every change`);
    }
  }

  /**
   * Replaces the log by the part of it after the compacted offset, atomically: the part is written
   * to a new file, fsynced, and renamed over the log, the folder fsynced. The new file's handle,
   * opened for appending before the rename, is the log from then on. Runs in the chain of writes,
   * so nothing is appended meanwhile; if anything fails before the rename, the log stays as it was.
   */
  async #cutLog(): Promise<void> {
    const upTo = this.#compactedUpTo!;
    this.#compactedUpTo = null;
    const logFile = path.join(path.dirname(this.#snapshotFile!), LOG_FILE);
    const nextFile = `${logFile}.next`;
    const tail = Buffer.alloc(this.#logBytes - upTo);
    const reader = await open(logFile, 'r');
    try {
      const { bytesRead } = await reader.read(tail, 0, tail.length, upTo);
      if (bytesRead !== tail.length) throw new Error(`read ${bytesRead} of the log's last ${tail.length} bytes`);
    } finally {
      await reader.close();
    }
    await rm(nextFile, { force: true }); // left by a crash during an earlier cut
    // O_APPEND, as the log was opened: after a failed write is cut off, the next lands at the end.
    const next = await open(nextFile, 'a');
    try {
      await next.appendFile(tail);
      await next.sync();
      await rename(nextFile, logFile);
    } catch (error) {
      await next.close();
      throw error;
    }
    const previous = this.#log!;
    this.#log = next;
    this.#logBytes = tail.length;
    await previous.close();
    await syncDirectory(path.dirname(logFile));
  }
}

/**
 * Record keys by indexed value. Most values name one record (an NHS number, a token hash), so a
 * value holds that record's key itself and becomes a Set only when a second record shares it: a
 * Set for each of 100 000 values cost more than the records did to load (issue #31).
 */
type Index<T> = { keyOf: (record: T) => string | undefined; keys: Map<string, string | Set<string>> | null };

/** One named collection. Writes are visible at once and durable after `store.sync()`. */
export class Collection<T> {
  readonly #indexes = new Map<string, Index<T>>();
  /**
   * Counted as records come and go: `size` is asked on every request (the mail queue's room).
   * Counted first when first asked, not at start-up: 100 000 stored provisionings cost a tenth
   * of a second to count (issue #31), and nothing asks their number.
   */
  #count: number | null = null;

  readonly #source: CollectionRecords;

  constructor(
    readonly name: string,
    source: CollectionRecords,
    private readonly record: (change: Change, undo: () => void) => void,
  ) {
    this.#source = source;
  }

  /** Parsed from the snapshot at the first use (collection-records.ts). */
  get #records(): Record<string, T> {
    return this.#source.records as Record<string, T>;
  }

  get(key: string): T | undefined {
    return Object.hasOwn(this.#records, key) ? this.#records[key] : undefined;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#records, key);
  }

  put(key: string, value: T): void {
    if (key === '__proto__') throw new Error('__proto__ is not a valid record key');
    const undo = this.#undoFor(key);
    this.#set(key, value);
    this.record({ op: 'put', c: this.name, k: key, v: value }, undo);
  }

  delete(key: string): void {
    if (!this.has(key)) return;
    const undo = this.#undoFor(key);
    this.#set(key, undefined);
    this.record({ op: 'del', c: this.name, k: key }, undo);
  }

  /** Puts the record back as it is now, should the write that changes it fail. */
  #undoFor(key: string): () => void {
    const before = this.get(key);
    return () => this.#set(key, before);
  }

  /** Sets (or, with undefined, removes) a record in memory and in the indexes. */
  #set(key: string, value: T | undefined): void {
    const old = this.get(key);
    if (old !== undefined) for (const index of this.#indexes.values()) removeFromIndex(index, key, old);
    if (value === undefined) {
      if (old !== undefined && this.#count !== null) this.#count--;
      delete this.#records[key];
    } else {
      if (old === undefined && this.#count !== null) this.#count++;
      this.#records[key] = value;
      for (const index of this.#indexes.values()) addToIndex(index, key, value);
    }
  }

  values(): T[] {
    return Object.values(this.#records);
  }

  entries(): [string, T][] {
    return Object.entries(this.#records);
  }

  get size(): number {
    if (this.#count === null) {
      this.#count = 0;
      for (const _key in this.#records) this.#count++;
    }
    return this.#count;
  }

  /**
   * Declares a secondary index so lookups stay O(matches) as the collection grows. It is built at
   * its first lookup, not here: over 100 000 stored records that is a tenth of a second a start-up
   * need not wait for (issue #31), and a sandbox that never looks there never pays it.
   */
  defineIndex(name: string, keyOf: (record: T) => string | undefined): void {
    this.#indexes.set(name, { keyOf, keys: null });
  }

  findBy(indexName: string, value: string): T[] {
    const index = this.#indexes.get(indexName);
    if (!index) throw new Error(`no index ${indexName} on ${this.name}`);
    if (!index.keys) {
      index.keys = new Map();
      for (const key in this.#records) addToIndex(index, key, this.#records[key]!);
    }
    const keys = index.keys.get(value);
    if (keys === undefined) return [];
    return typeof keys === 'string' ? [this.#records[keys]!] : [...keys].map((key) => this.#records[key]!);
  }

  /** Forgets every record in memory (the store has emptied the collection's records). */
  cleared(): void {
    this.#count = 0;
    for (const index of this.#indexes.values()) index.keys?.clear();
  }
}

/** Adds the record to the index, once the index is built. */
function addToIndex<T>(index: Index<T>, key: string, record: T): void {
  if (!index.keys) return;
  const value = index.keyOf(record);
  if (value === undefined) return;
  const keys = index.keys.get(value);
  if (keys === undefined) index.keys.set(value, key);
  else if (typeof keys === 'string') index.keys.set(value, new Set([keys, key]));
  else keys.add(key);
}

function removeFromIndex<T>(index: Index<T>, key: string, record: T): void {
  if (!index.keys) return;
  const value = index.keyOf(record);
  if (value === undefined) return;
  const keys = index.keys.get(value);
  if (keys === key) index.keys.delete(value);
  else if (typeof keys === 'object') keys.delete(key);
}

/** A log line: a checksum of the change, a space, the change. */
const checksum = (json: string | Buffer) => hash('sha256', json, 'hex').slice(0, 16);
/** A log that could not be cut stays whole and appended to: every change is still in it, only longer. */
const reportCutFailure = (error: unknown) =>
  console.error(`[store] could not shorten the log after a compaction: ${(error as Error).message}; it keeps every change`);

function framedLine(change: Change): string {
  const json = JSON.stringify(change);
  return `${checksum(json)} ${json}\n`;
}

/**
 * The start of a put as framedLine writes it (JSON.stringify keeps the keys in the order written):
 * its collection's name, then a key that is plain text and not `__proto__`, then its value.
 */
const PUT_PREFIX = /^\{"op":"put","c":"([^"\\]*)","k":"(?!__proto__")[^"\\]*","v":/;

/**
 * A line's change; null when the line is damaged (its checksum does not match, or it is not JSON);
 * 'wrong-shape' when it is intact JSON but not a change this store writes (the JSON null, say): a
 * file of another kind, refused at start-up rather than skipped (issue #28). Lines from before
 * checksums (plain JSON) are still read. A put whose checksum holds is left unparsed
 * (collection-records.ts says why): the checksum shows it is the line the store wrote, which
 * JSON.stringify made.
 */
function parseLine(text: string, file: string, line: number): LoggedChange | null | 'wrong-shape' {
  const framed = /^([0-9a-f]{16}) (.*)$/s.exec(text);
  if (framed && checksum(framed[2]!) !== framed[1]) return null;
  const json = framed ? framed[2]! : text;
  const put = framed && json.endsWith('}') ? PUT_PREFIX.exec(json) : null;
  if (put) return { op: 'logged', c: put[1]!, put: new LoggedPut(Buffer.from(json), file, line) };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  return isChange(value) ? value : 'wrong-shape';
}

function isChange(value: unknown): value is Change {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const change = value as Record<string, unknown>;
  return change.op === 'clear' || (typeof change.c === 'string' && isRecordChange(change));
}

/**
 * The log's intact changes, and whether every line was intact and finished. Damaged lines are
 * moved to `damagedFile` and reported; a torn last line is dropped quietly.
 */
async function readLog(file: string, damagedFile: string): Promise<{ changes: LoggedChange[]; intact: boolean }> {
  const changes: LoggedChange[] = [];
  const damaged: string[] = [];
  const copies = new LineCopies();
  let lineNumber = 0;
  let intact = true;
  for await (const { bytes, terminated } of boundedLineBytes(file, MAX_LOG_LINE_BYTES)) {
    lineNumber++;
    const put = bytes === null ? null : loggedPut(bytes, copies, file, lineNumber);
    const text = put || bytes === null ? null : bytes.toString('utf8');
    const change = put ?? (text === null ? null : parseLine(text, file, lineNumber));
    if (change === 'wrong-shape') {
      throw new Error(
        `${file} line ${lineNumber} is not a change this sandbox wrote (intact JSON of another shape): move the file aside to start afresh`,
      );
    }
    if (change) changes.push(change);
    // A change with no newline yet is complete, but the next append would run on from it.
    if (!change || !terminated) intact = false;
    // A torn last line is a write that crashed before its fsync: it was never acknowledged.
    if (!change && terminated)
      damaged.push(`${JSON.stringify({ line: lineNumber, text: text?.slice(0, 1_000_000) ?? '[longer than the limit, not kept]' })}\n`);
  }
  if (damaged.length) {
    await appendFile(damagedFile, damaged.join(''));
    console.error(
      `[store] ${file}: ${damaged.length} damaged line(s) moved to ${damagedFile}; every intact change before and after them was kept. ` +
        'Look at them before deleting that file.',
    );
  }
  return { changes, intact };
}

/**
 * How far into a put's JSON its collection and key are looked for on its bytes (PUT_PREFIX): the
 * sandbox's keys are ids and NHS numbers, so this holds them; a put whose key runs past it is read
 * as text. Decoding 512 bytes of each line took a quarter of the log's read.
 */
const PUT_PREFIX_BYTES = 160;

/**
 * A put as framedLine writes it, checked on the line's bytes and kept as them (collection-records.ts),
 * never decoded into a string at start-up: a day's 31 000 puts (16 MB) cost about a tenth of a
 * second of CPU more as strings, most of it their collection (issue #31). Null for any other line,
 * which parseLine reads as text: a damaged line, a delete, a line from before checksums, or one
 * whose bytes are not the UTF-8 its checksum was taken on.
 */
function loggedPut(line: Buffer, copies: LineCopies, file: string, lineNumber: number): LoggedChange | null {
  if (line.length < 18 || line[16] !== 0x20 || line[line.length - 1] !== 0x7d) return null;
  const json = line.subarray(17);
  if (checksum(json) !== line.toString('latin1', 0, 16)) return null;
  const put = PUT_PREFIX.exec(json.toString('utf8', 0, PUT_PREFIX_BYTES));
  return put ? { op: 'logged', c: put[1]!, put: new LoggedPut(copies.of(json), file, lineNumber) } : null;
}

function replayLog(collections: Map<string, CollectionRecords>, changes: LoggedChange[]): void {
  for (const change of changes) {
    if (change.op === 'clear') {
      collections.clear();
    } else if (change.op === 'put' || change.op === 'logged') {
      let records = collections.get(change.c);
      if (!records) collections.set(change.c, (records = CollectionRecords.unparsedEmpty()));
      records.replay(change.op === 'logged' ? change.put : change);
    } else {
      collections.get(change.c)?.replay(change);
    }
  }
}
