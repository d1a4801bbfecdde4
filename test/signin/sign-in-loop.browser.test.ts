import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRelyingParty, type RunningRelyingParty } from '../../examples/relying-party/relying-party';
import { FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { BrowserClaimDriver, browserAvailable, checkPage, sandboxInBrowser } from '../support/browser';
import { CLAIMED_PASSWORD } from '../support/claimed-patient';
import { invitationLink, latestSecurityCode } from '../support/harness';

/**
 * The whole loop in headless Chromium, as people use it: a GP system provisions Amelia, she claims
 * her NHS login from the invitation (texted code, details, password), then signs in to the example
 * relying party with it ("Continue with NHS login" → email → password → texted code) and the
 * service shows her P9 identity. Every page passes checkPage (standards mode, no console or CSP
 * error, no axe-core violation, a screenshot), the relying party's included.
 */
describe.skipIf(!browserAvailable())('signing in to a relying party with a claimed NHS login, in a browser', () => {
  const shared = sandboxInBrowser();
  let rp: RunningRelyingParty;
  let context: BrowserContext;
  let page: Page;
  let shots = 0;

  beforeAll(async () => {
    rp = await startRelyingParty({
      issuer: shared.running.baseUrl,
      clientId: demoClient.clientId,
      privateKeyPath: demoClient.privateKeyPath,
    });
  });
  afterAll(() => rp?.close());
  beforeEach(async () => {
    await shared.running.sandbox.reset();
    page = shared.page;
    context = page.context();
  });

  const check = async (name: string) => {
    await page.waitForLoadState('load');
    await checkPage(page, `signin-${String(++shots).padStart(2, '0')}-${name}`);
  };
  const heading = async () => ((await page.locator('h1').first().textContent()) ?? '').trim();

  async function signIn(email: string, password: string, mobile: string, prefix: string) {
    await page.goto(`${rp.url}/`);
    await check(`${prefix}-relying-party`);
    await page.getByRole('button', { name: 'Continue with NHS login' }).click();
    await page.waitForURL(/\/signin\/email$/);
    await check(`${prefix}-email`);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/signin\/password$/);
    await check(`${prefix}-password`);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/signin\/security-code$/);
    await check(`${prefix}-security-code`);
    await page.getByLabel('Security code').fill(await latestSecurityCode(shared.running.sandbox, mobile));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }

  it('provisions a patient, claims the account, signs in through the example relying party and shows the P9 identity', async () => {
    const claim = new BrowserClaimDriver(page, 'signin-loop-claim');
    await claim.open(await invitationLink(shared.running.sandbox, p.newPatient));
    await claim.continueFromStart();
    await claim.enterCode(await latestSecurityCode(shared.running.sandbox, p.newPatient.mobile!));
    await claim.answerDetails('yes');
    await claim.createPassword(CLAIMED_PASSWORD);
    expect((await claim.where()).heading).toBe('You have set up an NHS login');

    await signIn(p.newPatient.email!, CLAIMED_PASSWORD, p.newPatient.mobile!, 'amelia');
    await page.waitForURL(`${rp.url}/`);
    await check('amelia-signed-in');
    expect(await heading()).toBe('You are signed in');
    const claim_ = (name: string) => page.locator(`[data-claim="${name}"]`).textContent();
    expect(await claim_('identity_proofing_level')).toBe('P9');
    expect(await claim_('nhs_number')).toBe(p.newPatient.nhsNumber);
    expect(await claim_('family_name')).toBe('Newcombe');
    expect(await claim_('vot')).toBe('P9.Cp.Cd');

    // Single sign-on: a second service visit signs in without asking again.
    await context.clearCookies({ name: 'rp_visit' });
    await page.goto(`${rp.url}/`);
    await page.getByRole('button', { name: 'Continue with NHS login' }).click();
    await page.waitForURL(`${rp.url}/`);
    expect(await heading()).toBe('You are signed in');
  }, 120_000);

  it('tells a P5 account asked for P9 to prove who it is, and the service hears access_denied', async () => {
    await signIn(p.p5Account.email!, FIXTURE_ACCOUNT_PASSWORD, p.p5Account.mobile!, 'bilal');
    await page.waitForURL(/\/signin\/identity-level$/);
    await check('bilal-identity-level');
    expect(await heading()).toBe('You need to prove who you are');
    await page.getByRole('button', { name: `Return to ${demoClient.name}` }).click();
    await page.waitForURL(`${rp.url}/`);
    await check('bilal-back-at-service');
    expect(await page.locator('[data-error]').textContent()).toContain('access_denied');
  }, 90_000);

  it('shows a page, and redirects nowhere, for a link with an unregistered redirect URI', async () => {
    await page.goto(
      `${shared.running.baseUrl}/authorize?client_id=${demoClient.clientId}&redirect_uri=https%3A%2F%2Fattacker.example%2Fcb&response_type=code&scope=openid&state=s&nonce=n`,
    );
    await check('refused-link');
    expect(new URL(page.url()).origin).toBe(shared.running.baseUrl);
    expect(await heading()).toBe('There is a problem with the link to NHS login');
  });

  it('shows wrong answers in the error summary, with attempts left', async () => {
    await page.goto(`${rp.url}/`);
    await page.getByRole('button', { name: 'Continue with NHS login' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await check('email-missing');
    expect(await page.locator('.nhsuk-error-summary__list a').textContent()).toBe('Enter your email address');
    await page.getByLabel('Email address').fill(p.p9Account.email!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await check('password-wrong');
    expect(await page.locator('[data-attempts-left]').getAttribute('data-attempts-left')).toBe('4');
  }, 60_000);
});
