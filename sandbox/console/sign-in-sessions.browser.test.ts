import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { browserAvailable, checkPage, sandboxInBrowser } from '../../test/support/browser';
import { latestSecurityCode } from '../../test/support/harness';
import { SignInDriver } from '../../test/support/sign-in-driver';
import { dylan, relyingPartyAuthorizeUrl, RELYING_PARTY_REDIRECT } from '../../test/support/sign-in-flow';
import { FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';

/**
 * The console's "Signing in" page in headless Chromium: who is signed in (and ending it, after
 * which a silent sign-in is refused), the relying parties with their redirect URIs, and a fault
 * queued from its form that the next authorization request meets.
 */
describe.skipIf(!browserAvailable())('the console’s Signing in page', () => {
  const shared = sandboxInBrowser();
  let page: Page;

  beforeEach(async () => {
    page = shared.page;
    page.on('dialog', (dialog) => void dialog.accept());
  });
  const open = () => page.goto(`${shared.running.baseUrl}/console/signing-in`);
  /** A relying party's authorization URL against the running sandbox. */
  const authorizeUrl = (overrides: Record<string, string | null> = {}) =>
    relyingPartyAuthorizeUrl(overrides).replace('http://localhost', shared.running.baseUrl);
  const person = () => new SignInDriver((url, init) => fetch(url, init), shared.running.baseUrl);

  it('shows who is signed in, and ends the session so a silent sign-in is refused', async () => {
    const browser = person();
    await browser.open(authorizeUrl());
    await browser.signIn(dylan.email, FIXTURE_ACCOUNT_PASSWORD, () => latestSecurityCode(shared.running.sandbox, dylan.mobile));
    await open();
    const row = page.locator('tr[data-session]', { hasText: dylan.email });
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['P9', 'Cp + Cd']));
    const relyingParty = page.locator(`tr[data-relying-party="${demoClient.clientId}"]`);
    expect(await relyingParty.textContent()).toContain('http://127.0.0.1/callback');
    expect(await relyingParty.textContent()).toContain('openid profile');
    await checkPage(page, 'console-signing-in');

    await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'End session' }).click()]);
    expect(await page.locator('p[data-sessions]').textContent()).toBe('Nobody is signed in.');
    const back = (await browser.open(authorizeUrl({ prompt: 'none' }))) as URL;
    expect(back.origin + back.pathname).toBe(RELYING_PARTY_REDIRECT);
    expect(back.searchParams.get('error')).toBe('sso_login_required');
  });

  it('queues a sign-in fault from its form, which the next authorization request meets', async () => {
    await open();
    await page.getByLabel('Endpoint').selectOption('authorize');
    await page.getByLabel('Kind').selectOption('error-redirect');
    await page.getByLabel('Error (error-redirect)').selectOption('temporarily_unavailable');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Queue fault' }).click()]);
    expect(await page.locator('tr[data-signin-fault]').first().textContent()).toContain('temporarily_unavailable');
    await checkPage(page, 'console-signing-in-fault');
    const back = (await person().open(authorizeUrl())) as URL;
    expect(back.searchParams.get('error')).toBe('temporarily_unavailable');
    expect(back.searchParams.get('state')).toBe('state-123');
    await open();
    expect(await page.locator('p[data-signin-faults]').textContent()).toBe('No sign-in faults queued.');
  });
});
