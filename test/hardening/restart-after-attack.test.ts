import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { SandboxProcess, sandboxThatFails } from '../support/child-process';
import { gpSystemOverHttp } from '../support/gp-system-over-http';

/**
 * Hostile input against a real sandbox process, then a restart: the sandbox still starts, answers
 * /_health, and every write it acknowledged before the attack is there. Damaged files it cannot
 * use stop it with one line naming the file and what to do.
 */
const sandbox = new SandboxProcess();
afterEach(() => sandbox.stop());

const provisionOne = async (baseUrl: string) => {
  const response = await (await gpSystemOverHttp(baseUrl))(p.newPatient);
  expect(response.status).toBe(200);
  return ((await response.json()) as { provisioning_id: string }).provisioning_id;
};
const stored = async (baseUrl: string, id: string) =>
  ((await (await fetch(`${baseUrl}/_sandbox/provisionings`)).json()) as { provisionings: { id: string }[] }).provisionings.some(
    (r) => r.id === id,
  );

describe('persistent denial of service', () => {
  it(
    'a flood of 64 KiB control-character token requests keeps the journal small, and the sandbox restarts',
    { timeout: 90_000 },
    async () => {
      let running = await sandbox.start('flood-');
      const { dataDir } = sandbox;
      const acknowledged = await provisionOne(running.baseUrl);
      const value = encodeURIComponent('\u0001'.repeat(65_536));
      const FLOOD = 600;
      for (let sent = 0; sent < FLOOD; sent += 20) {
        await Promise.all(
          Array.from({ length: 20 }, () =>
            fetch(`${running.baseUrl}/token`, {
              method: 'POST',
              body: `grant_type=${value}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            }),
          ),
        );
      }
      expect((await fetch(`${running.baseUrl}/_sandbox/journal?limit=5`)).status).toBe(200);
      await running.stop();
      const journalBytes = statSync(path.join(dataDir, 'journal.ndjson')).size;
      console.log(
        `[hardening] journal flood: ${FLOOD} requests of 64 KiB control characters left a ${(journalBytes / 1024).toFixed(0)} KiB journal`,
      );
      // Each entry keeps at most a few KiB of what a request said, escapes included.
      expect(journalBytes).toBeLessThan(FLOOD * 16 * 1024);

      // And a journal that is not what the sandbox wrote (one 30 MB line, binary noise) does not stop it.
      appendFileSync(path.join(dataDir, 'journal.ndjson'), `${'x'.repeat(30 * 1024 * 1024)}\n\u0000\u00ff{"seq":\n`);
      running = await sandbox.startAgain();
      expect((await fetch(`${running.baseUrl}/_health`)).status).toBe(200);
      expect(await stored(running.baseUrl, acknowledged)).toBe(true);
    },
  );
});

describe('damaged files stop start-up with one line naming the file', () => {
  it.each([
    ['a snapshot of the wrong shape', 'store.json', '[1,2,3]', /store\.json is not a sandbox store/],
    ['a snapshot that is not JSON', 'store.json', '{"collec', /store\.json is not valid JSON/],
    ['a damaged signing key', 'signing-key.private.jwk.json', '{"kty":"RSA"', /signing-key\.private\.jwk\.json is not a JSON private key/],
    [
      'a signing key of the wrong kind',
      'signing-key.private.jwk.json',
      '{"kty":"oct","k":"AAAA"}',
      /signing-key\.private\.jwk\.json is not an RSA private JWK/,
    ],
  ])('%s', { timeout: 40_000 }, async (_name, file, content, message) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'damaged-'));
    writeFileSync(path.join(dataDir, file), content);
    const result = await sandboxThatFails(dataDir);
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot start the sandbox: /);
    expect(lines[0]).toMatch(message);
    expect(readFileSync(path.join(dataDir, file), 'utf8')).toBe(content); // nothing overwritten
  });

  it('a busy port names the option that chose it and exits 2', { timeout: 40_000 }, async () => {
    const running = await sandbox.start('busy-');
    const result = await sandboxThatFails(mkdtempSync(path.join(tmpdir(), 'busy2-')), { port: running.port });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      `Cannot start the sandbox: port ${running.port} is already in use: choose another with PORT (--port)`,
    );
  });
});
