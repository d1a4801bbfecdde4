import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requestFor, scenarioById } from '../../scenarios/catalogue';
import type { PatientRecord } from '../../sandbox/pds/patient';
import { freePort, startSandboxChild, type ChildServer } from '../support/child-process';
import { getJson, gpSystem, testSandbox } from '../support/harness';
import { provisionUntilKilled } from '../support/provision-until-killed';

/**
 * Issue #31: an invitation acknowledged is an invitation delivered. A sandbox child, email on, is
 * killed with SIGKILL under provisioning load several times; after the last restart every
 * invitation that was answered 200 reaches the mail capture. And a full queue refuses new
 * invitations (11000, Retry-After) rather than growing.
 */
const ROUNDS = 3;
const WORKERS = 6;
let running: ChildServer | null = null;
afterEach(() => running?.stop());

interface MessagesPage {
  total: number;
  messages: { To: { Address: string }[] }[];
}

/** Every recipient the capture holds, read page by page through its Mailpit API. */
async function capturedRecipients(mailpitUrl: string): Promise<Set<string>> {
  const recipients = new Set<string>();
  for (let start = 0; ; start += 5000) {
    const page = (await (await fetch(`${mailpitUrl}/api/v1/messages?start=${start}&limit=5000`)).json()) as MessagesPage;
    for (const message of page.messages) for (const to of message.To) recipients.add(to.Address);
    if (start + 5000 >= page.total) return recipients;
  }
}

describe('mail under load', () => {
  it(`delivers every acknowledged invitation after ${ROUNDS} SIGKILLs under load`, { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mail-crash-'));
    const mailpitPort = await freePort();
    const flags = { 'population-size': 5000, 'mailpit-port': mailpitPort, 'mail-max-messages': 100_000 };
    let child = (running = await startSandboxChild(dataDir, { flags }));
    const patients = (
      (await (await fetch(`${child.baseUrl}/_sandbox/pds/patients?q=9991&limit=5000`)).json()) as { patients: PatientRecord[] }
    ).patients;
    // At most 2,000 invitations: the capture's inbox keeps about 2,700 (its 4 MiB metadata bound)
    // and drops the oldest past that, which would look like loss here.
    const supply = { patients: patients.slice(0, 2000), next: 0 };
    /** The address each acknowledged invitation was sent to. */
    const acknowledged: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      await provisionUntilKilled(child, supply, {
        workers: WORKERS,
        killAfterMs: 1000 + Math.random() * 1000,
        acknowledged: (patient) => acknowledged.push(requestFor(patient).email_address),
      });
      child = running = await startSandboxChild(dataDir, { port: child.port, flags });
    }

    // The last start delivers what the crashes left queued; the queue empties.
    await expect
      .poll(async () => ((await (await fetch(`${child.baseUrl}/_health`)).json()) as { mailQueue: { queued: number } }).mailQueue.queued, {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(0);
    const delivered = await capturedRecipients(`http://127.0.0.1:${mailpitPort}`);
    const lost = acknowledged.filter((address) => !delivered.has(address));
    console.log(`[hardening] mail under load: ${ROUNDS} SIGKILLs, ${acknowledged.length} acknowledged invitations, ${lost.length} lost`);
    expect(lost).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * 5);
  });

  it('refuses new invitations with 11000 and Retry-After while the mail queue is full, and shows the queue in /_health', async () => {
    // An SMTP server that is not there: the one invitation accepted stays queued, retried.
    const sandbox = await testSandbox({ mailCapture: 'external', smtpPort: '1', mailpitUrl: 'http://127.0.0.1:1', mailQueueMax: '1' });
    const provision = await gpSystem(sandbox);
    expect((await provision(scenarioById.get('create')!.request)).body.code).toBe('create');
    const refused = await provision(scenarioById.get('uplift-from-p5')!.request);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ code: '11000', description: 'Service not available.' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const health = await getJson(sandbox, '/_health');
    expect(health.body.mailQueue).toMatchObject({ queued: 1, capacity: 1, delivered: 0 });
    await sandbox.close();
  });
});
