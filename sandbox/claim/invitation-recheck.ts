import type { NhsLoginAccount } from '../accounts/account';
import type { PdsTrace } from '../pds/pds';
import { decideEmailInUse, hasAnotherEmail } from '../provisioning/email-refusal';
import { decidePdsState } from '../provisioning/pds-refusal';
import type { ProvisioningRecord } from '../provisioning/provisioning-record';
import { pdsRefusalStop, type ClaimStopId } from './claim-stops';

/** What the re-check looks at, as it is now. */
export interface RecheckFacts {
  trace: PdsTrace;
  /** The account holding the invitation's NHS number, if any. */
  account: NhsLoginAccount | undefined;
  /** Every account using the invited email. */
  accountsWithEmail: readonly NhsLoginAccount[];
}

/**
 * The invitation checked again while the patient claims it: right after the security code (the
 * seed: "their details are checked again against PDS", before the password) and once more when
 * the patient finishes (the prototype's "Finishing set up" spinner, whose test switches are PDS
 * errors), since the patient may have sat on a page in between. The PDS decision is provisioning's
 * (provisioning/pds-refusal.ts), against the mobile the invitation was checked against; then an
 * identity check the patient already started on the account (prototype already-pyi-in-progress);
 * then an NHS login set up meanwhile for this NHS number under another address, or the invited
 * email taken by someone else's account meanwhile (provisioning/email-refusal.ts).
 */
export function recheckInvitation(invitation: ProvisioningRecord, facts: RecheckFacts): ClaimStopId | null {
  const state = decidePdsState(facts.trace, facts.account, { mobile: invitation.pdsMobile ?? invitation.phone });
  if (state.kind === 'refused') return pdsRefusalStop(state.refusal);
  if (facts.account?.proofingInProgress) return 'proofing-in-progress';
  if (facts.account && hasAnotherEmail(facts.account, invitation.email)) return 'nhs-number-has-account';
  return decideEmailInUse(facts.accountsWithEmail, invitation.nhsNumber);
}
