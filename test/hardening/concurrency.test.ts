import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MailpitClient } from 'mailpit-api';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { ClaimDriver } from '../support/claim-driver';
import { invitationLink, latestSecurityCode, tokenFor } from '../support/harness';

/**
 * Concurrency over real sockets with the durable (file) store: the pending-request rule, group
 * commit and the claiming journey's last step each hold when many requests arrive at once.
 */
let running: StartedSandbox | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const start = async () =>
  (running = await startSandbox(
    testConfig({
      storage: 'file',
      dataDir: mkdtempSync(path.join(tmpdir(), 'concurrency-')),
      populationSize: '500',
      rateLimitPerOds: '1000',
    }),
  ));

async function provisionAll(bodies: unknown[]) {
  const token = await tokenFor(running!.sandbox);
  return Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(`${running!.baseUrl}/provision-account`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as { code: string; provisioning_id?: string } };
    }),
  );
}

describe('concurrency', () => {
  it('100 simultaneous calls for the same patient: exactly one invitation, 99 × 11003', async () => {
    await start();
    const answers = await provisionAll(Array.from({ length: 100 }, () => requestFor(p.newPatient)));
    const codes = answers.map((a) => a.body.code);
    expect(codes.filter((c) => c === 'create')).toHaveLength(1);
    expect(codes.filter((c) => c === '11003')).toHaveLength(99);
    expect(running!.sandbox.provisioning.requests.findBy('byNhs', p.newPatient.nhsNumber)).toHaveLength(1);
  });

  it('100 simultaneous calls for different patients: all accepted, all stored, all still there after a restart', async () => {
    const { sandbox } = await start();
    const patients = [...sandbox.pds.population.keys()]
      .filter((nhs) => nhs.startsWith('9991'))
      .slice(0, 100)
      .map((nhs) => sandbox.pds.get(nhs)!);
    const answers = await provisionAll(patients.map((patient) => requestFor(patient)));
    expect(answers.map((a) => a.body.code).filter((c) => c !== 'create')).toEqual([]);
    const ids = answers.map((a) => a.body.provisioning_id!);
    const dataDir = sandbox.config.dataDir;
    await running!.stop();
    running = await startSandbox(testConfig({ storage: 'file', dataDir, populationSize: '500' }));
    const stored = new Set(running.sandbox.provisioning.requests.values().map((r) => r.id));
    expect(ids.filter((id) => !stored.has(id))).toEqual([]);
  });

  it('20 simultaneous final submissions of one claim: exactly one account and one confirmation', async () => {
    const { sandbox } = await start();
    const driver = new ClaimDriver((url, init) => fetch(`${running!.baseUrl}${url}`, init));
    await driver.open(await invitationLink(sandbox, p.newPatient));
    await driver.continueFromStart();
    await driver.enterCode(await latestSecurityCode(sandbox, p.newPatient.mobile!));
    await driver.answerDetails('yes');
    const form = { password: 'Correct-Horse-Battery-9', confirm_password: 'Correct-Horse-Battery-9', terms: 'agreed' };
    const pages = await Promise.all(Array.from({ length: 20 }, () => driver.submit('/claim/password', form)));
    expect(new Set(pages.map((page) => page.path))).toEqual(new Set(['/claim/done']));
    expect(sandbox.accounts.list().filter((a) => a.nhsNumber === p.newPatient.nhsNumber)).toHaveLength(1);
    expect(sandbox.provisioning.requests.findBy('byNhs', p.newPatient.nhsNumber).map((r) => r.status)).toEqual(['claimed']);
    await sandbox.mail.drain();
    const confirmations = await new MailpitClient(sandbox.mailpitUrl).searchMessages({
      query: `to:${p.newPatient.email} subject:"You have set up an NHS login"`,
    });
    expect(confirmations.messages_count).toBe(1);
  });
});
