import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { b64, BROKEN_ASSERTIONS, longLivedAssertion } from './broken-assertions';
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

When('the GP system requests an access token with an assertion that lives for an hour', async function (this: ProvisioningWorld) {
  await this.requestToken(await longLivedAssertion(this, this.nowSeconds(), 3600));
});

const jwtPart = (token: string, index: 0 | 1) =>
  JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString()) as Record<string, any>;

Then('the access token is an RS512-signed JWT issued to the GP system', function (this: ProvisioningWorld) {
  assert.equal(this.lastAnswer!.status, 200, JSON.stringify(this.lastAnswer!.body));
  const token = String(this.lastAnswer!.body.access_token);
  assert.equal(jwtPart(token, 0).alg, 'RS512');
  const claims = jwtPart(token, 1);
  assert.equal(claims.sub, this.target.clientId, 'sub');
  const audiences = [claims.aud].flat();
  assert.ok(audiences.includes(this.target.clientId), `aud ${JSON.stringify(claims.aud)}`);
  assert.equal(typeof claims.iss, 'string', 'iss');
});

Then("the token's expiry is expires_in seconds after it was issued, both counted in seconds", function (this: ProvisioningWorld) {
  const claims = jwtPart(String(this.lastAnswer!.body.access_token), 1);
  assert.ok(Number.isInteger(claims.iat) && Number.isInteger(claims.exp), `iat ${claims.iat}, exp ${claims.exp}`);
  // NumericDate is seconds since the epoch: a value in milliseconds would be thousands of years away.
  assert.ok(Math.abs(claims.iat - this.nowSeconds()) < 300, `iat ${claims.iat} is not now, in seconds (${this.nowSeconds()})`);
  assert.equal(claims.exp - claims.iat, this.lastAnswer!.body.expires_in);
});

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

// CID-IS-P §3.2.3: 400; Table 5 (RFC 6749 §5.2): invalid_client MAY be 401.
Then('the token request is refused as {string}', function (this: ProvisioningWorld, error: string) {
  const allowed = error === 'invalid_client' ? [400, 401] : [400];
  assert.ok(allowed.includes(this.lastAnswer!.status), `status ${this.lastAnswer!.status}: ${JSON.stringify(this.lastAnswer!.body)}`);
  assert.equal(this.lastAnswer!.body.error, error, JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.body.access_token, undefined);
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

When('the GP system provisions with its token under the scheme written {string}', async function (this: ProvisioningWorld, scheme: string) {
  // An empty body: the answer is 11010 once the token is accepted, 401 if the scheme is not recognised.
  await this.provision({}, this.accessToken ?? (await this.obtainToken()), scheme);
});

Then('the call is not refused for authentication', function (this: ProvisioningWorld) {
  assert.notEqual(this.lastAnswer!.status, 401, JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.headers.get('www-authenticate'), null);
  assert.ok(this.lastAnswer!.body.code, `not answered as a provisioning call: ${JSON.stringify(this.lastAnswer!.body)}`);
});

When('the GP system requests an access token authenticating with an Authorization header', async function (this: ProvisioningWorld) {
  const basic = Buffer.from(`${encodeURIComponent(this.target.clientId)}:not-a-secret`).toString('base64');
  await this.remember(
    await fetch(this.target.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    }),
  );
});

Then(
  'the token request is refused as {string} with the status {int} and a challenge',
  function (this: ProvisioningWorld, error: string, status: number) {
    assert.equal(this.lastAnswer!.status, status, JSON.stringify(this.lastAnswer!.body));
    assert.equal(this.lastAnswer!.body.error, error, JSON.stringify(this.lastAnswer!.body));
    // "matching the authentication scheme used by the client" (RFC 6749 §5.2)
    assert.match(this.lastAnswer!.headers.get('www-authenticate') ?? '', /^Basic\b/i);
  },
);

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
