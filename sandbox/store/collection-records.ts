/** A change to one record of a collection, as the store's log holds it (store.ts adds the collection's name). */
export type RecordChange = { op: 'put'; k: string; v: unknown } | { op: 'del'; k: string };

/**
 * A put read from the store's log with its checksum intact, its JSON not parsed yet: start-up reads
 * it only as far as its collection's name (store.ts), and it is parsed, and checked to be a put,
 * when the collection is first used. After a day's 20 000 provisionings (10 MB of log), parsing
 * every put at start-up cost about 0.15 s of the restart's CPU, its garbage collection included
 * (issue #31); the first request that uses the collection pays it instead.
 */
export class LoggedPut {
  /** `file` and `line` name the line in the error it gives at first use should it be of another shape. */
  constructor(
    /** The line's JSON, its UTF-8 bytes (store.ts keeps them undecoded until now). */
    private readonly json: Uint8Array,
    private readonly file: string,
    private readonly line: number,
  ) {}

  /**
   * The put the line holds. Its checksum held at start-up, so only a line written by hand with
   * its checksum recomputed can fail here: it stops the first use of the collection, naming the
   * line, as a damaged collection of the snapshot does.
   */
  parsed(): RecordChange {
    let change: unknown = null;
    try {
      change = JSON.parse(Buffer.from(this.json.buffer, this.json.byteOffset, this.json.byteLength).toString('utf8'));
    } catch {
      // Reported below, as a change of no known shape.
    }
    if (!isRecordChange(change) || change.op !== 'put')
      throw new Error(
        `${this.file} line ${this.line} is not a change this sandbox wrote, though its checksum holds: move the file aside to start afresh`,
      );
    return change;
  }
}

type Records = Record<string, unknown>;

/**
 * One collection's records as the store holds them, parsed from the snapshot at their first use
 * rather than at start-up (snapshot-file.ts says why). Until then the collection is its line of the
 * snapshot, and the changes the log replays onto it wait, in order, to be applied after the parse.
 */
export class CollectionRecords {
  #text: Buffer | null;
  #changes: (RecordChange | LoggedPut)[] = [];
  #records: Records | null;

  /** `origin` names the file and collection in the error a damaged line gives at its first use. */
  private constructor(
    text: Buffer | null,
    records: Records | null,
    private readonly origin: string,
  ) {
    this.#text = text;
    this.#records = records;
  }

  /** A collection still in its snapshot line's JSON. */
  static unparsed(text: Buffer, origin: string): CollectionRecords {
    return new CollectionRecords(text, null, origin);
  }

  static of(records: Records = {}): CollectionRecords {
    return new CollectionRecords(null, records, '');
  }

  /** A collection the log creates: empty, and unparsed as a snapshot's, so the changes replayed onto it wait too. */
  static unparsedEmpty(): CollectionRecords {
    return new CollectionRecords(EMPTY, null, '');
  }

  get records(): Records {
    if (this.#records === null) {
      let value: unknown;
      try {
        value = JSON.parse(this.#text!.toString('utf8'));
      } catch (error) {
        throw new Error(
          `${this.origin} is not valid JSON (${(error as Error).message.split('\n')[0]}): move the file aside to start afresh`,
          {
            cause: error,
          },
        );
      }
      if (!isRecords(value)) throw new Error(`${this.origin} is not a collection of records: move the file aside to start afresh`);
      for (const change of this.#changes) applyTo(value, change instanceof LoggedPut ? change.parsed() : change);
      this.#records = value;
      this.#text = null;
      this.#changes = [];
    }
    return this.#records;
  }

  /** A change replayed from the log: applied now if the records are parsed, else after their parse. */
  replay(change: RecordChange | LoggedPut): void {
    if (this.#records === null) this.#changes.push(change);
    else applyTo(this.#records, change instanceof LoggedPut ? change.parsed() : change);
  }

  /** Forgets every record (the store was reset). */
  clear(): void {
    this.#records = {};
    this.#text = null;
    this.#changes = [];
  }

  /**
   * The collection's JSON for a new snapshot, in pieces of up to RECORDS_PER_PIECE records, so that
   * the writer lets requests run between them: with 100 000 stored provisionings one
   * JSON.stringify of the collection held the event loop for 0.3-0.6 s (issue #31). A collection
   * nothing has changed is its line as it was read, unparsed, in one piece.
   *
   * The records are read as the pieces are made, so a record changed meanwhile may be written as
   * it is after the change: the store keeps every change made after a compaction began in the log
   * that follows the snapshot (store.ts), and replaying a whole record's put or delete again over
   * its later value gives the same result.
   */
  *jsonPieces(): Generator<string | Buffer> {
    if (this.#records === null && this.#changes.length === 0) {
      yield this.#text!;
      return;
    }
    const records = this.records;
    let piece: string[] = [];
    let separator = '';
    yield '{';
    // for-in visits each key present from start to end once, skips one deleted before its turn,
    // and may or may not visit one added meanwhile (the log after the snapshot holds that put).
    for (const key in records) {
      const value = JSON.stringify(records[key]);
      if (value === undefined) continue; // as JSON.stringify leaves out a property it cannot write
      piece.push(`${JSON.stringify(key)}:${value}`);
      if (piece.length === RECORDS_PER_PIECE) {
        yield separator + piece.join(',');
        separator = ',';
        piece = [];
      }
    }
    if (piece.length > 0) yield separator + piece.join(',');
    yield '}';
  }
}

/** About 200 KB of provisioning records: 1-3 ms of JSON.stringify here. */
const RECORDS_PER_PIECE = 500;

const EMPTY = Buffer.from('{}');

/** A put or a delete of one record, its key never `__proto__` (which would set the records' prototype). */
export function isRecordChange(value: unknown): value is RecordChange {
  if (!isPlainObject(value)) return false;
  const keyed = typeof value.k === 'string' && value.k !== '__proto__';
  if (value.op === 'del') return keyed;
  return value.op === 'put' && keyed && Object.hasOwn(value, 'v');
}

function applyTo(records: Records, change: RecordChange): void {
  if (change.op === 'put') records[change.k] = change.v;
  else delete records[change.k];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An object of records (objects), as every collection is. A loop, not Object.values: with 100 000
 * records the copies cost more than the checks.
 */
export function isRecords(value: unknown): value is Records {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (!isPlainObject(value[key])) return false;
  return true;
}
