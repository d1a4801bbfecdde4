import * as z from 'zod';
import { isValidNhsNumber } from './nhs-number';

/**
 * A PDS patient record: what identity checks read. Mobile numbers are kept in E.164 here and
 * rendered in national format in FHIR, as real PDS does (so a comparison must normalise).
 */
export const NhsNumber = z.string().refine(isValidNhsNumber, 'must be 10 digits with a valid modulus-11 check digit');
export const E164Mobile = z.string().regex(/^\+[1-9][0-9]{7,14}$/, 'must be E.164, e.g. +447700900123');
export const CalendarDate = z.iso.date('must be a real calendar date, YYYY-MM-DD');

export const PatientRecord = z.object({
  nhsNumber: NhsNumber,
  givenNames: z.array(z.string().min(1).max(35)).min(1).max(5),
  familyName: z.string().min(1).max(35),
  birthDate: CalendarDate,
  gender: z.enum(['male', 'female', 'other', 'unknown']),
  /** Optional, as in PDS: NHS login's published test accounts give a postcode alone, or no address at all. */
  address: z.object({ lines: z.array(z.string().min(1).max(100)).max(5), postcode: z.string().min(2).max(10) }).optional(),
  mobile: E164Mobile.optional(),
  email: z.email().optional(),
  gpOdsCode: z.string().regex(/^[A-Z][0-9]{5}$/),
  deceasedDate: CalendarDate.optional(),
  restricted: z.boolean(),
  /** Set when this number was merged into another record (PDS "superseded"). */
  supersededBy: NhsNumber.optional(),
  version: z.number().int().positive(),
});
export type PatientRecord = z.infer<typeof PatientRecord>;

/** UK E.164 (+447700900123) to the national format PDS stores (07700900123). */
export const toNationalFormat = (e164: string): string => (e164.startsWith('+44') ? `0${e164.slice(3)}` : e164);

/** Any UK phone form (07700 900123, +44 7700 900123, 447700900123) to E.164, for comparisons. */
export function normalisePhone(value: string): string {
  const digits = value.replace(/[\s()-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('0')) return `+44${digits.slice(1)}`;
  if (digits.startsWith('44')) return `+${digits}`;
  return digits;
}
