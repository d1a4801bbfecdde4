import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { b64, BROKEN_ASSERTIONS } from './broken-assertions';
import type { ProvisioningWorld } from './world';

When('the GP system requests an access token with a valid client assertion', async function (this: ProvisioningWorld) {
  await this.requestToken(await this.signAssertion());
});

When(
  'the GP system requests an access token with an assertion that {assertionFault}',
  async function (this: ProvisioningWorld, fault: string) {
    await this.requestToken(await BROKEN_ASSERTIONS[fault]!(this, this.nowSeconds()));
  },
);

Then('it receives a bearer access token valid for {int} seconds', function (this: ProvisioningWorld, seconds: number) {
  assert.equal(this.lastAnswer!.status, 200, JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.body.token_type, 'Bearer');
  assert.equal(this.lastAnswer!.body.expires_in, seconds);
  assert.match(this.lastAnswer!.body.access_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
});

Then('the answer must not be cached', function (this: ProvisioningWorld) {
  assert.equal(this.lastAnswer!.headers.get('cache-control'), 'no-store');
  assert.equal(this.lastAnswer!.headers.get('pragma'), 'no-cache');
});

Then('the token request is refused as {string}', function (this: ProvisioningWorld, error: string) {
  assert.equal(this.lastAnswer!.status, 400);
  assert.equal(this.lastAnswer!.body.error, error, JSON.stringify(this.lastAnswer!.body));
});

Given('the GP system holds an access token', async function (this: ProvisioningWorld) {
  await this.obtainToken();
});

Given('the GP system has exchanged a client assertion for a token', async function (this: ProvisioningWorld) {
  await this.obtainToken();
});

When('the GP system sends the same assertion again', async function (this: ProvisioningWorld) {
  await this.requestToken(this.lastAssertion!);
});

Then('the refusal explains that the assertion was already used', function (this: ProvisioningWorld) {
  assert.match(this.lastAnswer!.body.error_description, /already been used/);
});

When("the GP system provisions with the token's claims altered", async function (this: ProvisioningWorld) {
  const [header, payload, signature] = this.accessToken!.split('.');
  const claimsNow = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  const forged = b64({ ...claimsNow, exp: claimsNow.exp + 86_400 });
  await this.provision({}, `${header}.${forged}.${signature}`);
});

When('the GP system provisions without an access token', async function (this: ProvisioningWorld) {
  await this.provision({}, null);
});

When('the GP system provisions with its token under another scheme than Bearer', async function (this: ProvisioningWorld) {
  const token = this.accessToken ?? (await this.obtainToken());
  this.lastAnswer = null;
  await this.remember(
    await fetch(`${this.target.baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify({}),
      headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
    }),
  );
});

Then('provisioning with that token is refused as unauthorised', async function (this: ProvisioningWorld) {
  assert.equal(this.lastAnswer!.status, 401, JSON.stringify(this.lastAnswer!.body));
  assert.match(this.lastAnswer!.headers.get('www-authenticate') ?? '', /^Bearer /);
});

Given('{int} seconds have passed', async function (this: ProvisioningWorld, seconds: number) {
  await this.travel(seconds);
});

When('the GP system provisions with that token', async function (this: ProvisioningWorld) {
  await this.provision({});
});

When('{int} hours pass', async function (this: ProvisioningWorld, hours: number) {
  await this.travel(hours * 3600);
  await this.obtainToken();
});

When('{int} days pass', async function (this: ProvisioningWorld, days: number) {
  await this.travel(days * 86_400);
  // The token held before the journey through time has expired with it.
  await this.obtainToken();
});
