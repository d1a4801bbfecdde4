import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { claimedPatient } from '../support/claimed-patient';
import { latestSecurityCode } from '../support/harness';
import { openIdClientFor, wellBehavedAuthorization } from '../support/openid-client-rp';
import { SignInDriver } from '../support/sign-in-driver';

/**
 * An independent relying party, panva's openid-client v6, signs a freshly claimed patient in over
 * real HTTP with only the settings its documentation names (openid-client-rp.ts). The patient's
 * part (email, password, texted code) is played by a browser-less form driver; the code comes back
 * on the registered loopback redirect URI.
 */
let running: StartedSandbox;
let config: client.Configuration;
const redirectUri = 'http://127.0.0.1:53682/callback';

beforeAll(async () => {
  running = await startSandbox(testConfig());
  config = await openIdClientFor(running.baseUrl, demoClient);
});
afterAll(() => running?.stop());

const driver = () => new SignInDriver((url, init) => fetch(url, init), running.baseUrl);

describe('openid-client v6 signs a claimed patient in', () => {
  it('discovery → authorize → code grant (RS512 private_key_jwt) → verified ID token → userinfo; the code works once', async () => {
    const patient = await claimedPatient(running, p.newPatient);
    const { url, checks } = await wellBehavedAuthorization(config, redirectUri, 'openid profile email phone');
    const { expectedState: state, expectedNonce: nonce, pkceCodeVerifier: verifier } = checks;
    const person = driver();
    await person.open(url.href);
    expect(person.heading).toBe('Enter your email address');
    const back = await person.signIn(patient.email, patient.password, () => latestSecurityCode(running.sandbox, p.newPatient.mobile!));

    const tokens = await client.authorizationCodeGrant(config, back, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: config.serverMetadata().issuer,
      aud: demoClient.clientId,
      nonce,
      nhs_number: p.newPatient.nhsNumber,
      family_name: 'Newcombe',
      birthdate: '1985-03-14',
      vot: 'P9.Cp.Cd',
      identity_proofing_level: 'P9',
    });
    expect(claims.vtm).toMatch(/\/trustmark\//);
    expect(tokens.refresh_token).toBeTruthy();

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({
      sub: claims.sub,
      nhs_number: p.newPatient.nhsNumber,
      email: p.newPatient.email,
      email_verified: true,
      phone_number: p.newPatient.mobile,
      phone_number_verified: true,
    });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // The same code again: invalid_grant, HTTP 400.
    await expect(
      client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }),
    ).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
  });

  it('prompt=none without a session comes back with sso_login_required', async () => {
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state,
      nonce: client.randomNonce(),
      prompt: 'none',
    });
    const back = (await driver().open(url.href)) as URL;
    await expect(client.authorizationCodeGrant(config, back, { expectedState: state })).rejects.toMatchObject({
      error: 'sso_login_required',
    });
  });

  it('never redirects to an unregistered redirect URI', async () => {
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'https://attacker.example/callback',
      scope: 'openid',
      state: client.randomState(),
      nonce: client.randomNonce(),
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});
