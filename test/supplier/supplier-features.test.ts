import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deviation } from '../../sandbox/gp-client/reference-client';

/**
 * The supplier-side features pin a GP system's behaviour down: they pass against the reference
 * client (`npm run features:supplier` in `npm test`) and fail against each deliberately broken
 * variant of it, naming the scenario that catches it.
 */
const root = path.resolve(import.meta.dirname, '../..');

const supplierFeatures = (deviation: Deviation) =>
  new Promise<{ status: number; stdout: string }>((resolve) => {
    execFile(
      'npx',
      ['cucumber-js', '--profile', 'supplier', '--format', 'summary', '--format-options', '{"colorsEnabled":false}'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '--import tsx', REFERENCE_CLIENT_DEVIATIONS: deviation },
        timeout: 120_000,
      },
      (error, stdout) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout }),
    );
  });

describe('supplier-side features against broken GP systems', () => {
  const variants: [Deviation, RegExp][] = [
    ['token-per-call', /Scenario: A patient with a lower-level NHS login is invited to uplift it/],
    ['no-backoff', /Scenario: The service is unavailable/],
    ['resubmit-pending', /Scenario: A patient who was invited in the last 7 days/],
    ['resend-refused', /Scenario: PDS does not confirm the patient's details/],
    ['rs256', /Scenario: A new patient is invited to create an NHS login/],
    ['aud-without-token-path', /Scenario: A new patient is invited to create an NHS login/],
    ['form-encoded-body', /Scenario: A new patient is invited to create an NHS login/],
  ];
  it.concurrent.each(variants)('fail against the %s variant', { timeout: 180_000 }, async (deviation, scenario) => {
    const run = await supplierFeatures(deviation);
    expect(run.status).not.toBe(0);
    const failures = run.stdout.slice(run.stdout.indexOf('Failures:'));
    expect(failures).toMatch(scenario);
  });
});
