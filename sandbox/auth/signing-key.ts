import { createPrivateKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type CryptoKey, type JWK } from 'jose';

/**
 * The sandbox's own RS512 key, which signs access tokens. Kept in the data folder so tokens
 * survive a restart; generated on first start (memory storage: a fresh one each start).
 */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The same private key for node:crypto, which signs on the thread pool (access-token.ts). */
  privateKeyObject: KeyObject;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** Memory storage shares one generated key per process: RSA key generation costs ~0.3 s. */
let processKey: Promise<JWK> | null = null;
const generatePrivateJwk = async () => exportJWK((await generateKeyPair('RS512', { modulusLength: 2048, extractable: true })).privateKey);

export async function loadOrCreateSigningKey(dataDir: string | null): Promise<SigningKey> {
  const file = dataDir ? path.join(dataDir, 'signing-key.private.jwk.json') : null;
  let privateJwk: JWK | null = null;
  if (file) {
    try {
      privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') privateJwk = null;
      else if (error instanceof SyntaxError)
        throw new Error(`${file} is not a JSON private key: delete it and the sandbox makes a new one (tokens it issued stop verifying)`, {
          cause: error,
        });
      else throw error;
    }
    // The file is there but holds no key (the JSON null, a number…): refused, never overwritten.
    if (
      privateJwk !== null ||
      (await readFile(file, 'utf8').then(
        () => true,
        () => false,
      ))
    ) {
      if (typeof privateJwk !== 'object' || privateJwk === null || Array.isArray(privateJwk))
        throw new Error(`${file} is not an RSA private JWK: delete it and the sandbox makes a new one (tokens it issued stop verifying)`);
    }
    if (privateJwk && (privateJwk.kty !== 'RSA' || typeof privateJwk.d !== 'string')) {
      throw new Error(`${file} is not an RSA private JWK: delete it and the sandbox makes a new one (tokens it issued stop verifying)`);
    }
  }
  if (!privateJwk && !file) privateJwk = await (processKey ??= generatePrivateJwk());
  if (!privateJwk) {
    privateJwk = await generatePrivateJwk();
    if (file) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d, p, q, dp, dq, qi, ...publicPart } = privateJwk;
  void [d, p, q, dp, dq, qi];
  const kid = await calculateJwkThumbprint(publicPart);
  return {
    kid,
    privateKey: (await importJWK(privateJwk, 'RS512')) as CryptoKey,
    privateKeyObject: createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' }),
    publicKey: (await importJWK(publicPart, 'RS512')) as CryptoKey,
    publicJwk: { ...publicPart, kid, alg: 'RS512', use: 'sig' },
  };
}
