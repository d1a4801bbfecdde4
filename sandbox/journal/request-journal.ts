import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { JournalEntry } from './journal-entry';

/**
 * The request journal: every token and provisioning request, newest last, kept in memory for
 * queries and appended to `journal.ndjson` in the data folder so it survives a restart. Bounded:
 * past `maxEntries` the oldest are dropped (and the file rewritten once it holds twice as many).
 * It is an observation log, not acknowledged data: appends are buffered, not fsynced per request,
 * and a sandbox reset leaves it alone (use POST /_sandbox/journal/reset to start an assessment).
 */
export interface JournalQuery {
  clientId?: string;
  sinceMs?: number;
  limit?: number;
}

const FILE = 'journal.ndjson';

export class RequestJournal {
  #entries: JournalEntry[] = [];
  #seq = 0;
  #linesInFile = 0;
  #out: WriteStream | null = null;

  private constructor(
    private readonly file: string | null,
    private readonly maxEntries: number,
  ) {}

  static async open(options: { dir: string | null; maxEntries: number }): Promise<RequestJournal> {
    const journal = new RequestJournal(options.dir ? path.join(options.dir, FILE) : null, options.maxEntries);
    if (journal.file) {
      await mkdir(path.dirname(journal.file), { recursive: true });
      journal.#entries = (await readEntries(journal.file)).slice(-options.maxEntries);
      journal.#seq = journal.#entries.at(-1)?.seq ?? 0;
      await journal.#rewrite();
    }
    return journal;
  }

  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const stored = { seq: ++this.#seq, ...entry };
    this.#entries.push(stored);
    if (this.#entries.length > this.maxEntries) this.#entries.splice(0, this.#entries.length - this.maxEntries);
    if (this.#out) {
      this.#out.write(`${JSON.stringify(stored)}\n`);
      if (++this.#linesInFile > 2 * this.maxEntries) void this.#rewrite();
    }
    return stored;
  }

  /** Oldest first. */
  query({ clientId, sinceMs, limit }: JournalQuery = {}): JournalEntry[] {
    const found = this.#entries.filter(
      (e) => (clientId === undefined || e.clientId === clientId) && (sinceMs === undefined || e.atMs >= sinceMs),
    );
    return limit === undefined ? found : found.slice(-limit);
  }

  clients(): string[] {
    return [...new Set(this.#entries.map((e) => e.clientId).filter((id): id is string => id !== null))].sort();
  }

  /** Forgets one client's requests, or all of them. */
  async reset(clientId?: string): Promise<number> {
    const before = this.#entries.length;
    this.#entries = clientId === undefined ? [] : this.#entries.filter((e) => e.clientId !== clientId);
    await this.#rewrite();
    return before - this.#entries.length;
  }

  async close(): Promise<void> {
    await this.#closeStream();
  }

  async #rewrite(): Promise<void> {
    if (!this.file) return;
    await this.#closeStream();
    const temp = `${this.file}.tmp`;
    const written = this.#entries.slice();
    await writeFile(temp, written.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await rename(temp, this.file);
    this.#out = createWriteStream(this.file, { flags: 'a' });
    // Entries recorded while the file was being rewritten follow it.
    const lastWritten = written.at(-1)?.seq ?? 0;
    const later = this.#entries.filter((e) => e.seq > lastWritten);
    for (const entry of later) this.#out.write(`${JSON.stringify(entry)}\n`);
    this.#linesInFile = written.length + later.length;
  }

  #closeStream(): Promise<void> {
    const out = this.#out;
    this.#out = null;
    return out ? new Promise((done) => out.end(done)) : Promise.resolve();
  }
}

async function readEntries(file: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  let input;
  try {
    input = createReadStream(file, 'utf8');
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (!line) continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A torn last line from a crash: the entries before it are intact.
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return entries;
}
