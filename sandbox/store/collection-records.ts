/** A change to one record of a collection, as the store's log holds it (store.ts adds the collection's name). */
export type RecordChange = { op: 'put'; k: string; v: unknown } | { op: 'del'; k: string };

type Records = Record<string, unknown>;

/**
 * One collection's records as the store holds them, parsed from the snapshot at their first use
 * rather than at start-up (snapshot-file.ts says why). Until then the collection is its line of the
 * snapshot, and the changes the log replays onto it wait, in order, to be applied after the parse.
 */
export class CollectionRecords {
  #text: Buffer | null;
  #changes: RecordChange[] = [];
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
      for (const change of this.#changes) applyTo(value, change);
      this.#records = value;
      this.#text = null;
      this.#changes = [];
    }
    return this.#records;
  }

  /** A change replayed from the log: applied now if the records are parsed, else after their parse. */
  replay(change: RecordChange): void {
    if (this.#records === null) this.#changes.push(change);
    else applyTo(this.#records, change);
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
