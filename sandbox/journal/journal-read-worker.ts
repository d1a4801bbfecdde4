import { parentPort, workerData } from 'node:worker_threads';
import { readJournalFile, type WorkerAnswer } from './journal-file';

/**
 * The journal's file read on a thread of its own (journal-file.ts, readJournal): the lines it
 * keeps are handed over in the blocks they were copied into, moved, not copied again.
 */
const file = workerData as string;
let answer: WorkerAnswer;
let blocks: ArrayBuffer[] = [];
try {
  const read = await readJournalFile(file);
  answer = { read };
  blocks = read.lines.blocks;
} catch (error) {
  answer = { error: (error as Error).message };
}
parentPort!.postMessage(answer, blocks);
