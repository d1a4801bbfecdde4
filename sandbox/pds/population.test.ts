import { describe, expect, it, vi } from 'vitest';
import { scenarioPatientList, scenarioPatients } from '../../fixtures/patients';
import { populationPracticeCodes } from '../../fixtures/practices';
import { isSyntheticNhsNumber, nhsNumberFromPrefix } from './nhs-number';
import { PatientRecord } from './patient';
import { Population } from './population';

const seeded = { patients: scenarioPatientList, practiceCodes: populationPracticeCodes };
const everyone = (population: Population) => [...population.keys()].map((nhs) => population.get(nhs)!);

describe('seeded population', () => {
  it('is byte-identical for the same seed, whichever order patients are read in', () => {
    const a = new Population(42, 200, seeded);
    const b = new Population(42, 200, seeded);
    const forward = JSON.stringify(everyone(a));
    const numbers = [...b.keys()].reverse();
    const backward = numbers.map((n) => b.get(n)).reverse();
    expect(JSON.stringify(backward)).toBe(forward);
  });

  it('differs for a different seed', () => {
    expect(JSON.stringify(everyone(new Population(1, 50, seeded)))).not.toBe(JSON.stringify(everyone(new Population(2, 50, seeded))));
  });

  it('has exactly the requested number of generated patients plus the scenario patients', () => {
    const population = new Population(7, 300, seeded);
    expect([...population.generatedNhsNumbers()]).toHaveLength(300);
    expect(population.get(scenarioPatients.newPatient.nhsNumber)).toEqual(scenarioPatients.newPatient);
  });

  it('generates only valid synthetic records with safe contact details', () => {
    for (const patient of everyone(new Population(20240131, 500, seeded))) {
      expect(PatientRecord.parse(patient)).toEqual(patient);
      expect(isSyntheticNhsNumber(patient.nhsNumber)).toBe(true);
      expect(patient.mobile).toMatch(/^\+447700900\d{3}$/);
      expect(patient.email).toMatch(/@example\.(com|org)$/);
    }
  });

  it.each([10, 500_000])('knows its last generated patient and nobody after it (%d patients)', (size) => {
    const population = new Population(7, size, seeded);
    const last = [...population.generatedNhsNumbers()].at(-1)!;
    expect(population.get(last)?.nhsNumber).toBe(last);
    let prefix = Number(last.slice(0, 9)) + 1;
    while (nhsNumberFromPrefix(prefix) === null) prefix++;
    expect(population.get(nhsNumberFromPrefix(prefix)!)).toBeUndefined();
  });

  it('knows nobody outside its range', () => {
    const population = new Population(7, 10, seeded);
    const numbers = [...population.generatedNhsNumbers()];
    expect(population.get('9434765919')).toBeUndefined();
    expect(population.get(String(Number(numbers.at(-1)!.slice(0, 9)) + 50) + '0')).toBeUndefined();
  });

  it('makes with its generator thread the patients it makes alone, and answers every request when the thread stops', async () => {
    const population = new Population(42, 200, seeded, { generatorThread: true });
    const alone = new Population(42, 200, seeded);
    const numbers = [...population.generatedNhsNumbers()];
    // The first request starts the thread; it is used once ready.
    await population.prepare(numbers[0]!);
    await vi.waitFor(() => expect(population.generatorThread.state).toBe('ready'), { timeout: 20_000, interval: 50 });
    await Promise.all(numbers.slice(1, 21).map((nhs) => population.prepare(nhs)));
    expect(population.generatorThread.patientsMade).toBe(20);
    // A batch already sent, and one still collecting, when the thread stops.
    const sent = Promise.all(numbers.slice(21, 41).map((nhs) => population.prepare(nhs)));
    await new Promise((resolve) => setImmediate(resolve));
    const collecting = Promise.all(numbers.slice(41, 61).map((nhs) => population.prepare(nhs)));
    await population.close();
    await Promise.all([sent, collecting]);
    expect(population.generatorThread.state).toBe('stopped');
    expect(numbers.slice(0, 61).map((nhs) => population.get(nhs))).toEqual(numbers.slice(0, 61).map((nhs) => alone.get(nhs)));
  });
});
