import { faker, city, streetAddress } from './patient-faker';
import type { PatientRecord } from './patient';

/** A name as an email address's local part uses it. Module-level: under tsx each closure made per patient has its name defined anew. */
const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * Generated patient `slot` of the population seeded with `seed`: faker seeded with (seed, slot),
 * so the patient depends on nothing else, whichever thread generates it (population.ts, and its
 * generator thread, patient-generator-thread.ts).
 */
export function generatedPatient(seed: number, practiceCodes: readonly string[], nhsNumber: string, slot: number): PatientRecord {
  faker.seed([seed, slot]);
  const sex = faker.helpers.arrayElement(['female', 'male'] as const);
  const given = faker.person.firstName(sex);
  const family = faker.person.lastName();
  return {
    nhsNumber,
    givenNames: [given],
    familyName: family,
    birthDate: faker.date.between({ from: '1930-01-01T00:00:00Z', to: '2007-12-31T00:00:00Z' }).toISOString().slice(0, 10),
    gender: sex,
    address: { lines: [streetAddress(), city()], postcode: faker.location.zipCode() },
    mobile: `+447700900${String(faker.number.int({ min: 0, max: 999 })).padStart(3, '0')}`,
    email: `${ascii(given)}.${ascii(family)}.${slot}@${faker.helpers.arrayElement(['example.com', 'example.org'])}`,
    gpOdsCode: faker.helpers.arrayElement(practiceCodes),
    restricted: false,
    version: 1,
  };
}
