// Whether the invited email clashes with an NHS login, decided once: provisioning asks it when a GP
// system sends the patient (11006, then 11004 / 11009: eligibility.ts steps 6 and 7) and the
// claiming journey asks it again after the security code (the prototype's already-account-p5,
// already-account-email-p9 / -p5 pages: CID11006, CID11004 / CID11009), because an account can be
// set up, or take the address, while the invitation waits.
import type { NhsLoginAccount } from '../accounts/account';

export type EmailRefusal = 'email-taken-p9' | 'email-taken-lower';

/** `accountsWithEmail`: every account using the invited email; the patient's own account does not count. */
export function decideEmailInUse(accountsWithEmail: readonly NhsLoginAccount[], nhsNumber: string): EmailRefusal | null {
  const someoneElses = accountsWithEmail.filter((a) => a.nhsNumber !== nhsNumber);
  if (someoneElses.some((a) => a.identityLevel === 'P9')) return 'email-taken-p9';
  return someoneElses.length > 0 ? 'email-taken-lower' : null;
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The patient's own NHS login (found by NHS number) uses another address than the invited one: 11006. */
export const hasAnotherEmail = (patientsAccount: NhsLoginAccount, invitedEmail: string): boolean =>
  !sameEmail(patientsAccount.email, invitedEmail);
