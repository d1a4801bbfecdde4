import { demoClient } from '../fixtures/clients';
import { readPrivateKey, requestAccessToken } from '../sandbox/gp-client/client-assertion-signer';
import type { OutboxStatus } from '../sandbox/mail/outbox';
import { freePort, startSandboxChild } from '../test/support/child-process';
import { load, type LoadResult } from './load';

/**
 * What a GP supplier's load test meets (issue #31): provisioning at a fixed offered rate for a
 * sustained run with invitation emails on, as `npm start` runs it. Afterwards the mail queue is
 * left to drain and the capture is counted: every invitation acknowledged (a 200) must be there.
 * "Captured" is what the capture took in since it started (Mailpit's `SMTPAccepted`, in-process
 * hand-overs included): its inbox keeps at most 4 MiB of metadata (issue #28), about 2,700
 * invitations, and drops the oldest past that by design, so the messages it still holds are
 * reported beside it, not counted as delivered or lost.
 */
export interface SustainedMailResult {
  offeredRate: number;
  run: LoadResult;
  /** Messages the capture took in during the run, and those it still holds (its bounds drop the oldest). */
  captured: number;
  held: number;
  /** Seconds from the end of the load to an empty queue (null: it did not empty within the limit). */
  drainSeconds: number | null;
  /** The deepest the queue got, and the longest the oldest message waited, sampled every second. */
  maxQueued: number;
  maxOldestQueuedMs: number;
  rssMiB: number;
}

const DRAIN_LIMIT_MS = 180_000;

export async function sustainedMailRun(options: {
  dataDir: string;
  population: number;
  offeredRate: number;
  seconds: number;
  body: () => string;
}): Promise<SustainedMailResult> {
  const mailpitPort = await freePort();
  const server = await startSandboxChild(options.dataDir, {
    flags: {
      log: 'quiet',
      'population-size': options.population,
      'rate-limit-per-ods': 100_000_000,
      'send-email': true,
      'mailpit-port': mailpitPort,
      'mail-max-messages': 100_000,
      'mail-max-bytes': 1024 * 1024 * 1024,
    },
  });
  const queue = async () => ((await (await fetch(`${server.baseUrl}/_health`)).json()) as { mailQueue: OutboxStatus }).mailQueue;
  const { access_token } = await requestAccessToken({
    clientId: demoClient.clientId,
    privateKey: readPrivateKey(demoClient.privateKeyPath),
    tokenUrl: `${server.baseUrl}/token`,
  });
  let maxQueued = 0;
  let maxOldestQueuedMs = 0;
  const sampler = setInterval(() => {
    queue().then(
      (status) => {
        maxQueued = Math.max(maxQueued, status.queued);
        maxOldestQueuedMs = Math.max(maxOldestQueuedMs, status.oldestQueuedMs);
      },
      () => undefined,
    );
  }, 1000);
  const run = await load({
    url: `${server.baseUrl}/provision-account`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: options.body,
    // As many connections as the email-off run: each waits for its answer (a group-committed
    // fsync), so ten of them, not the sandbox, capped the offered rate near 1,000 a second.
    connections: 50,
    durationSeconds: options.seconds,
    overallRate: options.offeredRate,
    // Every acknowledged invitation is counted against the captured ones; a minute at a fixed rate needs no warm-up.
    warmUpSeconds: 0,
  });
  clearInterval(sampler);
  const loadEnded = performance.now();
  let drainSeconds: number | null = null;
  while (performance.now() - loadEnded < DRAIN_LIMIT_MS) {
    if ((await queue()).queued === 0) {
      drainSeconds = (performance.now() - loadEnded) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const info = (await (await fetch(`http://127.0.0.1:${mailpitPort}/api/v1/info`)).json()) as {
    Messages: number;
    RuntimeStats: { SMTPAccepted: number };
  };
  const rssMiB = server.rssMiB();
  await server.stop();
  return {
    offeredRate: options.offeredRate,
    run,
    captured: info.RuntimeStats.SMTPAccepted,
    held: info.Messages,
    drainSeconds,
    maxQueued,
    maxOldestQueuedMs,
    rssMiB,
  };
}
