import { parentPort, workerData } from 'node:worker_threads';
import { generatedPatient } from './generated-patient';
import { READY, type GeneratorBatch, type GeneratorSettings } from './generator-messages';

/**
 * The population's generator thread (patient-generator-thread.ts): each batch of (NHS number,
 * slot) answered with its patients, in order, generated as the main thread would generate them.
 */
const { seed, practiceCodes } = workerData as GeneratorSettings;
parentPort!.on('message', ({ nhsNumbers, slots }: GeneratorBatch) => {
  parentPort!.postMessage(nhsNumbers.map((nhsNumber, i) => generatedPatient(seed, practiceCodes, nhsNumber, slots[i]!)));
});
parentPort!.postMessage(READY);
