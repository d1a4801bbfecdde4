import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { requestFor } from '../../scenarios/catalogue';
import { readPrivateKey, requestAccessToken } from '../../sandbox/gp-client/client-assertion-signer';
import type { PatientRecord } from '../../sandbox/pds/patient';

/**
 * Crash safety of a whole sandbox process: it runs as a child (`sandbox/main.ts`, as `npm start`
 * runs it) under provisioning load and is killed with SIGKILL at a random moment, several times.
 * After each restart the data files parse and every request that had been answered 200 is there.
 */
const ROUNDS = 4;
const WORKERS = 6;
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'crash-'));
let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function startChild(port: number): Promise<string> {
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'sandbox/main.ts',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--smtp-port',
      '0',
      '--mailpit-port',
      '0',
      '--population-size',
      '5000',
    ],
    { cwd: root, stdio: 'ignore' },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 200; tries++) {
    const up = await fetch(`${baseUrl}/_health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return baseUrl;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sandbox did not start');
}

describe('crash safety', () => {
  it(`loses no acknowledged write across ${ROUNDS} SIGKILLs under load`, { timeout: 120_000 }, async () => {
    const port = await freePort();
    let baseUrl = await startChild(port);
    const patients = ((await (await fetch(`${baseUrl}/_sandbox/pds/patients?q=9991&limit=5000`)).json()) as { patients: PatientRecord[] })
      .patients;
    let next = 0;
    const acknowledged: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const { access_token } = await requestAccessToken({
        clientId: demoClient.clientId,
        privateKey: readPrivateKey(demoClient.privateKeyPath),
        tokenUrl: `${baseUrl}/token`,
      });
      let alive = true;
      const worker = async () => {
        while (alive && next < patients.length) {
          const patient = patients[next++]!;
          const response = await fetch(`${baseUrl}/provision-account`, {
            method: 'POST',
            body: JSON.stringify(requestFor(patient)),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
          }).catch(() => null);
          if (!response) return;
          const body = (await response.json().catch(() => ({}))) as { code?: string; provisioning_id?: string };
          if (response.status === 200 && body.provisioning_id) acknowledged.push(body.provisioning_id);
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, worker));
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
      child!.kill('SIGKILL');
      alive = false;
      await load;

      // The files left behind parse: the snapshot whole, the log line by line (a torn last line is allowed).
      JSON.parse(readFileSync(path.join(dataDir, 'store.json'), 'utf8'));
      const log = readFileSync(path.join(dataDir, 'store.log.ndjson'), 'utf8').split('\n').filter(Boolean);
      for (const line of log.slice(0, -1)) JSON.parse(line);

      baseUrl = await startChild(port);
      const stored = new Set(
        ((await (await fetch(`${baseUrl}/_sandbox/provisionings`)).json()) as { provisionings: { id: string }[] }).provisionings.map(
          (r) => r.id,
        ),
      );
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost, `round ${round}`).toEqual([]);
    }
    console.log(`[hardening] crash safety: ${ROUNDS} SIGKILL rounds under load, ${acknowledged.length} acknowledged writes, 0 lost`);
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * 5);
  });
});
