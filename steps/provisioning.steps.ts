import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { scenarioPatients } from '../fixtures/patients';
import { practices } from '../fixtures/practices';
import { requestFor, scenarioById } from '../scenarios/catalogue';
import { outcomeCodes, type OutcomeCodeId } from '../sandbox/provisioning/outcome-codes';
import type { ProvisioningWorld } from './world';

When(
  'the GP system provisions an NHS login for the patient with an email address other than the one on their NHS record',
  async function (this: ProvisioningWorld) {
    await this.provision(requestFor(this.patient!, { email_address: GP_GIVEN_ADDRESS }));
  },
);

/** An address the GP system was given that PDS does not hold (the invitation must go there). */
export const GP_GIVEN_ADDRESS = 'amelia.elsewhere@example.com';
/** An address no patient or account uses. */
export const OTHER_ADDRESS = 'someone.else.entirely@example.com';

async function ensureToken(world: ProvisioningWorld) {
  if (!world.accessToken) await world.obtainToken();
}

Given('a patient registered at a practice that is onboarded for provisioning', async function (this: ProvisioningWorld) {
  this.patient = scenarioPatients.newPatient;
  await ensureToken(this);
});

Given('a patient who already has a P5 NHS login', async function (this: ProvisioningWorld) {
  this.patient = scenarioPatients.p5Account;
  await ensureToken(this);
});

Given('the GP system provisioned an NHS login for the patient', async function (this: ProvisioningWorld) {
  const answer = await this.provision(requestFor(this.patient!));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
});

When('the GP system provisions an NHS login for the patient', async function (this: ProvisioningWorld) {
  await this.provision(requestFor(this.patient!));
});

Given('a patient who already has a P9 NHS login', async function (this: ProvisioningWorld) {
  this.patient = scenarioPatients.p9Account;
  await ensureToken(this);
});

Given("the patient's NHS record shows them as deceased", async function (this: ProvisioningWorld) {
  await this.admin('PATCH', `/pds/patients/${this.patient!.nhsNumber}`, { deceasedDate: '2025-01-01' });
});

Then('the answer carries a provisioning id', function (this: ProvisioningWorld) {
  assert.match(String(this.lastAnswer!.body.provisioning_id), /^[0-9a-f-]{36}$/);
});

When('the GP system provisions an NHS login for the patient with another email address', async function (this: ProvisioningWorld) {
  await this.provision(requestFor(this.patient!, { email_address: OTHER_ADDRESS }));
});

When(
  'the GP system provisions an NHS login for the patient asking for outcome {int}',
  async function (this: ProvisioningWorld, code: number) {
    const response = await fetch(`${this.target.baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify(requestFor(this.patient!)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.accessToken}`, prefer: `code=${code}` },
    });
    this.lastAnswer = { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  },
);

When(
  'the GP system provisions an NHS login for the patient with {word} set to {string}',
  async function (this: ProvisioningWorld, field: string, value: string) {
    await this.provision({ ...requestFor(this.patient!), [field]: value });
  },
);

When('the GP system provisions an NHS login for the patient without {string}', async function (this: ProvisioningWorld, field: string) {
  const request: Record<string, unknown> = requestFor(this.patient!);
  delete request[field];
  await this.provision(request);
});

When('the GP system provisions NHS logins for two different patients with that token', async function (this: ProvisioningWorld) {
  await this.provision(requestFor(scenarioPatients.newPatient));
  await this.provision(requestFor(scenarioPatients.uplifter));
});

Then('neither call is refused for authentication', function (this: ProvisioningWorld) {
  const provisionAnswers = this.answers.slice(-2);
  for (const answer of provisionAnswers) assert.notEqual(answer.status, 401, JSON.stringify(answer.body));
});

When('the GP system provisions for the low-rate-limit practice {int} times', async function (this: ProvisioningWorld, times: number) {
  const practice = practices.find((p) => p.rateLimit)!;
  for (let i = 0; i < times; i++) await this.provision({ ...requestFor(scenarioPatients.rateLimited), ods_code: practice.odsCode });
});

/** The request for a catalogue scenario on this target: the mapped patient's, or the catalogue's own. */
function catalogueRequest(world: ProvisioningWorld, id: string) {
  const scenario = scenarioById.get(id);
  assert.ok(scenario, `no catalogue scenario ${id}`);
  return { scenario, request: world.target.mapping?.get(id) ?? scenario.request };
}

// The set-up uses only the specified endpoint (provisioning first, or up to the rate limit).
Given('the situation of catalogue scenario {string} is in place', async function (this: ProvisioningWorld, id: string) {
  const { scenario, request } = catalogueRequest(this, id);
  if (scenario.arrange === 'provision-same-patient-first') await this.provision(request);
  if (scenario.arrange === 'exhaust-rate-limit') {
    const limit = practices.find((p) => p.odsCode === request.ods_code)!.rateLimit!.max;
    for (let i = 0; i < limit; i++) await this.provision(request);
  }
});

When('the GP system provisions the catalogue scenario {string}', async function (this: ProvisioningWorld, id: string) {
  await this.provision(catalogueRequest(this, id).request);
});

Then('the answer has the code {string} with the status the outcome table gives it', function (this: ProvisioningWorld, code: string) {
  assert.deepEqual(
    { status: this.lastAnswer!.status, code: this.lastAnswer!.body.code },
    { status: outcomeCodes[code as OutcomeCodeId].status, code },
    JSON.stringify(this.lastAnswer!.body),
  );
});

Then('the answer says when to retry', function (this: ProvisioningWorld) {
  assert.ok(Number(this.lastAnswer!.headers.get('retry-after')) > 0);
});

Then('the description names {string}', function (this: ProvisioningWorld, field: string) {
  assert.match(this.lastAnswer!.body.description, new RegExp(field));
});

Then('the patient is invited to create a new account', function (this: ProvisioningWorld) {
  assert.equal(this.lastAnswer!.body.code, 'create', JSON.stringify(this.lastAnswer!.body));
});

Then('the patient is invited to uplift their existing account', function (this: ProvisioningWorld) {
  assert.equal(this.lastAnswer!.body.code, 'uplift', JSON.stringify(this.lastAnswer!.body));
});
