import { hash, randomFillSync } from 'node:crypto';

/** A stored provisioning request: the invitation the patient will claim. */
export interface ProvisioningRecord {
  id: string;
  clientId: string;
  odsCode: string;
  nhsNumber: string;
  email: string;
  phone: string;
  outcome: 'create' | 'uplift';
  /** The account an uplift raises to P9. */
  accountId?: string;
  createdAtMs: number;
  expiresAtMs: number;
  status: 'pending' | 'claimed' | 'superseded';
  claimedAtMs?: number;
  /** SHA-256 of the claim token; the token itself exists only in the invitation email. */
  claimTokenHash: string;
  /** PDS facts at invitation time, re-checked when the patient claims. */
  pdsVersion: number;
  pdsMobile?: string;
}

/** A record as the admin API and the console show it: the claim token's hash is an internal detail. */
export const publishedRecord = ({ claimTokenHash, ...record }: ProvisioningRecord): Omit<ProvisioningRecord, 'claimTokenHash'> => (
  void claimTokenHash,
  record
);

/**
 * An unguessable claim token: 256 bits of randomness, base64url. The bits are drawn from the
 * system's secure generator 128 tokens at a time, as node:crypto's randomUUID draws its own:
 * one call per token cost more than the rest of the token's work (issue #31). Every byte is
 * used once.
 */
const TOKEN_BYTES = 32;
const pool = Buffer.alloc(TOKEN_BYTES * 128);
let poolOffset = pool.length;
export function newClaimToken(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += TOKEN_BYTES;
  return pool.toString('base64url', poolOffset - TOKEN_BYTES, poolOffset);
}
export const hashClaimToken = (token: string): string => hash('sha256', token, 'hex');
