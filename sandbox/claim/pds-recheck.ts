import type { NhsLoginAccount } from '../accounts/account';
import { normalisePhone } from '../pds/patient';
import type { PdsTrace } from '../pds/pds';
import type { ProvisioningRecord } from '../provisioning/provisioning-record';
import type { ClaimStopId } from './claim-stops';

/**
 * The PDS re-check when the patient finishes set-up ("Finishing set-up" in the prototype): the
 * record must still exist under the same NHS number, be alive, unrestricted and carry the mobile
 * the invitation was checked against; the account (if any) must still be usable. The order
 * mirrors the provisioning eligibility order (provisioning/eligibility.ts), so the patient meets
 * the same reason the GP system would have been given.
 */
export function recheckPds(invitation: ProvisioningRecord, trace: PdsTrace, account: NhsLoginAccount | undefined): ClaimStopId | null {
  if (trace.kind === 'not-found') return 'no-pds-record';
  // A merged number is not the patient's current one (as provisioning's 11007).
  if (trace.kind === 'superseded') return 'no-pds-record';
  const patient = trace.patient;
  if (patient.deceasedDate) return account ? 'deceased-with-account' : 'deceased-no-account';
  if (account?.status === 'disabled') return 'account-disabled';
  if (patient.restricted) return 'restricted-record';
  const invitedMobile = invitation.pdsMobile ?? invitation.phone;
  if (!patient.mobile || normalisePhone(patient.mobile) !== normalisePhone(invitedMobile)) return 'details-changed';
  if (account?.identityLevel === 'P9') return 'already-p9';
  return null;
}
