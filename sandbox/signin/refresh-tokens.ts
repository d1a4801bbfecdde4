import type { Collection, Store } from '../store/store';
import type { SignInGrant } from './authorization-codes';
import { REFRESH_TOKEN_TTL_SECONDS } from './lifetimes';
import { digestOf, newSecret } from './secrets';

/**
 * Refresh tokens (CID-IS-F v2.1 §3.5, §4.4): opaque, 30 days on the sandbox clock, rotated: each
 * use returns a new one and spends the old (the spec asks for "the latest valid refresh token").
 * A spent token presented again is a replay (RFC 9700 §4.14.2): it is refused and its whole
 * family, every token descended from the same sign-in, is revoked. Only digests are stored.
 */
export interface RefreshTokenRecord extends SignInGrant {
  digest: string;
  family: string;
  expiresAtMs: number;
  spentAtMs?: number;
}

export type RefreshUse = { ok: true; record: RefreshTokenRecord } | { ok: false; description: string };

export class RefreshTokens {
  readonly #tokens: Collection<RefreshTokenRecord>;
  readonly #revokedFamilies: Collection<{ revokedAtMs: number }>;

  constructor(store: Store) {
    this.#tokens = store.collection<RefreshTokenRecord>('refreshTokens');
    this.#revokedFamilies = store.collection<{ revokedAtMs: number }>('revokedTokenFamilies');
  }

  /** Issues a refresh token in this family; call inside a store transaction. */
  issue(grant: SignInGrant, family: string, nowMs: number): string {
    const token = newSecret();
    const digest = digestOf(token);
    this.#tokens.put(digest, { ...grant, digest, family, expiresAtMs: nowMs + REFRESH_TOKEN_TTL_SECONDS * 1000 });
    return token;
  }

  /** The record of a token, spent or not, without touching it. */
  find(token: string): RefreshTokenRecord | undefined {
    return this.#tokens.get(digestOf(token));
  }

  /** Spends a refresh token presented by this client; call inside a store transaction. */
  spend(token: string, clientId: string, nowMs: number): RefreshUse {
    const record = this.#tokens.get(digestOf(token));
    if (!record) return { ok: false, description: 'the refresh token is not one this sandbox issued' };
    if (record.clientId !== clientId) return { ok: false, description: 'the refresh token was issued to another client' };
    if (this.#revokedFamilies.has(record.family)) return { ok: false, description: 'the refresh token has been revoked' };
    if (record.spentAtMs !== undefined) {
      this.revokeFamily(record.family, nowMs);
      return {
        ok: false,
        description: 'the refresh token has already been used: use the latest one (every token from this sign-in is now revoked)',
      };
    }
    if (record.expiresAtMs <= nowMs) return { ok: false, description: 'the refresh token has expired (refresh tokens live 30 days)' };
    const spent = { ...record, spentAtMs: nowMs };
    this.#tokens.put(record.digest, spent);
    return { ok: true, record: spent };
  }

  revokeFamily(family: string, nowMs: number): void {
    if (!this.#revokedFamilies.has(family)) this.#revokedFamilies.put(family, { revokedAtMs: nowMs });
  }

  isRevoked(family: string): boolean {
    return this.#revokedFamilies.has(family);
  }
}
