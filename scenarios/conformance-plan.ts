import { scenarioPatients as p } from '../fixtures/patients';
import type { ConformancePlan, PlanStep } from '../sandbox/conformance/plan';
import type { PatientRecord } from '../sandbox/pds/patient';
import { requestFor, type ProvisionRequestBody } from './catalogue';

/**
 * The conformance test plan: the situations a GP system must be seen to handle for a clean PASS,
 * each with the test patient and practice to use, what the GP system does, what it must then not
 * do, the rules the step exercises and the specification section. Defined once beside the
 * scenario catalogue; served at GET /_sandbox/conformance-plan, walked by
 * `npm run conformance -- --guided | --driver`, rendered in docs/conformance-plan.md and in every
 * report. A supplier's own registered client needs the practices used here in its ODS codes
 * (A20047, Y12345, Y23456; V81999 is refused whatever the client).
 */
const name = (patient: PatientRecord) => ({ name: `${patient.givenNames.join(' ')} ${patient.familyName}`, nhsNumber: patient.nhsNumber });
const step = (s: Omit<PlanStep, 'patient' | 'request'> & { patient: PatientRecord; request?: ProvisionRequestBody }): PlanStep => ({
  ...s,
  patient: name(s.patient),
  request: (s.request ?? requestFor(s.patient)) as Record<string, string>,
});
const SPEC = 'CID-IS-P v1.0, Provision Account';
const REQUEST_RULES = [
  'bearer-header-form',
  'provision-json',
  'provision-mandatory-fields',
  'provision-field-formats',
  'token-request-parameters',
];

export const conformancePlan: ConformancePlan = {
  version: '1',
  steps: [
    step({
      id: 'create',
      title: 'A new patient is invited to create an NHS login',
      patient: p.newPatient,
      gpSystemDoes: 'Provision the patient, with a token fetched as your system normally does.',
      thenNot: 'Send the patient again while the invitation is pending.',
      expected: '200 create, with a provisioning_id',
      evidence: { kind: 'outcome', outcomes: ['create'] },
      rules: [...REQUEST_RULES, 'assertion-alg-rs512', 'assertion-aud-token-url', 'assertion-exp-present', 'assertion-jti-unique'],
      specSection: `${SPEC}: success codes`,
    }),
    step({
      id: 'uplift',
      title: 'A patient with a lower-level NHS login is invited to uplift it',
      patient: p.p5Account,
      gpSystemDoes: 'Provision the patient.',
      thenNot: 'Send the patient again while the invitation is pending.',
      expected: '200 uplift',
      evidence: { kind: 'outcome', outcomes: ['uplift'] },
      rules: [...REQUEST_RULES, 'token-reused-while-valid'],
      specSection: `${SPEC}: success codes`,
    }),
    step({
      id: 'pending-request',
      title: 'A patient who was invited in the last 7 days',
      patient: p.pendingRequest,
      setup: { kind: 'pending-invitation' },
      gpSystemDoes: 'Provision the patient.',
      thenNot: 'Send the patient again while that invitation is pending (7 days from the first request).',
      expected: '400 11003',
      evidence: { kind: 'outcome', outcomes: ['11003'] },
      rules: ['no-resubmit-while-pending', 'no-polling-one-patient'],
      specSection: `${SPEC}: error 11003`,
    }),
    step({
      id: 'already-p9',
      title: 'A patient who already has a P9 NHS login',
      patient: p.p9Account,
      gpSystemDoes: 'Provision the patient.',
      thenNot: 'Send the patient again.',
      expected: '400 11005',
      evidence: { kind: 'outcome', outcomes: ['11005'] },
      rules: ['no-resubmit-after-11005'],
      specSection: `${SPEC}: error 11005`,
    }),
    step({
      id: 'service-unavailable',
      title: 'The service is unavailable',
      patient: p.serviceUnavailable,
      gpSystemDoes: 'Provision the patient (practice Y23456, where the sandbox always finds the service unavailable).',
      thenNot: 'Send anything before the Retry-After delay has passed.',
      expected: '503 11000 with Retry-After',
      evidence: { kind: 'outcome', outcomes: ['11000'] },
      rules: ['backoff-after-11000'],
      specSection: `${SPEC}: error 11000`,
    }),
    step({
      id: 'rate-limited',
      title: 'The practice has sent too many requests',
      patient: p.rateLimited,
      setup: { kind: 'rate-limit-exhausted', odsCode: p.rateLimited.gpOdsCode },
      gpSystemDoes: 'Provision the patient (practice Y12345).',
      thenNot: 'Send anything for that practice before the Retry-After delay has passed.',
      expected: '429 11011 with Retry-After',
      evidence: { kind: 'outcome', outcomes: ['11011'] },
      rules: ['backoff-after-11011'],
      specSection: `${SPEC}: error 11011`,
    }),
    step({
      id: 'ods-not-supported',
      title: 'The practice is not onboarded for provisioning',
      patient: p.newPatient,
      request: requestFor(p.newPatient, { ods_code: 'V81999' }),
      gpSystemDoes: 'Provision the patient from practice V81999.',
      thenNot: 'Send the same request again.',
      expected: '400 11021',
      evidence: { kind: 'outcome', outcomes: ['11021'] },
      rules: ['no-unchanged-resend-after-refusal'],
      specSection: `${SPEC}: error 11021`,
    }),
    step({
      id: 'pds-refusal',
      title: "PDS does not confirm the patient's details",
      patient: p.mobileMismatch,
      request: requestFor(p.mobileMismatch, { phone_number: '+447700900999' }),
      gpSystemDoes: 'Provision the patient with the mobile your record holds, +447700900999 (PDS holds another).',
      thenNot: 'Send the same request again.',
      expected: '400 11008 (or 11007 for an NHS number PDS does not know)',
      evidence: { kind: 'outcome', outcomes: ['11007', '11008'] },
      rules: ['no-unchanged-resend-after-refusal'],
      specSection: `${SPEC}: errors 11007, 11008`,
    }),
    step({
      id: 'email-refusal',
      title: "The email address belongs to another person's NHS login",
      patient: p.emailUsedByP9,
      gpSystemDoes: 'Provision the patient.',
      thenNot: 'Send the same request again.',
      expected: '400 11004 (or 11009 for a lower-level account)',
      evidence: { kind: 'outcome', outcomes: ['11004', '11009'] },
      rules: ['no-unchanged-resend-after-refusal'],
      specSection: `${SPEC}: errors 11004, 11009`,
    }),
    step({
      id: 'token-renewal',
      title: 'The access token expires: the GP system fetches a new one',
      patient: p.p0Account,
      setup: { kind: 'access-token-expired' },
      gpSystemDoes:
        'Provision the patient; when the platform refuses the token (401 invalid_token), fetch a new token and send the request again.',
      thenNot: 'Use a token after its expires_in has run out by your own clock, or fetch a token per call.',
      expected: '401 invalid_token for the old token, then a new token and the answer (200 uplift)',
      evidence: { kind: 'token-renewal' },
      rules: ['no-expired-token-use', 'token-reused-while-valid', 'token-used'],
      specSection: 'CID-IS-P v1.0, Token endpoint (expires_in) and overall flow, step 6',
    }),
  ],
};
