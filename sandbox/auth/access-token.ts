import { constants, randomUUID, sign } from 'node:crypto';
import { jwtVerify, errors, type JWTPayload } from 'jose';
import { nowSeconds, type Clock } from '../clock/clock';
import type { SigningKey } from './signing-key';

/**
 * Access tokens the sandbox issues: RS512 JWTs with the claims the spec lists (iss, sub = aud =
 * client id, iat, exp) plus a jti. Expiry is judged by the sandbox clock, so time travel expires them.
 * A Users Endpoint V2 token (the JWT-bearer grant) also carries the claims that spec lists:
 * `scope`, `client_id`, `requesting_system`, `reason_for_request`, `token_use`, `version`. A
 * provisioning token has no `scope`, which is how each endpoint tells the two apart.
 */
export interface AccessTokenSettings {
  key: SigningKey;
  clock: Clock;
  issuer: string;
  ttlSeconds: number;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  jti: string;
  /** The granted scopes, space-separated (Users Endpoint V2 tokens only). */
  scope?: string;
}

/** Users Endpoint V2 v1.1, "Access token claims": fixed values besides the scope. */
const usersTokenClaims = (clientId: string, scope: string) => ({
  scope,
  client_id: clientId,
  requesting_system: clientId,
  reason_for_request: 'directcare',
  token_use: 'access',
  version: 0,
});

/** A JWS part (RFC 7515 §7.1): module-level, not made per token (under tsx each closure's name is defined anew). */
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs with node:crypto's asynchronous RSA signing (RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with
 * SHA-512), which runs on libuv's thread pool: the signature is the whole cost of a token, and
 * this lets several be made at once on a multi-core machine while the event loop keeps serving.
 */
export async function issueAccessToken(clientId: string, s: AccessTokenSettings, scope?: string): Promise<IssuedAccessToken> {
  const iat = nowSeconds(s.clock);
  const jti = randomUUID();
  const input = `${part({ alg: 'RS512', typ: 'JWT', kid: s.key.kid })}.${part({ iss: s.issuer, sub: clientId, aud: clientId, iat, exp: iat + s.ttlSeconds, jti, ...(scope === undefined ? {} : usersTokenClaims(clientId, scope)) })}`;
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign('sha512', Buffer.from(input), { key: s.key.privateKeyObject, padding: constants.RSA_PKCS1_PADDING }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
  return {
    accessToken: `${input}.${signature.toString('base64url')}`,
    expiresIn: s.ttlSeconds,
    jti,
    ...(scope === undefined ? {} : { scope }),
  };
}

export type AccessTokenVerdict =
  | { ok: true; clientId: string; jti: string; expiresAt: number; /** null for a provisioning token */ scopes: string[] | null }
  | { ok: false; description: string };

/**
 * Verifies a token this sandbox signed, for every kind of access token it issues (provisioning,
 * Users Endpoint V2, signing in): the signature, the issuer, expiry on the sandbox clock and the
 * claims all of them carry; the payload, or why the token is refused.
 */
export async function verifySandboxToken(
  token: string,
  s: AccessTokenSettings,
): Promise<{ ok: true; payload: JWTPayload } | { ok: false; description: string }> {
  try {
    const { payload } = await jwtVerify(token, s.key.publicKey, {
      algorithms: ['RS512'],
      issuer: s.issuer,
      currentDate: new Date(s.clock.nowMs()),
      requiredClaims: ['sub', 'aud', 'exp', 'iat'],
      clockTolerance: 0,
    });
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, description: 'the access token has expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, description: 'the access token signature is not valid' };
    if (error instanceof errors.JWTClaimValidationFailed)
      return { ok: false, description: `the access token ${error.claim} claim is not valid` };
    return { ok: false, description: 'the access token is malformed or not issued by this sandbox' };
  }
}

export async function verifyAccessToken(token: string, s: AccessTokenSettings): Promise<AccessTokenVerdict> {
  const verified = await verifySandboxToken(token, s);
  if (!verified.ok) return verified;
  const { payload } = verified;
  if (typeof payload.sub !== 'string' || payload.aud !== payload.sub) {
    return { ok: false, description: 'the access token was not issued to a client' };
  }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
  return { ok: true, clientId: payload.sub, jti: String(payload.jti ?? ''), expiresAt: payload.exp!, scopes };
}
