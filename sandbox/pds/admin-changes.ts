import * as z from 'zod';
import { CalendarDate, E164Mobile, NhsNumber, PatientRecord } from './patient';
import type { Pds } from './pds';

/** Test set-up changes to PDS records: add a patient, or change the fields scenarios turn on. */
export const NewPatient = PatientRecord.omit({ version: true }).strict();

export const PatientChange = z
  .object({
    givenNames: PatientRecord.shape.givenNames,
    familyName: PatientRecord.shape.familyName,
    birthDate: CalendarDate,
    mobile: E164Mobile.nullable(),
    email: z.email().nullable(),
    deceasedDate: CalendarDate.nullable(),
    restricted: z.boolean(),
    supersededBy: NhsNumber.nullable(),
    gpOdsCode: PatientRecord.shape.gpOdsCode,
  })
  .partial()
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'give at least one field to change');
export type PatientChange = z.infer<typeof PatientChange>;

export type PdsChangeResult = { ok: true; patient: PatientRecord } | { ok: false; status: 404 | 409; description: string };

export function addPatient(pds: Pds, input: z.infer<typeof NewPatient>): PdsChangeResult {
  if (pds.get(input.nhsNumber))
    return { ok: false, status: 409, description: `a patient with NHS number ${input.nhsNumber} already exists` };
  const patient: PatientRecord = { ...input, version: 1 };
  pds.records.put(patient.nhsNumber, patient);
  return { ok: true, patient };
}

export function changePatient(pds: Pds, nhsNumber: string, change: PatientChange): PdsChangeResult {
  const current = pds.get(nhsNumber);
  if (!current) return { ok: false, status: 404, description: `no patient with NHS number ${nhsNumber}` };
  if (change.supersededBy === nhsNumber) return { ok: false, status: 409, description: 'a record cannot be superseded by itself' };
  if (change.supersededBy && !pds.get(change.supersededBy))
    return { ok: false, status: 409, description: `supersededBy ${change.supersededBy} is not a known patient` };
  const next: Record<string, unknown> = { ...current, version: current.version + 1 };
  for (const [field, value] of Object.entries(change)) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  const patient = next as PatientRecord;
  pds.records.put(nhsNumber, patient);
  return { ok: true, patient };
}
