import * as z from 'zod';
import type { OdsCodeRule } from '../config/config';
import { isValidNhsNumber } from '../pds/nhs-number';
import type { PatientRecord } from '../pds/patient';

/**
 * The provision request body (spec: every key mandatory). One schema for server, docs and tests.
 *
 * - ods_code: the spec's text says "a letter followed by 6 numbers" but its example A00002 and
 *   every real GP practice code are a letter and five digits. Both shapes are accepted by default
 *   (letter+5or6): a conformant client may follow either; ODS_CODE_RULE narrows it for a rehearsal.
 * - phone_number: E.164 with country code as the spec asks. Non-UK numbers are accepted as far as
 *   the format goes (E.164, 8-15 digits); the PDS match decides the rest, and UK mobiles must be
 *   +447 followed by 9 digits.
 * - Unknown extra keys are accepted (and reported by the conformance checker).
 */
export const PROVISION_FIELDS = ['nhs_number', 'email_address', 'date_of_birth', 'ods_code', 'phone_number'] as const;

/** Every ODS code shape the specification gives (its text and its example): what the conformance checker holds a client to. */
export const SPECIFIED_ODS_SHAPES: OdsCodeRule = 'letter+5or6';

const ODS_PATTERNS: Record<OdsCodeRule, { pattern: RegExp; words: string }> = {
  'letter+5': { pattern: /^[A-Z][0-9]{5}$/, words: 'a capital letter followed by 5 digits, e.g. A20047' },
  'letter+6': { pattern: /^[A-Z][0-9]{6}$/, words: 'a capital letter followed by 6 digits' },
  'letter+5or6': { pattern: /^[A-Z][0-9]{5,6}$/, words: 'a capital letter followed by 5 or 6 digits' },
};

/** The request a GP system sends for a patient, with every detail exactly as PDS holds it. */
export const requestForPatient = (patient: PatientRecord) => ({
  nhs_number: patient.nhsNumber,
  email_address: patient.email ?? '',
  date_of_birth: patient.birthDate,
  ods_code: patient.gpOdsCode,
  phone_number: patient.mobile ?? '',
});

/**
 * Dot-atom local part and a dotted domain (RFC 5321/5322, without quoted forms); at most 254
 * characters (RFC 5321 §4.5.3.1.3 path limit). Also the Users endpoint's email check, whose
 * spec gives the shape as `a@b.c`: a one-letter top-level label is accepted for that reason.
 */
export const isEmailAddress = (value: string): boolean => value.length <= 254 && EMAIL.test(value);
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{1,63}$/;

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) });

export function provisionRequestSchema(options: { odsCodeRule: OdsCodeRule; today: () => string }) {
  const ods = ODS_PATTERNS[options.odsCodeRule];
  return z.looseObject({
    nhs_number: requiredString('nhs_number').refine(isValidNhsNumber, 'nhs_number must be 10 digits with a valid modulus-11 check digit'),
    email_address: requiredString('email_address')
      .max(254, 'email_address must be at most 254 characters')
      .regex(EMAIL, 'email_address must be a valid email address'),
    date_of_birth: requiredString('date_of_birth')
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'date_of_birth must be YYYY-MM-DD')
      .refine(isCalendarDate, 'date_of_birth must be a real calendar date')
      .refine((d) => !isCalendarDate(d) || d <= options.today(), 'date_of_birth must not be in the future'),
    ods_code: requiredString('ods_code').regex(ods.pattern, `ods_code must be ${ods.words}`),
    phone_number: requiredString('phone_number')
      .regex(/^\+[1-9][0-9]{7,14}$/, 'phone_number must be E.164 with the country code, e.g. +447700900123')
      .refine((n) => !n.startsWith('+44') || /^\+447[0-9]{9}$/.test(n), 'phone_number must be a UK mobile (+447 and 9 digits)'),
  });
}

export type ProvisionRequest = z.output<ReturnType<typeof provisionRequestSchema>>;

/**
 * YYYY-MM-DD naming a day of the (proleptic) Gregorian calendar, as JavaScript's Date counts
 * them. By arithmetic: parsing the text as a Date and writing it back, twice a request, cost
 * about 2 µs of a provisioning call; this takes about 0.1 µs (issue #31).
 */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** The unknown keys a request carried (the conformance checker reports them). */
export const unknownProvisionFields = (body: Record<string, unknown>): string[] =>
  Object.keys(body).filter((key) => !(PROVISION_FIELDS as readonly string[]).includes(key));
