import type { FrameLocator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { browserAvailable, checkPage, sandboxInBrowser } from '../../test/support/browser';
import { invitationLink } from '../../test/support/harness';
import { INVITATION_BUTTON, INVITATION_SUBJECTS } from './templates';

/**
 * The patient presses the invitation's own button where a tester reads the email: in the mail
 * capture's inbox and in the console's outbox. Both show the email in a sandboxed frame; the
 * button must open the claim page (in a new tab, as Mailpit and mail clients do), not leave a grey
 * frame because the claim page refuses to be framed.
 */
describe.skipIf(!browserAvailable())("the invitation's button, pressed where the email is shown", () => {
  const shared = sandboxInBrowser();
  let page: Page;
  let link: string;
  beforeEach(async () => {
    await shared.running.sandbox.reset();
    link = await invitationLink(shared.running.sandbox, p.newPatient);
    page = shared.page;
  });

  /** Presses the button in the framed email; the claim page it opens, checked like every page. */
  async function press(frame: FrameLocator, shot: string): Promise<Page> {
    const [claimPage] = await Promise.all([
      page.context().waitForEvent('page'),
      frame.getByRole('link', { name: INVITATION_BUTTON }).click(),
    ]);
    await claimPage.waitForLoadState('load');
    expect(claimPage.url()).toBe(link);
    expect(await claimPage.locator('h1').textContent()).toBe('Set up your NHS login');
    await claimPage.getByRole('button', { name: 'Continue' }).waitFor();
    await checkPage(claimPage, shot);
    return claimPage;
  }

  it('in the mail capture inbox', { timeout: 60_000 }, async () => {
    await page.goto(`${shared.running.sandbox.mailpitUrl}/`);
    await page.getByRole('link', { name: INVITATION_SUBJECTS.create }).click();
    await checkPage(page, 'invitation-button-inbox');
    await press(page.frameLocator('iframe.message-html'), 'invitation-button-inbox-claim');
    // The inbox stays as it was, its frame still showing the email.
    expect(await page.frameLocator('iframe.message-html').getByRole('link', { name: INVITATION_BUTTON }).count()).toBe(1);
  });

  it("in the console's outbox", { timeout: 60_000 }, async () => {
    await page.goto(`${shared.running.baseUrl}/console/outbox?to=${encodeURIComponent(p.newPatient.email!)}`);
    await checkPage(page, 'invitation-button-outbox');
    await press(page.frameLocator('iframe.email').first(), 'invitation-button-outbox-claim');
    expect(await page.locator('h1').textContent()).toBe('Outbox');
  });
});
