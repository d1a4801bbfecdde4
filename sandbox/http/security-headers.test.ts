import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { listenHttp, type RunningServer } from '../server';
import { securityHeaders } from './security-headers';

/** The same secure headers whether the answer goes out on a socket or is made in process, the route's own value kept. */
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function appWithSecurityHeaders() {
  const app = new Hono();
  app.use(
    await securityHeaders({ strictTransportSecurity: false, xFrameOptions: 'DENY', contentSecurityPolicy: { frameAncestors: ["'none'"] } }),
  );
  app.get('/plain', (c) => c.json({ ok: true }));
  app.get('/own-policy', (c) => c.html('<p>framed by itself</p>', 200, { 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-store' }));
  return app;
}

/** What the connection adds to an answer, which an answer made in process does not have. */
const TRANSPORT = ['date', 'connection', 'keep-alive', 'content-length'];
const answerHeaders = (response: Response) => new Map([...response.headers].filter(([name]) => !TRANSPORT.includes(name)));

describe('security headers', () => {
  it('sends the same headers on a socket as in process, and keeps a value the route set itself', async () => {
    const app = await appWithSecurityHeaders();
    server = await listenHttp(app.fetch, { host: '127.0.0.1', port: 0, headersTimeoutMs: 5000 });
    for (const path of ['/plain', '/own-policy']) {
      const overSocket = await fetch(`http://127.0.0.1:${server.port}${path}`);
      const inProcess = await app.request(path);
      expect(answerHeaders(overSocket)).toEqual(answerHeaders(inProcess));
      expect(overSocket.headers.get('x-content-type-options')).toBe('nosniff');
      expect(overSocket.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    }
    expect((await fetch(`http://127.0.0.1:${server.port}/own-policy`)).headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await fetch(`http://127.0.0.1:${server.port}/plain`)).headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a policy made per request, which cannot be read once', async () => {
    await expect(securityHeaders({ contentSecurityPolicy: { scriptSrc: [() => 'nonce-x'] } })).rejects.toThrow(/per request/);
  });
});
