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

  /** The collection's JSON for a new snapshot: its line as it was read while nothing has changed it, unparsed. */
  json(): string | Buffer {
    return this.#records === null && this.#changes.length === 0 ? this.#text! : JSON.stringify(this.records);
  }
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
