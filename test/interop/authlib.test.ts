import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';

/**
 * Python's Authlib (Debian's python3-authlib, which .ci/run installs) gets a token with
 * private_key_jwt and RS512 and provisions a patient. Without it the test is skipped with a loud
 * notice outside CI; with CI=true a missing Authlib fails the run.
 */
const PYTHON = '/usr/bin/python3';
const script = path.join(import.meta.dirname, 'authlib_client.py');
const available = await new Promise<boolean>((resolve) => {
  if (!existsSync(PYTHON)) return resolve(false);
  execFile(PYTHON, ['-c', 'import authlib, requests'], (error) => resolve(!error));
});
if (!available) {
  const message = `Authlib interop test NOT RUN: Debian's python3-authlib and python3-requests are missing (apt-get install -y python3-authlib python3-requests)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(78)}\n! ${message}\n${'!'.repeat(78)}\n`);
}

describe.skipIf(!available)('Authlib (Python)', () => {
  let running: StartedSandbox;
  beforeAll(async () => {
    running = await startSandbox(testConfig());
  });
  afterAll(() => running?.stop());

  it('gets a token with private_key_jwt (RS512) and provisions a patient', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        PYTHON,
        [script, running.baseUrl, demoClient.clientId, demoClient.privateKeyPath, JSON.stringify(requestFor(p.newPatient))],
        (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)),
      ),
    );
    expect(JSON.parse(out)).toMatchObject({ status: 200, body: { code: 'create' }, token_type: 'Bearer' });
  });
});
