// The PDS-state refusal, decided once: whether what PDS and NHS login hold about a patient now
// stops an invitation. Provisioning asks it when a GP system sends the patient (and maps the
// answer to an outcome code, eligibility.ts); the claiming journey asks it again when the patient
// claims the invitation (and maps it to a stop page, claim/invitation-recheck.ts), so the patient meets the
// same reason the GP system would have been given. The order is steps 4 and 5 of the eligibility
// order (eligibility.ts): the first refusal that applies decides.
import type { NhsLoginAccount } from '../accounts/account';
import { normalisePhone, type PatientRecord } from '../pds/patient';
import type { PdsTrace } from '../pds/pds';

export type PdsRefusal =
  /** No current record: none at all, or the number was superseded by a merge (PDS answers with another record). */
  | 'no-current-record'
  | 'deceased-with-account'
  | 'deceased-no-account'
  | 'account-disabled'
  | 'restricted-record'
  /** The date of birth or the mobile is not the one the patient was sent with. */
  | 'details-differ'
  | 'already-p9';

/** The details the patient was sent with; a date of birth left out is not compared. */
export interface SentDetails {
  mobile: string;
  dateOfBirth?: string;
}

export type PdsState = { kind: 'refused'; refusal: PdsRefusal } | { kind: 'clear'; patient: PatientRecord };

// Module-level, not made per request: under tsx each new closure's name is defined anew (provisioning.ts).
const refused = (refusal: PdsRefusal): PdsState => ({ kind: 'refused', refusal });

export function decidePdsState(trace: PdsTrace, account: NhsLoginAccount | undefined, sent: SentDetails): PdsState {
  if (trace.kind !== 'found') return refused('no-current-record');
  const patient = trace.patient;
  if (patient.deceasedDate) return refused(account ? 'deceased-with-account' : 'deceased-no-account');
  if (account?.status === 'disabled') return refused('account-disabled');
  if (patient.restricted) return refused('restricted-record');
  if (sent.dateOfBirth !== undefined && patient.birthDate !== sent.dateOfBirth) return refused('details-differ');
  if (!patient.mobile || normalisePhone(patient.mobile) !== normalisePhone(sent.mobile)) return refused('details-differ');
  if (account?.identityLevel === 'P9') return refused('already-p9');
  return { kind: 'clear', patient };
}
