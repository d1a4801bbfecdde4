import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatientRecord } from '../../sandbox/pds/patient';
import { startSandboxChild, type ChildServer } from '../support/child-process';
import { provisionUntilKilled } from '../support/provision-until-killed';

/**
 * Crash safety of a whole sandbox process: it runs as a child (`sandbox/main.ts`, as `npm start`
 * runs it) under provisioning load and is killed with SIGKILL at a random moment, several times.
 * After each restart the data files parse and every request that had been answered 200 is there.
 */
const ROUNDS = 4;
const WORKERS = 6;
const dataDir = mkdtempSync(path.join(tmpdir(), 'crash-'));
let running: ChildServer | null = null;
afterEach(() => running?.stop());

describe('crash safety', () => {
  it(`loses no acknowledged write across ${ROUNDS} SIGKILLs under load`, { timeout: 120_000 }, async () => {
    let child = (running = await startSandboxChild(dataDir, { flags: { 'population-size': 5000 } }));
    let baseUrl = child.baseUrl;
    const patients = ((await (await fetch(`${baseUrl}/_sandbox/pds/patients?q=9991&limit=5000`)).json()) as { patients: PatientRecord[] })
      .patients;
    const supply = { patients, next: 0 };
    const acknowledged: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      await provisionUntilKilled(child, supply, {
        workers: WORKERS,
        killAfterMs: 200 + Math.random() * 600,
        acknowledged: (_patient, provisioningId) => acknowledged.push(provisioningId),
      });

      // The files left behind parse: the snapshot line by line (a header, then a collection a line),
      // the log line by line with its checksum (a torn last line is allowed).
      const snapshot = readFileSync(path.join(dataDir, 'store.json'), 'utf8').split('\n');
      expect(snapshot.pop()).toBe('');
      for (const line of snapshot) JSON.parse(line);
      const log = readFileSync(path.join(dataDir, 'store.log.ndjson'), 'utf8').split('\n').filter(Boolean);
      for (const line of log.slice(0, -1)) {
        const [, sum, json] = /^([0-9a-f]{16}) (.*)$/s.exec(line)!;
        expect(createHash('sha256').update(json!).digest('hex').slice(0, 16)).toBe(sum);
        JSON.parse(json!);
      }

      child = running = await startSandboxChild(dataDir, { port: child.port, flags: { 'population-size': 5000 } });
      baseUrl = child.baseUrl;
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
