import type { Pds } from '../pds/pds';
import type { PatientRecord } from '../pds/patient';
import type { NhsLoginAccount } from './account';

/**
 * The demographics an account's claims and Users answers are read from: its PDS record as PDS
 * holds it now, or as it was when a test-data request froze the account's PDS trace.
 */
export const demographicsOf = (account: NhsLoginAccount, pds: Pds): PatientRecord | undefined =>
  account.frozenPdsRecord ?? (account.nhsNumber ? pds.get(account.nhsNumber) : undefined);
