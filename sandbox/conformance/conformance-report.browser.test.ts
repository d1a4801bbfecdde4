import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import type { Sandbox } from '../sandbox';
import { browserAvailable, launchChromium, screenshot } from '../../test/support/browser';
import { getJson, gpSystem, testSandbox } from '../../test/support/harness';
import type { ConformanceReport } from './assess';
import { renderHtml } from './report-page';

/** The self-contained HTML report opens from disk in Chromium with nothing else around it. */
describe.skipIf(!browserAvailable())('conformance HTML report', () => {
  let sandbox: Sandbox;
  afterAll(async () => sandbox?.close());

  it('renders from a file with its verdict, rules and the offending request', async () => {
    sandbox = await testSandbox();
    const send = await gpSystem(sandbox);
    await send({ ...requestFor(p.newPatient), nickname: 'Amy' });
    const report = (await getJson(sandbox, `/_sandbox/conformance/${demoClient.clientId}?format=json`)).body as ConformanceReport;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.html');
    writeFileSync(file, renderHtml(report));

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('[data-verdict]').textContent()).toContain('PASS: 0 MUST and 1 SHOULD rule(s) failed');
      const row = page.locator('[data-rule="provision-no-unknown-fields"]');
      await row.locator('summary').click();
      expect(await row.textContent()).toContain('"nickname": "Amy"');
      expect(await page.locator('[data-rule]').count()).toBe(report.rules.length);
      expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
      await screenshot(page, 'conformance-report');
    } finally {
      await browser.close();
    }
  });
});
