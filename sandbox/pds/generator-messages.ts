/**
 * What the population's generator thread and the main thread say to each other
 * (patient-generator-thread.ts, patient-generator-worker.ts).
 */

/** What the thread is started with: the population's seed and practices (population.ts). */
export interface GeneratorSettings {
  seed: number;
  practiceCodes: readonly string[];
}

/** One message to the thread: the patients asked for in one turn of the event loop. */
export interface GeneratorBatch {
  nhsNumbers: string[];
  slots: number[];
}

/** The thread's first message: its module is loaded and it takes batches. Each later one answers a batch, in order. */
export const READY = 'ready';
