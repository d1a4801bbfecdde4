import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';

/**
 * `npm run features:verdict` as an assurance team runs it, in a real child process, against a
 * target that deviates on purpose: a sandbox whose access tokens live 600 s instead of 300, which
 * breaks exactly the scenarios that pin the lifetime down.
 */
const root = path.resolve(import.meta.dirname, '../..');
let deviant: StartedSandbox;
let folder: string;
beforeAll(async () => {
  deviant = await startSandbox(testConfig({ accessTokenTtlSeconds: '600' }));
  folder = mkdtempSync(path.join(tmpdir(), 'expected-failures-'));
});
afterAll(() => deviant?.stop());

const LIFETIME = { feature: 'features/access-token.feature', scenario: 'A correctly signed assertion is exchanged for an access token' };
const EXPIRY = { feature: 'features/access-token.feature', scenario: 'An access token stops working after 300 seconds' };
const USERS_LIFETIME = {
  feature: 'features/users-endpoint.feature',
  scenario: 'The GP system is granted the scopes it asks for and is approved for',
};

function verdict(failures: { feature: string; scenario: string }[]) {
  const file = path.join(folder, `expected-${failures.length}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      format: 'nhs-login-provisioning-expected-failures/1',
      failures: failures.map((f) => ({ ...f, reason: 'tokens live 600 s on this target' })),
    }),
  );
  return new Promise<{ code: number; stderr: string; report: Record<string, any> }>((resolve) =>
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/features-verdict.ts',
        '--expected-failures',
        file,
        '--',
        '--profile',
        'remote',
        'features/access-token.feature',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, SANDBOX_URL: deviant.baseUrl, MAILPIT_URL: deviant.sandbox.mailpitUrl },
      },
      (error, _stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stderr,
          report: JSON.parse(readFileSync(path.join(root, 'reports', 'features-verdict.json'), 'utf8')) as Record<string, any>,
        }),
    ),
  );
}

describe('expected failures', () => {
  it('is green when only the declared deviations fail, and lists each with its reason', async () => {
    const declared = [LIFETIME, EXPIRY, USERS_LIFETIME];
    const result = await verdict(declared);
    expect(result.code, result.stderr).toBe(0);
    expect(result.report.verdict).toBe('green');
    expect(result.report.expectedFailures.map((f: { name: string }) => f.name).sort()).toEqual(declared.map((d) => d.scenario).sort());
    expect(result.stderr).toContain('tokens live 600 s on this target');
  }, 120_000);

  it('is red when anything undeclared fails, naming it', async () => {
    const renamed = { feature: 'features/access-token.feature', scenario: 'A scenario that has since been renamed' };
    const result = await verdict([LIFETIME, USERS_LIFETIME, renamed]);
    expect(result.code).toBe(1);
    expect(result.report.notInThisRun).toEqual([{ ...renamed, reason: 'tokens live 600 s on this target' }]);
    expect(result.report.noLongerFailing).toEqual([]);
    expect(result.stderr).toContain(`declared scenario not found in this run (renamed, removed or filtered out?): ${renamed.feature}`);
    expect(result.report.unexpectedFailures).toEqual([{ name: EXPIRY.scenario, uri: EXPIRY.feature }]);
    expect(result.stderr).toContain(`UNEXPECTED FAILURE: ${EXPIRY.feature} "${EXPIRY.scenario}"`);
  }, 120_000);
});
