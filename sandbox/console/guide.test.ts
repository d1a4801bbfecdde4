import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSandbox } from '../../test/support/harness';
import type { Sandbox } from '../sandbox';
import { CONSOLE_SECTIONS } from './layout';

/** The console links each section to the guide page for its job, and serves the guide as written. */
let sandbox: Sandbox;
beforeAll(async () => void (sandbox = await testSandbox({ adminToken: 'guide-test-admin-token' })));
afterAll(async () => sandbox?.close());

const docs = path.resolve(import.meta.dirname, '../../docs');
const signedIn = { headers: { 'X-Sandbox-Admin-Token': 'guide-test-admin-token' } };
const get = async (url: string, init = signedIn) => {
  const response = await sandbox.app.request(url, init);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};
const linksIn = (html: string) =>
  [...html.matchAll(/<a href="(\/console\/guide\/[^"]*)">([^<]*)<\/a>/g)].map(([, href, text]) => ({
    href,
    text: text!.replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
  }));

describe('the guide in the console', () => {
  it.each(CONSOLE_SECTIONS.filter(([href]) => href !== '/docs').map(([href]) => (href === '/' ? '/console/' : href)))(
    '%s links the guide page for its job, which opens as written',
    async (section) => {
      const [pageLink, everyPage] = linksIn((await get(section)).text);
      expect(everyPage).toEqual({ href: '/console/guide/', text: 'every page' });
      const file = pageLink!.href!.replace('/console/guide/', '');
      const opened = await get(pageLink!.href!);
      expect(opened).toMatchObject({ status: 200, type: 'text/plain; charset=utf-8' });
      expect(opened.text).toBe(readFileSync(path.join(docs, file), 'utf8'));
      expect(opened.text.split('\n')[0]).toBe(`# ${pageLink!.text}`);
    },
  );

  it('lists every page of the guide', async () => {
    const listed = linksIn((await get('/console/guide/')).text).map((link) => link.href);
    const files = readdirSync(docs).filter((name) => name.endsWith('.md'));
    expect(listed.sort()).toEqual(files.map((file) => `/console/guide/${file}`).sort());
  });

  it('serves nothing else, and only to the console signed in', async () => {
    for (const url of ['/console/guide/..%2Fpackage.json', '/console/guide/README.md', '/console/guide/no-such-page.md']) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect((await get('/console/guide/integrating.md', { headers: {} as never })).status).toBe(303);
  });
});
