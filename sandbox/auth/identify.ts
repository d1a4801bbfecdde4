import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ClientRegistry } from './client-registry';
import type { SigningKey } from './signing-key';

/**
 * Who really sent a request, for the conformance journal: established only by a signature that
 * verifies, never by what the request says of itself. A request the endpoint refused can still be
 * the client's own (an RS256 assertion, an expired token) and then counts against it; a request
 * anyone could have forged (unsigned, HMAC keyed with the public key, another client's key, a
 * garbage header) is attributed to no one.
 */
export type Identity = { clientId: string; verifiedBy: 'assertion-signature' | 'access-token' } | { clientId: null; unverified: string };

/**
 * The RSA signature algorithms a registered RSA key can verify (RFC 7518 §3.3, §3.5). Checking an
 * assertion signed with one of them against the claimed client's own key tells whether that
 * client signed it, even though only RS512 is accepted. HS* (keyed with a public key anyone
 * has), `none` and EC algorithms can never prove who signed.
 */
const RSA_ALGORITHMS: Record<string, { hash: string; padding: number }> = {
  RS256: { hash: 'sha256', padding: constants.RSA_PKCS1_PADDING },
  RS384: { hash: 'sha384', padding: constants.RSA_PKCS1_PADDING },
  RS512: { hash: 'sha512', padding: constants.RSA_PKCS1_PADDING },
  PS256: { hash: 'sha256', padding: constants.RSA_PKCS1_PSS_PADDING },
  PS384: { hash: 'sha384', padding: constants.RSA_PKCS1_PSS_PADDING },
  PS512: { hash: 'sha512', padding: constants.RSA_PKCS1_PSS_PADDING },
};

interface CompactJws {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

function splitJws(jws: string): CompactJws | null {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(claims)) return null;
    return { header, claims, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2]!, 'base64url') };
  } catch {
    return null;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function verifiesWith(jws: CompactJws, key: KeyObject): boolean {
  const algorithm = typeof jws.header.alg === 'string' ? RSA_ALGORITHMS[jws.header.alg] : undefined;
  if (!algorithm || !Object.hasOwn(RSA_ALGORITHMS, String(jws.header.alg))) return false;
  try {
    return verify(
      algorithm.hash,
      jws.signingInput,
      { key, padding: algorithm.padding, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      jws.signature,
    );
  } catch {
    return false;
  }
}

export interface Identifier {
  /** The registered client whose own key signed this client assertion, whatever else is wrong with it. */
  assertionSigner(assertion: string): Identity;
  /** The client this sandbox issued the access token to, expired or not. */
  accessTokenHolder(token: string): Identity;
}

export function identifier(clients: ClientRegistry, signingKey: SigningKey): Identifier {
  const sandboxKey = createPublicKey(signingKey.privateKeyObject);
  return {
    assertionSigner(assertion) {
      const jws = splitJws(assertion);
      if (!jws) return { clientId: null, unverified: 'the client assertion is not a compact JWS' };
      const claimed = typeof jws.claims.iss === 'string' ? jws.claims.iss : null;
      const client = claimed === null ? undefined : clients.get(claimed);
      if (!client)
        return { clientId: null, unverified: `the assertion names ${JSON.stringify(claimed)}, which is not a registered client` };
      const signedByClient = clients.keysFor(client).some((key) => key !== null && verifiesWith(jws, key));
      return signedByClient
        ? { clientId: client.clientId, verifiedBy: 'assertion-signature' }
        : { clientId: null, unverified: `the assertion names ${client.clientId} but no key registered for it verifies its signature` };
    },
    accessTokenHolder(token) {
      const jws = splitJws(token);
      if (!jws || jws.header.alg !== 'RS512' || !verifiesWith(jws, sandboxKey))
        return { clientId: null, unverified: 'the bearer credential is not an access token this sandbox issued' };
      const holder = jws.claims.sub;
      return typeof holder === 'string' && clients.get(holder)
        ? { clientId: holder, verifiedBy: 'access-token' }
        : { clientId: null, unverified: 'the access token names no registered client' };
    },
  };
}
