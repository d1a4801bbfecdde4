import { scenarioPatients as p, unknownNhsNumber } from '../fixtures/patients';
import type { PatientRecord } from '../sandbox/pds/patient';
import { outcomeCodes, type OutcomeCodeId, type OutcomeSource } from '../sandbox/provisioning/outcome-codes';
import { requestForPatient } from '../sandbox/provisioning/request-schema';
import type { Arrangement } from '../sandbox/catalogue/published-catalogue';

/**
 * The scenario catalogue: one entry per outcome a GP system must handle, with the exact request to
 * send and the answer to expect. Imported by the server (GET /_sandbox/scenarios), the console,
 * the Gherkin features, the conformance coverage and the tests — the single source of truth.
 * Adding an outcome means adding an entry here; every consumer picks it up.
 */
export interface ProvisionRequestBody {
  nhs_number: string;
  email_address: string;
  date_of_birth: string;
  ods_code: string;
  phone_number: string;
  [extra: string]: unknown;
}

export interface ProvisioningScenario {
  id: string;
  title: string;
  expectedCode: OutcomeCodeId;
  /** Where the meaning of the expected code comes from. */
  source: OutcomeSource;
  request: ProvisionRequestBody;
  arrange?: Arrangement;
  /** What the GP system should show its user for this outcome. */
  supplierGuidance: string;
}

/** The request a GP system sends for this patient, exactly as PDS knows them. */
export const requestFor = (patient: PatientRecord, overrides: Partial<ProvisionRequestBody> = {}): ProvisionRequestBody => ({
  ...requestForPatient(patient),
  ...overrides,
});

const scenario = (s: Omit<ProvisioningScenario, 'source'> & { source?: OutcomeSource }): ProvisioningScenario => ({
  source: outcomeCodes[s.expectedCode].source,
  ...s,
});

const INVALID = 'Tell the user which detail is invalid and let them correct it; do not retry unchanged.';
const UNABLE = 'Tell the user NHS login cannot be set up for this patient by the practice; the patient may contact NHS login support.';

export const provisioningScenarios: readonly ProvisioningScenario[] = [
  scenario({
    id: 'create',
    title: 'New patient: invited to create an account',
    expectedCode: 'create',
    request: requestFor(p.newPatient),
    supplierGuidance: "Confirm the invitation was sent to the patient's email and will expire in 7 days.",
  }),
  scenario({
    id: 'uplift-from-p5',
    title: 'Patient with a P5 account: invited to uplift it',
    expectedCode: 'uplift',
    request: requestFor(p.p5Account),
    supplierGuidance: 'Confirm the patient was invited to sign in with their existing NHS login to finish.',
  }),
  scenario({
    id: 'uplift-from-p0',
    title: 'Patient with a P0 account: invited to uplift it',
    expectedCode: 'uplift',
    request: requestFor(p.p0Account),
    supplierGuidance: 'Confirm the patient was invited to sign in with their existing NHS login to finish.',
  }),
  scenario({
    id: 'already-p9',
    title: 'Patient already has a P9 account',
    expectedCode: '11005',
    request: requestFor(p.p9Account),
    supplierGuidance: 'Tell the user the patient already has a fully verified NHS login and can use it now.',
  }),
  scenario({
    id: 'email-in-use-p9',
    title: "Email belongs to another person's P9 account",
    expectedCode: '11004',
    request: requestFor(p.emailUsedByP9),
    supplierGuidance: 'Ask for a different email address: each person needs their own.',
  }),
  scenario({
    id: 'email-in-use-lower-level',
    title: "Email belongs to another person's lower-level account",
    expectedCode: '11009',
    request: requestFor(p.emailUsedByP5),
    supplierGuidance: 'Ask for a different email address: each person needs their own.',
  }),
  scenario({
    id: 'pending-request',
    title: 'A request for this patient is already pending (last 7 days)',
    expectedCode: '11003',
    request: requestFor(p.pendingRequest),
    arrange: 'provision-same-patient-first',
    supplierGuidance: 'Tell the user an invitation is already pending; do not resubmit for 7 days.',
  }),
  scenario({
    id: 'ods-not-onboarded',
    title: 'Practice is not onboarded for provisioning',
    expectedCode: '11021',
    request: requestFor(p.newPatient, { ods_code: 'V81999' }),
    supplierGuidance: 'Tell the user the practice cannot provision NHS logins yet.',
  }),
  scenario({
    id: 'ods-not-allowed-for-client',
    title: 'Practice belongs to another GP system',
    expectedCode: '11021',
    request: requestFor(p.otherSupplierPractice),
    supplierGuidance: "Check the ODS code sent is the practice's own.",
  }),
  scenario({
    id: 'rate-limited',
    title: 'Practice sent too many requests in the window',
    expectedCode: '11011',
    request: requestFor(p.rateLimited),
    arrange: 'exhaust-rate-limit',
    supplierGuidance: 'Back off until Retry-After has passed before sending again for this practice.',
  }),
  scenario({
    id: 'service-unavailable',
    title: 'Service unavailable',
    expectedCode: '11000',
    request: requestFor(p.serviceUnavailable),
    supplierGuidance: 'Tell the user to try again later; retry with back-off, not immediately.',
  }),
  scenario({
    id: 'no-pds-record',
    title: 'No PDS record for the NHS number',
    expectedCode: '11007',
    request: requestFor(p.newPatient, { nhs_number: unknownNhsNumber }),
    supplierGuidance: UNABLE,
  }),
  scenario({
    id: 'nhs-number-superseded',
    title: 'NHS number superseded by a merged record: no current record',
    expectedCode: '11007',
    request: requestFor(p.superseded),
    supplierGuidance: "Use the patient's current NHS number from PDS and try again.",
  }),
  scenario({
    id: 'account-under-other-email',
    title: 'Patient already has an NHS login (below P9) under a different email address',
    expectedCode: '11006',
    request: requestFor(p.p5Account, { email_address: 'bilal.upton.new@example.com' }),
    supplierGuidance:
      'Tell the user the patient already has an NHS login under another email address: NHS login has emailed that address a reminder; the patient should use that account.',
  }),
  scenario({
    id: 'deceased-no-account',
    title: 'Patient recorded as deceased, no account',
    expectedCode: '11018',
    request: requestFor(p.deceasedNoAccount),
    supplierGuidance: UNABLE,
  }),
  scenario({
    id: 'deceased-with-account',
    title: 'Patient recorded as deceased, account exists',
    expectedCode: '11001',
    request: requestFor(p.deceasedWithAccount),
    supplierGuidance: UNABLE,
  }),
  scenario({
    id: 'account-disabled',
    title: "Patient's NHS login account is disabled",
    expectedCode: '11002',
    request: requestFor(p.disabledAccount),
    supplierGuidance: "Tell the user the patient's NHS login is disabled and they must contact NHS login support.",
  }),
  scenario({
    id: 'restricted-record',
    title: 'PDS record is restricted',
    expectedCode: '11019',
    request: requestFor(p.restricted),
    supplierGuidance: UNABLE,
  }),
  scenario({
    id: 'mobile-does-not-match',
    title: 'Mobile number does not match PDS',
    expectedCode: '11008',
    request: requestFor(p.mobileMismatch, { phone_number: '+447700900999' }),
    supplierGuidance: 'Check the mobile with the patient and update PDS if it has changed.',
  }),
  scenario({
    id: 'dob-does-not-match',
    title: 'Date of birth does not match PDS',
    expectedCode: '11008',
    request: requestFor(p.dobMismatch, { date_of_birth: '1990-01-16' }),
    supplierGuidance: 'Check the date of birth with the patient and the record.',
  }),
  scenario({
    id: 'invalid-nhs-number',
    title: 'NHS number fails its check digit',
    expectedCode: '11010',
    request: requestFor(p.newPatient, { nhs_number: '9990000019' }),
    supplierGuidance: INVALID,
  }),
  scenario({
    id: 'invalid-email',
    title: 'Email address is malformed',
    expectedCode: '11010',
    request: requestFor(p.newPatient, { email_address: 'amelia.newcombe@' }),
    supplierGuidance: INVALID,
  }),
  scenario({
    id: 'invalid-date-of-birth',
    title: 'Date of birth is impossible (the spec example 1993-17-12)',
    expectedCode: '11010',
    request: requestFor(p.newPatient, { date_of_birth: '1993-17-12' }),
    supplierGuidance: INVALID,
  }),
  scenario({
    id: 'invalid-ods-code',
    title: 'ODS code is malformed',
    expectedCode: '11010',
    request: requestFor(p.newPatient, { ods_code: 'A2004' }),
    supplierGuidance: INVALID,
  }),
  scenario({
    id: 'invalid-phone-number',
    title: 'Mobile number lacks the country code',
    expectedCode: '11010',
    request: requestFor(p.newPatient, { phone_number: '07700900001' }),
    supplierGuidance: INVALID,
  }),
  scenario({
    id: 'missing-field',
    title: 'A mandatory field is missing',
    expectedCode: '11010',
    request: (({ phone_number, ...rest }) => {
      void phone_number;
      return rest as ProvisionRequestBody;
    })(requestFor(p.newPatient)),
    supplierGuidance: INVALID,
  }),
];

export const scenarioById = new Map(provisioningScenarios.map((s) => [s.id, s]));
