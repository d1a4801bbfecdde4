import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import type { ClientFixture } from '../../fixtures/clients';

/**
 * panva's openid-client v6 configured as a relying party of a running sandbox, with only the
 * settings its documentation names (README "Signing in"): discovery, PrivateKeyJwt with the
 * client's RS512 key and modifyAssertion (typ JWT, aud = the token URL, not its default the
 * issuer), allowInsecureRequests for plain HTTP.
 */
export async function openIdClientFor(baseUrl: string, fixture: Pick<ClientFixture, 'clientId' | 'privateKeyPath'>) {
  const pem = readFileSync(fixture.privateKeyPath, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const privateKey = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, false, ['sign']);
  return client.discovery(
    new URL(baseUrl),
    fixture.clientId,
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

/** A well-behaved authorization request: fresh state and nonce, PKCE S256; what the code grant must then expect. */
export async function wellBehavedAuthorization(config: client.Configuration, redirectUri: string, scope: string) {
  const checks = {
    expectedState: client.randomState(),
    expectedNonce: client.randomNonce(),
    pkceCodeVerifier: client.randomPKCECodeVerifier(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    code_challenge: await client.calculatePKCECodeChallenge(checks.pkceCodeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, checks };
}
