import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox } from '../../sandbox/start';
import { patchedCopy, type PatchedCopy } from '../support/patched-sandbox';
import { nodeArgsFor } from '../support/suite-bundle';

/**
 * `npm run features:verdict` as an assurance team runs it, in a real child process, against targets
 * that deviate on purpose: a sandbox whose access tokens live 600 s instead of 300, which breaks
 * exactly the steps that pin the lifetime down; and a patched copy that words the replay refusal
 * otherwise and, when asked, accepts replayed assertions too.
 */
const root = path.resolve(import.meta.dirname, '../..');
const FORMAT = 'nhs-login-provisioning-expected-failures/2';
let folder: string;
let copy: PatchedCopy;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'expected-failures-'));
  copy = patchedCopy([
    {
      file: 'sandbox/auth/client-assertion.ts',
      find: 'has already been used',
      replace: 'was seen before',
    },
    {
      file: 'sandbox/auth/client-assertion.ts',
      find: 'if (!deps.replay.remember(',
      replace: "if (process.env.DEVIANT_REPLAY !== 'accept' && !deps.replay.remember(",
    },
  ]);
});
afterAll(async () => {
  await copy?.remove();
});

interface Declaration {
  feature: string;
  scenario: string;
  step: string;
  message?: string;
  reason?: string;
}
/** A step declared as expected to fail: where it is, and what may be said of it. */
const declared = (feature: string, scenario: string, step: string, said: Pick<Declaration, 'message' | 'reason'> = {}): Declaration => ({
  feature: `features/${feature}`,
  scenario,
  step,
  ...said,
});
const VALID_FOR_300 = 'it receives a bearer access token valid for 300 seconds';
const LIFETIME = declared('access-token.feature', 'A correctly signed assertion is exchanged for an access token', VALID_FOR_300);
const EXPIRY = declared(
  'access-token.feature',
  'An access token stops working after 300 seconds',
  'provisioning with that token is refused as unauthorised',
);
const HOUR_LONG_ASSERTION = declared('access-token.feature', 'An assertion that lives for an hour is accepted', VALID_FOR_300);
const USERS_LIFETIME = declared(
  'users-endpoint.feature',
  'The GP system is granted the scopes it asks for and is approved for',
  VALID_FOR_300,
);
const REASON = 'tokens live 600 s on this target';
/** The five runs go at once: with other files' on two busy cores one took 80 s (alone, about 10 s). */
const RUN_TIMEOUT_MS = 240_000;

function verdict(
  failures: Declaration[],
  target: { baseUrl: string; mailpitUrl: string },
  cucumber: string[],
  env: Record<string, string> = {},
) {
  // A folder of its own for each run's reports: the runs go at once.
  const reports = mkdtempSync(path.join(folder, 'run-'));
  const file = path.join(reports, 'expected-failures.json');
  writeFileSync(file, JSON.stringify({ format: FORMAT, failures: failures.map((f) => ({ reason: REASON, ...f })) }));
  return new Promise<{ code: number; stderr: string; report: Record<string, any> }>((resolve) =>
    execFile(
      process.execPath,
      [...nodeArgsFor('scripts/features-verdict.ts'), '--expected-failures', file, '--', ...cucumber],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: RUN_TIMEOUT_MS,
        // Its reports go to this test's folder, not over those of `npm test`'s own feature runs.
        env: { ...process.env, SANDBOX_URL: target.baseUrl, MAILPIT_URL: target.mailpitUrl, REPORTS_DIR: reports, ...env },
      },
      (error, _stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stderr,
          report: JSON.parse(readFileSync(path.join(reports, 'features-verdict.json'), 'utf8')) as Record<string, any>,
        }),
    ),
  );
}
/** The token-lifetime features against a sandbox of the run's own whose access tokens live 600 s. */
async function tokenLifetime(failures: Declaration[]) {
  const deviant = await startSandbox(testConfig({ accessTokenTtlSeconds: '600' }));
  try {
    return await verdict(failures, { baseUrl: deviant.baseUrl, mailpitUrl: deviant.sandbox.mailpitUrl }, [
      '--profile',
      'remote',
      'features/access-token.feature',
      'features/users-endpoint.feature',
    ]);
  } finally {
    await deviant.stop();
  }
}

// Concurrent: each run has a target and a reports folder of its own, and mostly waits on cucumber.
describe.concurrent('expected failures', () => {
  it(
    'is green when only the declared steps fail, and lists each with its reason',
    async () => {
      const declared = [LIFETIME, HOUR_LONG_ASSERTION, EXPIRY, USERS_LIFETIME];
      const result = await tokenLifetime(declared);
      expect(result.code, result.stderr).toBe(0);
      expect(result.report.verdict).toBe('green');
      expect(result.report.expectedFailures.map((f: { name: string }) => f.name).sort()).toEqual(declared.map((d) => d.scenario).sort());
      expect(result.stderr).toContain(REASON);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'is red when anything undeclared fails, naming it; a renamed scenario is not found, never "no longer fails"',
    async () => {
      const renamed = { ...LIFETIME, scenario: 'A scenario that has since been renamed' };
      const result = await tokenLifetime([LIFETIME, HOUR_LONG_ASSERTION, USERS_LIFETIME, renamed]);
      expect(result.code).toBe(1);
      expect(result.report.notInThisRun).toEqual([{ ...renamed, reason: REASON }]);
      expect(result.report.noLongerFailing).toEqual([]);
      expect(result.stderr).toContain(`declared scenario not found in this run (renamed, removed or filtered out?): ${renamed.feature}`);
      expect(result.report.unexpectedFailures).toEqual([
        expect.objectContaining({ name: EXPIRY.scenario, uri: EXPIRY.feature, step: EXPIRY.step }),
      ]);
      expect(result.stderr).toContain(`UNEXPECTED FAILURE: ${EXPIRY.feature} "${EXPIRY.scenario}", step "${EXPIRY.step}"`);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'matches the step too: a declaration on another step of a failing scenario does not hide its failure',
    async () => {
      const otherStep = { ...LIFETIME, step: 'the answer must not be cached' };
      const result = await tokenLifetime([otherStep, HOUR_LONG_ASSERTION, EXPIRY, USERS_LIFETIME]);
      expect(result.code).toBe(1);
      expect(result.report.unexpectedFailures).toEqual([expect.objectContaining({ name: LIFETIME.scenario, step: LIFETIME.step })]);
      // The declared step never ran (the scenario stopped before it): not run, never "no longer fails".
      expect(result.report.notRun).toEqual([expect.objectContaining({ scenario: LIFETIME.scenario, step: otherStep.step })]);
      expect(result.report.noLongerFailing).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  describe('against a target that words the replay refusal otherwise', () => {
    const WORDING = declared(
      'security.feature',
      'The refusal of a replayed assertion says it was already used',
      'the refusal explains that the assertion was already used',
      { message: 'was seen before', reason: 'our replay refusal says "was seen before" (wording only)' },
    );
    // The features of the security file, the sandbox's choices included (the wording is one), the
    // test interface off: the time-travel scenario of access-token.feature is skipped.
    const run = async (env: Record<string, string>, declared: Declaration[]) => {
      const target = await copy.start({ testInterface: 'off' }, env);
      return verdict(
        declared,
        target,
        ['--profile', 'remote-with-sandbox-choices', 'features/security.feature', 'features/access-token.feature'],
        {
          CAPABILITIES_FILE: path.join(root, 'features/targets/specified-endpoints-only.json'),
        },
      );
    };

    it(
      'is green when only the wording deviates, as declared',
      async () => {
        const result = await run({}, [WORDING]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.report.expectedFailures).toEqual([expect.objectContaining({ name: WORDING.scenario, step: WORDING.step })]);
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'is red, naming the replay step, when the same target also accepts a replayed assertion',
      async () => {
        // The time-travel scenario is declared too: skipped on this target, it is "not run", never fixed.
        const result = await run({ DEVIANT_REPLAY: 'accept' }, [WORDING, EXPIRY]);
        expect(result.code).toBe(1);
        expect(result.report.verdict).toBe('red');
        const replayStep = 'the token request is refused as "invalid_client"';
        expect(result.report.unexpectedFailures).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: WORDING.scenario, step: replayStep }),
            expect.objectContaining({ name: 'A replayed assertion is refused', step: replayStep }),
          ]),
        );
        expect(result.stderr).toContain(`UNEXPECTED FAILURE: ${WORDING.feature} "${WORDING.scenario}", step "${replayStep}"`);
        expect(result.report.expectedFailures).toEqual([]);
        expect(result.report.notRun).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ scenario: WORDING.scenario, step: WORDING.step }),
            expect.objectContaining({ scenario: EXPIRY.scenario, why: 'the scenario was skipped' }),
          ]),
        );
        expect(result.report.noLongerFailing).toEqual([]);
      },
      RUN_TIMEOUT_MS,
    );
  });
});
