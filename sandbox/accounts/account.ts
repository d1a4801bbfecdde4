import * as z from 'zod';
import { NhsNumber, E164Mobile, PatientRecord } from '../pds/patient';

/** An NHS login account: identity level P0 (email only), P5 (some checks) or P9 (fully verified). */
export const IdentityLevel = z.enum(['P0', 'P5', 'P9']);
export type IdentityLevel = z.infer<typeof IdentityLevel>;

export const NhsLoginAccount = z.object({
  id: z.string().min(1),
  nhsNumber: NhsNumber.optional(),
  email: z.email(),
  mobile: E164Mobile.optional(),
  identityLevel: IdentityLevel,
  status: z.enum(['active', 'disabled']),
  /** The patient has sent proof of who they are (photo ID, face) and NHS login is still checking it. */
  proofingInProgress: z.boolean().optional(),
  passwordHash: z.string(),
  /**
   * The PDS record as it was when a test-data request froze this account's PDS trace: what the
   * account's claims and Users answers are read from instead of PDS, until the trace is unfrozen.
   */
  frozenPdsRecord: PatientRecord.optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type NhsLoginAccount = z.infer<typeof NhsLoginAccount>;

/** What the admin API shows of an account: never the password hash. */
export const publicAccountView = ({ passwordHash, ...account }: NhsLoginAccount) => {
  void passwordHash;
  return account;
};
