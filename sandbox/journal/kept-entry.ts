import type { JournalEntry } from './journal-entry';
import { parseLine } from './journal-line';
import type { TestInterfaceAction } from './test-interface-action';

/**
 * An entry the journal keeps in memory, with the bytes of its line and its answer's place on the
 * journal's counter. An entry read at start-up whose chain follows from the line before it is kept
 * as its line's text and parsed at its first use (a query, a report, a reset): start-up checks its
 * chain on the text as read and needs only its seq, chain and counter, which request-journal.ts
 * reads from the text. With a day's 20 000 entries (25 MB), parsing every one at start-up cost
 * about 0.25 s of a restart's CPU, its garbage collection included (issue #31); the first query
 * pays it instead. Until then it is its line's bytes, not a string: 25 MB of strings made young
 * enough to be copied by every collection of a start-up.
 */
export class KeptEntry {
  #entry: JournalEntry | null;
  #line: Uint8Array | null;

  private constructor(
    entry: JournalEntry | null,
    line: Uint8Array | null,
    readonly bytes: number,
    /** `order.answered`: the journal's counter continues after the largest kept. */
    readonly answered: number,
    readonly seq: number,
    /** Names the line in the error it gives at its first use should it be no entry. */
    private readonly file: string,
  ) {
    this.#entry = entry;
    this.#line = line;
  }

  static of(entry: JournalEntry, bytes: number): KeptEntry {
    return new KeptEntry(entry, null, bytes, entry.order?.answered ?? 0, entry.seq, '');
  }

  /** A line read at start-up (its UTF-8 bytes, newline aside), its chain checked on them, still unparsed. */
  static unparsed(text: Uint8Array, line: { seq: number; answered: number }, bytes: number, file: string): KeptEntry {
    return new KeptEntry(null, text, bytes, line.answered, line.seq, file);
  }

  /**
   * The entry, parsed at the first call. Its chain held at start-up, so only a line written by
   * hand with the chain recomputed after it can fail here: it stops the query, naming the line.
   */
  get entry(): JournalEntry {
    if (this.#entry === null) {
      const line = parseLine(utf8(this.#line!));
      if (line === null || line === 'wrong-shape' || (line as TestInterfaceAction).kind === 'test-interface')
        throw new Error(
          `${this.file} line #${this.seq} is not a journal entry, though its chain holds: move the file aside to start afresh`,
        );
      this.#entry = line as JournalEntry;
      // Parsed, the entry is what the line says: a reset re-chains it in place (request-journal.ts).
      this.#line = null;
    }
    return this.#entry;
  }

  /** Its line, newline aside: the text as read while unparsed, else the entry as it is now. */
  get text(): string {
    return this.#line ? utf8(this.#line) : JSON.stringify(this.#entry);
  }
}

const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
