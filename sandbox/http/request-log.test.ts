import { afterEach, describe, expect, it, vi } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import type { Sandbox } from '../sandbox';
import { gpSystem, lookUpUsers, testSandbox, usersTokenFor } from '../../test/support/harness';

/** The request log as a developer sees it in the terminal: one line per request, nothing secret, nothing that repaints it. */
let sandbox: Sandbox;
afterEach(async () => {
  vi.restoreAllMocks();
  await sandbox?.close();
});

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return lines;
}

describe('request log', () => {
  it('prints time, method, path, status, outcome, client and duration; never a token, body or query', async () => {
    sandbox = await testSandbox({ log: 'text' });
    const lines = captureStdout();
    const provision = await gpSystem(sandbox);
    await provision(requestFor(p.newPatient));
    const token = await usersTokenFor(sandbox, ['Users.retrieve']);
    await lookUpUsers(sandbox, token, `nhsnumber eq "${p.p9Account.nhsNumber}"`);
    vi.restoreAllMocks();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z POST \/token 200 - sandbox-demo-client [\d.]+ms$/);
    expect(lines[1]).toMatch(/ POST \/provision-account 200 create sandbox-demo-client [\d.]+ms$/);
    expect(lines[3]).toMatch(/ GET \/v2\/Users 200 - sandbox-demo-client [\d.]+ms$/);
    const all = lines.join('\n');
    for (const secret of [token, p.newPatient.email!, p.p9Account.nhsNumber, 'filter', 'Bearer']) expect(all).not.toContain(secret);
  });

  it('writes one JSON object per line with LOG=json, and escapes control characters', async () => {
    sandbox = await testSandbox({ log: 'json' });
    const lines = captureStdout();
    await sandbox.app.request('/nowhere%1b%5b31mred%0aforged');
    vi.restoreAllMocks();
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ method: 'GET', status: 404, outcome: 'not_found', clientId: null });
    expect(line.path).toBe('/nowhere\\u{1b}[31mred\\u{a}forged');
  });

  it('is silent with LOG=quiet (the default in tests)', async () => {
    sandbox = await testSandbox();
    const lines = captureStdout();
    await sandbox.app.request('/_health');
    vi.restoreAllMocks();
    expect(lines).toEqual([]);
  });
});
