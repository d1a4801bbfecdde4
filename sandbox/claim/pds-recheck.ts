import type { NhsLoginAccount } from '../accounts/account';
import type { PdsTrace } from '../pds/pds';
import { decidePdsState } from '../provisioning/pds-refusal';
import type { ProvisioningRecord } from '../provisioning/provisioning-record';
import { pdsRefusalStop, type ClaimStopId } from './claim-stops';

/**
 * The PDS re-check when the patient finishes set-up ("Finishing set-up" in the prototype): the
 * same decision provisioning made (provisioning/pds-refusal.ts), against the mobile the invitation
 * was checked against, its refusal shown as the matching stop page.
 */
export function recheckPds(invitation: ProvisioningRecord, trace: PdsTrace, account: NhsLoginAccount | undefined): ClaimStopId | null {
  const state = decidePdsState(trace, account, { mobile: invitation.pdsMobile ?? invitation.phone });
  return state.kind === 'refused' ? pdsRefusalStop(state.refusal) : null;
}
