import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { ADMIN_TOKEN_HEADER } from '../../sandbox/admin/guard';
import { CLAIM_DONE_HEADING } from '../../sandbox/claim/claim-stops';
import { ConfigError, loadConfig, testConfig } from '../../sandbox/config/config';
import { tokenRequestBody } from '../../sandbox/auth/token-request';
import { createSandbox, type Sandbox } from '../../sandbox/sandbox';
import { listen, type RunningServer } from '../../sandbox/server';
import {
  httpClaimStage,
  invitationLink,
  latestSecurityCode,
  postToken,
  testSandbox,
  tokenFor,
  validAssertion,
  craftJws,
  demoKey,
  standardClaims,
} from '../support/harness';

/** What the sandbox exposes: where it listens, who may use its admin side, and what it never writes down. */
let sandbox: Sandbox | null = null;
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  await sandbox?.close();
  server = null;
  sandbox = null;
});

const ADMIN_TOKEN = 'an-admin-token-for-tests-0123456789';

describe('exposure', () => {
  it('binds to loopback by default', async () => {
    expect(loadConfig({}, []).host).toBe('127.0.0.1');
    sandbox = await createSandbox(testConfig());
    server = await listen(sandbox);
    expect(server.address).toBe('127.0.0.1');
  });

  it('refuses to bind beyond loopback without an admin token', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' }, [])).toThrow(/ADMIN_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', ADMIN_TOKEN }, []).adminToken).toBe(ADMIN_TOKEN);
  });

  it('with an admin token, guards the admin API and the console, and signs a browser in with a strict cookie', async () => {
    sandbox = await testSandbox({ adminToken: ADMIN_TOKEN });
    const app = sandbox.app;
    expect((await app.request('/_sandbox/clock')).status).toBe(401);
    expect(
      (await app.request('/_sandbox/clock', { headers: { [ADMIN_TOKEN_HEADER]: 'wrong-token-wrong-token-wrong-token' } })).status,
    ).toBe(401);
    expect((await app.request('/_sandbox/clock', { headers: { [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN } })).status).toBe(200);
    for (const page of ['/console/', '/console/outbox', '/console/patients']) {
      const refused = await app.request(page);
      expect([refused.status, refused.headers.get('location')]).toEqual([303, '/console/sign-in']);
    }
    // The session cookie is scoped to /console: with a sign-in the scenarios live there.
    expect((await app.request('/')).headers.get('location')).toBe('/console/');
    const signIn = (token: string) =>
      app.request('/console/sign-in', {
        method: 'POST',
        body: `token=${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await signIn('nope')).status).toBe(401);
    const signedIn = await signIn(ADMIN_TOKEN);
    const cookie = signedIn.headers.get('set-cookie')!;
    // A random session id, never the token (issue #28), scoped to the console.
    expect(cookie).toMatch(/^sandbox_console=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const withCookie = { headers: { cookie: cookie.split(';')[0]! } };
    expect((await app.request('/console/', withCookie)).status).toBe(200);
    expect((await app.request('/console/admin/clock', withCookie)).status).toBe(200);
    expect((await app.request('/_sandbox/clock', withCookie)).status).toBe(401);
    // The specified endpoints and the patient's journey stay open: they have their own credentials.
    expect((await app.request('/_health')).status).toBe(200);
    expect((await postToken(sandbox, tokenRequestBody(await validAssertion(sandbox)))).status).toBe(200);
  });

  it('never writes a token, an assertion, a password, a security code or a session id to its logs or its journal', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = (chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      };
      return () => (stream.write = original);
    };
    const restore = [capture(process.stdout), capture(process.stderr)];
    try {
      sandbox = await testSandbox();
      const assertion = await validAssertion(sandbox);
      const accessToken = ((await (await postToken(sandbox, tokenRequestBody(assertion))).json()) as { access_token: string }).access_token;
      await postToken(sandbox, tokenRequestBody(assertion)); // a replay, refused
      await sandbox.app.request('/provision-account', {
        method: 'POST',
        body: '{broken',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      });
      const link = await invitationLink(sandbox, p.uplifter, requestFor(p.uplifter));
      const { driver } = httpClaimStage(sandbox);
      await driver.open(link);
      await driver.continueFromStart();
      const code = await latestSecurityCode(sandbox, p.uplifter.mobile!);
      await driver.enterCode(code);
      await driver.answerDetails('yes');
      await driver.enterPassword('Wrong-Password-1');
      await driver.enterPassword(FIXTURE_ACCOUNT_PASSWORD);
      expect(driver.heading).toBe(CLAIM_DONE_HEADING);
      const secrets = {
        accessToken,
        assertion,
        signature: assertion.split('.')[2]!,
        password: FIXTURE_ACCOUNT_PASSWORD,
        wrongPassword: 'Wrong-Password-1',
        code,
        session: driver.cookie!.split('=')[1]!,
        claimToken: link.split('/').pop()!,
        anotherToken: await tokenFor(sandbox),
      };
      const journal = JSON.stringify(sandbox.journal.query());
      const logs = written.join('');
      for (const [name, secret] of Object.entries(secrets)) {
        expect(logs.includes(secret), `${name} in the logs`).toBe(false);
        expect(journal.includes(secret), `${name} in the journal`).toBe(false);
      }
    } finally {
      for (const undo of restore) undo();
    }
  });
});

describe('browser-borne requests from other sites', () => {
  it('a cross-site form POST cannot reset the sandbox or the journal; the same origin and non-browser clients can', async () => {
    sandbox = await createSandbox(testConfig());
    server = await listen(sandbox);
    const base = `http://127.0.0.1:${server.port}`;
    const crossSite = {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://attacker.example',
      'sec-fetch-site': 'cross-site',
    };
    for (const path of ['/_sandbox/reset', '/_sandbox/journal/reset']) {
      const refused = await fetch(`${base}${path}`, { method: 'POST', headers: crossSite, body: 'x=1' });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'cross_site_request' });
    }
    const clock = await fetch(`${base}/_sandbox/clock`, {
      method: 'POST',
      headers: { ...crossSite, 'content-type': 'text/plain' },
      body: '{"advance_seconds":3600}',
    });
    expect(clock.status).toBe(403);
    expect(sandbox.clock.offsetMs).toBe(0);
    const sameOrigin = await fetch(`${base}/_sandbox/reset`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(sameOrigin.status).toBe(200);
    expect((await fetch(`${base}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
  });

  it('no page the sandbox serves can be framed by another site', async () => {
    sandbox = await createSandbox(testConfig());
    server = await listen(sandbox);
    for (const path of ['/', '/docs', '/console/requests', `/_sandbox/conformance/sandbox-demo-client`, '/claim/unknown-token']) {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
      expect([path, response.headers.get('x-frame-options')]).toEqual([path, 'DENY']);
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('every listener, not just the API', () => {
  const rawRequest = (port: number, text: string) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      socket.on('error', () => undefined);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('close', () => resolve(answer));
    });

  it('answers only the configured host names, on the API and on the capture (DNS rebinding)', async () => {
    sandbox = await createSandbox(testConfig());
    server = await listen(sandbox);
    for (const port of [server.port, sandbox.capture!.httpPort]) {
      const rebound = await rawRequest(port, 'GET /_health HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n');
      expect(rebound).toMatch(/^HTTP\/1.1 421 /);
      expect(rebound).toContain('host_not_allowed');
      const own = await rawRequest(port, `GET /api/v1/info HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`);
      expect(own).not.toMatch(/^HTTP\/1.1 421 /);
    }
  });

  it('closes a connection that trickles its headers', { timeout: 15_000 }, async () => {
    sandbox = await createSandbox(testConfig({ headersTimeoutSeconds: '1' }));
    server = await listen(sandbox);
    const started = Date.now();
    const socket = connect(server.port, '127.0.0.1');
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    socket.on('error', () => undefined); // the server cutting the connection off is the point
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: a\r\n'), 200);
    socket.write('GET /_health HTTP/1.1\r\nHost: localhost\r\n');
    const heldMs = await closed;
    clearInterval(trickle);
    expect(heldMs).toBeLessThan(5000);
  });

  it('shows captured HTML without running its script, and with an admin token guards the capture too', async () => {
    sandbox = await testSandbox({ adminToken: ADMIN_TOKEN });
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: sandbox.capture!.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'script',
      html: '<script>fetch("/api/v1/messages")</script><p>hi</p>',
    });
    smtp.close();
    const api = `http://127.0.0.1:${sandbox.capture!.httpPort}`;
    expect((await fetch(`${api}/api/v1/messages`)).status).toBe(401);
    expect((await fetch(`${api}/`)).status).toBe(401); // the inbox too
    const basic = { authorization: `Basic ${Buffer.from(`sandbox:${ADMIN_TOKEN}`).toString('base64')}` };
    const list = (await (await fetch(`${api}/api/v1/messages`, { headers: basic })).json()) as { messages: { ID: string }[] };
    const view = await fetch(`${api}/view/${list.messages[0]!.ID}.html`, { headers: { [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN } });
    expect(view.headers.get('content-security-policy')).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'/);
    expect(view.headers.get('x-content-type-options')).toBe('nosniff');
    // The inbox deletes only for forms from its own origin.
    const crossSite = await fetch(`${api}/delete`, {
      method: 'POST',
      headers: { ...basic, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'q=',
    });
    expect(crossSite.status).toBe(403);
    expect(sandbox.capture!.mailbox.list()).toHaveLength(1);
  });
});

describe('claims and keys that cannot be used are refused where they enter', () => {
  it('refuses a 40 KB jti before remembering it, and a 1024-bit key at registration', async () => {
    sandbox = await testSandbox();
    const huge = await postToken(
      sandbox,
      tokenRequestBody(craftJws({ alg: 'RS512', typ: 'JWT' }, standardClaims(sandbox, { jti: 'j'.repeat(40_000) }), { rsa: demoKey })),
    );
    expect(await huge.json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringMatching(/at most 8192 characters/),
    });
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const registered = await sandbox.app.request('/_sandbox/clients', {
      method: 'POST',
      body: JSON.stringify({ ods_codes: ['A20047'], public_key_pem: small.publicKey.export({ type: 'spki', format: 'pem' }) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(registered.status).toBe(400);
    expect(await registered.text()).toMatch(/at least 2048 bits \(RFC 7518 §3\.3\)/);
  });
});

describe('request text never reaches an object lookup', () => {
  it('answers prototype names in queries and paths as ordinary unknown values', async () => {
    sandbox = await createSandbox(testConfig());
    server = await listen(sandbox);
    const base = `http://127.0.0.1:${server.port}`;
    for (const [path, status] of [
      ['/_sandbox/conformance/sandbox-demo-client?format=__proto__', 400],
      ['/_sandbox/conformance/sandbox-demo-client?format=constructor', 400],
      ['/docs/assets/constructor', 404],
      ['/docs/assets/__proto__', 404],
      ['/_sandbox/clients/__proto__', 404],
    ] as const) {
      const answer = await fetch(`${base}${path}`);
      expect([path, answer.status]).toEqual([path, status]);
      expect(await answer.text()).not.toMatch(/TypeError|at .*\.ts:\d+/);
    }
  });
});
