import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { demoClient } from '../../fixtures/clients';
import type { Deviation } from '../../sandbox/gp-client/reference-client';
import { PYTHON } from '../support/python';
import { CUCUMBER_BIN, cucumberEnvironment } from '../support/suite-bundle';

/**
 * The supplier-side features pin a GP system's behaviour down: they pass against the reference
 * client (`npm run features:supplier` in `npm test`) and fail against each deliberately broken
 * variant of it, naming the scenario that catches it.
 */
const root = path.resolve(import.meta.dirname, '../..');

/** cucumber-js as `npm run features:supplier` runs it, but by Node itself (CUCUMBER_BIN). */
const supplierFeatures = (deviation: Deviation | '', env: Record<string, string> = {}, args: string[] = []) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CUCUMBER_BIN, '--profile', 'supplier', '--format', 'summary', '--format-options', '{"colorsEnabled":false}', ...args],
      {
        cwd: root,
        encoding: 'utf8',
        // Its reports go to a folder of its own: `npm test` runs `features:supplier`, whose reports
        // are the ones in reports/, at the same time.
        env: {
          ...process.env,
          ...cucumberEnvironment(),
          REFERENCE_CLIENT_DEVIATIONS: deviation,
          REPORTS_DIR: mkdtempSync(path.join(tmpdir(), 'supplier-features-')),
          ...env,
        },
        // Seven runs at once on a small machine.
        timeout: 300_000,
      },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

describe('supplier-side features against broken GP systems', () => {
  // Each variant is played against the scenario that catches it, not the whole set: the reference
  // client passing every scenario is `npm run features:supplier`'s proof, and ten scenarios, each
  // with its settle window, seven times over, made this the suite's slowest file. A token fetched
  // per call is only seen once a token is still valid from an earlier patient: that variant plays
  // the first patient's scenario before the one that catches it.
  const NEW_PATIENT = 'A new patient is invited to create an NHS login';
  const variants: [Deviation, string, string[]][] = [
    ['token-per-call', 'A patient with a lower-level NHS login is invited to uplift it', [NEW_PATIENT]],
    ['no-backoff', 'The service is unavailable', []],
    ['resubmit-pending', 'A patient who was invited in the last 7 days', []],
    ['resend-refused', "PDS does not confirm the patient's details", []],
    ['rs256', NEW_PATIENT, []],
    ['aud-without-token-path', NEW_PATIENT, []],
    ['form-encoded-body', NEW_PATIENT, []],
  ];
  it.concurrent.each(variants)('fail against the %s variant in "%s"', { timeout: 330_000 }, async (deviation, scenario, before) => {
    const played = [...before, scenario].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const run = await supplierFeatures(deviation, {}, ['--name', `^(${played.join('|')})$`]);
    expect(run.status).not.toBe(0);
    const failures = run.stdout.slice(run.stdout.indexOf('Failures:'));
    expect(failures).toContain(`Scenario: ${scenario}`);
  });
});

describe('supplier-side features against late and unregistered GP systems', () => {
  it.skipIf(!existsSync(PYTHON))(
    'fail the pending-invitation scenario when a retry queue re-sends the patient 0.6 s after the driver exited, quoting the driver',
    { timeout: 120_000 },
    async () => {
      const run = await supplierFeatures(
        '',
        { SUPPLIER_DRIVER: `${PYTHON} test/supplier/late_resend_driver.py`, CLIENT_KEY: demoClient.privateKeyPath },
        ['--name', 'invited in the last 7 days'],
      );
      expect(run.status).not.toBe(0);
      const failures = run.stdout.slice(run.stdout.indexOf('Failures:'));
      expect(failures).toMatch(/Scenario: A patient who was invited in the last 7 days/);
      expect(failures).toMatch(/no-resubmit-while-pending: #\d+ sent \d+ again while the invitation behind 11003/);
      expect(failures).toMatch(/the driver's output:\s+\| pending-request: 400 11003/);
    },
  );

  it('name a client the embedded sandbox does not know as unregistered, and say what to do', { timeout: 120_000 }, async () => {
    const run = await supplierFeatures('', { CLIENT_ID: 'my-gp-system', SANDBOX_URL: '' }, ['--name', 'A new patient']);
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(
      /the client "my-gp-system" is not registered at http:\/\/127\.0\.0\.1:\d+ \(registered: .*sandbox-demo-client.*\); without SANDBOX_URL/,
    );
  });
});
