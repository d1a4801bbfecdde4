import { randomUUID, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { jwtBearerGrantBody, tokenRequestBody } from '../auth/token-request';

/**
 * What a well-behaved GP system does: build an RS512 client assertion (RFC 7523) and exchange it
 * for an access token. Used by `npm run token`, the Gherkin steps, the tests and the bench —
 * the reference client the conformance checker must pass.
 */
export interface AssertionOptions {
  clientId: string;
  privateKey: KeyObject;
  tokenUrl: string;
  /** Seconds since the epoch; defaults to real time (pass sandbox time when it has travelled). */
  nowSeconds?: number;
  lifetimeSeconds?: number;
  kid?: string;
}

export const readPrivateKey = (pemPath: string): KeyObject => createPrivateKey(readFileSync(pemPath));

export function signClientAssertion(o: AssertionOptions): Promise<string> {
  const now = o.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT', ...(o.kid ? { kid: o.kid } : {}) })
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(o.tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.lifetimeSeconds ?? 60))
    .setJti(randomUUID())
    .sign(o.privateKey);
}

/** A provisioning token (client credentials), or with `scopes` a Users Endpoint V2 token (JWT-bearer grant). */
export async function requestAccessToken(
  o: AssertionOptions,
  scopes?: readonly string[],
): Promise<{ access_token: string; token_type: string; expires_in: number; scope?: string }> {
  const assertion = await signClientAssertion(o);
  const body = scopes === undefined ? tokenRequestBody(assertion) : jwtBearerGrantBody(assertion, scopes);
  const response = await fetch(o.tokenUrl, { method: 'POST', body });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${JSON.stringify(answer)}`);
  return answer as { access_token: string; token_type: string; expires_in: number; scope?: string };
}
