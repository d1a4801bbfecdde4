import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Every secret the sign-in hands out (session ids, transaction ids, codes, refresh tokens, CSRF
 * tokens) is 256 random bits, and the store keeps only its SHA-256: a copy of the store signs
 * nobody in and redeems nothing.
 */
export const newSecret = (): string => randomBytes(32).toString('base64url');

export const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Constant-time comparison of two strings (CSRF tokens). */
export function sameSecret(expected: string, given: string | undefined): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a typed security code matches the stored SHA-256 digest (constant time), as the claiming journey compares. */
export function codeMatchesDigest(code: string, digest: string): boolean {
  const typed = Buffer.from(digestOf(code), 'hex');
  const stored = Buffer.from(digest, 'hex');
  return typed.length === stored.length && timingSafeEqual(typed, stored);
}
