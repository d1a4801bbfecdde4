import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { boundedLines } from '../store/line-reader';
import { canonicalJson } from './bounded-copy';
import { JOURNAL_ENDPOINTS, type JournalEntry } from './journal-entry';

/**
 * The request journal: every token and provisioning request, newest last, kept in memory for
 * queries and appended to `journal.ndjson` in the data folder so it survives a restart.
 *
 * Bounded twice: at most `maxEntries` entries and `maxBytes` of serialised entries (oldest
 * dropped first; the file is rewritten once it holds twice the bound). Each entry is itself a
 * bounded copy (bounded-copy.ts), so no request can make one entry large.
 *
 * Tamper-evident: each entry carries `chain`, SHA-256 of the previous entry's chain and its own
 * canonical JSON. Start-up reads the file line by line, never as one string, skips (and counts)
 * lines that are damaged, over-long or not entries, and reports where the chain breaks.
 *
 * It is an observation log, not acknowledged data: appends are buffered, not fsynced per request,
 * and a sandbox reset leaves it alone (POST /_sandbox/journal/reset starts an assessment).
 */
export interface JournalQuery {
  /** Only requests verified as this client's. */
  clientId?: string;
  /** Only requests no verified identity ties to a client. */
  unattributed?: boolean;
  /** Real time. */
  sinceMs?: number;
  limit?: number;
}

export interface JournalIntegrity {
  /** Lines skipped at start-up because they were damaged or not journal entries. */
  skippedLines: number;
  /** The first entry whose chain does not follow from the one before: the file was edited. */
  chainBrokenAtSeq: number | null;
}

const FILE = 'journal.ndjson';
/** A line longer than this cannot be an entry this journal wrote: skipped unread. */
const MAX_LINE_BYTES = 256 * 1024;
const GENESIS = 'sha256:genesis';

const chainOf = (previous: string, entry: Omit<JournalEntry, 'chain'>): string =>
  `sha256:${createHash('sha256').update(previous).update('\n').update(canonicalJson(entry)).digest('hex')}`;

export class RequestJournal {
  #entries: { entry: JournalEntry; bytes: number }[] = [];
  #bytes = 0;
  #seq = 0;
  #tick = 0;
  #head = GENESIS;
  #linesInFile = 0;
  #out: WriteStream | null = null;
  #integrity: JournalIntegrity = { skippedLines: 0, chainBrokenAtSeq: null };

  private constructor(
    private readonly file: string | null,
    private readonly limits: { maxEntries: number; maxBytes: number },
  ) {}

  static async open(options: { dir: string | null; maxEntries: number; maxBytes: number }): Promise<RequestJournal> {
    const journal = new RequestJournal(options.dir ? path.join(options.dir, FILE) : null, options);
    if (journal.file) {
      await mkdir(path.dirname(journal.file), { recursive: true });
      await journal.#load(journal.file);
      await journal.#rewrite();
    }
    return journal;
  }

  /** The next value of the journal's monotonic counter (JournalEntry.order). */
  tick(): number {
    return ++this.#tick;
  }

  get integrity(): JournalIntegrity {
    return { ...this.#integrity };
  }

  record(fields: Omit<JournalEntry, 'seq' | 'chain'>): JournalEntry {
    const unchained = { seq: ++this.#seq, ...fields };
    const entry: JournalEntry = { ...unchained, chain: chainOf(this.#head, unchained) };
    this.#head = entry.chain;
    const line = `${JSON.stringify(entry)}\n`;
    this.#keep(entry, Buffer.byteLength(line));
    if (this.#out) {
      this.#out.write(line);
      if (++this.#linesInFile > 2 * this.limits.maxEntries || this.#fileBytes > 2 * this.limits.maxBytes) void this.#rewrite();
      else this.#fileBytes += Buffer.byteLength(line);
    }
    return entry;
  }

  /** Oldest first. */
  query({ clientId, unattributed, sinceMs, limit }: JournalQuery = {}): JournalEntry[] {
    const found = this.#entries
      .map(({ entry }) => entry)
      .filter(
        (e) =>
          (clientId === undefined || e.clientId === clientId) &&
          (!unattributed || e.clientId === null) &&
          (sinceMs === undefined || e.atMs >= sinceMs),
      );
    return limit === undefined ? found : found.slice(-limit);
  }

  /** Clients with verified requests in the journal. */
  clients(): string[] {
    return [...new Set(this.#entries.map(({ entry }) => entry.clientId).filter((id): id is string => id !== null))].sort();
  }

  /** Forgets one client's requests, or all of them. */
  async reset(clientId?: string): Promise<number> {
    const before = this.#entries.length;
    this.#entries = clientId === undefined ? [] : this.#entries.filter(({ entry }) => entry.clientId !== clientId);
    this.#bytes = this.#entries.reduce((sum, { bytes }) => sum + bytes, 0);
    await this.#rewrite();
    return before - this.#entries.length;
  }

  async close(): Promise<void> {
    await this.#closeStream();
  }

  #fileBytes = 0;

  #keep(entry: JournalEntry, bytes: number): void {
    this.#entries.push({ entry, bytes });
    this.#bytes += bytes;
    while (this.#entries.length > this.limits.maxEntries || (this.#bytes > this.limits.maxBytes && this.#entries.length > 1)) {
      this.#bytes -= this.#entries.shift()!.bytes;
    }
  }

  async #load(file: string): Promise<void> {
    let previous: JournalEntry | null = null;
    let lineNumber = 0;
    for await (const { text: line } of boundedLines(file, MAX_LINE_BYTES)) {
      lineNumber++;
      const entry = line === null ? null : parseEntry(line);
      // Intact JSON that is no journal entry (the JSON null, say) is a file of another kind: refused (issue #28).
      if (entry === 'wrong-shape')
        throw new Error(
          `${file} line ${lineNumber} is not a journal entry (intact JSON of another shape): move the file aside to start afresh`,
        );
      if (!entry) {
        this.#integrity.skippedLines++;
        continue;
      }
      const { chain, ...unchained } = entry;
      if (this.#integrity.chainBrokenAtSeq === null && chainOf(previous?.chain ?? GENESIS, unchained) !== chain && previous !== null) {
        this.#integrity.chainBrokenAtSeq = entry.seq;
      }
      this.#keep(entry, Buffer.byteLength(line!) + 1);
      previous = entry;
    }
    this.#seq = previous?.seq ?? 0;
    this.#tick = Math.max(0, ...this.#entries.map(({ entry }) => entry.order?.answered ?? 0));
    this.#head = previous?.chain ?? GENESIS;
    if (this.#integrity.skippedLines > 0) {
      console.error(`[journal] ${file}: skipped ${this.#integrity.skippedLines} damaged or over-long line(s); every intact entry was kept`);
    }
  }

  /** Writes the kept entries to a new file, one line at a time, and swaps it in. */
  async #rewrite(): Promise<void> {
    if (!this.file) return;
    await this.#closeStream();
    const temp = `${this.file}.tmp`;
    const written = this.#entries.slice();
    const out = createWriteStream(temp);
    for (const { entry } of written) {
      if (!out.write(`${JSON.stringify(entry)}\n`)) await new Promise<void>((resume) => out.once('drain', () => resume()));
    }
    await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
    await rename(temp, this.file);
    this.#out = createWriteStream(this.file, { flags: 'a' });
    this.#out.on('error', (error) => console.error(`[journal] cannot append to ${this.file}: ${error.message}`));
    // Entries recorded while the file was being rewritten follow it.
    const lastWritten = written.at(-1)?.entry.seq ?? 0;
    const later = this.#entries.filter(({ entry }) => entry.seq > lastWritten);
    for (const { entry } of later) this.#out.write(`${JSON.stringify(entry)}\n`);
    this.#linesInFile = written.length + later.length;
    this.#fileBytes = [...written, ...later].reduce((sum, { bytes }) => sum + bytes, 0);
  }

  #closeStream(): Promise<void> {
    const out = this.#out;
    this.#out = null;
    return out ? new Promise((done) => out.end(done)) : Promise.resolve();
  }
}

/** The entry; null when the line is damaged (not JSON); 'wrong-shape' when it is JSON but no entry. */
function parseEntry(line: string): JournalEntry | null | 'wrong-shape' {
  try {
    const value = JSON.parse(line) as Partial<JournalEntry> | null;
    const looksRight =
      value !== null &&
      typeof value === 'object' &&
      typeof value.seq === 'number' &&
      typeof value.atMs === 'number' &&
      typeof value.chain === 'string' &&
      (JOURNAL_ENDPOINTS as readonly unknown[]).includes(value.endpoint) &&
      typeof value.request === 'object' &&
      typeof value.response === 'object';
    return looksRight ? (value as JournalEntry) : 'wrong-shape';
  } catch {
    return null;
  }
}
