import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { nowSeconds, type Clock } from '../clock/clock';
import type { SigningKey } from './signing-key';

/**
 * Access tokens the sandbox issues: RS512 JWTs with the claims the spec lists (iss, sub = aud =
 * client id, iat, exp) plus a jti. Expiry is judged by the sandbox clock, so time travel expires them.
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
}

export async function issueAccessToken(clientId: string, s: AccessTokenSettings): Promise<IssuedAccessToken> {
  const iat = nowSeconds(s.clock);
  const jti = randomUUID();
  const accessToken = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: s.key.kid })
    .setIssuer(s.issuer)
    .setSubject(clientId)
    .setAudience(clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + s.ttlSeconds)
    .setJti(jti)
    .sign(s.key.privateKey);
  return { accessToken, expiresIn: s.ttlSeconds, jti };
}

export type AccessTokenVerdict =
  | { ok: true; clientId: string; jti: string; expiresAt: number }
  | { ok: false; description: string };

export async function verifyAccessToken(token: string, s: AccessTokenSettings): Promise<AccessTokenVerdict> {
  try {
    const { payload } = await jwtVerify(token, s.key.publicKey, {
      algorithms: ['RS512'],
      issuer: s.issuer,
      currentDate: new Date(s.clock.nowMs()),
      requiredClaims: ['sub', 'aud', 'exp', 'iat'],
      clockTolerance: 0,
    });
    if (typeof payload.sub !== 'string' || payload.aud !== payload.sub) {
      return { ok: false, description: 'the access token was not issued to a client' };
    }
    return { ok: true, clientId: payload.sub, jti: String(payload.jti ?? ''), expiresAt: payload.exp! };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, description: 'the access token has expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, description: 'the access token signature is not valid' };
    if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, description: `the access token ${error.claim} claim is not valid` };
    return { ok: false, description: 'the access token is malformed or not issued by this sandbox' };
  }
}
