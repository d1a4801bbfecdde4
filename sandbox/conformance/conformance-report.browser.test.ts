import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import type { Sandbox } from '../sandbox';
import { browserAvailable, sharedChromium, SCREENSHOT_DIR, checkPage } from '../../test/support/browser';
import { getJson, gpSystem, testSandbox } from '../../test/support/harness';
import type { ConformanceReport } from './assess';
import { renderHtml } from './report-page';

/**
 * The self-contained HTML evidence pack opens from disk in Chromium with nothing else around it,
 * shows every offence without interaction, prints to PDF with the chain head, and passes checkPage
 * (standards mode, axe-core).
 */
describe.skipIf(!browserAvailable())('conformance HTML evidence pack', () => {
  let sandbox: Sandbox;
  afterAll(async () => sandbox?.close());

  it('renders from a file with its verdict, every offence and the chain head; prints to PDF; passes axe-core', async () => {
    sandbox = await testSandbox();
    const send = await gpSystem(sandbox);
    await send({ ...requestFor(p.newPatient), nickname: 'Amy' });
    await send({ ...requestFor(p.p5Account), nickname: 'Bil' });
    const report = (await getJson(sandbox, `/_sandbox/conformance/${demoClient.clientId}?format=json`)).body as ConformanceReport;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.html');
    writeFileSync(file, renderHtml(report));

    const page = await (await sharedChromium()).newPage();
    try {
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('[data-verdict]').textContent()).toContain(
        'INCOMPLETE: 0 MUST rule(s) failed, 1 unjustified SHOULD deviation(s)',
      );
      const offences = page.locator('[data-offences="provision-no-unknown-fields"]');
      expect(await offences.locator('[data-offence]').count()).toBe(2);
      expect(await offences.isVisible()).toBe(true);
      expect(await offences.textContent()).toContain('"nickname": "Bil"');
      expect(await page.locator('[data-rule]').count()).toBe(report.rules.length);
      expect(await page.locator('[data-step]').count()).toBe(report.plan.length);
      expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);

      await checkPage(page, 'conformance-report');

      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(SCREENSHOT_DIR, 'conformance-report.pdf') });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // Printed, nothing is cut at the right edge: no element is wider than the page.
      const overflowing = await page.evaluate(
        () =>
          [...document.querySelectorAll('body *')].filter(
            (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
          ).length,
      );
      expect(overflowing).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
