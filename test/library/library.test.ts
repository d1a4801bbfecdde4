import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';

/** The library API as a Node test suite uses it: over real sockets, through its public surface only. */
let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const provision = async (running: RunningSandbox, body: unknown) => {
  const response = await fetch(running.provisionUrl, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await running.demoClient.provisioningToken()}` },
  });
  return (await response.json()) as { code: string };
};

describe('startSandbox()', () => {
  it('starts on free loopback ports and provisions with the demo client; the email and the texted code can be read', async () => {
    sandbox = await startSandbox();
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await provision(sandbox, requestFor(p.newPatient))).code).toBe('create');
    const email = await sandbox.latestEmail(p.newPatient.email!);
    expect(email.subject).toBe('Invite to set up your NHS login');
    const link = /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]+/.exec(email.text)![0];
    expect(link.startsWith(sandbox.baseUrl)).toBe(true);
    expect(sandbox.latestSecurityCode(p.newPatient.mobile!)).toBeNull();
  });

  it('gives Users Endpoint V2 tokens for the scopes asked', async () => {
    sandbox = await startSandbox();
    const token = await sandbox.demoClient.usersToken(['Users.retrieve']);
    const url = `${sandbox.usersUrl}?${new URLSearchParams({ filter: `nhsnumber eq "${p.p9Account.nhsNumber}"` })}`;
    const answer = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as { totalResults: number };
    expect(answer.totalResults).toBe(1);
  });

  it('travels in time (tokens expire) and resets to the seeded state', async () => {
    sandbox = await startSandbox();
    expect((await provision(sandbox, requestFor(p.newPatient))).code).toBe('create');
    expect((await provision(sandbox, requestFor(p.newPatient))).code).toBe('11003');
    sandbox.travel(8 * 86_400);
    expect((await provision(sandbox, requestFor(p.newPatient))).code).toBe('create');
    await sandbox.reset();
    expect((await provision(sandbox, requestFor(p.p9Account))).code).toBe('11005');
  });

  it('takes configuration overrides and refuses bad ones with a ConfigError', async () => {
    sandbox = await startSandbox({ invitationTtlDays: '3' });
    expect(sandbox.internals.config.invitationTtlDays).toBe(3);
    await expect(startSandbox({ port: 'eighty' })).rejects.toThrow(/PORT \(--port\)/);
  });
});
