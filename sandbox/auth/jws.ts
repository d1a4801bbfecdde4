import { constants, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { SigningKey } from './signing-key';

/**
 * Compact JWS (RFC 7515) signed and checked synchronously with node:crypto, RS512
 * (RSASSA-PKCS1-v1_5 with SHA-512, RFC 7518 §3.3): what the sandbox signs its own records with
 * (journal checkpoints, evidence packs). Any JOSE library verifies them (jose's compactVerify).
 */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

type JwsKey = Pick<SigningKey, 'kid' | 'privateKeyObject'>;
const signingInput = (payload: object, key: JwsKey, typ: string) => `${b64({ alg: 'RS512', kid: key.kid, typ })}.${b64(payload)}`;
const rsaKey = (key: JwsKey) => ({ key: key.privateKeyObject, padding: constants.RSA_PKCS1_PADDING });

export function signCompact(payload: object, key: JwsKey, typ: string): string {
  const input = signingInput(payload, key, typ);
  return `${input}.${sign('sha512', Buffer.from(input), rsaKey(key)).toString('base64url')}`;
}

/**
 * The same JWS (RS512 signatures are deterministic), signed on libuv's thread pool: an RSA
 * signature holds the thread for about a millisecond, which the journal's checkpoints, taken
 * while requests are being answered, should not (issue #31).
 */
export function signCompactOffThread(payload: object, key: JwsKey, typ: string): Promise<string> {
  const input = signingInput(payload, key, typ);
  return new Promise((resolve, reject) =>
    sign('sha512', Buffer.from(input), rsaKey(key), (error, signature) =>
      error ? reject(error) : resolve(`${input}.${signature.toString('base64url')}`),
    ),
  );
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
