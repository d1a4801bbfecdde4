import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { CLAIM_DONE_HEADING } from '../../sandbox/claim/claim-stops';
import type { ConformanceReport } from '../../sandbox/conformance/assess';
import { INVITATION_SUBJECTS } from '../../sandbox/mail/templates';
import { browserAvailable, checkPage, sandboxInBrowser, watchedPage } from '../support/browser';

/**
 * The README's quick start, followed literally by a newcomer: its shell block run with bash (only
 * the ports changed to this sandbox's), then the patient's part in Chromium as the README words
 * it — the inbox, the link, the security code from the URL the README gives — and finally the
 * conformance report, which must find nothing wrong with the quick start's own calls.
 */
const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('### As a package'));

const bash = (script: string, env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      'bash',
      ['-c', script],
      { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    ),
  );

describe.skipIf(!browserAvailable())('the README quick start, walked by a newcomer', () => {
  const shared = sandboxInBrowser();

  it('provisions with one token, shows the invitation, and the patient ends with an NHS login; the calls conform', async () => {
    const { baseUrl } = shared.running;
    const inboxUrl = shared.running.sandbox.mailpitUrl;
    const here = (text: string) => text.replaceAll('http://127.0.0.1:8080', baseUrl).replaceAll('http://127.0.0.1:8025', inboxUrl);
    const block = /```sh\n(TOKEN=[\s\S]*?)```/.exec(quickStart)?.[1];
    expect(block, 'the quick start has a shell block that starts with TOKEN=').toBeDefined();

    const port = new URL(baseUrl).port;
    const run = await bash(here(block!), { PORT: port });
    expect(run.stdout).toContain('"code":"create"');
    const link = /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/.exec(run.stdout)?.[0];
    expect(link, run.stderr).toBeDefined();
    // The block's last line prints the claim link alone.
    expect(run.stdout.trim().split('\n').at(-1)).toBe(link);

    const page = await watchedPage(shared.browser);
    const inbox = /open the mail capture's inbox at \*\*(http:\/\/[^*]+)\*\*/.exec(quickStart)![1]!;
    await page.goto(here(inbox));
    await checkPage(page, 'quick-start-1-inbox');
    await page.getByRole('link', { name: INVITATION_SUBJECTS.create }).click();
    await checkPage(page, 'quick-start-2-invitation');
    await page.locator('a[data-link]').first().click();
    expect(page.url()).toBe(link);
    await checkPage(page, 'quick-start-3-start');
    await page.getByRole('button', { name: 'Continue' }).click();

    const smsCommand = /\(`(curl -s '[^`]+sms\/latest[^`]+)`/.exec(quickStart)![1]!;
    const sms = await bash(here(smsCommand), {});
    const code = /\b(\d{6})\b/.exec(JSON.parse(sms.stdout).body as string)![1]!;
    await checkPage(page, 'quick-start-4-security-code');
    await page.getByLabel('Security code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await checkPage(page, 'quick-start-5-details');
    await page.getByLabel('Yes, these are my details').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await checkPage(page, 'quick-start-6-password');
    await page.getByLabel('Create a password').fill('Correct-Horse-Battery-9');
    await page.getByLabel('Type your password again').fill('Correct-Horse-Battery-9');
    await page.getByLabel('I agree to the NHS login terms of use').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('h1').textContent()).toBe(CLAIM_DONE_HEADING);
    await checkPage(page, 'quick-start-7-done');
    expect(shared.running.sandbox.accounts.byNhsNumber(p.newPatient.nhsNumber)?.identityLevel).toBe('P9');

    const report = (await (await fetch(`${baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)).json()) as ConformanceReport;
    expect(report.rules.filter((r) => r.verdict === 'fail' || r.verdict === 'deviation').map((r) => r.id)).toEqual([]);
    expect(report.requests).toMatchObject({ token: 1, provision: 1 });
  }, 120_000);
});
