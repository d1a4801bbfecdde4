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
    await this.provision({ ...patientRequest(this), email_address: GP_GIVEN_ADDRESS });
  },
);

/** An address the GP system was given that PDS does not hold (the invitation must go there). */
export const GP_GIVEN_ADDRESS = 'amelia.elsewhere@example.com';
/** An address no patient or account uses. */
export const OTHER_ADDRESS = 'someone.else.entirely@example.com';

async function ensureToken(world: ProvisioningWorld) {
  if (!world.accessToken) await world.obtainToken();
}

/** The request for the scenario's patient, as PDS knows them: a copy, so a step can change it. */
const patientRequest = (world: ProvisioningWorld): Record<string, unknown> => ({ ...world.patientRequest! });

function catalogueRequest(world: ProvisioningWorld, id: string) {
  const scenario = scenarioById.get(id);
  assert.ok(scenario, `no catalogue scenario ${id}`);
  return { scenario, request: world.target.mapping?.get(id)?.request ?? scenario.request };
}

// The mapping's patient for catalogue scenario "create" when there is one, the catalogue's own on a
// target holding its data; any other target has named no such patient, so the scenario is skipped.
Given('a patient registered at a practice that is onboarded for provisioning', async function (this: ProvisioningWorld) {
  const mapped = this.target.mapping?.get('create');
  if (mapped) this.patientRequest = mapped.request;
  else if (this.catalogueData) {
    this.patient = scenarioPatients.newPatient;
    this.patientRequest = requestFor(this.patient);
  } else return this.skip('the target names no patient who can be invited (MAPPING_FILE, catalogue scenario "create")');
  await ensureToken(this);
  return undefined;
});

Given('a patient who already has a P5 NHS login', async function (this: ProvisioningWorld) {
  this.patient = scenarioPatients.p5Account;
  this.patientRequest = requestFor(this.patient);
  await ensureToken(this);
});

Given('the GP system provisioned an NHS login for the patient', async function (this: ProvisioningWorld) {
  const answer = await this.provision(patientRequest(this));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
});

When('the GP system provisions an NHS login for the patient', async function (this: ProvisioningWorld) {
  await this.provision(patientRequest(this));
});

Given('a patient who already has a P9 NHS login', async function (this: ProvisioningWorld) {
  this.patient = scenarioPatients.p9Account;
  this.patientRequest = requestFor(this.patient);
  await ensureToken(this);
});

Given("the patient's NHS record shows them as deceased", async function (this: ProvisioningWorld) {
  await this.admin('PATCH', `/pds/patients/${this.patient!.nhsNumber}`, { deceasedDate: '2025-01-01' });
});

Then('the answer carries a provisioning id', function (this: ProvisioningWorld) {
  assert.match(String(this.lastAnswer!.body.provisioning_id), /^[0-9a-f-]{36}$/);
});

When('the GP system provisions an NHS login for the patient with another email address', async function (this: ProvisioningWorld) {
  await this.provision({ ...patientRequest(this), email_address: OTHER_ADDRESS });
});

When(
  'the GP system provisions an NHS login for the patient asking for outcome {int}',
  async function (this: ProvisioningWorld, code: number) {
    const response = await fetch(`${this.target.baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify(patientRequest(this)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.accessToken}`, prefer: `code=${code}` },
    });
    this.lastAnswer = { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  },
);

When(
  'the GP system provisions an NHS login for the patient with {word} set to {string}',
  async function (this: ProvisioningWorld, field: string, value: string) {
    await this.provision({ ...patientRequest(this), [field]: value });
  },
);

When('the GP system provisions an NHS login for the patient without {string}', async function (this: ProvisioningWorld, field: string) {
  const request = patientRequest(this);
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

/** Most calls a set-up makes to reach a target's rate limit when its limit is not the catalogue's (RATE_LIMIT_MAX_REQUESTS). */
const MAX_CALLS_TO_RATE_LIMIT = Number(process.env.RATE_LIMIT_MAX_REQUESTS || 100);

// The set-up uses only the specified endpoint (provisioning first, or up to the rate limit).
Given('the situation of catalogue scenario {string} is in place', async function (this: ProvisioningWorld, id: string) {
  const { scenario, request } = catalogueRequest(this, id);
  if (scenario.arrange === 'provision-same-patient-first') await this.provision(request);
  if (scenario.arrange === 'exhaust-rate-limit') {
    // The catalogue's practice has a known limit; a target's own practice is called until it says 11011.
    const practice = this.target.mapping ? undefined : practices.find((p) => p.odsCode === request.ods_code);
    if (practice?.rateLimit) for (let i = 0; i < practice.rateLimit.max; i++) await this.provision(request);
    else {
      for (let i = 0; i < MAX_CALLS_TO_RATE_LIMIT && (await this.provision(request)).body.code !== '11011'; i++);
    }
  }
});

When('the GP system provisions the catalogue scenario {string}', async function (this: ProvisioningWorld, id: string) {
  await this.provision(catalogueRequest(this, id).request);
});

// CID-IS-P Tables 8-11: the body's `code` (the specification names no status for a refusal).
Then('the answer has the code {string}', function (this: ProvisioningWorld, code: string) {
  assert.equal(this.lastAnswer!.body.code, code, `status ${this.lastAnswer!.status}: ${JSON.stringify(this.lastAnswer!.body)}`);
});

// For the codes whose condition the specification leaves open: what the target declares (its mapping),
// or, for a target holding the catalogue's data, the catalogue's code and the sandbox's status.
Then('the answer has the code the target declares for catalogue scenario {string}', function (this: ProvisioningWorld, id: string) {
  const declared = this.target.mapping?.get(id)?.expected;
  if (declared) {
    assert.equal(this.lastAnswer!.body.code, declared, `status ${this.lastAnswer!.status}: ${JSON.stringify(this.lastAnswer!.body)}`);
    return;
  }
  const code = scenarioById.get(id)!.expectedCode;
  assert.deepEqual(
    { status: this.lastAnswer!.status, code: this.lastAnswer!.body.code },
    { status: outcomeCodes[code].status, code },
    JSON.stringify(this.lastAnswer!.body),
  );
});

Then('the HTTP status is {int}', function (this: ProvisioningWorld, status: number) {
  assert.equal(this.lastAnswer!.status, status, JSON.stringify(this.lastAnswer!.body));
});

Then('the answer has the code {string} with the status the outcome table gives it', function (this: ProvisioningWorld, code: string) {
  assert.deepEqual(
    { status: this.lastAnswer!.status, code: this.lastAnswer!.body.code },
    { status: outcomeCodes[code as OutcomeCodeId].status, code },
    JSON.stringify(this.lastAnswer!.body),
  );
});

// RFC 9110 §10.2.3: Retry-After is an HTTP-date or a whole number of seconds; the sandbox sends seconds,
// never more than its practice's window (a value in milliseconds would be a thousand times that).
Then('the answer says when to retry, in seconds', function (this: ProvisioningWorld) {
  const value = this.lastAnswer!.headers.get('retry-after') ?? '';
  assert.match(value, /^\d+$/, `Retry-After "${value}" is not a number of seconds`);
  const window = practices.find((p) => p.rateLimit)!.rateLimit!.windowSeconds;
  assert.ok(Number(value) > 0 && Number(value) <= window, `Retry-After ${value} s, the window is ${window} s`);
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
