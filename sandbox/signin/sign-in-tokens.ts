import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { verifySandboxToken, type AccessTokenSettings } from '../auth/access-token';
import { nowSeconds } from '../clock/clock';
import type { SignInGrant } from './authorization-codes';
import { ID_TOKEN_TTL_SECONDS } from './lifetimes';

/**
 * The tokens a sign-in earns (CID-IS-F v2.1 §4), signed RS512 with the sandbox's one key (the
 * JWKS every other token verifies with), header `alg`, `typ: JWT` (§4.1) and `kid`, lifetimes
 * on the sandbox clock. The issuer is read at signing time, so it follows a rebased URL, and is
 * byte for byte the discovery document's `issuer`.
 *
 * - ID token (§4.2): iss, sub, aud, exp, iat, jti, nonce, auth_time, vot, vtm, and the person's
 *   claims the scopes release there (user-claims.ts).
 * - Access token (§4.5): a JWT with iss, sub, aud (the client), exp, iat, jti, scope, auth_time,
 *   vot, vtm and client_id, plus nhs_number when profile released it; `token_use: access`, as the
 *   sandpit's do. UserInfo accepts only these (they alone carry a `vot`).
 */
export interface SignInTokenSettings {
  /** The sandbox's token settings: key, clock, issuer (rebased with the sandbox) and access-token lifetime. */
  tokens: AccessTokenSettings;
}

/** A deliberate fault in an ID token, for relying parties to prove they check (faults queued from the admin API). */
export type IdTokenFault = 'expired-id-token' | 'wrongly-signed-id-token' | 'missing-claim' | 'wrong-nonce';

/** `vtm`: the trustmark URL, `{issuer}/trustmark/{issuer host}` as the sandpit's tokens have it. */
export function trustmark(issuer: string): string {
  const base = issuer.replace(/\/$/, '');
  return `${base}/trustmark/${new URL(base).host}`;
}

/** A key no JWKS ever lists: what a "wrongly signed" ID token is signed with. */
let strangerKey: ReturnType<typeof generateKeyPairSync>['privateKey'] | null = null;

export async function signIdToken(
  s: SignInTokenSettings,
  grant: SignInGrant & { nonce: string },
  userClaims: Record<string, unknown>,
  fault: IdTokenFault | null = null,
): Promise<string> {
  const { tokens } = s;
  const iat = nowSeconds(tokens.clock) - (fault === 'expired-id-token' ? 2 * ID_TOKEN_TTL_SECONDS : 0);
  const claims: Record<string, unknown> = {
    ...userClaims,
    sub: userClaims.sub ?? grant.accountId,
    nonce: fault === 'wrong-nonce' ? `not-${grant.nonce}` : grant.nonce,
    auth_time: Math.floor(grant.authTimeMs / 1000),
    vot: grant.vot.text,
    vtm: trustmark(tokens.issuer),
  };
  if (fault === 'missing-claim') delete claims.vot;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: tokens.key.kid })
    .setIssuer(tokens.issuer)
    .setAudience(grant.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_SECONDS)
    .setJti(randomUUID());
  if (fault !== 'wrongly-signed-id-token') return jwt.sign(tokens.key.privateKey);
  strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return jwt.sign(strangerKey);
}

export async function signAccessToken(
  s: SignInTokenSettings,
  grant: SignInGrant,
  nhsNumber: string | undefined,
): Promise<{ accessToken: string; expiresIn: number; jti: string }> {
  const { tokens } = s;
  const iat = nowSeconds(tokens.clock);
  const jti = randomUUID();
  const accessToken = await new SignJWT({
    scope: grant.scopes.join(' '),
    auth_time: Math.floor(grant.authTimeMs / 1000),
    vot: grant.vot.text,
    vtm: trustmark(tokens.issuer),
    client_id: grant.clientId,
    token_use: 'access',
    ...(nhsNumber ? { nhs_number: nhsNumber } : {}),
  })
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: tokens.key.kid })
    .setIssuer(tokens.issuer)
    .setSubject(grant.accountId)
    .setAudience(grant.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + tokens.ttlSeconds)
    .setJti(jti)
    .sign(tokens.key.privateKey);
  return { accessToken, expiresIn: tokens.ttlSeconds, jti };
}

export type SignInAccessVerdict =
  { ok: true; accountId: string; clientId: string; scopes: string[]; vot: string } | { ok: false; description: string };

/** Verifies an access token a sign-in earned: signature, issuer, expiry on the sandbox clock, and that it is one (it has a `vot`). */
export async function verifySignInAccessToken(s: SignInTokenSettings, token: string): Promise<SignInAccessVerdict> {
  const verified = await verifySandboxToken(token, s.tokens);
  if (!verified.ok) return verified;
  const { payload } = verified;
  if (
    typeof payload.vot !== 'string' ||
    typeof payload.client_id !== 'string' ||
    typeof payload.sub !== 'string' ||
    payload.token_use !== 'access'
  )
    return {
      ok: false,
      description: 'the access token was not issued by signing in (use the access token from the authorization code grant)',
    };
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return { ok: true, accountId: payload.sub, clientId: payload.client_id, scopes, vot: payload.vot };
}
