import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { claimScenarioById, claimScenarios } from '../../scenarios/claim-scenarios';
import { BrowserClaimDriver, browserAvailable, sandboxInBrowser, watchedPage } from '../../test/support/browser';
import { playClaimScenario } from '../../test/support/claim-scenario-player';
import { getJson, httpClaimStage, invitationLink, latestSecurityCode } from '../../test/support/harness';
import { CLAIM_DONE_HEADING, claimStops } from './claim-stops';

/**
 * The claiming journey in headless Chromium: the invitation read from the mail capture with the
 * mailpit-api client, the code from the SMS outbox, every click a patient makes. Every page passes
 * checkPage; a screenshot of each distinct one lands in reports/screenshots/.
 */
describe.skipIf(!browserAvailable())('claiming journey in a browser', () => {
  const shared = sandboxInBrowser();
  let page: Page;
  const offsite: string[] = [];

  beforeEach(async () => {
    await shared.running.sandbox.reset();
    page = shared.page;
    page.on('request', (request) => {
      if (!request.url().startsWith(shared.running.baseUrl)) offsite.push(request.url());
    });
  });

  // A minute each: the lockout scenarios pass every one of a dozen pages through checkPage,
  // near the 20 s default on a busy two-core machine.
  it.each(claimScenarios.map((s) => s.id))('%s ends where the catalogue says', { timeout: 60_000 }, async (id) => {
    const scenario = claimScenarioById.get(id)!;
    const stage = { ...httpClaimStage(shared.running.sandbox), driver: new BrowserClaimDriver(page, id) };
    const end = await playClaimScenario(scenario, stage);
    if (scenario.expected === 'done') {
      expect(end).toEqual({ heading: CLAIM_DONE_HEADING, reference: null });
      const accounts = (await getJson(shared.running.sandbox, `/_sandbox/accounts?nhs_number=${scenario.patient.nhsNumber}`)).body.accounts;
      expect(accounts[0].identityLevel).toBe('P9');
    } else {
      expect(end).toEqual({ heading: claimStops[scenario.expected].title, reference: claimStops[scenario.expected].reference });
    }
    expect(offsite).toEqual([]);
  });

  it('moves focus to the error summary when a code is wrong, and links it to the field', async () => {
    const driver = new BrowserClaimDriver(page, 'claim-error-focus');
    await driver.open(await invitationLink(shared.running.sandbox, p.newPatient));
    await driver.continueFromStart();
    await driver.enterCode('000000');
    const focused = await page.evaluate(() => document.activeElement?.className);
    expect(focused).toContain('nhsuk-error-summary');
    await page.getByRole('link', { name: /security code is not correct/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
    expect(await page.getByLabel('Security code').getAttribute('aria-describedby')).toContain('code-error');
  });

  it('shows an expired code its own page, with a way to send a new one', async () => {
    const driver = new BrowserClaimDriver(page, 'claim-code-expired');
    await driver.open(await invitationLink(shared.running.sandbox, p.newPatient));
    await driver.continueFromStart();
    const code = await latestSecurityCode(shared.running.sandbox, p.newPatient.mobile!);
    shared.running.sandbox.clock.advance(6 * 60_000);
    await driver.enterCode(code);
    expect(await driver.where()).toEqual({ heading: 'Security code expired', reference: null });
    await driver.page.getByRole('button', { name: 'Send a new code' }).click();
    expect((await driver.where()).heading).toBe('Enter the 6 digit security code');
  });

  it('stops a patient whose record turns deceased on the security-code page right after the code: no password page is shown', async () => {
    const stage = { ...httpClaimStage(shared.running.sandbox), driver: new BrowserClaimDriver(page, 'claim-deceased-on-code-page') };
    await stage.driver.open(await invitationLink(shared.running.sandbox, p.diesBeforeClaim));
    await stage.driver.continueFromStart();
    await stage.changePatient(p.diesBeforeClaim.nhsNumber, { deceasedDate: '2026-01-01' });
    await stage.driver.enterCode(await latestSecurityCode(shared.running.sandbox, p.diesBeforeClaim.mobile!));
    expect(await stage.driver.where()).toEqual({ heading: 'There is a problem', reference: 'CID11018' });
    expect(stage.driver.served.map((shown) => shown.heading)).toEqual([
      'Set up your NHS login',
      'Enter the 6 digit security code',
      'There is a problem',
    ]);
  });

  it('refuses a form whose CSRF token was tampered with, on a page of its own', async () => {
    const driver = new BrowserClaimDriver(page, 'claim-form-refused');
    await driver.open(await invitationLink(shared.running.sandbox, p.newPatient));
    await page.locator('input[name="csrf"]').evaluate((input: HTMLInputElement) => (input.value = 'forged'));
    await driver.continueFromStart();
    expect((await driver.where()).heading).toBe('This form cannot be sent');
  });

  it('works without JavaScript', async () => {
    const driver = new BrowserClaimDriver(await watchedPage(shared.browser, { javaScriptEnabled: false }), 'claim-no-javascript');
    await driver.open(await invitationLink(shared.running.sandbox, p.newPatient));
    await driver.continueFromStart();
    await driver.enterCode(await latestSecurityCode(shared.running.sandbox, p.newPatient.mobile!));
    await driver.answerDetails('yes');
    await driver.createPassword('Correct-Horse-Battery-9');
    expect((await driver.where()).heading).toBe(CLAIM_DONE_HEADING);
  });
});

describe.skipIf(!browserAvailable())('claiming journey in a browser, with the date-of-birth step on', () => {
  const shared = sandboxInBrowser({ claimDobCheck: 'true' });

  it('asks for the date of birth as the design system does, warns of attempts left, then goes on', async () => {
    const { page } = shared;
    const driver = new BrowserClaimDriver(page, 'claim-date-of-birth');
    await driver.open(await invitationLink(shared.running.sandbox, p.newPatient));
    await driver.continueFromStart();
    await driver.enterCode(await latestSecurityCode(shared.running.sandbox, p.newPatient.mobile!));
    expect((await driver.where()).heading).toBe('What is your date of birth?');
    await driver.enterDateOfBirth('1950-01-01');
    expect(await page.locator('[data-attempts-left]').getAttribute('data-attempts-left')).toBe('4');
    await driver.enterDateOfBirth(p.newPatient.birthDate);
    expect((await driver.where()).heading).toBe('Confirm your details');
  });
});
