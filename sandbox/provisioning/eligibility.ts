import type { Practice } from './practice';
import type { NhsLoginAccount } from '../accounts/account';
import type { PatientRecord } from '../pds/patient';
import type { PdsTrace } from '../pds/pds';
import { PDS_REFUSAL_CODES, type ErrorCodeId } from './outcome-codes';
import { decideEmailInUse, hasAnotherEmail } from './email-refusal';
import { decidePdsState } from './pds-refusal';
import type { ProvisionRequest } from './request-schema';
import type { ProvisioningRecord } from './provisioning-record';

/**
 * Eligibility: the documented order in which the sandbox decides a provision request. The first
 * rule that applies decides, so where two conditions could both apply, this order says which
 * code the supplier sees (docs/integrating.md, "Eligibility order").
 *
 *  1. service availability (a practice that always finds it unavailable) 11000
 *     (injected faults and `Prefer: code=11000` act earlier, before the body is read)
 *  2. ODS code onboarded and allowed for this client ................... 11021
 *  3. rate limit per ODS code ........................................... 11011
 *  4. PDS and account state (pds-refusal.ts, mapped by PDS_REFUSAL_CODES): no current record (none,
 *     or superseded by a merge) 11007, deceased with account 11001 / without 11018, account
 *     disabled 11002, restricted 11019, DOB or mobile differ 11008
 *  5. existing account already P9 (pds-refusal.ts too) ................. 11005
 *  6. existing account below P9 under a different email address ........ 11006
 *     (and that address is reminded of itself: "Account details reminder from NHS login")
 *  7. email used by another person's account (email-refusal.ts): P9 11004, lower 11009
 *  8. pending request for this NHS number in the last 7 days ............ 11003
 *  9. success: uplift when an account below P9 exists (same email), else create
 */
export const PENDING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type EligibilityOutcome =
  | {
      kind: 'refused';
      code: ErrorCodeId;
      retryAfterSeconds?: number;
      /** For 11006: the patient's existing account, whose address gets the reminder email. */
      remind?: NhsLoginAccount;
    }
  | { kind: 'eligible'; outcome: 'create'; patient: PatientRecord }
  | { kind: 'eligible'; outcome: 'uplift'; patient: PatientRecord; account: NhsLoginAccount };

export interface EligibilityFacts {
  nowMs: number;
  /** Retry-After for 11000, whatever caused it (configured). */
  unavailableRetryAfterSeconds: number;
  practice: Practice | undefined;
  clientOdsCodes: readonly string[];
  /** Records the request against the ODS code's window; returns ms to wait, 0 when allowed. */
  rateLimit: (practice: Practice) => number;
  trace: (nhsNumber: string) => PdsTrace;
  accountByNhsNumber: (nhsNumber: string) => NhsLoginAccount | undefined;
  accountsByEmail: (email: string) => NhsLoginAccount[];
  requestsForNhsNumber: (nhsNumber: string) => ProvisioningRecord[];
}

// Module-level, not made per request: under tsx each new closure's name is defined anew (provisioning.ts).
const refuse = (code: ErrorCodeId, retryAfterSeconds?: number): EligibilityOutcome => ({ kind: 'refused', code, retryAfterSeconds });

export function decideEligibility(request: ProvisionRequest, facts: EligibilityFacts): EligibilityOutcome {
  const { practice } = facts;

  if (practice?.alwaysUnavailable) return refuse('11000', facts.unavailableRetryAfterSeconds);
  if (!practice?.onboarded || !facts.clientOdsCodes.includes(request.ods_code)) return refuse('11021');
  const waitMs = facts.rateLimit(practice);
  if (waitMs > 0) return refuse('11011', Math.ceil(waitMs / 1000));

  const account = facts.accountByNhsNumber(request.nhs_number);
  const state = decidePdsState(facts.trace(request.nhs_number), account, {
    mobile: request.phone_number,
    dateOfBirth: request.date_of_birth,
  });
  if (state.kind === 'refused') return refuse(PDS_REFUSAL_CODES[state.refusal]);
  const patient = state.patient;

  // The prototype's error/already-account-p5.html (CID11006): an account set up with this NHS
  // number and a different email address; the patient should use that one.
  if (account && hasAnotherEmail(account, request.email_address)) return { kind: 'refused', code: '11006', remind: account };

  const emailInUse = decideEmailInUse(facts.accountsByEmail(request.email_address), patient.nhsNumber);
  if (emailInUse) return refuse(emailInUse === 'email-taken-p9' ? '11004' : '11009');

  const pending = facts
    .requestsForNhsNumber(patient.nhsNumber)
    .find((r) => r.status === 'pending' && facts.nowMs - r.createdAtMs < PENDING_WINDOW_MS);
  if (pending) return refuse('11003');

  return account ? { kind: 'eligible', outcome: 'uplift', patient, account } : { kind: 'eligible', outcome: 'create', patient };
}
