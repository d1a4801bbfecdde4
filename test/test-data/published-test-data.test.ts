import { MailpitClient } from 'mailpit-api';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { testConfig } from '../../sandbox/config/config';
import { readPrivateKey, requestAccessToken } from '../../sandbox/gp-client/client-assertion-signer';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { provisioningScenarios } from '../../scenarios/catalogue';
import { usersScenarios } from '../../scenarios/users-lookups';
import type { Sandbox } from '../../sandbox/sandbox';
import type { TestDataSet } from '../../sandbox/test-data/environments';
import { ClaimDriver } from '../support/claim-driver';
import { lookUpUsers, testSandbox, tokenFor, usersTokenFor } from '../support/harness';
import { playUsersScenario, usersAnswerMismatches } from '../support/users-scenario-player';
import { CLAIMED_PASSWORD } from '../support/claimed-patient';
import { openIdClientFor } from '../support/openid-client-rp';
import { SignInDriver } from '../support/sign-in-driver';

/**
 * NHS login's published test data, offline (issue #34 part 2): a sandbox started with TEST_DATA
 * holds the sandpit's or integration's identities as published, and a supplier's tests written
 * against those environments run against it over real HTTP, with the static security code 190696.
 */
const PUBLISHED_PASSWORD = 'Passw0rd$1';
const STATIC_CODE = '190696';
const PUBLISHED_MOBILE = '+447887510887';

async function usersToken(baseUrl: string, environmentHost: string): Promise<string> {
  const { access_token } = await requestAccessToken(
    { clientId: demoClient.clientId, privateKey: readPrivateKey(demoClient.privateKeyPath), tokenUrl: `${baseUrl}/token` },
    [`https://${environmentHost}/Users.retrieve`, 'profile', 'profile_extended', 'email', 'gp_integration_credentials'],
  );
  return access_token;
}

async function lookUp(baseUrl: string, token: string, filter: string) {
  const response = await fetch(`${baseUrl}/v2/Users?filter=${encodeURIComponent(filter)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { Resources: Record<string, any>[] }).Resources;
}

const extension = (user: Record<string, any> | undefined) => user?.['uk:nhs:login:auth:1.0:User'] as Record<string, any>;

async function adminPost(baseUrl: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}/_sandbox${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A sandbox started over real sockets with this test data for the tests of one describe block. */
function sandboxStartedWith(testData: TestDataSet): { running: StartedSandbox } {
  const started = {} as { running: StartedSandbox };
  beforeAll(async () => {
    started.running = await startSandbox(testConfig({ testData }));
  });
  afterAll(() => started.running?.stop());
  return started;
}

describe('TEST_DATA=sandpit', () => {
  const started = sandboxStartedWith('sandpit');

  it('says in its banner and on its console that it stands in for the sandpit, with the static code', async () => {
    expect(started.running.banner).toMatch(
      /Stands in for\s+NHS login sandpit \(auth\.sandpit\.signin\.nhs\.uk\).*security code always 190696/,
    );
    const consolePage = await (await fetch(`${started.running.baseUrl}/`)).text();
    expect(consolePage).toMatch(/Stands in for NHS login sandpit \(auth\.sandpit\.signin\.nhs\.uk\).*security code always 190696/);
  });

  it('a relying party signs testuserlive@demo.signin.nhs.uk in with Passw0rd$1 and 190696 and receives NHS number 9686368973 at P9', async () => {
    const config = await openIdClientFor(started.running.baseUrl, demoClient);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:53682/callback',
      scope: 'openid profile',
      state,
      nonce,
    });
    const person = new SignInDriver((address, init) => fetch(address, init), started.running.baseUrl);
    await person.open(url.href);
    const back = await person.signIn('testuserlive@demo.signin.nhs.uk', PUBLISHED_PASSWORD, async () => STATIC_CODE);
    const tokens = await client.authorizationCodeGrant(config, back, { expectedState: state, expectedNonce: nonce });
    expect(tokens.claims()).toMatchObject({
      nhs_number: '9686368973',
      identity_proofing_level: 'P9',
      family_name: 'MILLAR',
      birthdate: '1968-02-12',
    });
  });

  it('refuses a code other than the static one', async () => {
    const config = await openIdClientFor(started.running.baseUrl, demoClient);
    const person = new SignInDriver((address, init) => fetch(address, init), started.running.baseUrl);
    await person.open(
      client.buildAuthorizationUrl(config, { redirect_uri: 'http://127.0.0.1/callback', scope: 'openid', state: 's', nonce: 'n' }).href,
    );
    await person.press('Continue', { 'Email address': 'testuserlive+3@demo.signin.nhs.uk' });
    await person.press('Continue', { Password: PUBLISHED_PASSWORD });
    const page = await person.press('Continue', { 'Security code': '123456' });
    expect(page).not.toBeInstanceOf(URL);
    expect(person.errors.join(' ')).toMatch(/code/i);
  });

  it('the Users endpoint finds the account by email, in the sandpit spelling of the retrieve scope', async () => {
    const token = await usersToken(started.running.baseUrl, 'auth.sandpit.signin.nhs.uk');
    const [user] = await lookUp(started.running.baseUrl, token, 'email eq "testuserlive@demo.signin.nhs.uk"');
    expect(user?.userName).toBe('testuserlive@demo.signin.nhs.uk');
    expect(extension(user)).toMatchObject({ nhsNumber: '9686368973', vectorsOfTrust: { IdentityProofing: 'P9' }, birthdate: '1968-02-12' });
  });

  it('a test-data request moves an account to P5; the next lookup shows it, and the journal shows the request', async () => {
    const email = 'testuserlive+1@demo.signin.nhs.uk';
    const token = await usersToken(started.running.baseUrl, 'auth.sandpit.signin.nhs.uk');
    expect(extension((await lookUp(started.running.baseUrl, token, `email eq "${email}"`))[0]).vectorsOfTrust.IdentityProofing).toBe('P9');

    const moved = await adminPost(started.running.baseUrl, '/test-data/proofing-level', { email, level: 'P5' });
    expect(moved).toMatchObject({ status: 200, body: { email, identityLevel: 'P5' } });
    expect(extension((await lookUp(started.running.baseUrl, token, `email eq "${email}"`))[0]).vectorsOfTrust.IdentityProofing).toBe('P5');

    // Journalled like every test-interface change, with what was asked (conformance reports show it).
    expect(started.running.sandbox.journal.actions()).toContainEqual(
      expect.objectContaining({ path: '/test-data/proofing-level', status: 200, detail: { email, level: 'P5' } }),
    );
  });

  it('POST /_sandbox/reset undoes test-data requests: the account is at its published level again', async () => {
    const email = 'testuserlive+5@demo.signin.nhs.uk';
    const token = await usersToken(started.running.baseUrl, 'auth.sandpit.signin.nhs.uk');
    const level = async () =>
      extension((await lookUp(started.running.baseUrl, token, `email eq "${email}"`))[0]).vectorsOfTrust.IdentityProofing;
    expect((await adminPost(started.running.baseUrl, '/test-data/proofing-level', { email, level: 'P0' })).status).toBe(200);
    expect(await level()).toBe('P0');
    expect((await fetch(`${started.running.baseUrl}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
    expect(await level()).toBe('P9');
  });

  it('refuses test-data requests it cannot carry out, each with a reason', async () => {
    expect(
      await adminPost(started.running.baseUrl, '/test-data/proofing-level', { email: 'nobody@demo.signin.nhs.uk', level: 'P5' }),
    ).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect(
      await adminPost(started.running.baseUrl, '/test-data/proofing-level', { email: 'testuserlive@demo.signin.nhs.uk', level: 'P7' }),
    ).toMatchObject({
      status: 400,
    });
  });

  it('a frozen PDS trace keeps the demographics the account had; unfrozen, it follows PDS again', async () => {
    const email = 'testuserlive+4@demo.signin.nhs.uk';
    const token = await usersToken(started.running.baseUrl, 'auth.sandpit.signin.nhs.uk');
    const familyName = async () => (await lookUp(started.running.baseUrl, token, `email eq "${email}"`))[0]?.name?.familyName;
    expect(await familyName()).toBe('LEACH');

    expect((await adminPost(started.running.baseUrl, '/test-data/pds-trace', { email, frozen: true })).status).toBe(200);
    const renamed = await fetch(`${started.running.baseUrl}/_sandbox/pds/patients/9658218881`, {
      method: 'PATCH',
      body: JSON.stringify({ familyName: 'RENAMED' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(renamed.status).toBe(200);
    expect(await familyName()).toBe('LEACH');

    expect((await adminPost(started.running.baseUrl, '/test-data/pds-trace', { email, frozen: false })).status).toBe(200);
    expect(await familyName()).toBe('RENAMED');
  });
});

describe('TEST_DATA=integration', () => {
  const started = sandboxStartedWith('integration');

  it('a GP system provisions a published patient, who claims with 190696 and is found with the NAM stub linkage', async () => {
    // CURLEY Enoch: on the patients sheet at B85036, and in the NAM stub (linkage key YCRPyPSEUARa0, account 9422353611).
    const email = 'enoch.curley@example.com';
    const { access_token } = await requestAccessToken({
      clientId: demoClient.clientId,
      privateKey: readPrivateKey(demoClient.privateKeyPath),
      tokenUrl: `${started.running.baseUrl}/token`,
    });
    const provisioned = await fetch(`${started.running.baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify({
        nhs_number: '9686368620',
        email_address: email,
        date_of_birth: '1975-03-08',
        ods_code: 'B85036',
        phone_number: PUBLISHED_MOBILE,
      }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    });
    expect(provisioned.status).toBe(200);

    const message = await new MailpitClient(started.running.sandbox.mailpitUrl).waitForMessage(
      { query: `to:${email} subject:"NHS login"` },
      { timeout: 10_000, interval: 25 },
    );
    const link = /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/.exec(message.Text)![0];

    const patient = new ClaimDriver((path, init) => fetch(`${started.running.baseUrl}${path}`, init));
    await patient.open(link);
    await patient.continueFromStart();
    await patient.enterCode(STATIC_CODE);
    await patient.answerDetails('yes');
    await patient.createPassword(CLAIMED_PASSWORD);
    expect(patient.heading).toMatch(/set up an NHS login/);

    // The conformance checker judges the GP system on the published patient as on any other, and says which data it ran on.
    const report = (await (await fetch(`${started.running.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)).json()) as {
      summary: { mustFailed: number };
      configuration: Record<string, unknown>;
    };
    expect(report.summary.mustFailed).toBe(0);
    expect(report.configuration).toMatchObject({ test_data: 'integration', static_security_code: true });

    const token = await usersToken(started.running.baseUrl, 'auth.aos.signin.nhs.uk');
    const [user] = await lookUp(started.running.baseUrl, token, 'nhsnumber eq "9686368620"');
    expect(extension(user)).toMatchObject({
      vectorsOfTrust: { IdentityProofing: 'P9' },
      gpUserId: '9422353611',
      gpLinkageKey: 'YCRPyPSEUARa0',
    });
  });

  it('holds the published P0 account, without an NHS number', async () => {
    const token = await usersToken(started.running.baseUrl, 'auth.aos.signin.nhs.uk');
    const [user] = await lookUp(started.running.baseUrl, token, 'email eq "testuserlive+3@demo.signin.nhs.uk"');
    expect(extension(user).vectorsOfTrust.IdentityProofing).toBe('P0');
    expect(extension(user).nhsNumber).toBeUndefined();
  });
});

describe.each(['sandpit', 'integration'] as const)('TEST_DATA=%s keeps the catalogues working', (testData) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await testSandbox({ testData });
  });
  afterAll(() => sandbox?.close());

  it('every provisioning scenario answers what the catalogue expects', async () => {
    for (const scenario of provisioningScenarios) {
      await sandbox.reset();
      const answer = await sandbox.app.request(`/_sandbox/scenarios/${scenario.id}/provision`, { method: 'POST' });
      const body = (await answer.json()) as Record<string, any>;
      expect({ id: scenario.id, code: body.response?.code }).toEqual({ id: scenario.id, code: scenario.expectedCode });
    }
  });

  it('every Users Endpoint V2 scenario answers what the catalogue expects', async () => {
    for (const scenario of usersScenarios) {
      await sandbox.reset({ clients: true });
      const answer = await playUsersScenario(scenario, {
        baseUrl: sandbox.config.publicBaseUrl,
        token: (client, scopes) => (scopes === null ? tokenFor(sandbox, client) : usersTokenFor(sandbox, scopes, client)),
        approve: async (client, scopes) => void (await sandbox.clients.approveScopes(client, scopes as never)),
        lookUp: (token, filter) => lookUpUsers(sandbox, token, filter ?? undefined),
      });
      expect({ id: scenario.id, mismatches: usersAnswerMismatches(scenario, answer, sandbox.config.publicBaseUrl) }).toEqual({
        id: scenario.id,
        mismatches: [],
      });
    }
  });
});
