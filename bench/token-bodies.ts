import type { KeyObject } from 'node:crypto';
import { demoClient } from '../fixtures/clients';
import { tokenRequestBody } from '../sandbox/auth/token-request';
import { signClientAssertion } from '../sandbox/gp-client/client-assertion-signer';

/**
 * `count` token request bodies for the demo client, each with a fresh assertion (its own jti),
 * signed before a run so the load generator spends its core sending, not signing: in batches of
 * 64, so the thread pool signs them on every core.
 */
export async function signedTokenBodies(count: number, tokenUrl: string, privateKey: KeyObject): Promise<string[]> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const bodies: string[] = [];
  while (bodies.length < count) {
    const batch = await Promise.all(
      Array.from({ length: 64 }, () =>
        signClientAssertion({ clientId: demoClient.clientId, privateKey, tokenUrl, nowSeconds, lifetimeSeconds: 290 }),
      ),
    );
    bodies.push(...batch.map((assertion) => tokenRequestBody(assertion).toString()));
  }
  return bodies;
}
