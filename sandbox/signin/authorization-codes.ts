import { createHash, randomUUID } from 'node:crypto';
import type { Collection, Store } from '../store/store';
import { AUTHORIZATION_CODE_TTL_SECONDS } from './lifetimes';
import { digestOf, newSecret, sameSecret } from './secrets';
import type { SignInScope } from './sign-in-scopes';
import type { Vector } from './vectors-of-trust';

/**
 * Authorization codes (CID-IS-F v2.1 §3.4.4, §4.4): single use, bound to the client and the
 * redirect URI they were issued for, 10 minutes on the sandbox clock. Only the code's SHA-256 is
 * stored. A code presented a second time is refused and every token issued from it is revoked
 * (RFC 6749 §4.1.2: the server SHOULD revoke them), through the refresh-token family it started.
 */
export interface SignInGrant {
  clientId: string;
  accountId: string;
  scopes: SignInScope[];
  vot: Vector;
  authTimeMs: number;
}

export interface AuthorizationCodeRecord extends SignInGrant {
  digest: string;
  redirectUri: string;
  nonce: string;
  codeChallenge: string | null;
  expiresAtMs: number;
  /** The refresh-token family this code starts (revoked with it on a replay). */
  family: string;
  redeemedAtMs?: number;
}

export type Redemption = { ok: true; record: AuthorizationCodeRecord } | { ok: false; description: string; replayedFamily?: string };

export class AuthorizationCodes {
  readonly #codes: Collection<AuthorizationCodeRecord>;

  constructor(store: Store) {
    this.#codes = store.collection<AuthorizationCodeRecord>('authorizationCodes');
  }

  /** Issues a code for this grant; call inside a store transaction. */
  issue(grant: SignInGrant & { redirectUri: string; nonce: string; codeChallenge: string | null }, nowMs: number): string {
    const code = newSecret();
    const digest = digestOf(code);
    this.#codes.put(digest, { ...grant, digest, expiresAtMs: nowMs + AUTHORIZATION_CODE_TTL_SECONDS * 1000, family: randomUUID() });
    return code;
  }

  /**
   * Redeems a code (RFC 6749 §4.1.3): it must exist, be unused and unexpired, and have been
   * issued to this client for this redirect URI; with PKCE, the verifier must match (RFC 7636 §4.6).
   * Call inside a store transaction: marking it used lands with the tokens it buys.
   */
  redeem(code: string, clientId: string, redirectUri: string, codeVerifier: string | undefined, nowMs: number): Redemption {
    const record = this.#codes.get(digestOf(code));
    if (!record) return { ok: false, description: 'the authorization code is not one this sandbox issued' };
    if (record.redeemedAtMs !== undefined) {
      return {
        ok: false,
        description: 'the authorization code has already been used (its tokens are revoked)',
        replayedFamily: record.family,
      };
    }
    if (record.clientId !== clientId) return { ok: false, description: 'the authorization code was issued to another client' };
    if (record.expiresAtMs <= nowMs) return { ok: false, description: 'the authorization code has expired (codes live 10 minutes)' };
    if (record.redirectUri !== redirectUri)
      return { ok: false, description: 'redirect_uri is not the one the authorization code was issued for' };
    if (record.codeChallenge !== null) {
      if (codeVerifier === undefined)
        return { ok: false, description: 'code_verifier is required: the authorization request sent a code_challenge' };
      const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
      if (!sameSecret(record.codeChallenge, challenge))
        return { ok: false, description: 'code_verifier does not match the code_challenge' };
    }
    const redeemed = { ...record, redeemedAtMs: nowMs };
    this.#codes.put(record.digest, redeemed);
    return { ok: true, record: redeemed };
  }
}
