import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import { demoClient } from '../../fixtures/clients';

/**
 * The demo client as an independent relying party, panva's openid-client v6, configured with only
 * the settings its documentation names (README "Signing in"): discovery, PrivateKeyJwt with an
 * RS512 key and modifyAssertion (typ JWT, aud = the token URL), allowInsecureRequests for plain HTTP.
 */
export async function openIdRelyingParty(baseUrl: string): Promise<client.Configuration> {
  const pem = readFileSync(demoClient.privateKeyPath, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const privateKey = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, false, ['sign']);
  return client.discovery(
    new URL(baseUrl),
    demoClient.clientId,
    undefined,
    client.PrivateKeyJwt(privateKey, {
      [client.modifyAssertion]: (header, payload) => {
        header.typ = 'JWT';
        payload.aud = `${baseUrl}/token`;
      },
    }),
    { execute: [client.allowInsecureRequests] },
  );
}
