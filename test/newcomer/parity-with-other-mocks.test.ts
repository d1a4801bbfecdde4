import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFor } from '../../scenarios/catalogue';
import { scenarioPatients as p } from '../../fixtures/patients';
import { testConfig } from '../../sandbox/config/config';
import { demoTokenOverHttp } from '../support/gp-system-over-http';
import { outcomeCodeIds, outcomeCodes } from '../../sandbox/provisioning/outcome-codes';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { freePort, sandboxThatFails } from '../support/child-process';

/**
 * What people who have used Prism, the NHS API-platform sandboxes or Mailpit expect, over real
 * sockets: a wrong method is 405 with Allow, `Prefer: code=…` forces any documented outcome (and
 * refuses an unknown one out loud), and a busy mail port points at an already-running Mailpit.
 */
let running: StartedSandbox;
let token: string;
beforeAll(async () => {
  running = await startSandbox(testConfig());
  token = await demoTokenOverHttp(running.baseUrl);
});
afterAll(() => running?.stop());

describe("a wrong method is 405 with Allow: POST, in the endpoint's own error shape", () => {
  it.each([
    ['/token', 'GET', 'error'],
    ['/provision-account', 'GET', 'code'],
    ['/provisioning/provision-account', 'GET', 'code'],
    ['/provision-account', 'DELETE', 'code'],
  ])('%s %s', async (pathname, method, field) => {
    const response = await fetch(`${running.baseUrl}${pathname}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const body = (await response.json()) as Record<string, string>;
    expect(body[field]).toBe(field === 'error' ? 'invalid_request' : '11010');
    expect(JSON.stringify(body)).toContain(`${method} is not supported`);
  });
});

describe("Prefer: code=… forces the outcome table's answer for that call", () => {
  const provision = (prefer: string) =>
    fetch(`${running.baseUrl}/provision-account`, {
      method: 'POST',
      body: JSON.stringify(requestFor(p.newPatient)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, prefer },
    });

  it.each(outcomeCodeIds)('code=%s', async (code) => {
    const response = await provision(`code=${code}`);
    expect(response.status).toBe(outcomeCodes[code].status);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ code, description: outcomeCodes[code].description });
    if (outcomeCodes[code].status === 200) expect(body.provisioning_id).toMatch(/^[0-9a-f-]{36}$/);
    if ([429, 503].includes(response.status)) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('code=500 is an internal error; other preferences beside it are left alone', async () => {
    expect((await provision('return=minimal, code=500')).status).toBe(500);
  });

  it('forcing leaves nothing behind: the same patient is then provisioned for real', async () => {
    await provision('code=11005');
    const real = await provision('');
    expect(((await real.json()) as { code: string }).code).toBe('create');
  });

  it('an unknown code is refused with 400 naming the codes that can be forced', async () => {
    const response = await provision('code=11099');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; description: string };
    expect(body.code).toBe('11010');
    expect(body.description).toContain('code=11099 is not an outcome the sandbox can force');
    for (const code of ['create', 'uplift', '11005', '11003', '500']) expect(body.description).toContain(code);
  });
});

describe('a busy mail port', () => {
  let holder: Server;
  afterAll(() => new Promise<void>((done) => (holder ? holder.close(() => done()) : done())));

  it.each(['smtp-port', 'mailpit-port'])('--%s: names the option and MAIL_CAPTURE=external', { timeout: 40_000 }, async (flag) => {
    const port = await freePort();
    if (holder) await new Promise<void>((done) => holder.close(() => done()));
    holder = await new Promise<Server>((resolve) => {
      const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
    });
    const result = await sandboxThatFails(mkdtempSync(path.join(tmpdir(), 'busy-mail-')), { [flag]: port });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^Cannot start the sandbox: port ${port} is already in use: choose another with \\w+ \\(--${flag}\\), or, if Mailpit already runs there, use it with MAIL_CAPTURE=external`,
      ),
    );
  });
});
