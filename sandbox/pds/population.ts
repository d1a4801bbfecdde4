import { faker, city, streetAddress } from './patient-faker';
import { nhsNumberFromPrefix } from './nhs-number';
import type { PatientRecord } from './patient';

/**
 * The seeded PDS population: the fixed scenario patients (handed in) plus `size` generated patients.
 *
 * Generated patient k lives at NHS-number prefix 999 100 000 + slot, skipping prefixes whose check
 * digit would be 10. Each patient is generated on demand from (seed, slot) with its own faker seed,
 * so start-up costs nothing per patient, a lookup needs no table, and the same seed gives
 * byte-identical patients on every machine. Generated patients are ordinary and eligible (alive,
 * unrestricted, registered at one of `practiceCodes`); special conditions belong to scenario patients.
 */
const FIRST_PREFIX = 999_100_000;

/** A name as an email address's local part uses it. Module-level: under tsx each closure made per patient has its name defined anew. */
const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

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
  readonly #faker = faker;
  readonly #cache = new Map<string, PatientRecord>();

  constructor(
    readonly seed: number,
    readonly size: number,
    seeded: PopulationSeed,
  ) {
    this.#scenario = new Map(seeded.patients.map((p) => [p.nhsNumber, p]));
    this.#practiceCodes = seeded.practiceCodes;
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
    const slot = Number(nhsNumber.slice(0, 9)) - FIRST_PREFIX;
    // Every slot below `size` is in the population (the slots outnumber the patients), so only a
    // slot past it needs the count of all of them (#slotLimit).
    if (!/^[0-9]{10}$/.test(nhsNumber) || slot < 0 || (slot >= this.size && slot >= this.#slotLimit)) return undefined;
    if (nhsNumberFromPrefix(FIRST_PREFIX + slot) !== nhsNumber) return undefined;
    let patient = this.#cache.get(nhsNumber);
    if (!patient) {
      patient = this.#generate(nhsNumber, slot);
      if (this.#cache.size >= 10_000) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(nhsNumber, patient);
    }
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

  #generate(nhsNumber: string, slot: number): PatientRecord {
    const f = this.#faker;
    f.seed([this.seed, slot]);
    const sex = f.helpers.arrayElement(['female', 'male'] as const);
    const given = f.person.firstName(sex);
    const family = f.person.lastName();
    return {
      nhsNumber,
      givenNames: [given],
      familyName: family,
      birthDate: f.date.between({ from: '1930-01-01T00:00:00Z', to: '2007-12-31T00:00:00Z' }).toISOString().slice(0, 10),
      gender: sex,
      address: { lines: [streetAddress(), city()], postcode: f.location.zipCode() },
      mobile: `+447700900${String(f.number.int({ min: 0, max: 999 })).padStart(3, '0')}`,
      email: `${ascii(given)}.${ascii(family)}.${slot}@${f.helpers.arrayElement(['example.com', 'example.org'])}`,
      gpOdsCode: f.helpers.arrayElement(this.#practiceCodes),
      restricted: false,
      version: 1,
    };
  }
}
