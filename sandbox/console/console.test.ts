import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import type { Sandbox } from '../sandbox';
import { gpSystem, testSandbox, httpClaimStage, invitationLink } from '../../test/support/harness';
import { CONSOLE_SECTIONS } from './layout';

/** The console over HTTP: every page answers, and hostile PDS data is only ever text. */
let sandbox: Sandbox;
const hostile = p.hostileName;

beforeAll(async () => {
  sandbox = await testSandbox();
  // The hostile patient reaches every page: provisioned (journal, outbox), searched, opened, claimed.
  const link = await invitationLink(sandbox, hostile);
  const { driver } = httpClaimStage(sandbox);
  await driver.open(link);
  await driver.continueFromStart();
});
afterAll(async () => sandbox?.close());

const page = async (path: string) => {
  const response = await sandbox.app.request(path);
  return { status: response.status, html: await response.text() };
};

describe('console', () => {
  const namePages = [
    `/console/patients?q=${encodeURIComponent("O'Brien")}`,
    `/console/patients/${hostile.nhsNumber}`,
    `/console/outbox?to=${hostile.email}`,
  ];

  it.each([...CONSOLE_SECTIONS.map(([href]) => href).filter((href) => href !== '/docs'), ...namePages])(
    '%s never carries a PDS name as markup',
    async (path) => {
      const { status, html } = await page(path);
      expect(status).toBe(200);
      expect(html).not.toContain('<script>alert(1)</script>');
    },
  );

  it.each(namePages.slice(0, 2))('%s shows the <script> in a PDS name as text', async (path) => {
    expect((await page(path)).html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('frames each email from its own route, under the captured-HTML policy, with the name in it as text', async () => {
    const src = /<iframe[^>]* src="([^"]+)"/.exec((await page(`/console/outbox?to=${hostile.email}`)).html)?.[1];
    expect(src).toMatch(/^\/console\/outbox\/[A-Za-z0-9-]+\/html$/);
    const framed = await sandbox.app.request(src!);
    expect(framed.headers.get('content-security-policy')).toMatch(
      /^sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'/,
    );
    const html = await framed.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect((await page('/console/outbox/no-such-message/html')).status).toBe(404);
  });

  it('shows a scenario row with a copyable body and a curl line', async () => {
    const { html } = await page('/');
    expect(html).toContain('data-scenario="already-p9"');
    expect(html).toContain(`curl -s ${sandbox.config.publicBaseUrl}/provision-account`);
  });

  it('lists the journal newest first, filtered by outcome, and serves the rows alone for refreshing', async () => {
    const send = await gpSystem(sandbox);
    await send(requestFor(p.p9Account));
    const { html } = await page('/console/requests?outcome=11005');
    expect(html.match(/<tr data-seq=/g)).toHaveLength(1);
    const rows = await page('/console/requests?fragment=rows');
    expect(rows.html.startsWith('<tr data-seq=')).toBe(true);
  });

  it('serves the NHS favicon browsers ask for', async () => {
    const icon = await sandbox.app.request('/favicon.ico');
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/x-icon']);
    expect((await icon.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('finds text messages in the outbox however the number is typed', async () => {
    await sandbox.sms.send('+447700900123', 'Your NHS login security code is 424242');
    for (const typed of ['%2B447700900123', '447700900123', '07700900123']) {
      expect(await (await sandbox.app.request(`/console/outbox?to=${typed}`)).text()).toContain('424242');
    }
  });

  it("shows a patient's Users Endpoint V2 view: the account at its identity level", async () => {
    const html = (await page(`/console/patients/${p.p9Account.nhsNumber}`)).html;
    expect(html).toContain('Users Endpoint V2 view');
    expect(html).toMatch(/&quot;IdentityProofing&quot;: &quot;P9&quot;|"IdentityProofing": "P9"/);
    expect((await page(`/console/patients/${p.newPatient.nhsNumber}`)).html).toMatch(/totalResults(&quot;|"): 0/);
  });

  it('answers 404 with the search page for an unknown NHS number', async () => {
    expect((await page('/console/patients/9990000247')).status).toBe(404);
  });
});
