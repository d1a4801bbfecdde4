import { INVITATION_BUTTON, INVITATION_SUBJECTS } from '../mail/templates';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor, scenarioById } from '../../scenarios/catalogue';
import { browserAvailable, sandboxInBrowser, checkPage } from '../../test/support/browser';
import { gpSystem, invitationLink } from '../../test/support/harness';

/** The console in headless Chromium: each page, its key content, and a screenshot of it. */
describe.skipIf(!browserAvailable())('console in a browser', () => {
  const shared = sandboxInBrowser();
  let page: Page;
  const dialogs: string[] = [];
  const offsite: string[] = [];

  const confirmations: string[] = [];

  beforeEach(async () => {
    page = shared.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shared.running.baseUrl });
    // The console's own confirmations (reset, fresh journal) are accepted; any other dialog is a bug.
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'confirm') {
        confirmations.push(dialog.message());
        void dialog.accept();
        return;
      }
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
    const before = Date.parse((await page.locator('[data-sandbox-time]').getAttribute('data-sandbox-time'))!);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '+1 day' }).click()]);
    const after = Date.parse((await page.locator('[data-sandbox-time]').getAttribute('data-sandbox-time'))!);
    expect(await page.locator('[data-sandbox-time]').textContent()).toMatch(
      /^(\d{1,2}(:\d\d)?[ap]m|midday|midnight) on \d{1,2} [A-Z][a-z]+ \d{4}$/,
    );
    expect(after - before).toBeGreaterThanOrEqual(86_400_000);
    expect(after - before).toBeLessThan(86_400_000 + 60_000);
    await checkPage(page, 'console-clock');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Back to real time' }).click()]);
    expect(shared.running.sandbox.clock.offsetMs).toBe(0);
  });

  it('adds a fault with a chance per call, shows it, and clears it; fields sit in line with their button', async () => {
    await open('/console/clock');
    await page.getByLabel('For how many calls').fill('2');
    await page.getByLabel('Chance per call').fill('0.5');
    const input = (await page.getByLabel('Custom (hours)').boundingBox())!;
    const button = (await page.getByRole('button', { name: 'Advance' }).boundingBox())!;
    expect(Math.abs(input.y + input.height - (button.y + button.height))).toBeLessThan(8);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add fault' }).click()]);
    expect(shared.running.sandbox.faults.list()).toMatchObject([{ kind: '11000', remaining: 2, probability: 0.5 }]);
    expect(await page.locator('[data-faults] tbody tr').textContent()).toBe('1100020.5—');
    await checkPage(page, 'console-clock-fault');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Clear faults' }).click()]);
    expect(shared.running.sandbox.faults.list()).toEqual([]);
  });

  it('finds a patient, changes the PDS mobile through the admin API, and renders a hostile name as text', async () => {
    await open('/console/patients');
    await page.getByLabel('NHS number or name').fill('Brien');
    await page.getByRole('button', { name: 'Search' }).click();
    await checkPage(page, 'console-patients-search');
    await page.getByRole('link', { name: p.hostileName.nhsNumber }).click();
    expect(await page.locator('h1').textContent()).toBe(`<script>alert(1)</script> O'Brien-"Quote"`);
    await page.getByLabel('Mobile').fill('+447700900777');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save changes' }).click()]);
    expect(shared.running.sandbox.pds.get(p.hostileName.nhsNumber)!.mobile).toBe('+447700900777');
    const summary = page.locator('dl.nhsuk-summary-list').first();
    expect(await summary.locator('.nhsuk-summary-list__row', { hasText: 'Date of birth' }).locator('dd').textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]+ \d{4}$/,
    );
    await checkPage(page, 'console-patient');
    expect(dialogs).toEqual([]);
  });

  it('provisions a scenario patient from its row, shows the answer, and opens the claim link the invitation carries', async () => {
    await shared.running.sandbox.reset();
    const journalled = shared.running.sandbox.journal.query().length;
    await open('/');
    const row = page.locator('tr[data-scenario="create"]');
    await row.getByRole('button', { name: 'Provision now' }).click();
    await expect.poll(() => row.locator('[data-answer]').textContent()).toMatch(/^HTTP 200: \{"code":"create"/);
    await checkPage(page, 'console-scenarios-provisioned');
    await Promise.all([page.waitForURL(/\/claim\//), row.getByRole('button', { name: 'Open the claim link' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Set up your NHS login');
    // Provisioning from the console is not GP-system traffic: nothing is journalled.
    expect(shared.running.sandbox.journal.query()).toHaveLength(journalled);

    await open('/');
    await Promise.all([
      page.waitForURL(/\/console\/claim-link$/),
      page.locator('tr[data-scenario="already-p9"]').getByRole('button', { name: 'Open the claim link' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('No invitation yet');
    await checkPage(page, 'console-no-invitation');
  });

  it('copies a curl command and says so', async () => {
    await open('/');
    const row = page.locator('tr[data-scenario="already-p9"]');
    await row.getByText('request and curl').click();
    await row.getByRole('button', { name: 'Copy curl' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`"nhs_number":"${p.p9Account.nhsNumber}"`);
  });

  it('resets the sandbox after asking', async () => {
    await fetch(`${shared.running.baseUrl}/_sandbox/pds/patients/${p.newPatient.nhsNumber}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mobile: '+447700900555' }),
    });
    expect(shared.running.sandbox.pds.get(p.newPatient.nhsNumber)!.mobile).toBe('+447700900555');
    await open('/');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reset the sandbox' }).click()]);
    expect(confirmations.at(-1)).toMatch(/^Reset the sandbox\?/);
    expect(shared.running.sandbox.pds.get(p.newPatient.nhsNumber)!.mobile).toBe(p.newPatient.mobile);
  });

  it('refreshes the outbox when mail arrives, links each email to its headers and raw source, deletes one, clears all', async () => {
    await shared.running.sandbox.reset();
    await open('/console/outbox');
    expect(await page.locator('section[data-email]').count()).toBe(0);
    await invitationLink(shared.running.sandbox, p.newPatient);
    const email = page.locator('section[data-email]').first();
    await email.waitFor({ timeout: 10_000 });
    expect(await page.locator('tr[data-sms]').count()).toBe(0);
    const id = (await email.getAttribute('data-email'))!;
    expect(await email.getByRole('link', { name: 'Raw source' }).getAttribute('href')).toBe(
      `${shared.running.sandbox.mailpitUrl}/view/${id}?view=raw`,
    );
    await checkPage(page, 'console-outbox-live');
    await Promise.all([page.waitForEvent('load'), email.getByRole('button', { name: 'Delete this email' }).click()]);
    expect(await page.locator('section[data-email]').count()).toBe(0);
    await invitationLink(shared.running.sandbox, p.p5Account);
    await page.locator('section[data-email]').first().waitFor({ timeout: 10_000 });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Clear emails' }).click()]);
    expect(await page.locator('section[data-email]').count()).toBe(0);
    expect(shared.running.sandbox.capture!.mailbox.list()).toEqual([]);
  });

  it('shows every call with paging, journal rows with ODS code and NHS number, and starts a fresh journal', async () => {
    const send = await gpSystem(shared.running.sandbox);
    await send(requestFor(p.p9Account));
    for (let i = 0; i < 60; i++) await fetch(`${shared.running.baseUrl}/_sandbox/clock`);
    await open('/console/requests?endpoint=provision');
    const row = page.locator('tr[data-seq]', { hasText: '11005' }).first();
    expect(await row.textContent()).toContain(p.p9Account.gpOdsCode);
    expect(await row.textContent()).toContain(p.p9Account.nhsNumber);
    expect(await page.locator('tr[data-seq]', { hasText: '/token' }).count()).toBe(0);
    const calls = page.locator('table[data-calls] tbody tr');
    expect(await calls.count()).toBe(50);
    await checkPage(page, 'console-requests-every-call');
    await page.getByRole('navigation', { name: 'Pages of calls' }).getByRole('link', { name: 'Older' }).click();
    expect(await calls.count()).toBeGreaterThan(0);
    expect(await calls.allTextContents()).toContainEqual(expect.stringContaining('POST /provision-account'));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Start a fresh journal' }).click()]);
    expect(confirmations.at(-1)).toMatch(/^Start a fresh journal\?/);
    expect(await page.locator('tr[data-seq]').count()).toBe(0);
  });

  it('lists the conformance of each client seen', async () => {
    await (
      await gpSystem(shared.running.sandbox)
    )(requestFor(p.p9Account));
    await open('/console/conformance');
    expect(await page.locator('tr[data-client="sandbox-demo-client"] strong').textContent()).toMatch(/^(PASS|FAIL|INCOMPLETE): \d+ MUST/);
    await page.getByRole('link', { name: 'sandbox-demo-client' }).click();
    expect(await page.locator('[data-verdict]').count()).toBe(1);
    await checkPage(page, 'console-conformance-report');
    await open('/console/conformance?client=nosuch');
    expect(await page.locator('[data-unknown-client]').textContent()).toBe(
      'no client "nosuch" is registered; registered: sandbox-demo-client, sandbox-second-client',
    );
    await checkPage(page, 'console-conformance-unknown-client');
    await checkPage(page, 'console-conformance');
  }, 60_000); // four axe-core passes: past Vitest's 20 s on a two-core machine that is busy with the rest of the suite

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
  }, 60_000); // Swagger UI is the heaviest page the suite opens: three axe-core passes over it
});

describe.skipIf(!browserAvailable())('console sign-in, when the sandbox has an admin token', () => {
  const ADMIN_TOKEN = 'console-sign-in-test-token';
  const shared = sandboxInBrowser({ adminToken: ADMIN_TOKEN });

  it('asks for the token once, refuses a wrong one, and then shows the console', async () => {
    const { page } = shared;
    await page.goto(`${shared.running.baseUrl}/console/outbox`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await checkPage(page, 'console-sign-in');
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.error').textContent()).toBe('That is not the admin token.');
    await checkPage(page, 'console-sign-in-refused');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('h1').textContent()).toBe('Scenarios');
    // With the token, the console reads the capture, which is guarded by the same token.
    await page.goto(`${shared.running.baseUrl}/console/outbox`);
    expect(await page.locator('h1').textContent()).toBe('Outbox');
    await checkPage(page, 'console-outbox-signed-in');
  });
});
