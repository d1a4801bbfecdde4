import { createHmac } from 'node:crypto';
import type { NhsLoginAccount } from '../accounts/account';

/**
 * GP online-services linkage (IM1): an account id and a linkage key the GP system masters, released
 * by the `gp_integration_credentials` scope (Users) and claim (sign-in) alike.
 *
 * Published test data bring their own: NHS login's integration NAM stub gives the linkage of some
 * patients (by NHS number), and its sandpit sheet marks the accounts without IM1 linkage. Everyone
 * else's is derived, as the sandbox has no GP system behind it: an HMAC of the account id keyed with
 * a secret of the data folder (linkage-key.ts), stable across restarts and resets, different for
 * every account, and not computable by anyone who knows only the account id (docs/decisions.md, "Users Endpoint V2").
 */
export interface GpLinkage {
  gpUserId: string;
  gpLinkageKey: string;
}

export interface PublishedGpLinkages {
  /** The NAM stub's linkage of a patient, by NHS number. */
  byNhsNumber: ReadonlyMap<string, GpLinkage>;
  /** Accounts the published data say have no IM1 linkage. */
  withoutLinkage: ReadonlySet<string>;
}

export const NO_PUBLISHED_LINKAGES: PublishedGpLinkages = { byNhsNumber: new Map(), withoutLinkage: new Set() };

export class GpLinkages {
  constructor(
    private readonly key: Buffer,
    private readonly published: PublishedGpLinkages = NO_PUBLISHED_LINKAGES,
  ) {}

  /** The account's linkage, or undefined when it has none. */
  of(account: NhsLoginAccount): GpLinkage | undefined {
    if (this.published.withoutLinkage.has(account.id)) return undefined;
    return (account.nhsNumber && this.published.byNhsNumber.get(account.nhsNumber)) || derivedLinkage(account.id, this.key);
  }
}

function derivedLinkage(accountId: string, key: Buffer): GpLinkage {
  const digest = createHmac('sha256', key).update(`gp-linkage:${accountId}`).digest();
  const gpUserId = String((digest.readUInt32BE(0) % 9_000_000_000) + 1_000_000_000).padStart(10, '0');
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const gpLinkageKey = [...digest.subarray(4, 17)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return { gpUserId, gpLinkageKey };
}
