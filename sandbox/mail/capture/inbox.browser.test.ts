import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../../fixtures/patients';
import { browserAvailable, checkPage, sandboxInBrowser, takeProblems } from '../../../test/support/browser';
import { invitationLink } from '../../../test/support/harness';
import { INVITATION_BUTTON, INVITATION_SUBJECTS } from '../templates';

/**
 * The inbox on the capture's port, where a Mailpit user looks: list, search, each view of a
 * message, delete, new mail appearing by itself, and hostile mail shown as text with its script
 * never run. Every page passes checkPage (standards mode, no console errors, axe-core).
 */
describe.skipIf(!browserAvailable())('mail capture inbox in a browser', () => {
  const shared = sandboxInBrowser();
  let page: Page;
  const dialogs: string[] = [];
  beforeEach(async () => {
    await shared.running.sandbox.reset();
    page = shared.page;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  const inbox = () => shared.running.sandbox.mailpitUrl;
  const smtp = () => nodemailer.createTransport({ host: '127.0.0.1', port: shared.running.sandbox.capture!.smtpPort, ignoreTLS: true });

  it('lists the invitation, finds it by address, and shows its HTML, text, headers and raw source', async () => {
    const link = await invitationLink(shared.running.sandbox, p.newPatient);
    await page.goto(`${inbox()}/`);
    const row = page.locator('tr[data-message]', { hasText: INVITATION_SUBJECTS.create });
    expect(await row.textContent()).toContain(p.newPatient.email);
    await checkPage(page, 'inbox');

    await page.getByLabel(/^Search/).fill(`to:${p.p5Account.email}`);
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('tr[data-message]').count()).toBe(0);
    expect(await page.locator('[data-count]').textContent()).toBe('0 of 1 message match');
    await page.getByLabel(/^Search/).fill(`to:${p.newPatient.email}`);
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('[data-count]').textContent()).toBe('1 of 1 message matches');
    await checkPage(page, 'inbox-search');

    await page.getByRole('link', { name: INVITATION_SUBJECTS.create }).click();
    expect(await page.locator('h1').textContent()).toBe(INVITATION_SUBJECTS.create);
    expect(await page.locator('a[data-link]').first().getAttribute('href')).toBe(link);
    const frame = page.frameLocator('iframe.message-html');
    expect(await frame.getByRole('link', { name: INVITATION_BUTTON }).getAttribute('href')).toBe(link);
    await checkPage(page, 'inbox-message-html');

    await page.getByRole('link', { name: 'Text', exact: true }).click();
    expect(await page.locator('[data-view="text"] pre').textContent()).toContain(link);
    await checkPage(page, 'inbox-message-text');
    await page.getByRole('link', { name: 'Headers', exact: true }).click();
    expect(await page.locator('[data-view="headers"] tr', { hasText: 'Subject' }).textContent()).toContain(INVITATION_SUBJECTS.create);
    await checkPage(page, 'inbox-message-headers');
    await page.getByRole('link', { name: 'Raw', exact: true }).click();
    expect(await page.locator('[data-view="raw"] pre').textContent()).toMatch(/^[\s\S]*Subject: /);
    await checkPage(page, 'inbox-message-raw');
  }, 60_000); // six pages, each with an axe-core pass: past Vitest's 20 s when the rest of the suite shares the two cores

  it('shows new mail without a reload, and deletes one message or all of them', async () => {
    await page.goto(`${inbox()}/`);
    expect(await page.locator('[data-count]').textContent()).toBe('0 messages');
    await smtp().sendMail({ from: 'gp@example.com', to: 'one@example.com', subject: 'First', text: 'one' });
    await page.locator('tr[data-message]', { hasText: 'First' }).waitFor({ timeout: 10_000 });
    await smtp().sendMail({ from: 'gp@example.com', to: 'two@example.com', subject: 'Second', text: 'two' });
    await page.locator('tr[data-message]', { hasText: 'Second' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('tr.unread').count()).toBe(2);

    await page.getByRole('link', { name: 'First' }).click();
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    expect(await page.locator('tr.unread').allTextContents()).toEqual([expect.stringContaining('Second')]); // First is read now
    await page.getByRole('link', { name: 'First' }).click();
    await page.getByRole('button', { name: 'Delete this message' }).click();
    await page.waitForURL(`${inbox()}/`);
    expect(await page.locator('tr[data-message]').allTextContents()).toEqual([expect.stringContaining('Second')]);
    await page.getByRole('button', { name: 'Delete all messages' }).click();
    await page.waitForURL(`${inbox()}/`);
    expect(await page.locator('[data-count]').textContent()).toBe('0 messages');
    expect(shared.running.sandbox.capture!.mailbox.list()).toEqual([]);
    await checkPage(page, 'inbox-empty');
  });

  it("renders a hostile message's subject and addresses as text and never runs its script", async () => {
    await smtp().sendMail({
      from: '"<img src=x onerror=alert(1)>" <evil@example.com>',
      to: 'victim@example.com',
      subject: '<script>alert(2)</script>',
      text: 'plain',
      html: '<p id="mark">original</p><script>document.getElementById("mark").textContent = "script ran"; alert(3)</script>',
    });
    await page.goto(`${inbox()}/`);
    await page.getByRole('link', { name: '<script>alert(2)</script>' }).click();
    expect(await page.locator('h1').textContent()).toBe('<script>alert(2)</script>');
    expect(await page.frameLocator('iframe.message-html').locator('#mark').textContent()).toBe('original');
    // The browser says so itself: the frame is sandboxed, the script was blocked.
    expect(takeProblems(page)).toEqual([
      expect.stringMatching(/^console error: Blocked script execution in .*\.html' because the document's frame is sandboxed/),
    ]);
    await checkPage(page, 'inbox-hostile-message');
    expect(dialogs).toEqual([]);
  });
});
