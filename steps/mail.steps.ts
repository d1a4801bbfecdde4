import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { GP_GIVEN_ADDRESS, OTHER_ADDRESS } from './provisioning.steps';
import type { ProvisioningWorld } from './world';

/** The patient's mailbox, read through the Mailpit API with the mailpit-api client. */
Then('the patient receives the email {string}', async function (this: ProvisioningWorld, subject: string) {
  const message = await this.mail.waitForMessage(
    { query: `to:${this.patient!.email} subject:"${subject}"` },
    { timeout: 10_000, interval: 50 },
  );
  this.attach(`Received "${message.Subject}" for ${message.To.map((t) => t.Address).join(', ')}`);
  this.email = message;
});

Then('the patient receives an email saying {string}', async function (this: ProvisioningWorld, subject: string) {
  const message = await this.mail.waitForMessage(
    { query: `to:${this.patient!.email} subject:"${subject}"` },
    { timeout: 10_000, interval: 50 },
  );
  // The prototype's success emails: where the NHS login now works, no personal details.
  assert.ok(message.Text.includes('You have passed our checks and can now use your NHS login'), 'the email says the checks were passed');
  assert.ok(!message.Text.includes(this.patient!.nhsNumber), 'the email contains the NHS number');
});

/** A link in an email: the specification says the patient selects one, not what it looks like. */
const ANY_LINK = /https?:\/\/\S+/;

Then('the patient is sent an email with a link to claim the account', async function (this: ProvisioningWorld) {
  const address = String(this.patientRequest!.email_address);
  const message = await this.mail.waitForMessage({ query: `to:"${address}"` }, { timeout: 10_000, interval: 50 });
  this.attach(`Received "${message.Subject}" for ${address}`);
  assert.match(message.Text + message.HTML, ANY_LINK);
});

Then('the email contains a link to claim the account', function (this: ProvisioningWorld) {
  const email = this.email!;
  const link = new RegExp(`${this.target.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/claim/[A-Za-z0-9_-]{43}`);
  assert.match(email.Text, link);
  assert.match(email.HTML, link);
});

Then("the email does not contain the patient's NHS number, date of birth or mobile number", function (this: ProvisioningWorld) {
  const email = this.email!;
  for (const secret of [this.patient!.nhsNumber, this.patient!.birthDate, String(this.patient!.mobile).slice(3)]) {
    assert.ok(!(email.Text + email.HTML).includes(secret), `the email contains ${secret}`);
  }
});

Then("the email names the address of the patient's existing NHS login", function (this: ProvisioningWorld) {
  assert.ok(this.email!.Text.includes(this.patient!.email!), `the email does not name ${this.patient!.email}`);
});

Then('nothing is sent to the other email address', async function (this: ProvisioningWorld) {
  const found = await this.mail.searchMessages({ query: `to:"${OTHER_ADDRESS}"` });
  assert.equal(found.messages_count, 0);
});

Then('the invitation arrives at the address the GP system sent', async function (this: ProvisioningWorld) {
  const message = await this.mail.waitForMessage({ query: `to:"${GP_GIVEN_ADDRESS}"` }, { timeout: 10_000, interval: 50 });
  assert.match(message.Text + message.HTML, ANY_LINK);
});

Then('nothing is sent to the address on the NHS record', async function (this: ProvisioningWorld) {
  const found = await this.mail.searchMessages({ query: `to:"${this.patient!.email}"` });
  assert.equal(found.messages_count, 0);
});
