import * as client from 'openid-client';
import { nhsLoginClient } from '../../examples/relying-party/nhs-login-client';
import type { ClientFixture } from '../../fixtures/clients';

/** panva's openid-client v6 as a relying party of a running sandbox, configured as the example relying party is (examples/relying-party/nhs-login-client.ts). */
export function openIdClientFor(baseUrl: string, fixture: Pick<ClientFixture, 'clientId' | 'privateKeyPath'>) {
  return nhsLoginClient({ issuer: baseUrl, clientId: fixture.clientId, privateKeyPath: fixture.privateKeyPath });
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
