import { constants, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { SigningKey } from './signing-key';

/**
 * Compact JWS (RFC 7515) signed and checked synchronously with node:crypto, RS512
 * (RSASSA-PKCS1-v1_5 with SHA-512, RFC 7518 §3.3): what the sandbox signs its own records with
 * (journal checkpoints, evidence packs). Any JOSE library verifies them (jose's compactVerify).
 */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signCompact(payload: object, key: Pick<SigningKey, 'kid' | 'privateKeyObject'>, typ: string): string {
  const input = `${b64({ alg: 'RS512', kid: key.kid, typ })}.${b64(payload)}`;
  const signature = sign('sha512', Buffer.from(input), { key: key.privateKeyObject, padding: constants.RSA_PKCS1_PADDING });
  return `${input}.${signature.toString('base64url')}`;
}

/** The payload when the JWS verifies with `publicKey` under RS512, else null. */
export function verifyCompact(jws: string, publicKey: KeyObject): Record<string, unknown> | null {
  const parts = jws.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'RS512') return null;
    const ok = verify(
      'sha512',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(parts[2]!, 'base64url'),
    );
    return ok ? (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const publicKeyOf = (key: Pick<SigningKey, 'privateKeyObject'>): KeyObject => createPublicKey(key.privateKeyObject);
