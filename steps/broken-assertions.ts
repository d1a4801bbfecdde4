import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ProvisioningWorld } from './world';

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Ways an assertion can break the spec, as the features name them. */
export const BROKEN_ASSERTIONS: Record<string, (w: ProvisioningWorld, now: number) => Promise<string> | string> = {
  'is signed with HS512': (w, now) => {
    const input = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims(w, now))}`;
    return `${input}.${createHmac('sha512', 'guessable').update(input).digest('base64url')}`;
  },
  // Signed with the client's own registered key, but not with RS512: only RS512 is accepted.
  'is signed with RS256': (w, now) => new SignJWT(claims(w, now)).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(w.key),
  'is signed with PS512': (w, now) => new SignJWT(claims(w, now)).setProtectedHeader({ alg: 'PS512', typ: 'JWT' }).sign(w.key),
  'is not signed at all': (w, now) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(w, now))}.`,
  'names another audience': (w, now) => sign(w.key, { ...claims(w, now), aud: 'https://example.com/token' }),
  'has expired': (w, now) => sign(w.key, { ...claims(w, now), exp: now - 120 }),
  'has no expiry': (w, now) => sign(w.key, { ...claims(w, now), exp: undefined }),
  'has no unique identifier': (w, now) => sign(w.key, { ...claims(w, now), jti: undefined }),
  'has a subject other than issuer': (w, now) => sign(w.key, { ...claims(w, now), sub: 'someone-else' }),
  'comes from an unknown client': (w, now) => sign(w.key, { ...claims(w, now), iss: 'unknown-client', sub: 'unknown-client' }),
  'is signed with an unregistered key': (w, now) => sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, claims(w, now)),
};

/** A valid assertion that lives this long (RFC 7523 §3 lets a server refuse only one "unreasonably far in the future"). */
export const longLivedAssertion = (w: ProvisioningWorld, now: number, seconds: number) =>
  sign(w.key, { ...claims(w, now), exp: now + seconds });

function claims(w: ProvisioningWorld, now: number) {
  return { iss: w.target.clientId, sub: w.target.clientId, aud: w.target.tokenUrl, iat: now, exp: now + 60, jti: crypto.randomUUID() };
}

// JSON.stringify leaves out the claims set to undefined (a claim missing on purpose).
const sign = (key: KeyObject, payload: Record<string, unknown>) =>
  new SignJWT(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>).setProtectedHeader({ alg: 'RS512', typ: 'JWT' }).sign(key);
