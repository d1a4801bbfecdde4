import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { decodeJwt } from 'jose';
import { CLAIMED_PASSWORD } from '../test/support/claimed-patient';
import { SignInDriver } from '../test/support/sign-in-driver';
import type { ProvisioningWorld } from './world';

/**
 * Signing in, driven as a person and a relying party would: the authorization URL, the pages by
 * their labels and buttons (SignInDriver), the code grant with the target client's RS512
 * assertion. The claiming steps (claim.steps.ts) leave the patient with a password.
 */
const REDIRECT_URI = 'http://127.0.0.1:9/callback';
type SignInWorld = ProvisioningWorld & {
  signIn?: { driver: SignInDriver; nonce: string; startedAt: string; back?: URL; code?: string; accessToken?: string };
};

function authorizeUrl(world: SignInWorld, extra: Record<string, string | null> = {}) {
  const nonce = `nonce-${Math.random().toString(36).slice(2)}`;
  const query = new URLSearchParams({
    client_id: world.target.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile',
    state: 'feature-state',
    nonce,
  });
  for (const [name, value] of Object.entries(extra))
    if (value === null) query.delete(name);
    else query.set(name, value);
  world.signIn = {
    driver: new SignInDriver((url, init) => fetch(url, init), world.target.baseUrl),
    nonce,
    // The conformance report is read from here on: earlier scenarios' traffic is not this one's.
    startedAt: new Date().toISOString(),
  };
  return `${world.target.baseUrl}/authorize?${query}`;
}

async function securityCode(world: ProvisioningWorld): Promise<string> {
  const text = await world.admin('GET', `/sms/latest?to=${encodeURIComponent(world.patient!.mobile!)}`);
  return /\b(\d{6})\b/.exec(String(text.body.body))![1]!;
}

async function codeGrant(world: SignInWorld, code: string) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await world.signAssertion(),
  });
  return world.remember(await fetch(world.target.tokenUrl, { method: 'POST', body }));
}

async function signIn(this: SignInWorld, extra: Record<string, string> = {}) {
  const url = authorizeUrl(this, extra);
  await this.signIn!.driver.open(url);
  this.signIn!.back = await this.signIn!.driver.signIn(this.patient!.email!, CLAIMED_PASSWORD, () => securityCode(this));
  this.signIn!.code = this.signIn!.back.searchParams.get('code')!;
  assert.ok(this.signIn!.code, `no code came back: ${this.signIn!.back.href}`);
}
When('the patient signs in to the service with their email address, password and texted security code', signIn);
Given('the patient has signed in to the service', async function (this: SignInWorld) {
  await signIn.call(this);
  const first = await codeGrant(this, this.signIn!.code!);
  assert.equal(first.status, 200, JSON.stringify(first.body));
});

Then('the service receives an ID token for the patient with the nonce it sent', async function (this: SignInWorld) {
  const answer = await codeGrant(this, this.signIn!.code!);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const claims = decodeJwt(String(answer.body.id_token));
  assert.equal(claims.nonce, this.signIn!.nonce);
  assert.equal(claims.aud, this.target.clientId);
  (this as SignInWorld & { idToken?: Record<string, unknown> }).idToken = claims;
});

Then(
  'the ID token says the patient is verified to P9 with their NHS number',
  function (this: SignInWorld & { idToken?: Record<string, unknown> }) {
    assert.equal(this.idToken!.identity_proofing_level, 'P9');
    assert.equal(String(this.idToken!.vot).split('.')[0], 'P9');
    assert.equal(this.idToken!.nhs_number, this.patient!.nhsNumber);
  },
);

When('the service uses the same code again', async function (this: SignInWorld) {
  await codeGrant(this, this.signIn!.code!);
});

Then('the token endpoint refuses it with {string}', function (this: SignInWorld, error: string) {
  assert.equal(this.lastAnswer!.status, 400);
  assert.equal(this.lastAnswer!.body.error, error);
});

When('the service asks NHS login to sign the patient in without showing any page', async function (this: SignInWorld) {
  const url = authorizeUrl(this, { prompt: 'none' });
  this.signIn!.back = (await this.signIn!.driver.open(url)) as URL;
});

Then('the service is told {string}', function (this: SignInWorld, error: string) {
  assert.ok(this.signIn!.back instanceof URL, 'NHS login showed a page instead of answering');
  assert.equal(this.signIn!.back.searchParams.get('error'), error);
  assert.equal(this.signIn!.back.searchParams.get('state'), 'feature-state');
});

When('a link to NHS login names a return address the service did not register', async function (this: SignInWorld) {
  const url = authorizeUrl(this, { redirect_uri: 'https://not-registered.example/callback' });
  await this.signIn!.driver.open(url);
});

Then('the patient sees an error page and is not sent anywhere', function (this: SignInWorld) {
  assert.equal(this.signIn!.driver.leftTo, null);
  assert.equal(this.signIn!.driver.page!.status, 400);
});

When('the patient enters a wrong password {int} times', async function (this: SignInWorld, times: number) {
  const url = authorizeUrl(this);
  const person = this.signIn!.driver;
  await person.open(url);
  await person.press('Continue', { 'Email address': this.patient!.email! });
  for (let i = 0; i < times; i++) await person.press('Continue', { Password: 'not-the-password' });
});

Then('the patient signing in is told {string} with no reference', function (this: SignInWorld, heading: string) {
  assert.equal(this.signIn!.driver.heading, heading);
  assert.equal(this.signIn!.driver.reference, null);
});

Given('the patient has signed in to a service that asked to keep a note about them', async function (this: SignInWorld) {
  await signIn.call(this, { scope: 'openid client_metadata' });
  const answer = await codeGrant(this, this.signIn!.code!);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  this.signIn!.accessToken = String(answer.body.access_token);
});

When('the service keeps the note {string} with NHS login', async function (this: SignInWorld, note: string) {
  await this.remember(
    await fetch(`${this.target.baseUrl}/userinfo`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${this.signIn!.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_user_metadata: note }),
    }),
  );
});

Then('NHS login accepts the note without answering anything else', function (this: SignInWorld) {
  assert.equal(this.lastAnswer!.status, 204);
  assert.deepEqual(this.lastAnswer!.body, { raw: '' });
});

async function userInfo(world: SignInWorld) {
  const response = await fetch(`${world.target.baseUrl}/userinfo`, { headers: { authorization: `Bearer ${world.signIn!.accessToken}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

Then("the patient's details the service reads next carry the note {string}", async function (this: SignInWorld, note: string) {
  assert.equal((await userInfo(this)).client_user_metadata, note);
});

Then("the patient's details the service reads next carry no note", async function (this: SignInWorld) {
  assert.equal('client_user_metadata' in (await userInfo(this)), false);
});

When('the service sends the patient to NHS login without a nonce', async function (this: SignInWorld) {
  const url = authorizeUrl(this, { nonce: null });
  this.signIn!.back = (await this.signIn!.driver.open(url)) as URL;
});

/** The relying-party rules of the target client's conformance report, on this scenario's traffic. */
async function relyingPartyVerdicts(world: SignInWorld) {
  const since = encodeURIComponent(world.signIn!.startedAt);
  const report = await world.admin('GET', `/conformance/${encodeURIComponent(world.target.clientId)}?format=json&since=${since}`);
  assert.equal(report.status, 200, JSON.stringify(report.body));
  const rules = (report.body.rules as { id: string; verdict: string }[]).filter((rule) => rule.id.startsWith('rp-'));
  return Object.fromEntries(rules.map((rule) => [rule.id, rule.verdict]));
}

Then("the service's conformance report holds every relying-party rule it exercised", async function (this: SignInWorld) {
  const verdicts = await relyingPartyVerdicts(this);
  assert.deepEqual(
    Object.entries(verdicts).filter(([, verdict]) => verdict !== 'pass' && verdict !== 'not-exercised'),
    [],
  );
  assert.equal(verdicts['rp-code-used-once'], 'pass');
  assert.equal(verdicts['rp-state-and-nonce'], 'pass');
});

Then("the service's conformance report fails the rule {string}", async function (this: SignInWorld, rule: string) {
  assert.equal((await relyingPartyVerdicts(this))[rule], 'fail');
});
