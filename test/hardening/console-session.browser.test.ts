import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_HEADER } from '../../sandbox/admin/guard';
import { browserAvailable, sandboxInBrowser, watchedPage } from '../support/browser';

/**
 * Issue #28: browsers send a host's cookies to every port of it. After signing in to the console,
 * a page served from another port of 127.0.0.1 must not receive anything that works as the admin
 * token, and signing out must end what it did receive.
 */
const ADMIN_TOKEN = 'cross-port-admin-token-0123456789';

describe.skipIf(!browserAvailable())('the console session, seen from another port of the same host', () => {
  const shared = sandboxInBrowser({ adminToken: ADMIN_TOKEN });
  /** Every Cookie header the other port's server was sent, by path. */
  const received: { path: string; cookie: string | undefined }[] = [];
  let other: Server;
  let otherBase: string;
  beforeAll(async () => {
    other = createServer((request, response) => {
      received.push({ path: request.url ?? '', cookie: request.headers.cookie });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // A page at any path it likes, pulling images from more paths of its own: the console's
      // cookie path and the admin API's among them.
      response.end('<!doctype html><title>other</title><img src="/console/x.png"><img src="/_sandbox/x.png"><img src="/x.png">');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        other.close(() => resolve());
        other.closeAllConnections();
      }),
  );

  const cookieValues = () =>
    received
      .flatMap(({ cookie }) => (cookie ?? '').split(';'))
      .map((pair) => pair.trim())
      .filter(Boolean);

  it('another port receives no admin token, and nothing it receives opens the admin API; sign-out ends it', async () => {
    const page = await watchedPage(shared.browser);
    const sandbox = shared.running.baseUrl;
    await page.goto(`${sandbox}/console/sign-in`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('h1').textContent()).toBe('Scenarios');
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly

    for (const path of ['/', '/console/evil', '/_sandbox/evil']) {
      await page.goto(`${otherBase}${path}`);
      await page.waitForLoadState('load');
    }
    const values = cookieValues();
    // At paths outside the console's, nothing at all; within it, the browser does send the session.
    expect(received.filter((r) => !r.path.startsWith('/console')).map((r) => r.cookie)).toEqual(
      received.filter((r) => !r.path.startsWith('/console')).map(() => undefined),
    );
    expect(values.length).toBeGreaterThan(0);
    for (const pair of values) {
      const value = pair.slice(pair.indexOf('=') + 1);
      expect(pair.includes(ADMIN_TOKEN), 'the admin token reached another port').toBe(false);
      expect(decodeURIComponent(value)).not.toBe(ADMIN_TOKEN);
      // Whatever it got, every way the admin API takes a credential refuses it.
      const basic = `Basic ${Buffer.from(`x:${value}`).toString('base64')}`;
      const ways: Record<string, string>[] = [{ cookie: pair }, { [ADMIN_TOKEN_HEADER]: value }, { authorization: basic }];
      for (const headers of ways) {
        expect((await fetch(`${sandbox}/_sandbox/clock`, { headers })).status).toBe(401);
        expect((await fetch(`${shared.running.sandbox.mailpitUrl}/api/v1/messages`, { headers })).status).toBe(401);
      }
    }
    // It is a console session: it opens console pages until the browser signs out, then never again.
    const session = values.find((pair) => pair.startsWith('sandbox_console='))!;
    expect((await fetch(`${sandbox}/console/clock`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(200);
    await page.goto(`${sandbox}/console/clock`);
    await Promise.all([page.waitForURL(/\/console\/sign-in$/), page.getByRole('button', { name: 'Sign out' }).click()]);
    const after = await fetch(`${sandbox}/console/clock`, { headers: { cookie: session }, redirect: 'manual' });
    expect([after.status, after.headers.get('location')]).toEqual([303, '/console/sign-in']);
    expect((await fetch(`${sandbox}/console/admin/clock`, { headers: { cookie: session } })).status).toBe(401);
    // And the browser itself is signed out.
    await page.goto(`${sandbox}/console/outbox`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });

  it('no console page carries the admin token', async () => {
    const page = await watchedPage(shared.browser);
    await page.goto(`${shared.running.baseUrl}/console/sign-in`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    for (const path of [
      '/console/',
      '/console/patients',
      '/console/outbox',
      '/console/requests',
      '/console/clock',
      '/console/conformance',
    ]) {
      await page.goto(`${shared.running.baseUrl}${path}`);
      expect(await page.content(), path).not.toContain(ADMIN_TOKEN);
      expect(page.url()).not.toContain(ADMIN_TOKEN);
    }
  });
});
