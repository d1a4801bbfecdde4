import { hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { canonicalJson } from './bounded-copy';
import { parseLine, type Line } from './journal-line';
import { boundedLineBytes, LineCopies } from '../store/line-reader';

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
  lines: ReadLines;
  /** Lines skipped because they were damaged or over-long. */
  skippedLines: number;
  /** The first line whose chain does not follow from the one before. */
  chainBrokenAtSeq: number | null;
  /** Every line intact and the last one finished: the file can be appended to as it is. */
  appendable: boolean;
  /** The last intact line's seq and chain: the chain's head. */
  last: { seq: number; chain: string } | null;
}

/**
 * The lines read, column by column, line i at place i of each: a worker hands over a few arrays
 * where an object a line cost the main thread about 50 ms to receive for a day's 31 000 lines.
 * A line whose chain held on its bytes is kept as those bytes (parsed at its first use,
 * kept-entry.ts); any other intact line is parsed now (`parsed`).
 */
export interface ReadLines {
  count: number;
  seq: Float64Array;
  /** Its bytes in the file, newline included. */
  bytes: Float64Array;
  /** A line kept as bytes: its chain value, one a line (a parsed line's is in `parsed`), for the checkpoints. */
  chains: string;
  /** A line kept as bytes: `order.answered`, and its bytes, [start, end) of blocks[block]; block -1 for a parsed line. */
  answered: Float64Array;
  block: Int32Array;
  start: Uint32Array;
  end: Uint32Array;
  blocks: ArrayBuffer[];
  /** The lines parsed, by their place. */
  parsed: Map<number, Line>;
}

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
  const input = scratch.of(previous, line, canonicalEnd);
  const chain = end[2]!;
  if (`sha256:${hash('sha256', input, 'hex')}` !== chain) return null;
  return { seq: Number(end[1]), chain, answered: Number(answered) };
}

const NEWLINE = 0x0a;
const CLOSE = 0x7d; // }

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

  /** `previous`, a newline, the line's first `end` bytes and `}`. */
  of(previous: string, line: Buffer, end: number): Buffer {
    const length = Buffer.byteLength(previous) + 1 + end + 1;
    if (length > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(length);
    let at = this.#buffer.write(previous);
    this.#buffer[at++] = NEWLINE;
    at += line.copy(this.#buffer, at, 0, end);
    this.#buffer[at++] = CLOSE;
    return this.#buffer.subarray(0, at);
  }
}

/** The journal's file in the data folder. */
export const JOURNAL_FILE = 'journal.ndjson';

/**
 * A journal smaller than this is read in this thread: a worker costs 40-60 ms of CPU to start,
 * what reading 4 MB of journal costs here, and most sandboxes a test starts have a journal of a few
 * lines.
 */
export const WORKER_FROM_BYTES = 4 * 1024 * 1024;

/** What the worker answers (journal-read-worker.ts). */
export type WorkerAnswer = { read: JournalFileRead } | { error: string };

/**
 * Reads the journal in the data folder `dir`: on a worker thread when the sandbox runs built and the
 * journal is large (the
 * bundle holds journal-read-worker.js beside this module, scripts/bundle.ts), else in this thread:
 * from source (tsx, Vitest) a worker would have to compile TypeScript again.
 */
export async function readJournal(dir: string): Promise<JournalFileRead> {
  const file = path.join(dir, JOURNAL_FILE);
  // Asked, not stat'd synchronously: a folder it cannot read is a rejection, reported where the journal awaits the read.
  const size = await stat(file).then(
    (found) => found.size,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return 0;
      throw error;
    },
  );
  if (!import.meta.url.endsWith('.js') || size < WORKER_FROM_BYTES) return readJournalFile(file);
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
  const scratch = new HashInput();
  const copies = new LineCopies();
  const columns = {
    seq: [] as number[],
    bytes: [] as number[],
    chains: [] as string[],
    answered: [] as number[],
    block: [] as number[],
    start: [] as number[],
    end: [] as number[],
  };
  const parsedLines = new Map<number, Line>();
  let skippedLines = 0;
  let chainBrokenAtSeq: number | null = null;
  let appendable = true;
  let previous: { seq: number; chain: string } | null = null;
  let lineNumber = 0;
  for await (const { bytes: lineBytes, terminated } of boundedLineBytes(file, MAX_LINE_BYTES)) {
    lineNumber++;
    if (!terminated) appendable = false;
    const chained: ChainedEntryLine | null =
      lineBytes !== null && previous !== null ? chainedEntryLine(previous.chain, lineBytes, scratch) : null;
    if (chained) {
      const start = copies.append(lineBytes!);
      columns.seq.push(chained.seq);
      columns.bytes.push(lineBytes!.length + 1);
      columns.chains.push(chained.chain);
      columns.answered.push(chained.answered);
      columns.block.push(copies.blocks.length - 1);
      columns.start.push(start);
      columns.end.push(start + lineBytes!.length);
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
      skippedLines++;
      appendable = false;
      continue;
    }
    const { chain, ...unchained } = parsed;
    if (chainBrokenAtSeq === null && previous !== null && !chainFollows(previous.chain, line!, unchained, chain))
      chainBrokenAtSeq = parsed.seq;
    parsedLines.set(columns.seq.length, parsed);
    columns.seq.push(parsed.seq);
    columns.bytes.push(Buffer.byteLength(line!) + 1);
    // Its chain is in `parsed`, whatever text it holds.
    columns.chains.push('');
    columns.answered.push(0);
    columns.block.push(-1);
    columns.start.push(0);
    columns.end.push(0);
    previous = parsed;
  }
  return {
    lines: {
      count: columns.seq.length,
      seq: Float64Array.from(columns.seq),
      bytes: Float64Array.from(columns.bytes),
      chains: columns.chains.join('\n'),
      answered: Float64Array.from(columns.answered),
      block: Int32Array.from(columns.block),
      start: Uint32Array.from(columns.start),
      end: Uint32Array.from(columns.end),
      blocks: copies.blocks,
      parsed: parsedLines,
    },
    skippedLines,
    chainBrokenAtSeq,
    appendable,
    last: previous && { seq: previous.seq, chain: previous.chain },
  };
}
