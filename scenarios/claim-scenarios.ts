import { FIXTURE_ACCOUNT_PASSWORD } from '../fixtures/accounts';
import { scenarioPatients as p } from '../fixtures/patients';
import type { ClaimStopId } from '../sandbox/claim/claim-stops';
import type { PatientRecord } from '../sandbox/pds/patient';
import type { PatientChange } from '../sandbox/pds/admin-changes';

/**
 * The claiming-journey part of the scenario catalogue: what the patient does (and what happens
 * around them) and where the journey ends — a P9 account or a stop page with its reference.
 * One source: the tests, the browser tests and the Gherkin features act these out with
 * test/support/claim-scenario-player.ts, and GET /_sandbox/scenarios lists them.
 */
export type ClaimTwist =
  /** Nothing unusual: the patient goes straight through. */
  | { kind: 'none' }
  /** Sandbox time moves on before the patient opens the link. */
  | { kind: 'link-opened-late'; days: number }
  /** The patient finishes once, then opens the same link again. */
  | { kind: 'link-reused' }
  /** The patient opens the link more often than the limit allows. */
  | { kind: 'link-opened-too-often' }
  | { kind: 'wrong-codes-up-to-limit' }
  | { kind: 'codes-resent-up-to-limit' }
  /** The patient leaves the security-code page idle for this long. */
  | { kind: 'idle'; minutes: number }
  | { kind: 'details-answer'; answer: 'no' | 'some-wrong' }
  /** Answers "not my details", then goes back from the stop page and answers "yes". */
  | { kind: 'details-answer-changed' }
  | { kind: 'wrong-passwords-up-to-limit' }
  /** PDS changes while the patient is on the security-code page: the re-check right after the code stops them. */
  | { kind: 'pds-changes-on-code-page'; change: PatientChange }
  /** An NHS login account is added while the patient is on the security-code page. */
  | { kind: 'account-added-on-code-page'; account: AddedAccount }
  /** PDS changes while the patient is on the password page, before they finish. */
  | { kind: 'pds-changes-before-completion'; change: PatientChange };

/** An account added (`POST /_sandbox/accounts`) with the invited email or `another`; the NHS number is the patient's, another person's or none. */
export interface AddedAccount {
  identityLevel: 'P0' | 'P5' | 'P9';
  email?: 'another';
  nhsNumber?: string;
  /** The account holder has sent proof of who they are and NHS login is still checking it. */
  proofingInProgress?: true;
}

export interface ClaimScenario {
  id: string;
  title: string;
  patient: PatientRecord;
  invitation: 'create' | 'uplift';
  /** The password the patient types: a new one, or the existing account's. */
  password: string;
  twist: ClaimTwist;
  /** `done` (P9 account) or the stop the patient meets. */
  expected: 'done' | ClaimStopId;
}

const NEW_PASSWORD = 'Correct-Horse-Battery-9';
/** A valid NHS number no fixture patient or account uses: the holder of the account that takes the invited email. */
const ANOTHER_PERSONS_NHS_NUMBER = '9990000379';
const create = (s: Omit<ClaimScenario, 'invitation' | 'password'>): ClaimScenario => ({
  ...s,
  invitation: 'create',
  password: NEW_PASSWORD,
});
const uplift = (s: Omit<ClaimScenario, 'invitation' | 'password'>): ClaimScenario => ({
  ...s,
  invitation: 'uplift',
  password: FIXTURE_ACCOUNT_PASSWORD,
});

export const claimScenarios: readonly ClaimScenario[] = [
  create({
    id: 'claim-create',
    title: 'New patient sets up an NHS login at P9',
    patient: p.newPatient,
    twist: { kind: 'none' },
    expected: 'done',
  }),
  uplift({
    id: 'claim-uplift',
    title: 'Patient with a P5 account raises it to P9',
    patient: p.uplifter,
    twist: { kind: 'none' },
    expected: 'done',
  }),
  create({
    id: 'claim-expired',
    title: 'Invitation opened after 7 days',
    patient: p.newPatient,
    twist: { kind: 'link-opened-late', days: 8 },
    expected: 'invitation-expired',
  }),
  create({
    id: 'claim-link-already-used',
    title: 'Invitation link used again after set-up',
    patient: p.newPatient,
    twist: { kind: 'link-reused' },
    expected: 'invitation-expired',
  }),
  create({
    id: 'claim-link-opened-too-often',
    title: 'Invitation link opened too many times',
    patient: p.newPatient,
    twist: { kind: 'link-opened-too-often' },
    expected: 'too-many-link-opens',
  }),
  create({
    id: 'claim-wrong-code-lockout',
    title: 'Wrong security code entered too many times',
    patient: p.newPatient,
    twist: { kind: 'wrong-codes-up-to-limit' },
    expected: 'too-many-wrong-codes',
  }),
  create({
    id: 'claim-too-many-codes',
    title: 'Security code requested too many times',
    patient: p.newPatient,
    twist: { kind: 'codes-resent-up-to-limit' },
    expected: 'too-many-codes-requested',
  }),
  create({
    id: 'claim-session-timeout',
    title: 'Patient inactive for more than 15 minutes',
    patient: p.newPatient,
    twist: { kind: 'idle', minutes: 16 },
    expected: 'session-timed-out',
  }),
  create({
    id: 'claim-details-not-mine',
    title: 'Patient says the details are not theirs',
    patient: p.newPatient,
    twist: { kind: 'details-answer', answer: 'no' },
    expected: 'details-not-mine',
  }),
  create({
    id: 'claim-details-not-mine-by-mistake',
    title: 'Patient says the details are not theirs by mistake, goes back and finishes',
    patient: p.newPatient,
    twist: { kind: 'details-answer-changed' },
    expected: 'done',
  }),
  create({
    id: 'claim-details-partly-wrong',
    title: 'Patient says some details are wrong, is told to ask the GP surgery, and continues',
    patient: p.newPatient,
    twist: { kind: 'details-answer', answer: 'some-wrong' },
    expected: 'done',
  }),
  uplift({
    id: 'claim-wrong-password-lockout',
    title: 'Wrong password entered too many times (uplift)',
    patient: p.uplifter,
    twist: { kind: 'wrong-passwords-up-to-limit' },
    expected: 'too-many-wrong-passwords',
  }),
  create({
    id: 'claim-mobile-changed',
    title: 'PDS mobile changed while the patient is on the security-code page',
    patient: p.mobileChangesBeforeClaim,
    twist: { kind: 'pds-changes-on-code-page', change: { mobile: '+447700900918' } },
    expected: 'details-changed',
  }),
  create({
    id: 'claim-deceased-before-claiming',
    title: 'Patient recorded as deceased while on the security-code page',
    patient: p.diesBeforeClaim,
    twist: { kind: 'pds-changes-on-code-page', change: { deceasedDate: '2026-01-01' } },
    expected: 'deceased-no-account',
  }),
  uplift({
    id: 'claim-deceased-with-account',
    title: 'Patient with an account recorded as deceased while on the security-code page',
    patient: p.uplifter,
    twist: { kind: 'pds-changes-on-code-page', change: { deceasedDate: '2026-01-01' } },
    expected: 'deceased-with-account',
  }),
  create({
    id: 'claim-restricted-before-claiming',
    title: 'PDS record restricted while the patient is on the security-code page',
    patient: p.newPatient,
    twist: { kind: 'pds-changes-on-code-page', change: { restricted: true } },
    expected: 'restricted-record',
  }),
  create({
    id: 'claim-superseded-before-claiming',
    title: 'NHS number superseded while the patient is on the security-code page',
    patient: p.newPatient,
    twist: { kind: 'pds-changes-on-code-page', change: { supersededBy: p.supersedingRecord.nhsNumber } },
    expected: 'no-pds-record',
  }),
  create({
    id: 'claim-deceased-on-password-page',
    title: 'Patient recorded as deceased while on the password page: checked again when finishing',
    patient: p.diesBeforeClaim,
    twist: { kind: 'pds-changes-before-completion', change: { deceasedDate: '2026-01-01' } },
    expected: 'deceased-no-account',
  }),
  create({
    id: 'claim-email-taken-by-p9',
    title: "Another person's P9 NHS login takes the invited email while the patient is on the security-code page",
    patient: p.newPatient,
    twist: { kind: 'account-added-on-code-page', account: { identityLevel: 'P9', nhsNumber: ANOTHER_PERSONS_NHS_NUMBER } },
    expected: 'email-taken-p9',
  }),
  create({
    id: 'claim-email-taken-by-p5',
    title: 'A lower-level NHS login takes the invited email while the patient is on the security-code page',
    patient: p.newPatient,
    twist: { kind: 'account-added-on-code-page', account: { identityLevel: 'P5' } },
    expected: 'email-taken-lower',
  }),
  create({
    id: 'claim-nhs-number-account-meanwhile',
    title: 'The patient sets up an NHS login under another email while on the security-code page',
    patient: p.newPatient,
    twist: { kind: 'account-added-on-code-page', account: { identityLevel: 'P5', nhsNumber: p.newPatient.nhsNumber, email: 'another' } },
    expected: 'nhs-number-has-account',
  }),
  create({
    id: 'claim-proofing-in-progress',
    title: 'The patient has meanwhile sent NHS login proof of who they are, still being checked',
    patient: p.newPatient,
    twist: {
      kind: 'account-added-on-code-page',
      account: { identityLevel: 'P5', nhsNumber: p.newPatient.nhsNumber, proofingInProgress: true },
    },
    expected: 'proofing-in-progress',
  }),
];

export const claimScenarioById = new Map(claimScenarios.map((s) => [s.id, s]));
