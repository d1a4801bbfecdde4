import { Hono } from 'hono';
import { SignJWT, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import type { Sandbox } from '../sandbox';
import { ManualRealTime, testSandbox, tokenFor } from '../../test/support/harness';
import { requireBearer } from './bearer';

let sandbox: Sandbox;
let app: Hono;
beforeEach(async () => {
  sandbox = await testSandbox();
  app = new Hono();
  app.get('/protected', requireBearer(sandbox.tokens, 'provision-account'), (c) => c.json({ client: c.get('clientId') }));
});
afterEach(() => sandbox.close());

const call = (authorization?: string) => app.request('/protected', { headers: authorization ? { authorization } : {} });

async function expectChallenge(response: Response, description: RegExp) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="provision-account", error="invalid_token", error_description="/);
  expect(await response.json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(description) });
}

describe('requireBearer (RFC 6750)', () => {
  it('lets a valid token through and names its client', async () => {
    const response = await call(`Bearer ${await tokenFor(sandbox)}`);
    expect(await response.json()).toEqual({ client: demoClient.clientId });
  });

  it('accepts the scheme in any case', async () => {
    expect((await call(`bearer ${await tokenFor(sandbox)}`)).status).toBe(200);
  });

  it('challenges a request without a token', async () => expectChallenge(await call(), /required/));
  it('challenges another scheme', async () => expectChallenge(await call('Basic dXNlcjpwYXNz'), /must be "Bearer <token>"/));
  it('challenges a malformed token', async () => expectChallenge(await call('Bearer not.a.jwt'), /malformed/));

  it('challenges a token with a tampered payload', async () => {
    const [h, , s] = (await tokenFor(sandbox)).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'x', aud: 'x', exp: 9_999_999_999 })).toString('base64url');
    await expectChallenge(await call(`Bearer ${h}.${forged}.${s}`), /signature/);
  });

  it('challenges a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('RS512');
    const now = Math.floor(sandbox.clock.nowMs() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS512' })
      .setIssuer(sandbox.tokens.issuer)
      .setSubject(demoClient.clientId)
      .setAudience(demoClient.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    await expectChallenge(await call(`Bearer ${token}`), /signature/);
  });

  it('expires tokens by the sandbox clock: valid at 299 s, rejected at 301 s', async () => {
    // Real time held still on a whole second, so only the sandbox clock moves and iat is exact.
    const realTime = new ManualRealTime();
    realTime.advance(1000 - (realTime.now() % 1000));
    await sandbox.close();
    sandbox = await testSandbox({}, { realTime });
    app = new Hono();
    app.get('/protected', requireBearer(sandbox.tokens, 'provision-account'), (c) => c.json({ client: c.get('clientId') }));
    const token = await tokenFor(sandbox);
    sandbox.clock.advance(299_000);
    expect((await call(`Bearer ${token}`)).status).toBe(200);
    sandbox.clock.advance(2_000);
    await expectChallenge(await call(`Bearer ${token}`), /expired/);
  });
});
