import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Low, Memory } from 'lowdb';
import { AtomicJsonFile } from './atomic-json-file';

/**
 * The embedded store: named collections of JSON records keyed by string, held in memory and made
 * durable on disk.
 *
 * Durability design (why not just lowdb's write-the-whole-file): rewriting a 100 000-record file
 * on every request would make each request cost O(store). Instead every change is appended to a
 * write-ahead log (NDJSON) and fsynced; the lowdb snapshot file is rewritten atomically only at
 * start-up and when the log grows past a threshold (compaction). Changes made by concurrent
 * requests are gathered into one append + fsync (group commit). A caller that answers "stored"
 * awaits `sync()` first, so an acknowledged write is on disk before the client hears about it.
 */
export const SCHEMA_VERSION = 1;

export interface StoreSnapshot {
  schemaVersion: number;
  collections: Record<string, Record<string, unknown>>;
}

type Change = { op: 'put'; c: string; k: string; v: unknown } | { op: 'del'; c: string; k: string } | { op: 'clear' };

export type StoreLocation = { kind: 'memory' } | { kind: 'file'; dir: string };

const SNAPSHOT_FILE = 'store.json';
const LOG_FILE = 'store.log.ndjson';
const COMPACT_AFTER_BYTES = 16 * 1024 * 1024;

export class Store {
  readonly #db: Low<StoreSnapshot>;
  readonly #log: FileHandle | null;
  readonly #collections = new Map<string, Collection<unknown>>();
  #pending: Change[] = [];
  #inFlight: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;
  #logBytes: number;
  #closed = false;

  private constructor(db: Low<StoreSnapshot>, log: FileHandle | null, logBytes: number) {
    this.#db = db;
    this.#log = log;
    this.#logBytes = logBytes;
  }

  static async open(location: StoreLocation): Promise<Store> {
    if (location.kind === 'memory') {
      const db = new Low<StoreSnapshot>(new Memory(), emptySnapshot());
      return new Store(db, null, 0);
    }
    await mkdir(location.dir, { recursive: true });
    const db = new Low<StoreSnapshot>(new AtomicJsonFile(path.join(location.dir, SNAPSHOT_FILE)), emptySnapshot());
    await db.read();
    const collections: unknown = (db.data as { collections?: unknown } | null)?.collections;
    if (
      typeof db.data !== 'object' ||
      db.data === null ||
      typeof collections !== 'object' ||
      collections === null ||
      Array.isArray(collections)
    ) {
      throw new Error(
        `${path.join(location.dir, SNAPSHOT_FILE)} is not a sandbox store (no collections object): move it aside to start afresh`,
      );
    }
    if (db.data.schemaVersion !== SCHEMA_VERSION) {
      throw new Error(
        `${path.join(location.dir, SNAPSHOT_FILE)} has schema version ${db.data.schemaVersion}, this sandbox reads ${SCHEMA_VERSION}: ` +
          'move the data folder aside or run POST /_sandbox/reset on a matching version',
      );
    }
    const logPath = path.join(location.dir, LOG_FILE);
    replayLog(db.data, await readLog(logPath));
    // Compact at start-up: the replayed state becomes the snapshot and the log starts empty.
    await db.write();
    // O_APPEND, so every write lands at the end even after compaction truncates the file.
    const log = await open(logPath, 'a');
    await log.truncate(0);
    await log.sync();
    return new Store(db, log, 0);
  }

  collection<T>(name: string): Collection<T> {
    let collection = this.#collections.get(name);
    if (!collection) {
      const records = (this.#db.data.collections[name] ??= {});
      collection = new Collection<unknown>(name, records, (change) => this.#record(change));
      this.#collections.set(name, collection);
    }
    return collection as Collection<T>;
  }

  /** Resolves once every change made before the call is durable. */
  sync(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (this.#pending.length === 0) return this.#inFlight;
    const queued = this.#inFlight
      .catch(() => undefined)
      .then(() => {
        this.#queued = null;
        return this.#persist(this.#pending.splice(0));
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
    for (const records of Object.values(this.#db.data.collections)) for (const key of Object.keys(records)) delete records[key];
    for (const collection of this.#collections.values()) collection.rebuildIndexes();
    this.#record({ op: 'clear' });
    await this.sync();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.sync();
    this.#closed = true;
    await this.#log?.close();
  }

  #record(change: Change): void {
    if (this.#closed) throw new Error('store is closed');
    this.#pending.push(change);
  }

  async #persist(batch: Change[]): Promise<void> {
    if (!this.#log || batch.length === 0) return;
    const text = batch.map((change) => JSON.stringify(change)).join('\n') + '\n';
    await this.#log.appendFile(text, 'utf8');
    await this.#log.datasync();
    this.#logBytes += Buffer.byteLength(text);
    if (this.#logBytes > COMPACT_AFTER_BYTES || batch.some((change) => change.op === 'clear')) {
      await this.#db.write();
      await this.#log.truncate(0);
      await this.#log.sync();
      this.#logBytes = 0;
    }
  }
}

type Index<T> = { keyOf: (record: T) => string | undefined; keys: Map<string, Set<string>> };

/** One named collection. Writes are visible at once and durable after `store.sync()`. */
export class Collection<T> {
  readonly #indexes = new Map<string, Index<T>>();

  constructor(
    readonly name: string,
    private readonly records: Record<string, T>,
    private readonly record: (change: Change) => void,
  ) {}

  get(key: string): T | undefined {
    return Object.hasOwn(this.records, key) ? this.records[key] : undefined;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.records, key);
  }

  put(key: string, value: T): void {
    if (key === '__proto__') throw new Error('__proto__ is not a valid record key');
    this.#unindex(key);
    this.records[key] = value;
    this.#index(key, value);
    this.record({ op: 'put', c: this.name, k: key, v: value });
  }

  delete(key: string): void {
    if (!this.has(key)) return;
    this.#unindex(key);
    delete this.records[key];
    this.record({ op: 'del', c: this.name, k: key });
  }

  values(): T[] {
    return Object.values(this.records);
  }

  entries(): [string, T][] {
    return Object.entries(this.records);
  }

  get size(): number {
    return Object.keys(this.records).length;
  }

  /** Declares a secondary index so lookups stay O(matches) as the collection grows. */
  defineIndex(name: string, keyOf: (record: T) => string | undefined): void {
    this.#indexes.set(name, { keyOf, keys: new Map() });
    this.rebuildIndexes();
  }

  findBy(indexName: string, value: string): T[] {
    const index = this.#indexes.get(indexName);
    if (!index) throw new Error(`no index ${indexName} on ${this.name}`);
    return [...(index.keys.get(value) ?? [])].map((key) => this.records[key]!);
  }

  rebuildIndexes(): void {
    for (const index of this.#indexes.values()) {
      index.keys.clear();
      for (const [key, value] of Object.entries(this.records)) this.#addToIndex(index, key, value);
    }
  }

  #index(key: string, value: T): void {
    for (const index of this.#indexes.values()) this.#addToIndex(index, key, value);
  }

  #addToIndex(index: Index<T>, key: string, value: T): void {
    const indexKey = index.keyOf(value);
    if (indexKey === undefined) return;
    let keys = index.keys.get(indexKey);
    if (!keys) index.keys.set(indexKey, (keys = new Set()));
    keys.add(key);
  }

  #unindex(key: string): void {
    const old = this.get(key);
    if (old === undefined) return;
    for (const index of this.#indexes.values()) {
      const indexKey = index.keyOf(old);
      if (indexKey !== undefined) index.keys.get(indexKey)?.delete(key);
    }
  }
}

const emptySnapshot = (): StoreSnapshot => ({ schemaVersion: SCHEMA_VERSION, collections: {} });

async function readLog(file: string): Promise<Change[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const changes: Change[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      changes.push(JSON.parse(line) as Change);
    } catch {
      // A torn last line is a write that crashed before its fsync: it was never acknowledged.
      break;
    }
  }
  return changes;
}

function replayLog(snapshot: StoreSnapshot, changes: Change[]): void {
  for (const change of changes) {
    if (change.op === 'clear') {
      snapshot.collections = {};
    } else if (change.op === 'put') {
      (snapshot.collections[change.c] ??= {})[change.k] = change.v;
    } else {
      delete snapshot.collections[change.c]?.[change.k];
    }
  }
}
