import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { INVITATION_SUBJECTS } from '../../sandbox/mail/templates';
import { browserAvailable, checkPage, sandboxInBrowser, watchedPage } from '../support/browser';
import { gpSystem, invitationLink } from '../support/harness';

/**
 * The pages a newcomer reads most, laid out in Chromium on a phone (375 px), a laptop (1280 px),
 * a small screen (1024 px) and in print: nothing wider than the viewport (no sideways scrolling),
 * addresses and dates unbroken, the conformance verdict banner whole. Each layout also passes
 * checkPage (axe-core included) and leaves a screenshot.
 */
const VIEWPORTS = [
  { name: 'phone', width: 375, height: 800 },
  { name: 'small', width: 1024, height: 800 },
  { name: 'laptop', width: 1280, height: 900 },
] as const;

/** How far the page is wider than the viewport (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Elements whose text a line break splits although it must stay whole: more than one line box for a short value. */
const brokenWithin = (page: Page, selector: string) =>
  page.evaluate(
    (s) =>
      [...document.querySelectorAll(s)]
        .filter((element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return lines.size > 1;
        })
        .map((element) => element.textContent),
    selector,
  );

describe.skipIf(!browserAvailable())('layouts at 375, 1024 and 1280 px and in print', () => {
  const shared = sandboxInBrowser();
  let messagePath: string;
  beforeAll(async () => {
    await invitationLink(shared.running.sandbox, p.newPatient);
    await (
      await gpSystem(shared.running.sandbox)
    )(requestFor(p.p9Account));
    const list = (await (await fetch(`${shared.running.sandbox.mailpitUrl}/api/v1/messages`)).json()) as { messages: { ID: string }[] };
    messagePath = `/view/${list.messages[0]!.ID}`;
  });

  const pages = () => ({
    inbox: `${shared.running.sandbox.mailpitUrl}/`,
    'inbox-message': `${shared.running.sandbox.mailpitUrl}${messagePath}`,
    scenarios: `${shared.running.baseUrl}/`,
    report: `${shared.running.baseUrl}/_sandbox/conformance/${demoClient.clientId}`,
  });

  it.each(VIEWPORTS)(
    '$name ($width px): no page scrolls sideways; addresses, dates and the verdict stay whole',
    { timeout: 120_000 },
    async (viewport) => {
      const page = await watchedPage(shared.browser, { viewport: { width: viewport.width, height: viewport.height } });
      const measured: Record<string, { overflow: number; height: number }> = {};
      // Each page is opened once: measured and checked first, then looked into (a tap opens "Actions").
      const open = async (name: keyof ReturnType<typeof pages>) => {
        await page.goto(pages()[name]);
        measured[name] = { overflow: await overflow(page), height: await page.evaluate(() => document.documentElement.scrollHeight) };
        await checkPage(page, `layout-${name}-${viewport.width}`);
      };

      await open('inbox');
      expect(await page.locator('tr[data-message]', { hasText: INVITATION_SUBJECTS.create }).count()).toBe(1);
      expect(await page.locator('[data-address]').count()).toBeGreaterThanOrEqual(2); // From and To
      expect(await brokenWithin(page, '[data-address]')).toEqual([]);
      await open('inbox-message');
      await open('scenarios');
      expect(await page.locator('[data-scenario] [data-unbroken]').count()).toBeGreaterThan(20);
      expect(await brokenWithin(page, '[data-scenario] [data-unbroken]')).toEqual([]);
      // A row's buttons: behind "Actions" on a phone (opened by a tap), in the row on a wide screen.
      const row = page.locator('tr[data-scenario="create"]');
      const provision = row.getByRole('button', { name: 'Provision now' });
      expect(await provision.isVisible()).toBe(viewport.width > 768);
      if (viewport.width <= 768) await row.getByText('Actions', { exact: true }).click();
      expect(await provision.isVisible()).toBe(true);
      await open('report');
      const banner = await page.locator('[data-verdict]').boundingBox();
      expect(banner!.x).toBeGreaterThanOrEqual(0);
      expect(banner!.x + banner!.width).toBeLessThanOrEqual(viewport.width);

      console.log(`layout at ${viewport.width} px: ${JSON.stringify(measured)}`);
      expect(Object.fromEntries(Object.entries(measured).map(([name, m]) => [name, m.overflow]))).toEqual({
        inbox: 0,
        'inbox-message': 0,
        scenarios: 0,
        report: 0,
      });

      // The scenarios page on a phone is a list of short cards (each row's buttons behind "Actions",
      // short values side by side): 15,091 px tall as one line per cell, now no taller than the
      // 1280 px page was (7,778 px, and 8,682 px with today's catalogue), which has not grown.
      if (viewport.width === 375) expect(measured.scenarios!.height).toBeLessThanOrEqual(7_800);
      if (viewport.width === 1280) expect(measured.scenarios!.height).toBeLessThanOrEqual(8_700);
    },
  );

  it('in print, the report and the scenarios fit the page and the verdict banner is whole', { timeout: 120_000 }, async () => {
    const page = await watchedPage(shared.browser, { viewport: { width: 794, height: 1123 } }); // A4 at 96 dpi
    await page.emulateMedia({ media: 'print' });
    // The report last: its banner is then measured without opening it again.
    for (const name of ['scenarios', 'inbox', 'report'] as const) {
      await page.goto(pages()[name]);
      expect([name, await overflow(page)]).toEqual([name, 0]);
    }
    const banner = await page.locator('[data-verdict]').boundingBox();
    expect(banner!.x + banner!.width).toBeLessThanOrEqual(794);
    expect(await page.locator('[data-verdict]').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  });
});
