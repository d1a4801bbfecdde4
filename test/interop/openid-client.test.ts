import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';

/**
 * A real OAuth client library against the sandbox over HTTP: panva's openid-client v6, configured
 * only with options its documentation names — discovery(), PrivateKeyJwt with an RS512 key,
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
    const pem = readFileSync(demoClient.privateKeyPath, 'utf8');
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const privateKey = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, false, ['sign']);

    const config = await client.discovery(
      new URL(running.baseUrl),
      demoClient.clientId,
      undefined,
      client.PrivateKeyJwt(privateKey, {
        [client.modifyAssertion]: (header, payload) => {
          header.typ = 'JWT';
          payload.aud = `${running.baseUrl}/token`;
        },
      }),
      { execute: [client.allowInsecureRequests] },
    );
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
