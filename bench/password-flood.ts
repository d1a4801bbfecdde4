import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoClient } from '../fixtures/clients';
import { requestFor } from '../scenarios/catalogue';
import { loadConfig } from '../sandbox/config/config';
import { readPrivateKey, requestAccessToken } from '../sandbox/gp-client/client-assertion-signer';
import { Population } from '../sandbox/pds/population';
import { defaultSeed } from '../sandbox/seed';
import { ClaimDriver } from '../test/support/claim-driver';
import { freePort, startSandboxChild } from '../test/support/child-process';
import { load, WARM_UP_SECONDS, type LoadResult } from './load';
import { signedTokenBodies } from './token-bodies';

/**
 * Issue #28: `/token` p99 while claim sessions flood the password step (500 simultaneous POSTs a
 * burst, one session per burst, bursts back to back), against the same run without the flood.
 * Before the fix one such burst took /token from 4 ms to 8.5 s. A measurement, not a timed test:
 * part of `npm run bench`, or alone with `npx tsx bench/password-flood.ts`.
 */
export interface PasswordFloodResult {
  quiet: LoadResult;
  flooded: LoadResult;
  bursts: number;
  passwordPosts: number;
}

const BURST = 500;
const SESSIONS = 12;

export async function passwordFloodRun(seconds: number): Promise<PasswordFloodResult> {
  const mailpitPort = await freePort();
  const server = await startSandboxChild(mkdtempSync(path.join(tmpdir(), 'bench-flood-')), {
    flags: { log: 'quiet', 'rate-limit-per-ods': 100_000_000, 'mailpit-port': mailpitPort, 'claim-max-link-opens': 1000 },
  });
  try {
    const base = server.baseUrl;
    const key = readPrivateKey(demoClient.privateKeyPath);
    const { access_token } = await requestAccessToken({ clientId: demoClient.clientId, privateKey: key, tokenUrl: `${base}/token` });
    const defaults = loadConfig({}, []);
    const population = new Population(defaults.seed, 500, {
      patients: defaultSeed.patients,
      practiceCodes: defaultSeed.populationPracticeCodes,
    });
    const patients = [...population.generatedNhsNumbers()].slice(0, SESSIONS).map((nhs) => population.get(nhs)!);

    // Claim sessions at the password step, one per patient.
    const sessions: { cookie: string; csrf: string }[] = [];
    for (const patient of patients) {
      const provisioned = await fetch(`${base}/provision-account`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestFor(patient)),
      });
      if (!provisioned.ok) throw new Error(`provisioning failed: ${await provisioned.text()}`);
      let link: string | undefined;
      for (let i = 0; i < 200 && !link; i++) {
        const found = (await (
          await fetch(`http://127.0.0.1:${mailpitPort}/api/v1/search?query=${encodeURIComponent(`to:${patient.email}`)}`)
        ).json()) as { messages: { ID: string }[] };
        const id = found.messages[0]?.ID;
        const text = id
          ? ((await (await fetch(`http://127.0.0.1:${mailpitPort}/api/v1/message/${id}`)).json()) as { Text: string }).Text
          : '';
        link = /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
        if (!link) await new Promise((r) => setTimeout(r, 25));
      }
      const driver = new ClaimDriver((route, init) => fetch(`${base}${route}`, { ...init, redirect: 'manual' }));
      await driver.open(link!);
      await driver.continueFromStart();
      const sms = (await (await fetch(`${base}/_sandbox/sms/latest?to=${encodeURIComponent(patient.mobile!)}`)).json()) as { body: string };
      await driver.enterCode(/\b(\d{6})\b/.exec(sms.body)![1]!);
      await driver.answerDetails('yes');
      sessions.push({ cookie: driver.cookie!, csrf: /name="csrf" value="([^"]+)"/.exec(driver.page!.html)![1]! });
    }

    // The quiet run warms the sandbox up; the flooded run follows on it, warm.
    const tokenRun = async (warmUpSeconds: number) => {
      const bodies = await signedTokenBodies(Math.ceil((seconds + warmUpSeconds) * 2500), `${base}/token`, key);
      let next = 0;
      return load({
        url: `${base}/token`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: () => bodies[next++ % bodies.length]!,
        connections: 8,
        durationSeconds: seconds,
        warmUpSeconds,
      });
    };

    const quiet = await tokenRun(WARM_UP_SECONDS);
    let flooding = true;
    let bursts = 0;
    let passwordPosts = 0;
    const flood = (async () => {
      for (const session of sessions) {
        if (!flooding) break;
        const password = 'Flood-Password-1';
        const body = new URLSearchParams({ csrf: session.csrf, password, confirm_password: password, terms: 'agreed' }).toString();
        await Promise.all(
          Array.from({ length: BURST }, () =>
            fetch(`${base}/claim/password`, {
              method: 'POST',
              redirect: 'manual',
              headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
              body,
            }).then(
              (r) => r.arrayBuffer(),
              () => undefined,
            ),
          ),
        );
        bursts++;
        passwordPosts += BURST;
      }
    })();
    const flooded = await tokenRun(0);
    flooding = false;
    await flood;
    return { quiet, flooded, bursts, passwordPosts };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await passwordFloodRun(Number(process.env.BENCH_SECONDS ?? 5));
  console.log(JSON.stringify(result, null, 2));
}
