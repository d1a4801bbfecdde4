import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startIndependentTarget } from '../support/independent-target';
import type { Patch } from '../support/patched-sandbox';
import { pythonWith } from '../support/python';
import { CUCUMBER_BIN, cucumberEnvironment } from '../support/suite-bundle';

/**
 * The oracle cuts both ways. `npm run features:remote` shows the specification selection passes
 * against the independent implementation; here a copy of it is made to deviate from the
 * specification, one deviation at a time, and the same selection (the `remote` profile with the
 * target's own mapping, in a real cucumber process) must fail, naming a scenario about that rule.
 */
const root = path.resolve(import.meta.dirname, '../..');
const available = await pythonWith(['jwt', 'cryptography'], 'The independent-target deviation tests', ['python3-jwt']);

const TOKENS = 'nhslogin/tokens.py';
const deviations: [string, Patch[], RegExp][] = [
  [
    'accepts RS256-signed assertions (CID-IS-P: RS512 only)',
    [
      { file: TOKENS, find: 'if header.get("alg") != "RS512":', replace: 'if header.get("alg") not in ("RS512", "RS256"):' },
      { file: TOKENS, find: 'jwt.PyJWK(key, algorithm="RS512")', replace: 'jwt.PyJWK(key, algorithm=header_alg(assertion))' },
      { file: TOKENS, find: 'algorithms=["RS512"],', replace: 'algorithms=["RS512", "RS256"],' },
      {
        file: TOKENS,
        find: 'def _verify_signature(',
        replace: 'def header_alg(assertion):\n    return jwt.get_unverified_header(assertion)["alg"]\n\n\ndef _verify_signature(',
      },
    ],
    /An assertion that breaks a rule is refused/,
  ],
  [
    'accepts a replayed assertion (CID-IS-P Table 13: jti protects against replay)',
    [{ file: TOKENS, find: 'raise AssertionInvalid("this assertion (jti) has already been used")', replace: 'pass' }],
    /A replayed assertion is refused/,
  ],
  [
    'issues access tokens for an hour (CID-IS-P §3.1: 300 seconds)',
    [{ file: TOKENS, find: 'ACCESS_TOKEN_TTL = 300', replace: 'ACCESS_TOKEN_TTL = 3600' }],
    /valid for 300 seconds|stops working after 300 seconds/,
  ],
  [
    'answers refusals without the specified body (CID-IS-P: {"code", "description"})',
    [
      {
        file: 'nhslogin/provisioning.py',
        find: 'return REFUSAL_HTTP_STATUS, {"code": code, "description": description}',
        replace: 'return REFUSAL_HTTP_STATUS, {"error_code": code, "message": description}',
      },
    ],
    /is answered with|is refused/,
  ],
];

function runSpecificationSelection(env: Record<string, string>) {
  return new Promise<{ code: number; output: string }>((resolve) =>
    execFile(
      process.execPath,
      [CUCUMBER_BIN, '--profile', 'remote', '--format', 'summary'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
        // Its reports go to a folder of its own, not over those of `npm test`'s own feature runs.
        env: { ...process.env, ...cucumberEnvironment(), REPORTS_DIR: mkdtempSync(path.join(tmpdir(), 'deviations-')), ...env },
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    ),
  );
}

describe.runIf(available)('a copy of the independent implementation that deviates from the specification', () => {
  // Concurrent: each copy is a target of its own (its own port, its own mail capture), and a run
  // mostly waits on the target's answers.
  it.concurrent.each(deviations)(
    'is caught when it %s',
    async (_deviation, patches, failingScenario) => {
      const target = await startIndependentTarget(patches);
      try {
        const run = await runSpecificationSelection(target.env);
        expect(run.code, run.output.slice(-3000)).toBe(1);
        const failures = run.output.slice(run.output.indexOf('Failures:'));
        expect(failures, run.output.slice(-3000)).toMatch(failingScenario);
      } finally {
        await target.stop();
      }
    },
    300_000,
  );
});
