import type { Store } from '../store/store';
import { SeededOverlay } from '../store/seeded-overlay';
import type { PatientRecord } from './patient';
import { type Population } from './population';

/**
 * The fake Personal Demographics Service: the seeded population plus run-time changes.
 * `trace` answers what an identity check needs to know about an NHS number.
 */
export type PdsTrace =
  | { kind: 'found'; patient: PatientRecord }
  /** The number was merged into another record; PDS answers with the surviving record. */
  | { kind: 'superseded'; requested: PatientRecord; current: PatientRecord }
  | { kind: 'not-found' };

export class Pds {
  readonly records: SeededOverlay<PatientRecord>;

  constructor(
    store: Store,
    readonly population: Population,
  ) {
    this.records = new SeededOverlay(population, store.collection<PatientRecord>('pdsPatients'));
  }

  get(nhsNumber: string): PatientRecord | undefined {
    return this.records.get(nhsNumber);
  }

  /** Makes `nhsNumber`'s record ready to read without generating it on this thread (Population.prepare). */
  prepare(nhsNumber: string): Promise<void> {
    return this.records.changes.has(nhsNumber) ? Promise.resolve() : this.population.prepare(nhsNumber);
  }

  trace(nhsNumber: string): PdsTrace {
    const patient = this.records.get(nhsNumber);
    if (!patient) return { kind: 'not-found' };
    let current = patient;
    // Follow merge chains (bounded, in case an admin edit made a loop).
    for (let hops = 0; current.supersededBy && hops < 10; hops++) {
      const next = this.records.get(current.supersededBy);
      if (!next) break;
      current = next;
    }
    return current === patient ? { kind: 'found', patient } : { kind: 'superseded', requested: patient, current };
  }

  /** Name or NHS-number search for the console; stops after `limit` matches. */
  search(query: string, limit = 50): PatientRecord[] {
    const q = query.trim().toLowerCase();
    const matches: PatientRecord[] = [];
    if (q === '') return matches;
    for (const patient of this.records.values()) {
      const name = `${patient.givenNames.join(' ')} ${patient.familyName}`.toLowerCase();
      if (patient.nhsNumber.startsWith(q.replace(/\s/g, '')) || name.includes(q)) matches.push(patient);
      if (matches.length >= limit) break;
    }
    return matches;
  }
}
