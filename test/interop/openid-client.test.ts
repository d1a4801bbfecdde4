import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { nhsLoginClient } from '../../examples/relying-party/nhs-login-client';

/**
 * A real OAuth client library against the sandbox over HTTP: panva's openid-client v6, configured
 * as the example relying party configures it (examples/relying-party/nhs-login-client.ts), only
 * with options its documentation names — discovery(), PrivateKeyJwt with an RS512 key,
 * modifyAssertion to give the assertion the typ and aud the specification asks for, and
 * allowInsecureRequests for the sandbox's plain HTTP.
 */
let running: StartedSandbox;
beforeAll(async () => {
  running = await startSandbox(testConfig());
});
afterAll(() => running.stop());

describe('openid-client v6', () => {
  it('discovers the sandbox, gets a token with private_key_jwt (RS512) and provisions a patient', async () => {
    const config = await nhsLoginClient({
      issuer: running.baseUrl,
      clientId: demoClient.clientId,
      privateKeyPath: demoClient.privateKeyPath,
    });
    expect(config.serverMetadata().token_endpoint).toBe(`${running.baseUrl}/token`);

    const tokens = await client.clientCredentialsGrant(config);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    const response = await client.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(`${running.baseUrl}/provision-account`),
      'POST',
      JSON.stringify(requestFor(p.newPatient)),
      new Headers({ 'content-type': 'application/json' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 'create' });
  });
});
