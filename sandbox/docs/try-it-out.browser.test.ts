import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { browserAvailable, checkPage, sandboxInBrowser } from '../../test/support/browser';

/**
 * "Try it out" on /docs as a newcomer uses it: press "Authorise with a demo token", open Provision
 * Account, Execute its first example, and see the sandbox's 200. With an admin token configured the
 * button needs a console session, as the rest of the test interface does.
 */
const PROVISION = '#operations-specification-post_provision_account';

async function executeProvision(page: Page): Promise<string> {
  await page.locator(`${PROVISION} .opblock-summary-control`).click();
  await page.getByRole('button', { name: 'Try it out' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await page.locator(`${PROVISION} .live-responses-table`).waitFor();
  return (await page.locator(`${PROVISION} .live-responses-table`).textContent()) ?? '';
}

describe.skipIf(!browserAvailable())('/docs "Try it out", authorised from the browser', () => {
  const shared = sandboxInBrowser();

  it('the demo-token button authorises it, and Execute gets 200 create', { timeout: 90_000 }, async () => {
    const { page } = shared;
    await page.goto(`${shared.running.baseUrl}/docs`);
    await page.getByText('/provision-account').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Authorise with a demo token' }).click();
    await page.getByRole('status').filter({ hasText: 'Authorised as sandbox-demo-client' }).waitFor();
    await checkPage(page, 'api-docs-demo-token');

    const body = await page.locator(`${PROVISION} textarea.body-param__text`).count();
    expect(body).toBe(0); // not opened yet: the first example is what Execute sends
    const answer = await executeProvision(page);
    expect(answer).toContain('200');
    expect(answer).toContain('"code": "create"');
    const sent = JSON.parse(await page.locator(`${PROVISION} textarea.body-param__text`).inputValue()) as { nhs_number: string };
    expect(sent).toEqual(requestFor(p.newPatient));
    // The token went in the Authorization header, never in the URL Swagger UI shows.
    expect(await page.locator(`${PROVISION} .curl-command`).textContent()).toMatch(/Authorization: Bearer ey/);
    expect(await page.locator(`${PROVISION} .request-url`).textContent()).not.toMatch(/ey[A-Za-z0-9_-]{20}/);
    await checkPage(page, 'api-docs-demo-token-sent');
  });
});

describe.skipIf(!browserAvailable())('/docs demo token when the sandbox has an admin token', () => {
  const ADMIN_TOKEN = 'docs-demo-token-test-token';
  const shared = sandboxInBrowser({ adminToken: ADMIN_TOKEN });

  it('is refused without a console session and says how to get one, then works once signed in', { timeout: 90_000 }, async () => {
    const { page } = shared;
    expect((await fetch(`${shared.running.baseUrl}/_sandbox/demo-token`, { method: 'POST' })).status).toBe(401);
    await page.goto(`${shared.running.baseUrl}/docs`);
    await page.getByRole('button', { name: 'Authorise with a demo token' }).click();
    await page.getByRole('status').filter({ hasText: 'sign in to the console' }).waitFor();

    // As the page says: sign in to the console in this browser (here in another tab, so the docs
    // page stays open: Swagger UI costs Chromium seconds of CPU to load), then press the button again.
    const consoleTab = await page.context().newPage();
    await consoleTab.goto(`${shared.running.baseUrl}/console/sign-in`);
    await consoleTab.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await consoleTab.getByRole('button', { name: 'Sign in' }).click();
    await consoleTab.waitForURL((url) => url.pathname !== '/console/sign-in');
    await page.getByRole('button', { name: 'Authorise with a demo token' }).click();
    await page.getByRole('status').filter({ hasText: 'Authorised as sandbox-demo-client' }).waitFor();
    expect(await executeProvision(page)).toContain('"code": "create"');
  });
});
