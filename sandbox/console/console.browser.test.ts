import { INVITATION_BUTTON, INVITATION_SUBJECTS } from '../mail/templates';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor, scenarioById } from '../../scenarios/catalogue';
import { browserAvailable, sandboxInBrowser, checkPage, watchedPage } from '../../test/support/browser';
import { gpSystem, invitationLink } from '../../test/support/harness';

/** The console in headless Chromium: each page, its key content, and a screenshot of it. */
describe.skipIf(!browserAvailable())('console in a browser', () => {
  const shared = sandboxInBrowser();
  let page: Page;
  const dialogs: string[] = [];
  const offsite: string[] = [];

  beforeEach(async () => {
    page = await watchedPage(shared.browser);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(shared.running.baseUrl) && !request.url().startsWith('about:')) offsite.push(request.url());
    });
  });
  const open = (path: string) => page.goto(`${shared.running.baseUrl}${path}`);

  it('shows the scenario catalogue with its test patients', async () => {
    await open('/');
    const row = page.locator('tr[data-scenario="already-p9"]');
    expect(await row.textContent()).toContain(p.p9Account.nhsNumber);
    await row.getByText('request and curl').click();
    expect(await row.locator('pre').first().textContent()).toContain(`"nhs_number": "${p.p9Account.nhsNumber}"`);
    await checkPage(page, 'console-scenarios');
  });

  it('shows a received invitation email with its claim link, clickable', async () => {
    const link = await invitationLink(shared.running.sandbox, p.newPatient);
    await open(`/console/outbox?to=${encodeURIComponent(p.newPatient.email!)}`);
    const email = page.locator('section[data-email]').first();
    expect(await email.locator('h3').textContent()).toBe(INVITATION_SUBJECTS.create);
    expect(await email.getByRole('link', { name: link }).getAttribute('href')).toBe(link);
    const frame = page.frameLocator('iframe.email').first();
    expect(await frame.getByRole('link', { name: INVITATION_BUTTON }).getAttribute('href')).toBe(link);
    await checkPage(page, 'console-outbox');
  });

  it('shows a journal entry appear after a provisioning call, without reloading', async () => {
    await open('/console/requests');
    const before = await page.locator('tr[data-seq]').count();
    const send = await gpSystem(shared.running.sandbox);
    await send(requestFor(p.p9Account));
    await page.locator('tr[data-seq]', { hasText: '11005' }).first().waitFor({ timeout: 10_000 });
    expect(await page.locator('tr[data-seq]').count()).toBeGreaterThan(before);
    await page.locator('tr[data-seq]', { hasText: '11005' }).first().getByText('request and response').click();
    expect(await page.locator('tr[data-seq]', { hasText: '11005' }).first().locator('pre').textContent()).toContain(p.p9Account.nhsNumber);
    await checkPage(page, 'console-requests');
  });

  it('moves the sandbox clock a day when the button is clicked, and back to real time', async () => {
    await open('/console/clock');
    const before = Date.parse((await page.locator('[data-sandbox-time]').textContent())!);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '+1 day' }).click()]);
    const after = Date.parse((await page.locator('[data-sandbox-time]').textContent())!);
    expect(after - before).toBeGreaterThanOrEqual(86_400_000);
    expect(after - before).toBeLessThan(86_400_000 + 60_000);
    await checkPage(page, 'console-clock');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Back to real time' }).click()]);
    expect(shared.running.sandbox.clock.offsetMs).toBe(0);
  });

  it('adds and clears a fault', async () => {
    await open('/console/clock');
    await page.getByLabel('For how many calls').fill('2');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add fault' }).click()]);
    expect(shared.running.sandbox.faults.list()).toMatchObject([{ kind: '11000', remaining: 2 }]);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Clear faults' }).click()]);
    expect(shared.running.sandbox.faults.list()).toEqual([]);
  });

  it('finds a patient, changes the PDS mobile through the admin API, and renders a hostile name as text', async () => {
    await open('/console/patients');
    await page.getByLabel('NHS number or name').fill('Brien');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: p.hostileName.nhsNumber }).click();
    expect(await page.locator('h1').textContent()).toBe(`<script>alert(1)</script> O'Brien-"Quote"`);
    await page.getByLabel('Mobile').fill('+447700900777');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save changes' }).click()]);
    expect(shared.running.sandbox.pds.get(p.hostileName.nhsNumber)!.mobile).toBe('+447700900777');
    await checkPage(page, 'console-patient');
    expect(dialogs).toEqual([]);
  });

  it('lists the conformance of each client seen', async () => {
    await open('/console/conformance');
    expect(await page.locator('tr[data-client="sandbox-demo-client"] strong').textContent()).toMatch(/^(PASS|FAIL|INCOMPLETE): \d+ MUST/);
    await page.getByRole('link', { name: 'sandbox-demo-client' }).click();
    expect(await page.locator('[data-verdict]').count()).toBe(1);
    await checkPage(page, 'console-conformance');
  });

  it('serves interactive API docs from local assets, with the catalogue as examples, passing axe-core opened', async () => {
    await open('/docs');
    await page.getByText('/provision-account').first().waitFor({ timeout: 15_000 });
    await checkPage(page, 'api-docs');
    await page.locator('#operations-specification-post_provision_account .opblock-summary-control').click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    const examples = page.locator('#operations-specification-post_provision_account select.examples-select-element').first();
    await examples.selectOption({ label: `uplift: ${scenarioById.get('uplift-from-p5')!.title}` });
    const body = await page.locator('#operations-specification-post_provision_account textarea.body-param__text').inputValue();
    expect(JSON.parse(body)).toEqual(requestFor(p.p5Account));
    await checkPage(page, 'api-docs-provision-account');
    // Sent without a token, the answer shown is the sandbox's own RFC 6750 refusal, with the curl to repeat it.
    await page.getByRole('button', { name: 'Execute' }).click();
    await page.locator('#operations-specification-post_provision_account .live-responses-table').waitFor();
    expect(await page.locator('#operations-specification-post_provision_account .curl-command').textContent()).toContain(
      p.p5Account.nhsNumber,
    );
    expect(await page.locator('#operations-specification-post_provision_account .live-responses-table').textContent()).toContain(
      'invalid_token',
    );
    await checkPage(page, 'api-docs-provision-account-sent');
    expect(offsite).toEqual([]);
  });
});
