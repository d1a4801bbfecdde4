import { hash } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { canonicalJson } from './bounded-copy';
import { parseLine, type Line } from './journal-line';
import { boundedLineBytes } from '../store/line-reader';

/**
 * The journal's file read and its hash chain checked, as the journal opens (request-journal.ts
 * says what the chain and its checkpoints are). A pure read: it returns what it found, and runs in
 * this thread or, in the built package, on a worker thread of its own (journal-read-worker.ts,
 * begun by serve.ts before the sandbox's modules load), so that a day's journal (31 000 lines,
 * 39 MB: about 0.35 s of CPU to read and hash) is read beside everything else a restart does
 * rather than before the sandbox answers (issue #31).
 */
export interface JournalFileRead {
  /** Every intact line, in the file's order. */
  lines: ReadLine[];
  /** Lines skipped because they were damaged or over-long. */
  skippedLines: number;
  /** The first line whose chain does not follow from the one before. */
  chainBrokenAtSeq: number | null;
  /** Every line intact and the last one finished: the file can be appended to as it is. */
  appendable: boolean;
  /** Each line's chain value by seq, for the checkpoints. */
  seqChains: Map<number, string>;
  /** The last intact line's seq and chain: the chain's head. */
  last: { seq: number; chain: string } | null;
}

/**
 * A line whose chain held on its bytes is kept as those bytes (parsed at its first use,
 * kept-entry.ts), with what the journal needs of it now; any other line intact is parsed.
 * `bytes`: its bytes in the file, newline included.
 */
export type ReadLine =
  { kind: 'unparsed'; text: Uint8Array; seq: number; answered: number; bytes: number } | { kind: 'parsed'; line: Line; bytes: number };

/** A line longer than this cannot be an entry this journal wrote: skipped unread. */
const MAX_LINE_BYTES = 256 * 1024;
export const GENESIS = 'sha256:genesis';

/** The chain value after `previous` of a line whose canonical JSON (without its chain) is `canonical`. */
export const chainAfter = (previous: string, canonical: string): string => `sha256:${hash('sha256', `${previous}\n${canonical}`, 'hex')}`;
export const chainOf = (previous: string, entry: Omit<Line, 'chain'>): string => chainAfter(previous, canonicalJson(entry));

/**
 * Whether a line read back carries the chain value that follows `previous`. A line as chainedLine
 * writes it is its canonical JSON with the chain added at the end, so that JSON is the line less
 * its ending, hashed as it is read; only a line written otherwise (a rewrite of entries recorded in
 * memory) is made canonical first. Serialising every line anew cost a fifth of a 32 MB journal's
 * start-up (issue #31).
 */
function chainFollows(previous: string, line: string, unchained: Omit<Line, 'chain'>, chain: string): boolean {
  return chainHoldsOnText(previous, line, chain) || chainOf(previous, unchained) === chain;
}

/** Whether the line is its canonical JSON with `chain` added at the end, `chain` following `previous`. */
function chainHoldsOnText(previous: string, line: string, chain: string): boolean {
  const ending = `,"chain":${JSON.stringify(chain)}}`;
  return line.endsWith(ending) && chainAfter(previous, `${line.slice(0, -ending.length)}}`) === chain;
}

/** The end of an entry's line as chainedLine writes it: seq, the last of an entry's keys in order, then the chain. */
const ENTRY_END = /,"seq":(0|[1-9]\d{0,15}),"chain":"(sha256:[0-9a-f]{64})"\}$/y;
/** The longest end ENTRY_END matches, in bytes: `,"seq":` and 16 digits, then `,"chain":"sha256:`, 64 hex digits and `"}`. */
const ENTRY_END_MAX_BYTES = 7 + 16 + 17 + 64 + 2;
/** From `,"chain":` to the end of an entry's line (the chain written after the canonical JSON). */
const CHAIN_END_BYTES = 9 + 1 + 71 + 2;
/**
 * An entry's order, the first object in its line with an "answered" key first: the keys before
 * "order" in canonical order hold only values the sandbox makes (identity, issuedToken), never an
 * object so keyed, and no string holds the pattern's unescaped quotes.
 */
const ORDER = Buffer.from('"order":{"answered":');
const ANSWERED = /^(0|[1-9]\d{0,15}),/;
/** The longest text ANSWERED reads after ORDER, in bytes. */
const ANSWERED_MAX_BYTES = 17;

type ChainedEntryLine = { seq: number; chain: string; answered: number };

/**
 * The seq, chain and answer's order of a request's line whose chain follows `previous`, read from
 * its bytes as chainedLine wrote them (the entry is parsed at its first use, kept-entry.ts); null
 * for any other line, which start-up decodes and parses. The chain is hashed over the line's bytes
 * as read, not over its text decoded and sliced: a day's 31 000 lines (39 MB) cost about 0.2 s of
 * CPU less so, most of it the collection of those strings (issue #31). A line whose bytes are not
 * the UTF-8 its text hashes to (it was written otherwise) fails here and is checked on its text.
 */
function chainedEntryLine(previous: string, line: Buffer, scratch: HashInput): ChainedEntryLine | null {
  // Latin-1, one character a byte: the end ENTRY_END reads is ASCII, and its offsets are the line's.
  const tailStart = Math.max(0, line.length - ENTRY_END_MAX_BYTES);
  const tail = line.toString('latin1', tailStart);
  const seqAt = tail.lastIndexOf(',"seq":');
  if (seqAt === -1) return null;
  ENTRY_END.lastIndex = seqAt;
  const end = ENTRY_END.exec(tail);
  if (!end) return null;
  const answered = answeredOf(line);
  if (answered === null) return null;
  // The canonical JSON the chain hashes: the line less its chain, closed again.
  const canonicalEnd = line.length - CHAIN_END_BYTES;
  const input = scratch.of(previous, line.subarray(0, canonicalEnd), CLOSE);
  const chain = end[2]!;
  if (`sha256:${hash('sha256', input, 'hex')}` !== chain) return null;
  return { seq: Number(end[1]), chain, answered: Number(answered) };
}

const CLOSE = Buffer.from('}');

/** The digits of the line's first `"order":{"answered":N,`, as text; null when it has none. */
function answeredOf(line: Buffer): string | null {
  for (let at = line.indexOf(ORDER); at !== -1; at = line.indexOf(ORDER, at + 1)) {
    const from = at + ORDER.length;
    const digits = ANSWERED.exec(line.toString('latin1', from, Math.min(line.length, from + ANSWERED_MAX_BYTES)));
    if (digits) return digits[1]!;
  }
  return null;
}

/**
 * What chainAfter hashes, `${previous}\n${canonical}`, built as bytes in one buffer reused from line
 * to line: one copy of the line's bytes, where the text took three strings a line.
 */
class HashInput {
  #buffer = Buffer.allocUnsafe(64 * 1024);

  of(previous: string, body: Buffer, close: Buffer): Buffer {
    const length = Buffer.byteLength(previous) + 1 + body.length + close.length;
    if (length > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(length);
    let at = this.#buffer.write(previous);
    at = this.#buffer.writeUInt8(10, at);
    at += body.copy(this.#buffer, at);
    at += close.copy(this.#buffer, at);
    return this.#buffer.subarray(0, at);
  }
}

/** The journal's file in the data folder. */
export const JOURNAL_FILE = 'journal.ndjson';

/** What the worker answers (journal-read-worker.ts). */
export type WorkerAnswer = { read: JournalFileRead } | { error: string };

/**
 * Reads the journal in the data folder `dir`: on a worker thread when the sandbox runs built (the
 * bundle holds journal-read-worker.js beside this module, scripts/bundle.ts), in this thread when
 * it runs from source (tsx, Vitest), where a worker would have to compile TypeScript again.
 */
export function readJournal(dir: string): Promise<JournalFileRead> {
  const file = path.join(dir, JOURNAL_FILE);
  if (!import.meta.url.endsWith('.js')) return readJournalFile(file);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./journal-read-worker.js', import.meta.url), { workerData: file });
    worker.once('message', (answer: WorkerAnswer) => ('read' in answer ? resolve(answer.read) : reject(new Error(answer.error))));
    worker.once('error', reject);
    // Once it has answered, this changes nothing.
    worker.once('exit', (code) => reject(new Error(`the journal's reader stopped (exit code ${code}) before it read ${file}`)));
  });
}

/**
 * Reads the journal's file (none: no lines). Throws on a line of intact JSON that is no journal
 * line: a file of another kind, refused (issue #28).
 */
export async function readJournalFile(file: string): Promise<JournalFileRead> {
  const read: JournalFileRead = { lines: [], skippedLines: 0, chainBrokenAtSeq: null, appendable: true, seqChains: new Map(), last: null };
  const scratch = new HashInput();
  const copies = new LineCopies();
  let previous: { seq: number; chain: string } | null = null;
  let lineNumber = 0;
  for await (const { bytes: lineBytes, terminated } of boundedLineBytes(file, MAX_LINE_BYTES)) {
    lineNumber++;
    if (!terminated) read.appendable = false;
    const chained: ChainedEntryLine | null =
      lineBytes !== null && previous !== null ? chainedEntryLine(previous.chain, lineBytes, scratch) : null;
    if (chained) {
      read.seqChains.set(chained.seq, chained.chain);
      read.lines.push({
        kind: 'unparsed',
        text: copies.of(lineBytes!),
        seq: chained.seq,
        answered: chained.answered,
        bytes: lineBytes!.length + 1,
      });
      previous = chained;
      continue;
    }
    const line = lineBytes?.toString('utf8') ?? null;
    const parsed = line === null ? null : parseLine(line);
    if (parsed === 'wrong-shape')
      throw new Error(
        `${file} line ${lineNumber} is not a journal entry (intact JSON of another shape): move the file aside to start afresh`,
      );
    if (!parsed) {
      read.skippedLines++;
      read.appendable = false;
      continue;
    }
    const { chain, ...unchained } = parsed;
    if (read.chainBrokenAtSeq === null && previous !== null && !chainFollows(previous.chain, line!, unchained, chain))
      read.chainBrokenAtSeq = parsed.seq;
    read.seqChains.set(parsed.seq, chain);
    read.lines.push({ kind: 'parsed', line: parsed, bytes: Buffer.byteLength(line!) + 1 });
    previous = parsed;
  }
  read.last = previous && { seq: previous.seq, chain: previous.chain };
  return read;
}

/**
 * Copies of lines out of the reader's buffer, packed into large blocks: a buffer of its own for
 * each of 31 000 lines cost more than hashing them. The blocks are what a worker hands over,
 * without copying them again (journal-read-worker.ts).
 */
class LineCopies {
  static readonly BLOCK_BYTES = 1024 * 1024;
  #block = Buffer.alloc(0);
  #used = 0;

  of(line: Buffer): Uint8Array {
    if (this.#used + line.length > this.#block.length) {
      // Not from Buffer's shared pool, and not zero-filled: each block is a memory of its own, moved whole to the thread that keeps it.
      this.#block = Buffer.allocUnsafeSlow(Math.max(LineCopies.BLOCK_BYTES, line.length));
      this.#used = 0;
    }
    const start = this.#used;
    this.#used += line.copy(this.#block, start);
    return this.#block.subarray(start, this.#used);
  }
}
