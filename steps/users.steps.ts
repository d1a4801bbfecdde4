import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { scenarioPatients } from '../fixtures/patients';
import { requestFor } from '../scenarios/catalogue';
import { usersScenarios, type UsersScenario } from '../scenarios/users-lookups';
import { usersAnswerMismatches } from '../test/support/users-scenario-player';
import { FILTER_ERRORS } from '../sandbox/users/filter';
import { JWT_BEARER_GRANT } from '../sandbox/auth/token-request';
import { SignJWT } from 'jose';
import type { ProvisioningWorld } from './world';

/**
 * Users Endpoint V2: a GP system asks whether a patient already has an NHS login. The lookups come
 * from the scenario catalogue (scenarios/users-lookups.ts), so the feature, the tests and the docs
 * read one table; the feature file shows each filter so an auditor can read what is sent.
 */
const scenarioById = new Map(usersScenarios.map((s) => [s.id, s]));
const lookupScenario = (id: string): UsersScenario => {
  const scenario = scenarioById.get(id);
  assert.ok(scenario, `no Users lookup ${id} in the catalogue`);
  return scenario;
};

async function obtainUsersToken(world: ProvisioningWorld, scopes: readonly string[], clientId?: string): Promise<string> {
  const answer = await world.requestUsersToken(scopes, clientId);
  assert.equal(answer.status, 200, `the Users token was refused: ${JSON.stringify(answer.body)}`);
  world.usersToken = answer.body.access_token as string;
  return world.usersToken;
}

When('the GP system asks for a Users token with the scopes {string}', async function (this: ProvisioningWorld, scopes: string) {
  await this.requestUsersToken(scopes.split(' '));
});

// RFC 6749 §3.3: a space-delimited list, in no particular order; the target spells Users.retrieve its own way.
const scopeSet = (scopes: string) => new Set(scopes.split(' ').filter(Boolean));

Then('the token grants the scopes {string}', function (this: ProvisioningWorld, scopes: string) {
  assert.equal(this.lastAnswer!.status, 200, JSON.stringify(this.lastAnswer!.body));
  assert.deepEqual(scopeSet(String(this.lastAnswer!.body.scope)), new Set(this.scopesFor(scopes.split(' '))));
});

Then('the token, if issued, does not grant the scope {string}', function (this: ProvisioningWorld, scope: string) {
  if (this.lastAnswer!.status !== 200) {
    assert.equal(this.lastAnswer!.body.error, 'invalid_scope', JSON.stringify(this.lastAnswer!.body));
    return;
  }
  assert.ok(!scopeSet(String(this.lastAnswer!.body.scope ?? '')).has(scope), `granted: ${this.lastAnswer!.body.scope}`);
});

When('the GP system asks for a Users token with the grant type {string}', async function (this: ProvisioningWorld, grantType: string) {
  const assertion = await this.signAssertion();
  await this.postToken({ grant_type: grantType, assertion, scope: this.scopesFor(['Users.retrieve']).join(' ') });
});

When('the GP system asks for a Users token without a scope', async function (this: ProvisioningWorld) {
  await this.postToken({ grant_type: JWT_BEARER_GRANT, assertion: await this.signAssertion() });
});

When('the GP system asks for a Users token with an assertion naming another audience', async function (this: ProvisioningWorld) {
  const now = this.nowSeconds();
  const assertion = await new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT' })
    .setIssuer(this.target.clientId)
    .setSubject(this.target.clientId)
    .setAudience('https://example.com/token')
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(this.key);
  await this.postToken({ grant_type: JWT_BEARER_GRANT, assertion, scope: this.scopesFor(['Users.retrieve']).join(' ') });
});

When('the GP system asks for a Users token again with the same assertion', async function (this: ProvisioningWorld) {
  await this.postToken({
    grant_type: JWT_BEARER_GRANT,
    assertion: this.lastAssertion!,
    scope: this.scopesFor(['Users.retrieve']).join(' '),
  });
});

Then('the token request is refused as {string} or {string}', function (this: ProvisioningWorld, one: string, other: string) {
  assert.equal(this.lastAnswer!.status, 400, JSON.stringify(this.lastAnswer!.body));
  assert.ok([one, other].includes(this.lastAnswer!.body.error), JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.body.access_token, undefined);
});

When('it looks up users with that token, if it was given one', async function (this: ProvisioningWorld) {
  if (this.lastAnswer!.status !== 200) return;
  this.tokenAnswer = this.lastAnswer;
  // Any well-formed lookup: nobody may be released to this token, whoever the number belongs to.
  await this.lookUpUsers('nhsnumber eq "9434765919"', String(this.lastAnswer!.body.access_token));
});

Then('no account is released', function (this: ProvisioningWorld) {
  const answer = this.lastAnswer!;
  if (!this.tokenAnswer) {
    // Refused at the token endpoint: RFC 6749 §5.2, 400 with an error code.
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.ok(['invalid_scope', 'invalid_request'].includes(answer.body.error), JSON.stringify(answer.body));
    return;
  }
  // Refused at the Users endpoint: Users Endpoint V2 Table 10, 403.
  assert.equal(answer.status, 403, JSON.stringify(answer.body));
  assert.equal(answer.body.Resources, undefined);
});

Given('the GP system holds a Users token with the scopes {string}', async function (this: ProvisioningWorld, scopes: string) {
  await obtainUsersToken(this, scopes.split(' '));
});

Given('the GP system holds the token Users lookup {string} calls for', async function (this: ProvisioningWorld, id: string) {
  const scenario = lookupScenario(id);
  const clientId = this.clientFor(scenario.client);
  if (clientId === null)
    return this.skip(`the target names no GP system standing in for ${scenario.client} (SECOND_CLIENT_ID, SECOND_CLIENT_KEY)`);
  if (scenario.scopes === null) {
    this.usersToken = await this.obtainToken();
  } else {
    await obtainUsersToken(this, scenario.scopes, clientId);
  }
  if (scenario.arrange) {
    const client = encodeURIComponent(clientId);
    const before = (await this.admin('GET', `/clients/${client}`)).body.approved_scopes as string[];
    await this.admin('PUT', `/clients/${client}/approved-scopes`, { approved_scopes: scenario.arrange.approvedScopes });
    // Later scenarios use the same client: its approval is given back when this one ends.
    this.cleanUps.push(async () => void (await this.admin('PUT', `/clients/${client}/approved-scopes`, { approved_scopes: before })));
  }
  return undefined;
});

When(
  /^it looks up users with the filter (.*), the scheme written "(\w+)"$/,
  async function (this: ProvisioningWorld, filter: string, scheme: string) {
    await this.lookUpUsers(filter, this.usersToken!, scheme);
  },
);

When(/^it looks up users with the filter: (.*)$/, async function (this: ProvisioningWorld, filter: string) {
  await this.lookUpUsers(filter === '(none)' ? null : filter, this.usersToken!);
});

When("it looks up the patient's NHS number", async function (this: ProvisioningWorld) {
  await this.lookUpUsers(`nhsnumber eq "${this.patient!.nhsNumber}"`, this.usersToken!);
});

/**
 * What Users Endpoint V2 itself requires of the answer: the status; for a refusal, Table 10's
 * description (in the table's `Errors` form or the prose example's bare form; for an attribute that
 * is neither nhsnumber nor email, either of the two descriptions that fit it); for a 200, the
 * ListResponse with the catalogue's accounts and what the scopes release (Table 14).
 */
function specificationMismatches(scenario: UsersScenario, answer: { status: number; body: Record<string, any> }): string[] {
  const expected = scenario.expected;
  if (expected.status === 200) return usersAnswerMismatches(scenario, answer, '');
  const wrong: string[] = [];
  if (answer.status !== expected.status) wrong.push(`status: expected ${expected.status}, got ${answer.status}`);
  const error = (Array.isArray(answer.body.Errors) ? answer.body.Errors[0] : answer.body) as {
    description?: string;
    code?: string | number;
  };
  const attributeErrors: string[] = [FILTER_ERRORS.attribute, FILTER_ERRORS.eitherAttribute];
  const allowed = attributeErrors.includes(expected.error) ? attributeErrors : [expected.error];
  if (!allowed.includes(String(error?.description))) wrong.push(`description: expected ${allowed.join(' or ')}, got ${error?.description}`);
  if (error?.code !== undefined && String(error.code) !== String(expected.status)) wrong.push(`code: ${String(error.code)}`);
  return wrong;
}

Then('the answer is what the specification requires for Users lookup {string}', function (this: ProvisioningWorld, id: string) {
  const wrong = specificationMismatches(lookupScenario(id), this.lastAnswer!);
  assert.deepEqual(wrong, [], `${JSON.stringify(this.lastAnswer!.body)}`);
});

Then('the answer is what the catalogue expects for Users lookup {string}', function (this: ProvisioningWorld, id: string) {
  const wrong = usersAnswerMismatches(lookupScenario(id), this.lastAnswer!, this.target.baseUrl);
  assert.deepEqual(wrong, [], `${JSON.stringify(this.lastAnswer!.body)}`);
});

Then('one NHS login is found, at identity level {word}', function (this: ProvisioningWorld, level: string) {
  assert.equal(this.lastAnswer!.status, 200, JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.body.totalResults, 1);
  assert.equal(this.lastAnswer!.body.Resources[0]['uk:nhs:login:auth:1.0:User'].vectorsOfTrust.IdentityProofing, level);
});

When('the GP system provisions a patient with its Users token', async function (this: ProvisioningWorld) {
  await this.provision(requestFor(scenarioPatients.mobileMismatch), this.usersToken);
});

Then('the call is refused as {string} with the status {int}', function (this: ProvisioningWorld, error: string, status: number) {
  assert.equal(this.lastAnswer!.status, status, JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.body.error, error);
});
