import type { KeyObject } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { Fifo } from '../store/fifo';
import { boundedLines } from '../store/line-reader';
import { canonicalJson } from './bounded-copy';
import { chainAfter, chainOf, GENESIS, JOURNAL_FILE, readJournalFile, type JournalFileRead } from './journal-file';
import type { JournalEntry } from './journal-entry';
import type { Line } from './journal-line';
import { KeptEntry } from './kept-entry';
import type { TestInterfaceAction } from './test-interface-action';

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
 * Checkpointed under signature: every `checkpointEvery` lines, after a journal reset and at
 * shutdown, the sandbox signs {seq, chain} with its own key (RS512 compact JWS) and appends it to
 * `journal.checkpoints.ndjson` beside the journal. A hash chain alone cannot show that a line was
 * deleted and the rest re-chained; a signed checkpoint can, because the line at its seq then has
 * another chain value (or is gone from the end). Start-up checks every checkpoint, prints one loud
 * line when something is wrong, and every report carries the finding (`integrity.problem`) and
 * cannot PASS while it stands (docs/conformance.md, "Trust model").
 *
 * Test-interface actions (test-interface-action.ts) are lines of the same file, on the same seq
 * counter and the same chain, so they are checkpointed with the requests.
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
  /** Signed checkpoints found at start-up that verify with the sandbox's key, and those that do not. */
  checkpoints: { verified: number; invalid: number; lastSeq: number | null };
  /** A signed checkpoint names a chain value the line at its seq no longer has: the journal was re-chained. */
  rechainedAtSeq: number | null;
  /** The journal ends before a signed checkpoint's seq: lines were removed from its end. */
  endsBeforeCheckpointSeq: number | null;
  /** Lines after the last signed checkpoint at start-up: the sandbox stopped without one (a crash), or checkpoints were removed. */
  uncheckpointedLines: number;
  /** What is wrong, in one sentence; null when nothing is. */
  problem: string | null;
}

/** What signs and checks the journal's checkpoints: the sandbox's own key. */
export interface CheckpointSigner {
  sign(payload: object): Promise<string>;
  verify(jws: string): Record<string, unknown> | null;
}
export const checkpointSigner = (
  sign: (payload: object) => Promise<string>,
  verify: (jws: string, key: KeyObject) => Record<string, unknown> | null,
  key: KeyObject,
): CheckpointSigner => ({ sign, verify: (jws) => verify(jws, key) });

const CHECKPOINTS = 'journal.checkpoints.ndjson';

/**
 * A new line serialised once (issue #31): its canonical JSON is both what the chain hashes and,
 * with the chain added at the end, the line written. Read back, its canonical JSON is the same.
 */
function chainedLine<T extends Omit<Line, 'chain'>>(previous: string, unchained: T): { line: T & { chain: string }; text: string } {
  const canonical = canonicalJson(unchained);
  const chain = chainAfter(previous, canonical);
  return { line: { ...unchained, chain }, text: `${canonical.slice(0, -1)},"chain":${JSON.stringify(chain)}}\n` };
}

export class RequestJournal {
  #entries = new Fifo<KeptEntry>();
  #actions = new Fifo<TestInterfaceAction>();
  #bytes = 0;
  #seq = 0;
  #tick = 0;
  #head = GENESIS;
  #linesInFile = 0;
  #sinceCheckpoint = 0;
  #out: WriteStream | null = null;
  #checkpointsOut: WriteStream | null = null;
  #integrity: JournalIntegrity = {
    skippedLines: 0,
    chainBrokenAtSeq: null,
    checkpoints: { verified: 0, invalid: 0, lastSeq: null },
    rechainedAtSeq: null,
    endsBeforeCheckpointSeq: null,
    uncheckpointedLines: 0,
    problem: null,
  };

  private constructor(
    private readonly file: string | null,
    private readonly limits: { maxEntries: number; maxBytes: number; signer?: CheckpointSigner; checkpointEvery?: number },
  ) {}

  static async open(options: {
    dir: string | null;
    maxEntries: number;
    maxBytes: number;
    /** Signs checkpoints of the journal's chain (the sandbox's key); without it the journal is only hash-chained. */
    signer?: CheckpointSigner;
    /** Lines between signed checkpoints (default 100). */
    checkpointEvery?: number;
    /** The read of the folder's journal, when the caller began it earlier (journal-file.ts, readJournal). */
    read?: Promise<JournalFileRead>;
  }): Promise<RequestJournal> {
    const journal = new RequestJournal(options.dir ? path.join(options.dir, JOURNAL_FILE) : null, options);
    if (journal.file) {
      await mkdir(path.dirname(journal.file), { recursive: true });
      const checkpointsFile = path.join(path.dirname(journal.file), CHECKPOINTS);
      const hadJournal = existsSync(journal.file);
      const read = await (options.read ?? readJournalFile(journal.file));
      const seqChains = journal.#load(journal.file, read);
      const { appendable } = read;
      if (options.signer) await journal.#checkCheckpoints(checkpointsFile, seqChains, hadJournal, options.signer);
      // Appended to as it is when every line is intact and finished and the file within what a
      // running journal lets it grow to: rewriting a 32 MB journal at every start cost about a fifth
      // of its start-up (issue #31). Else rewritten now with the kept entries only.
      if (appendable && !journal.#overgrown()) journal.#openForAppend();
      else await journal.#rewrite();
      if (options.signer) {
        journal.#checkpointsOut = createWriteStream(checkpointsFile, { flags: 'a' });
        journal.#checkpointsOut.on('error', (error) => console.error(`[journal] cannot append to ${checkpointsFile}: ${error.message}`));
        journal.#checkpoint('open');
      }
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
    const { line: entry, text } = chainedLine(this.#head, { seq: ++this.#seq, ...fields });
    this.#head = entry.chain;
    const bytes = Buffer.byteLength(text);
    this.#keep(KeptEntry.of(entry, bytes));
    this.#append(text, entry.seq, bytes);
    return entry;
  }

  /** A change made through the test interface (test-interface-action.ts), on the same counter and chain as the requests. */
  recordAction(fields: Omit<TestInterfaceAction, 'kind' | 'seq' | 'chain' | 'order'>): TestInterfaceAction {
    const { line: action, text } = chainedLine(this.#head, {
      kind: 'test-interface' as const,
      seq: ++this.#seq,
      order: this.tick(),
      ...fields,
    });
    this.#head = action.chain;
    this.#keepAction(action);
    this.#append(text, action.seq);
    return action;
  }

  /** Test-interface actions, oldest first (real time since `sinceMs`). */
  actions({ sinceMs }: { sinceMs?: number } = {}): TestInterfaceAction[] {
    return this.#actions.toArray().filter((a) => sinceMs === undefined || a.atMs >= sinceMs);
  }

  /** The chain's head: the last line's chain value. */
  get head(): { seq: number; chain: string } {
    return { seq: this.#seq, chain: this.#head };
  }

  #append(line: string, seq: number, bytes = Buffer.byteLength(line)): void {
    if (!this.#out) {
      this.#heldDuringRewrite?.push({ seq, line });
      return;
    }
    if (this.#unwritten.push(line) === 1) setImmediate(() => this.#writeUnwritten());
    this.#linesInFile++;
    if (this.#overgrown()) void this.#rewrite();
    else this.#fileBytes += bytes;
    if (++this.#sinceCheckpoint >= (this.limits.checkpointEvery ?? 100)) this.#checkpoint('interval');
  }

  /**
   * Lines recorded since the last write, written together once per turn of the event loop: one
   * write per line cost more than the line itself under load (issue #31). They are written
   * before any checkpoint that covers them and before the file is closed.
   */
  #unwritten: string[] = [];

  /**
   * Lines recorded while a rewrite has the file closed: written after it, each one, whether or not
   * the journal still keeps it by then. Taken again from the entries kept, a line recorded during a
   * slow rewrite and dropped from memory before it ended was missing from the file, whose chain
   * then broke there at the next start (seen under load: a journal of 5 entries, 6 recorded during
   * one rewrite).
   */
  #heldDuringRewrite: { seq: number; line: string }[] | null = null;

  #writeUnwritten(): void {
    if (this.#unwritten.length === 0) return;
    this.#out?.write(this.#unwritten.join(''));
    this.#unwritten = [];
  }

  /** Checkpoints signed and written so far: each is written after the one taken before it, whichever signature is ready first. */
  #checkpointsWritten: Promise<void> = Promise.resolve();

  /** Signs the chain's head as it is now and appends it beside the journal once signed. */
  #checkpoint(reason: 'open' | 'interval' | 'reset' | 'shutdown'): void {
    const out = this.#checkpointsOut;
    if (!out || !this.limits.signer) return;
    this.#writeUnwritten();
    this.#sinceCheckpoint = 0;
    const signed = this.limits.signer.sign({
      typ: 'journal-checkpoint',
      seq: this.#seq,
      chain: this.#head,
      at: new Date().toISOString(),
      reason,
    });
    this.#checkpointsWritten = Promise.allSettled([this.#checkpointsWritten, signed]).then(([, jws]) => {
      if (jws.status === 'fulfilled') out.write(`${jws.value}\n`);
      else console.error(`[journal] cannot sign a checkpoint: ${(jws.reason as Error).message}`);
    });
  }

  /** Oldest first. */
  query({ clientId, unattributed, sinceMs, limit }: JournalQuery = {}): JournalEntry[] {
    const found = this.#entries
      .toArray()
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
    return [
      ...new Set(
        this.#entries
          .toArray()
          .map(({ entry }) => entry.clientId)
          .filter((id): id is string => id !== null),
      ),
    ].sort();
  }

  /**
   * Forgets one client's requests, or all of them. The lines kept are re-chained (a removed line
   * would otherwise look like an edit) and a signed `reset` checkpoint supersedes the earlier ones;
   * the reset itself is a test-interface action, journalled with its caller.
   */
  async reset(clientId?: string): Promise<number> {
    const before = this.#entries.length;
    const kept = clientId === undefined ? [] : this.#entries.toArray().filter(({ entry }) => entry.clientId !== clientId);
    this.#entries = new Fifo(kept);
    this.#bytes = kept.reduce((sum, { bytes }) => sum + bytes, 0);
    let head = GENESIS;
    for (const line of this.#lines()) {
      const { chain, ...unchained } = line;
      void chain;
      line.chain = chainOf(head, unchained);
      head = line.chain;
    }
    this.#head = head;
    await this.#rewrite();
    this.#checkpoint('reset');
    // The earlier checkpoints no longer describe the file: the one that supersedes them is written before the reset is done.
    await this.#checkpointsWritten;
    return before - this.#entries.length;
  }

  async close(): Promise<void> {
    // A rewrite under way writes the lines recorded meanwhile once it has swapped the file in.
    await this.#rewriting.catch(() => undefined);
    this.#checkpoint('shutdown');
    const checkpoints = this.#checkpointsOut;
    this.#checkpointsOut = null;
    await this.#checkpointsWritten;
    if (checkpoints) await new Promise((done) => checkpoints.end(done));
    await this.#closeStream();
  }

  /** Requests and actions in seq order. */
  #lines(): Line[] {
    return this.#keptLines().map((line) => (line instanceof KeptEntry ? line.entry : line));
  }

  /** Requests as kept (perhaps unparsed, kept-entry.ts) and actions, in seq order. */
  #keptLines(): (KeptEntry | TestInterfaceAction)[] {
    return [...this.#entries.toArray(), ...this.#actions].sort((a, b) => a.seq - b.seq);
  }

  #keepAction(action: TestInterfaceAction): void {
    this.#actions.push(action);
    if (this.#actions.length > this.limits.maxEntries) this.#actions.shift();
  }

  #fileBytes = 0;

  #keep(kept: KeptEntry): void {
    this.#entries.push(kept);
    this.#bytes += kept.bytes;
    while (this.#entries.length > this.limits.maxEntries || (this.#bytes > this.limits.maxBytes && this.#entries.length > 1)) {
      this.#bytes -= this.#entries.shift()!.bytes;
    }
  }

  /** The file holds more than the journal keeps by twice: rewritten with the kept entries only. */
  #overgrown(): boolean {
    return this.#linesInFile > 2 * this.limits.maxEntries || this.#fileBytes > 2 * this.limits.maxBytes;
  }

  /** Keeps the lines read (journal-file.ts) and carries on from the last; returns each line's chain by seq, for the checkpoints. */
  #load(file: string, read: JournalFileRead): Map<number, string> {
    const lines = read.lines;
    const chains = lines.chains.split('\n');
    const seqChains = new Map<number, string>();
    for (let i = 0; i < lines.count; i++) {
      const bytes = lines.bytes[i]!;
      this.#linesInFile++;
      this.#fileBytes += bytes;
      const parsed = lines.parsed.get(i);
      seqChains.set(lines.seq[i]!, parsed?.chain ?? chains[i]!);
      if (parsed === undefined) {
        const text = new Uint8Array(lines.blocks[lines.block[i]!]!, lines.start[i], lines.end[i]! - lines.start[i]!);
        this.#keep(KeptEntry.unparsed(text, { seq: lines.seq[i]!, answered: lines.answered[i]! }, bytes, file));
      } else if ('kind' in parsed && parsed.kind === 'test-interface') this.#keepAction(parsed);
      else this.#keep(KeptEntry.of(parsed as JournalEntry, bytes));
    }
    this.#integrity.skippedLines = read.skippedLines;
    this.#integrity.chainBrokenAtSeq = read.chainBrokenAtSeq;
    this.#seq = read.last?.seq ?? 0;
    // A loop, not Math.max(...all): a million-entry journal would overflow the argument list.
    for (const { answered } of this.#entries) this.#tick = Math.max(this.#tick, answered);
    for (const action of this.#actions) this.#tick = Math.max(this.#tick, action.order ?? 0);
    this.#head = read.last?.chain ?? GENESIS;
    if (this.#integrity.skippedLines > 0) {
      console.error(`[journal] ${file}: skipped ${this.#integrity.skippedLines} damaged or over-long line(s); every intact entry was kept`);
    }
    return seqChains;
  }

  /** Checks the signed checkpoints against the lines read; says loudly, once, what is wrong. */
  async #checkCheckpoints(file: string, seqChains: Map<number, string>, hadJournal: boolean, signer: CheckpointSigner): Promise<void> {
    const integrity = this.#integrity;
    const checkpoints: { seq: number; chain: string; reason: unknown }[] = [];
    if (existsSync(file)) {
      for await (const { text } of boundedLines(file, 16 * 1024)) {
        const payload = text === null ? null : signer.verify(text.trim());
        if (payload && payload.typ === 'journal-checkpoint' && typeof payload.seq === 'number' && typeof payload.chain === 'string')
          checkpoints.push({ seq: payload.seq, chain: payload.chain, reason: payload.reason });
        else if (text?.trim()) integrity.checkpoints.invalid++;
      }
    }
    // A reset re-chains what it keeps: only the checkpoints from the last reset on describe the file.
    const lastReset = checkpoints.findLastIndex((c) => c.reason === 'reset');
    const current = checkpoints.slice(Math.max(0, lastReset));
    integrity.checkpoints.verified = current.length;
    const lastSeq = this.#seq;
    for (const checkpoint of current) {
      const chain = seqChains.get(checkpoint.seq);
      if (chain !== undefined && chain !== checkpoint.chain && checkpoint.seq > 0)
        integrity.rechainedAtSeq = Math.min(integrity.rechainedAtSeq ?? Infinity, checkpoint.seq);
      if (checkpoint.seq > lastSeq) integrity.endsBeforeCheckpointSeq ??= checkpoint.seq;
    }
    const covered = Math.max(0, ...current.map((c) => c.seq));
    integrity.checkpoints.lastSeq = current.length ? covered : null;
    integrity.uncheckpointedLines = hadJournal ? [...seqChains.keys()].filter((seq) => seq > covered).length : 0;
    integrity.problem =
      integrity.rechainedAtSeq !== null
        ? `the journal was rewritten: line #${integrity.rechainedAtSeq} no longer has the chain value the sandbox signed for it (lines removed or edited, the chain recomputed)`
        : integrity.endsBeforeCheckpointSeq !== null
          ? `the journal ends at #${lastSeq}, before line #${integrity.endsBeforeCheckpointSeq} that a signed checkpoint covers: lines were removed from its end`
          : integrity.chainBrokenAtSeq !== null
            ? `the journal was edited: the chain breaks at #${integrity.chainBrokenAtSeq}`
            : integrity.checkpoints.invalid > 0
              ? `${integrity.checkpoints.invalid} checkpoint(s) do not verify with this sandbox's key`
              : integrity.uncheckpointedLines > 0
                ? `${integrity.uncheckpointedLines} journal line(s) after the last signed checkpoint: the sandbox stopped without signing one (a crash) or checkpoints were removed`
                : null;
    if (integrity.problem)
      console.error(`[journal] NOT TRUSTWORTHY: ${file.replace(CHECKPOINTS, JOURNAL_FILE)}: ${integrity.problem}; every report says so`);
  }

  /** The rewrite under way (or the last one): rewrites run one at a time, and closing waits for them. */
  #rewriting: Promise<void> = Promise.resolve();

  /** Writes the kept entries to a new file, one line at a time, and swaps it in, after any rewrite under way. */
  #rewrite(): Promise<void> {
    const rewrite = this.#rewriting.catch(() => undefined).then(() => this.#rewriteFile());
    this.#rewriting = rewrite;
    return rewrite;
  }

  async #rewriteFile(): Promise<void> {
    if (!this.file) return;
    this.#heldDuringRewrite = [];
    try {
      await this.#closeStream();
      const temp = `${this.file}.tmp`;
      const written = this.#keptLines();
      const out = createWriteStream(temp);
      // The file's size is counted from the lines as they are written: serialising every kept line a
      // second time to count it added about 0.13 s to each rewrite of 20 000 lines, a pause in the
      // middle of a load (issue #31).
      let bytes = 0;
      for (const kept of written) {
        const line = `${textOf(kept)}\n`;
        bytes += Buffer.byteLength(line);
        if (!out.write(line)) await new Promise<void>((resume) => out.once('drain', () => resume()));
      }
      await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
      await rename(temp, this.file);
      const appending = this.#openForAppend();
      // Lines recorded while the file was being rewritten follow it; those recorded before its lines were taken are in it.
      const lastWritten = written.at(-1)?.seq ?? 0;
      const later = this.#heldDuringRewrite.filter(({ seq }) => seq > lastWritten);
      for (const { line } of later) {
        bytes += Buffer.byteLength(line);
        appending.write(line);
      }
      this.#linesInFile = written.length + later.length;
      this.#fileBytes = bytes;
    } finally {
      this.#heldDuringRewrite = null;
    }
  }

  #openForAppend(): WriteStream {
    const out = createWriteStream(this.file!, { flags: 'a' });
    out.on('error', (error) => console.error(`[journal] cannot append to ${this.file}: ${error.message}`));
    return (this.#out = out);
  }

  #closeStream(): Promise<void> {
    this.#writeUnwritten();
    const out = this.#out;
    this.#out = null;
    return out ? new Promise((done) => out.end(done)) : Promise.resolve();
  }
}

/** A line as the file holds it, newline aside: an entry kept unparsed is written as it was read, unparsed. */
const textOf = (line: KeptEntry | TestInterfaceAction): string => (line instanceof KeptEntry ? line.text : JSON.stringify(line));
