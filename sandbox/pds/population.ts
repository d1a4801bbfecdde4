import { generatedPatient } from './generated-patient';
import { nhsNumberFromPrefix } from './nhs-number';
import type { PatientRecord } from './patient';
import { PatientGeneratorThread, type GeneratorThreadState } from './patient-generator-thread';

/**
 * The seeded PDS population: the fixed scenario patients (handed in) plus `size` generated patients.
 *
 * Generated patient k lives at NHS-number prefix 999 100 000 + slot, skipping prefixes whose check
 * digit would be 10. Each patient is generated on demand from (seed, slot) with its own faker seed
 * (generated-patient.ts), so start-up costs nothing per patient, a lookup needs no table, and the
 * same seed gives byte-identical patients on every machine. Generated patients are ordinary and
 * eligible (alive, unrestricted, registered at one of `practiceCodes`); special conditions belong to
 * scenario patients.
 */
const FIRST_PREFIX = 999_100_000;
/** Generated patients kept once made, the oldest forgotten first. */
const CACHED_PATIENTS = 10_000;

export interface PopulationSeed {
  /** Hand-written patients, one per scenario: found before any generated patient. */
  patients: readonly PatientRecord[];
  /** ODS codes generated patients are registered at. */
  practiceCodes: readonly string[];
}

export class Population {
  readonly #scenario: ReadonlyMap<string, PatientRecord>;
  readonly #practiceCodes: readonly string[];
  #slots: number | null = null;
  readonly #cache = new Map<string, PatientRecord>();
  readonly #thread: PatientGeneratorThread | null;

  constructor(
    readonly seed: number,
    readonly size: number,
    seeded: PopulationSeed,
    /** Generate the patients `prepare` is asked for on a thread of their own (patient-generator-thread.ts). */
    options: { generatorThread?: boolean } = {},
  ) {
    this.#scenario = new Map(seeded.patients.map((p) => [p.nhsNumber, p]));
    this.#practiceCodes = seeded.practiceCodes;
    this.#thread = options.generatorThread ? new PatientGeneratorThread({ seed, practiceCodes: seeded.practiceCodes }) : null;
  }

  /**
   * How many prefixes the `size` generated patients span (some prefixes carry no NHS number).
   * Counted at the first lookup past slot `size`, not at start-up: for 100 000 patients the
   * count is 100 000 check digits, 40-140 ms of CPU here in a process just started (its code not
   * yet optimised), which no request needs to wait for but one for a number past the population's
   * end (issue #31); at 500 000, five times as long.
   */
  get #slotLimit(): number {
    if (this.#slots === null) {
      let found = 0;
      let slot = 0;
      while (found < this.size) if (nhsNumberFromPrefix(FIRST_PREFIX + slot++) !== null) found++;
      this.#slots = slot;
    }
    return this.#slots;
  }

  get(nhsNumber: string): PatientRecord | undefined {
    const scenario = this.#scenario.get(nhsNumber);
    if (scenario) return scenario;
    const slot = this.#slotOf(nhsNumber);
    if (slot === undefined) return undefined;
    return this.#cache.get(nhsNumber) ?? this.#remember(generatedPatient(this.seed, this.#practiceCodes, nhsNumber, slot));
  }

  /**
   * Makes `nhsNumber`'s patient ready for `get` without generating it on this thread, when the
   * population has a generator thread; at once otherwise, or when the patient is not generated
   * or already made. A request awaits it before the synchronous unit that reads the patient.
   */
  async prepare(nhsNumber: string): Promise<void> {
    if (!this.#thread || this.#cache.has(nhsNumber) || this.#scenario.has(nhsNumber)) return;
    const slot = this.#slotOf(nhsNumber);
    if (slot === undefined) return;
    const patient = await this.#thread.generate(nhsNumber, slot);
    if (patient && !this.#cache.has(nhsNumber)) this.#remember(patient);
  }

  /** Where its generator thread is, and how many patients it has made (GET /_health). */
  get generatorThread(): { state: GeneratorThreadState; patientsMade: number } {
    return { state: this.#thread?.state ?? 'none', patientsMade: this.#thread?.made ?? 0 };
  }

  /** Stops the generator thread, if there is one. */
  close(): Promise<void> {
    return this.#thread?.close() ?? Promise.resolve();
  }

  /** The slot of a generated patient's NHS number; undefined for a number no generated patient has. */
  #slotOf(nhsNumber: string): number | undefined {
    const slot = Number(nhsNumber.slice(0, 9)) - FIRST_PREFIX;
    // Every slot below `size` is in the population (the slots outnumber the patients), so only a
    // slot past it needs the count of all of them (#slotLimit).
    if (!/^[0-9]{10}$/.test(nhsNumber) || slot < 0 || (slot >= this.size && slot >= this.#slotLimit)) return undefined;
    return nhsNumberFromPrefix(FIRST_PREFIX + slot) === nhsNumber ? slot : undefined;
  }

  #remember(patient: PatientRecord): PatientRecord {
    if (this.#cache.size >= CACHED_PATIENTS) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(patient.nhsNumber, patient);
    return patient;
  }

  /** NHS numbers of the generated patients, in order. */
  *generatedNhsNumbers(): Generator<string> {
    for (let slot = 0; slot < this.#slotLimit; slot++) {
      const nhs = nhsNumberFromPrefix(FIRST_PREFIX + slot);
      if (nhs) yield nhs;
    }
  }

  *keys(): Generator<string> {
    yield* this.#scenario.keys();
    yield* this.generatedNhsNumbers();
  }
}
