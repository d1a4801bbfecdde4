import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { CLAIM_DONE_HEADING } from '../../sandbox/claim/claim-stops';
import type { ConformanceReport } from '../../sandbox/conformance/assess';
import { INVITATION_SUBJECTS } from '../../sandbox/mail/templates';
import { browserAvailable, checkPage, sandboxInBrowser } from '../support/browser';

/**
 * The README's quick start, followed literally by a newcomer: its shell block run with bash twice in
 * a row on one sandbox (only the ports changed to this sandbox's), each run inviting a patient of its
 * own; then the patient's part in Chromium as the README words it — the inbox, the newest
 * invitation, the link, the security code from the URL the README gives — and the conformance
 * report, which finds nothing wrong with one run's calls and notes only the second run's token.
 */
const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## What next'));

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

  it('runs twice in a row on one sandbox, each run inviting a patient of its own; the second patient ends with an NHS login; the calls conform', async () => {
    const { baseUrl } = shared.running;
    const inboxUrl = shared.running.sandbox.mailpitUrl;
    const here = (text: string) => text.replaceAll('http://127.0.0.1:8080', baseUrl).replaceAll('http://127.0.0.1:8025', inboxUrl);
    const block = /```sh\n(json\(\)[\s\S]*?)```/.exec(quickStart)?.[1];
    expect(block, 'the quick start has a shell block that starts by defining json()').toBeDefined();
    const port = new URL(baseUrl).port;
    const conformance = async () => {
      const report = (await (
        await fetch(`${baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)
      ).json()) as ConformanceReport;
      return {
        broken: report.rules.filter((r) => r.verdict === 'fail' || r.verdict === 'deviation').map((r) => r.id),
        requests: report.requests,
      };
    };

    const runQuickStart = async () => {
      const run = await bash(here(block!), { PORT: port });
      expect(run.stdout).toContain('"code":"create"');
      const link = /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/.exec(run.stdout)?.[0];
      expect(link, run.stderr).toBeDefined();
      // The block's last line prints the claim link alone.
      expect(run.stdout.trim().split('\n').at(-1)).toBe(link);
      const nhsNumber = /"nhs_number":"(\d{10})"/.exec(run.stdout)?.[1];
      expect(nhsNumber, run.stdout).toBeDefined();
      return { link: link!, nhsNumber: nhsNumber! };
    };
    const first = await runQuickStart();
    expect(await conformance()).toMatchObject({ broken: [], requests: { token: 1, provision: 1 } });
    const second = await runQuickStart();
    // A patient of its own each run: not the fixture's, not the first run's, and its own invitation.
    expect(new Set([p.newPatient.nhsNumber, first.nhsNumber, second.nhsNumber]).size).toBe(3);
    expect(second.link).not.toBe(first.link);

    const { page } = shared;
    const inbox = /open the mail capture's inbox at \*\*(http:\/\/[^*]+)\*\*/.exec(quickStart)![1]!;
    await page.goto(here(inbox));
    await checkPage(page, 'quick-start-1-inbox');
    // "the newest": the inbox lists newest first.
    await page.getByRole('link', { name: INVITATION_SUBJECTS.create }).first().click();
    await checkPage(page, 'quick-start-2-invitation');
    await page.locator('a[data-link]').first().click();
    expect(page.url()).toBe(second.link);
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
    expect(shared.running.sandbox.accounts.byNhsNumber(second.nhsNumber)?.identityLevel).toBe('P9');
    expect(shared.running.sandbox.accounts.byNhsNumber(first.nhsNumber)).toBeUndefined();

    // As the README says: the second token, fetched while the first still lived, is the only thing noted.
    expect(await conformance()).toMatchObject({ broken: ['token-reused-while-valid'], requests: { token: 2, provision: 2 } });
  }, 180_000);
});
