import type { PdsRefusal } from './pds-refusal';

/**
 * The one table of provisioning outcomes: code → HTTP status → description → where the meaning
 * comes from. Server, catalogue, docs, features and tests all read it from here.
 *
 * Descriptions are the specification's own strings, verbatim (CID-IS-P v1.0, tables 9 and 11,
 * including its full stops). Where the *condition* a code is used for is the sandbox's choice,
 * `source` says so; the API description never pretends otherwise.
 *
 * HTTP statuses: the spec's only error example uses 400, and 400 is kept for every coded error
 * except two documented deviations that tell generic HTTP clients the right thing:
 * 11000 → 503 (service unavailable, retry later) and 11011 → 429 with Retry-After. The `code` in
 * the body is always present, so a client that reads only the body is unaffected.
 */
export type OutcomeSource = 'specification' | 'prototype-evidence' | 'sandbox-defined';

export interface OutcomeCode {
  status: 200 | 400 | 429 | 503;
  /** The description sent to the integrator (ASCII). */
  description: string;
  /** The condition the sandbox uses this code for. */
  condition: string;
  source: OutcomeSource;
}

export const outcomeCodes = {
  create: {
    status: 200,
    description: 'User able to create a new account',
    condition: 'no NHS login account exists for the patient',
    source: 'specification',
  },
  uplift: {
    status: 200,
    description: 'User able to uplift an existing account',
    condition: 'an account below P9 exists for the patient',
    source: 'specification',
  },
  '11000': {
    status: 503,
    description: 'Service not available.',
    condition:
      'the service is unavailable (fault injection, Prefer header, a practice that always finds it unavailable, or the outgoing mail queue is full)',
    source: 'specification',
  },
  '11010': { status: 400, description: 'Data in request not valid', condition: 'a field is missing or malformed', source: 'specification' },
  '11021': {
    status: 400,
    description: 'Service not supported for ODS code provided',
    condition: 'the ODS code is not onboarded for provisioning, or not allowed for this client',
    source: 'specification',
  },
  '11011': {
    status: 429,
    description: 'Too many requests from ODS code',
    condition: 'the ODS code exceeded its rate limit in the sliding window',
    source: 'specification',
  },
  '11007': {
    status: 400,
    description: 'Unable to provision account for user',
    condition:
      'no current PDS record for the NHS number: none at all, or the number was superseded (merged into another record; the sandbox choice for a merged number)',
    source: 'prototype-evidence',
  },
  '11006': {
    status: 400,
    description: 'Unable to provision account for user',
    condition:
      "the patient already has an NHS login below P9 under a different email address (that address is sent an 'Account details reminder from NHS login' email)",
    source: 'prototype-evidence',
  },
  '11018': {
    status: 400,
    description: 'Unable to provision account for user',
    condition: 'the patient is recorded as deceased and has no NHS login account',
    source: 'prototype-evidence',
  },
  '11001': {
    status: 400,
    description: 'Unable to provision account for user',
    condition: 'the patient is recorded as deceased and has an NHS login account',
    source: 'prototype-evidence',
  },
  '11002': {
    status: 400,
    description: 'Unable to provision account for user',
    condition: "the patient's NHS login account is disabled",
    source: 'prototype-evidence',
  },
  '11019': {
    status: 400,
    description: 'Unable to provision account for user',
    condition: 'the PDS record is restricted (sensitive)',
    source: 'sandbox-defined',
  },
  '11008': {
    status: 400,
    description: 'Unable to provision account for user',
    condition: 'the date of birth or mobile number does not match PDS',
    source: 'prototype-evidence',
  },
  '11005': {
    status: 400,
    description: 'User already has P9 account',
    condition: 'the patient already has a P9 NHS login',
    source: 'specification',
  },
  '11004': {
    status: 400,
    description: 'Unable to provision account for user email already in use',
    condition: "the email belongs to another person's P9 account",
    source: 'prototype-evidence',
  },
  '11009': {
    status: 400,
    description: 'Unable to provision account for user',
    condition: "the email belongs to another person's account below P9",
    source: 'prototype-evidence',
  },
  '11003': {
    status: 400,
    description: 'User already has a pending provision account request from within last 7 days.',
    condition: 'a pending request for this NHS number was made in the last 7 days',
    source: 'specification',
  },
} as const satisfies Record<string, OutcomeCode>;

export type OutcomeCodeId = keyof typeof outcomeCodes;

/** The code a GP system is answered with for each PDS-state refusal (pds-refusal.ts). */
export const PDS_REFUSAL_CODES = {
  'no-current-record': '11007',
  'deceased-with-account': '11001',
  'deceased-no-account': '11018',
  'account-disabled': '11002',
  'restricted-record': '11019',
  'details-differ': '11008',
  'already-p9': '11005',
} as const satisfies Record<PdsRefusal, OutcomeCodeId>;

/**
 * Refusals the same request always gets again: a GP system should correct the request, not resend
 * it. (11000 and 11011 pass with time, 11003 when the invitation lapses, 11005 never: each has its
 * own rule.)
 */
export const FINAL_REFUSAL_CODES: ReadonlySet<string> = new Set([
  '11001',
  '11002',
  '11004',
  '11006',
  '11007',
  '11008',
  '11009',
  '11010',
  '11018',
  '11019',
  '11021',
]);
export type ErrorCodeId = Exclude<OutcomeCodeId, 'create' | 'uplift'>;
export const outcomeCodeIds = Object.keys(outcomeCodes) as OutcomeCodeId[];
