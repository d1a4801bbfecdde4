import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { scenarioPatients } from '../fixtures/patients';
import { requestFor } from '../scenarios/catalogue';
import { usersScenarios, type UsersScenario } from '../scenarios/users-lookups';
import { usersAnswerMismatches } from '../test/support/users-scenario-player';
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

Then('the token grants the scopes {string}', function (this: ProvisioningWorld, scopes: string) {
  assert.equal(this.lastAnswer!.status, 200, JSON.stringify(this.lastAnswer!.body));
  assert.equal(this.lastAnswer!.body.scope, scopes);
});

Given('the GP system holds a Users token with the scopes {string}', async function (this: ProvisioningWorld, scopes: string) {
  await obtainUsersToken(this, scopes.split(' '));
});

Given('the GP system holds the token Users lookup {string} calls for', async function (this: ProvisioningWorld, id: string) {
  const scenario = lookupScenario(id);
  if (scenario.scopes === null) {
    this.usersToken = await this.obtainToken();
  } else {
    await obtainUsersToken(this, scenario.scopes, this.clientFor(scenario.client));
  }
  if (scenario.arrange) {
    const client = encodeURIComponent(this.clientFor(scenario.client));
    const before = (await this.admin('GET', `/clients/${client}`)).body.approved_scopes as string[];
    await this.admin('PUT', `/clients/${client}/approved-scopes`, { approved_scopes: scenario.arrange.approvedScopes });
    // Later scenarios use the same client: its approval is given back when this one ends.
    this.cleanUps.push(async () => void (await this.admin('PUT', `/clients/${client}/approved-scopes`, { approved_scopes: before })));
  }
});

When(/^it looks up users with the filter: (.*)$/, async function (this: ProvisioningWorld, filter: string) {
  await this.lookUpUsers(filter === '(none)' ? null : filter, this.usersToken!);
});

When("it looks up the patient's NHS number", async function (this: ProvisioningWorld) {
  await this.lookUpUsers(`nhsnumber eq "${this.patient!.nhsNumber}"`, this.usersToken!);
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
