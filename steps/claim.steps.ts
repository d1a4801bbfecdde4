import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { scenarioPatients } from '../fixtures/patients';
import { CLAIM_DONE_HEADING } from '../sandbox/claim/claim-stops';
import { requestFor } from '../scenarios/catalogue';
import { claimScenarioById } from '../scenarios/claim-scenarios';
import { ClaimDriver } from '../test/support/claim-driver';
import { ADDED_ACCOUNT_PASSWORD, playClaimScenario, type ClaimStage } from '../test/support/claim-scenario-player';
import type { ProvisioningWorld } from './world';

/**
 * The claiming journey, driven with plain HTTP form posts (no browser) against the target, using
 * the same catalogue entries and the same scenario player as the tests.
 */
/** The code in the newest text message to this mobile (the test interface's sms-reading). */
async function securityCode(world: ProvisioningWorld, mobile: string): Promise<string> {
  const text = await world.admin('GET', `/sms/latest?to=${encodeURIComponent(mobile)}`);
  return /\b(\d{6})\b/.exec(String(text.body.body))![1]!;
}

function stage(world: ProvisioningWorld): ClaimStage & { driver: ClaimDriver } {
  const driver = new ClaimDriver((path, init) => fetch(`${world.target.baseUrl}${path}`, init));
  world.claim = driver;
  return {
    driver,
    invitationLink: async (patient) => {
      world.patient = patient;
      if (!world.accessToken) await world.obtainToken();
      const answer = await world.provision(requestFor(patient));
      assert.equal(answer.status, 200, `the invitation was refused: ${JSON.stringify(answer.body)}`);
      const email = await world.mail.waitForMessage(
        { query: `to:${patient.email} subject:"NHS login"` },
        { timeout: 10_000, interval: 50 },
      );
      return /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]+/.exec(email.Text)![0];
    },
    securityCode: (mobile) => securityCode(world, mobile),
    travel: (seconds) => world.travel(seconds),
    changePatient: async (nhsNumber, change) => void (await world.admin('PATCH', `/pds/patients/${nhsNumber}`, change)),
    addAccount: async (email, account) => {
      const added = await world.admin('POST', '/accounts', { ...account, email, password: ADDED_ACCOUNT_PASSWORD });
      assert.equal(added.status, 201, `the account was refused: ${JSON.stringify(added.body)}`);
    },
  };
}

Given('the GP practice has invited a patient who {invitedPatient}', function (this: ProvisioningWorld, scenarioId: string) {
  this.claimScenario = claimScenarioById.get(scenarioId)!;
});

async function completeEveryStep(this: ProvisioningWorld) {
  const end = await playClaimScenario(this.claimScenario!, stage(this));
  this.attach(`The journey ended on "${end.heading}"`);
  assert.deepEqual(end, { heading: CLAIM_DONE_HEADING, reference: null });
}
When('the patient follows the invitation and completes every step', completeEveryStep);
Given('the patient has followed the invitation and completed every step', completeEveryStep);

async function askForCode(this: ProvisioningWorld) {
  const { driver, invitationLink } = stage(this);
  await driver.open(await invitationLink(this.claimScenario!.patient));
  await driver.continueFromStart();
}
When('the patient follows the invitation and asks for a security code', askForCode);
Given('the patient has followed the invitation and asked for a security code', askForCode);

Given('{int} minutes have passed', async function (this: ProvisioningWorld, minutes: number) {
  await this.travel(minutes * 60);
});

When('the patient enters the security code they were sent', async function (this: ProvisioningWorld) {
  await this.claim!.enterCode(await securityCode(this, this.claimScenario!.patient.mobile!));
});

Then('the patient is told the security code has expired, with a way to send a new one', function (this: ProvisioningWorld) {
  assert.equal(this.claim!.heading, 'Security code expired');
  assert.ok(this.claim!.text.includes('Send a new code'), 'no way to send a new code');
});

When('the patient acts out claim scenario {string}', async function (this: ProvisioningWorld, id: string) {
  const scenario = claimScenarioById.get(id);
  assert.ok(scenario, `no claim scenario ${id} in the catalogue`);
  this.claimScenario = scenario;
  const end = await playClaimScenario(scenario, stage(this));
  this.attach(`The journey ended on "${end.heading}" (${end.reference ?? 'no reference'})`);
});

Then('the patient has a fully verified NHS login with the invited email address', async function (this: ProvisioningWorld) {
  const { body } = await this.admin('GET', `/accounts?nhs_number=${this.patient!.nhsNumber}`);
  assert.equal(body.accounts.length, 1);
  assert.equal(body.accounts[0].identityLevel, 'P9');
  assert.equal(body.accounts[0].email, this.patient!.email);
});

Then('the invitation cannot be used again', async function (this: ProvisioningWorld) {
  const driver = this.claim!;
  const { body } = await this.admin('GET', `/provisionings?nhs_number=${this.patient!.nhsNumber}`);
  assert.deepEqual(
    body.provisionings.map((r: { status: string }) => r.status),
    ['claimed'],
  );
  const email = await this.mail.waitForMessage(
    { query: `to:${this.patient!.email} subject:"Invite to set up your NHS login"` },
    { timeout: 5_000, interval: 50 },
  );
  await driver.open(/https?:\/\/\S+\/claim\/[A-Za-z0-9_-]+/.exec(email.Text)![0]);
  assert.equal((await driver.where()).reference, 'CID11013');
});

Then('another invitation for the patient is refused with the code {string}', async function (this: ProvisioningWorld, code: string) {
  const answer = await this.provision(requestFor(this.patient!));
  assert.equal(answer.body.code, code);
});

Then("a 6-digit security code is texted to the mobile number on the patient's NHS record", async function (this: ProvisioningWorld) {
  const mobile = scenarioPatients.newPatient.mobile!;
  const text = await this.admin('GET', `/sms/latest?to=${encodeURIComponent(mobile)}`);
  assert.match(String(text.body.body), /\b\d{6}\b/);
  assert.ok(this.claim!.text.includes(`•${mobile.slice(-3)}`), 'the page shows the masked mobile number');
});

Then(
  'the patient is told {string} with the reference {string}',
  async function (this: ProvisioningWorld, heading: string, reference: string) {
    assert.ok(await this.claim!.stopped(), 'the journey did not stop');
    assert.deepEqual(await this.claim!.where(), { heading, reference });
  },
);

Then('the patient is told {string} with no reference', async function (this: ProvisioningWorld, heading: string) {
  assert.ok(await this.claim!.stopped(), 'the journey did not stop');
  assert.deepEqual(await this.claim!.where(), { heading, reference: null });
  assert.ok(!this.claim!.text.includes('Reference:'), this.claim!.text);
});

/** The headings of the prototype's two password pages (create-account/password-set, existing-uplift/login-enter-password). */
const PASSWORD_PAGES = ['Create a password', 'Enter your password'];

Then('no page asked the patient for a password', function (this: ProvisioningWorld) {
  const asked = this.claim!.served.filter((page) => PASSWORD_PAGES.includes(page.heading));
  assert.deepEqual(asked, [], `pages shown: ${this.claim!.served.map((page) => page.heading).join(' → ')}`);
});
