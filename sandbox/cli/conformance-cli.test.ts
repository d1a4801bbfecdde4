import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it, type TestContext } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../config/config';
import type { ConformanceReport } from '../conformance/assess';
import type { Deviation } from '../gp-client/reference-client';
import { startSandbox, type StartedSandbox } from '../start';
import { gpSystem, postToken } from '../../test/support/harness';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { secondClient } from '../../fixtures/clients';
import { tokenRequestBody } from '../auth/token-request';
import { readPrivateKey } from '../gp-client/client-assertion-signer';
import { evidenceChainHead } from '../conformance/evidence-chain';
import { nodeArgsFor, shellCommandFor } from '../../test/support/suite-bundle';

/** An assertion signed RS256: a MUST failure (assertion-alg-rs512). */
const rs256Assertion = (sandbox: StartedSandbox) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(demoClient.clientId)
    .setSubject(demoClient.clientId)
    .setAudience(`${sandbox.baseUrl}/token`)
    .setIssuedAt()
    .setExpirationTime('60s')
    .setJti(randomUUID())
    .sign(readPrivateKey(demoClient.privateKeyPath));

/**
 * `npm run conformance` as a supplier runs it: a real child process against a sandbox over HTTP,
 * driving the reference GP client (and its deliberately broken variants) through the plan.
 */
const root = path.resolve(import.meta.dirname, '../..');

/** A sandbox as a supplier's CI would start it for a driven run: 11000's Retry-After short so the run is quick. */
const startQuick = () => startSandbox(testConfig({ unavailableRetryAfterSeconds: '1' }));
/** A sandbox of the test's own, stopped when it ends (through its context: the driven tests run concurrently). */
const start = async ({ onTestFinished }: TestContext) => {
  const sandbox = await startQuick();
  onTestFinished(() => sandbox.stop());
  return sandbox;
};

/** Runs the CLI in a child process; asynchronously, so the sandbox in this process can answer it. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgsFor('sandbox/cli/conformance.ts'), ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ADMIN_TOKEN: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const REFERENCE_DRIVER = shellCommandFor('sandbox/gp-client/driver.ts');

/** The sandbox's public key in a file, as an assurance team would keep it. */
const publicKeyFile = (sandbox: StartedSandbox, dir: string) => {
  const file = path.join(dir, 'sandbox-public.jwk.json');
  writeFileSync(file, JSON.stringify(sandbox.sandbox.tokens.key.publicJwk));
  return file;
};

/**
 * A driven run of the reference client on `sandbox` (a fresh one by default); returns the exit code
 * and the evidence pack. Each step starts a process: with seven runs at once on two busy cores
 * one can take over ten seconds, which made a run INCOMPLETE instead of the verdict it tests.
 * No settle window: the reference driver has sent all its traffic (its deliberate retries
 * included) before it exits, so the default second after each step only waited — 10 s of a run's
 * 17 s, ten runs in this file.
 */
async function drivenRun(deviations: Deviation[] = [], options: { sandbox?: StartedSandbox; stateFile?: string } = {}) {
  const sandbox = options.sandbox ?? (await startQuick());
  const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
  const keyFile = publicKeyFile(sandbox, out);
  const result = await cli(
    [
      '--client',
      demoClient.clientId,
      '--base-url',
      sandbox.baseUrl,
      '--driver',
      REFERENCE_DRIVER,
      '--step-timeout',
      '40',
      '--settle',
      '0',
      '--out',
      out,
    ],
    {
      REFERENCE_CLIENT_STATE: options.stateFile ?? path.join(out, 'client-state.json'),
      REFERENCE_CLIENT_DEVIATIONS: deviations.join(','),
      CLIENT_KEY: demoClient.privateKeyPath,
    },
  ).finally(() => (options.sandbox ? undefined : sandbox.stop()));
  const packFile = path.join(out, `conformance-${demoClient.clientId}.json`);
  const pack = JSON.parse(readFileSync(packFile, 'utf8')) as ConformanceReport;
  return { ...result, pack, out, packFile, keyFile };
}

// The driven runs mostly wait on child processes (the driver's, a step at a time), and the
// timed-out one on its deadlines: they run concurrently, each on a sandbox of its own.
describe.concurrent('a driven run of the reference GP client', () => {
  it(
    // The GP system starts afresh for each run (its memory of a practice's Retry-After would rightly
    // hold its next request back); the sandbox is the same, and each run has patients of its own.
    // One test, not two: a fresh sandbox's first run is this one's first, and a driven run is ten
    // driver processes (about 6 s of CPU).
    'earns a clean PASS, exit 0, with every plan step evidenced and reports that agree, twice in a row on one sandbox (each run has patients of its own)',
    { timeout: 180_000 },
    async (context) => {
      const sandbox = await start(context);
      const first = await drivenRun([], { sandbox });
      const second = await drivenRun([], { sandbox });
      for (const run of [first, second]) {
        expect(run.stderr).toBe('');
        expect(run.pack.rules.filter((r) => r.offenceCount > 0).map((r) => `${r.id}: ${r.offences[0]?.why}`)).toEqual([]);
        expect([run.pack.verdict, run.status, run.pack.plan.filter((s) => !s.seen).map((s) => s.id)]).toEqual(['pass', 0, []]);
      }
      // Different patients each run.
      expect(second.pack.run!.steps[0]!.nhsNumber).not.toBe(first.pack.run!.steps[0]!.nhsNumber);

      // The reports agree with each other and with the signed pack.
      const run = first;
      expect(run.stdout).toMatch(/^PASS: 0 MUST rule\(s\) failed/m);
      const junit = new XMLParser({ ignoreAttributes: false }).parse(
        readFileSync(path.join(run.out, `conformance-${demoClient.clientId}.junit.xml`), 'utf8'),
      ) as {
        testsuites: { '@_failures': string; '@_tests': string };
      };
      expect(junit.testsuites['@_failures']).toBe('0');
      expect(readFileSync(path.join(run.out, `conformance-${demoClient.clientId}.html`), 'utf8')).toMatch(
        /^<!doctype html>.*data-verdict="pass"/s,
      );
      const verified = await cli(['--verify', run.packFile, '--key', run.keyFile]);
      expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^evidence intact and signed: PASS/)]);
      expect(run.stdout).toContain(`key thumbprint (RFC 7638) ${run.pack.signature!.keyThumbprint}`);
      expect(readFileSync(path.join(run.out, `conformance-${demoClient.clientId}.html`), 'utf8')).toContain(
        `key thumbprint (RFC 7638) ${run.pack.signature!.keyThumbprint}`,
      );
    },
  );

  const variants: [Deviation, string, ConformanceReport['verdict']][] = [
    // Never holds a token long enough to see it refused, so the renewal step has no evidence either.
    // Fetching a token per call also handles the expired token: the renewal step is seen; only the SHOULD is broken.
    ['token-per-call', 'token-reused-while-valid', 'pass-with-deviations'],
    ['no-backoff', 'backoff-after-11011', 'pass-with-deviations'],
    ['resubmit-pending', 'no-resubmit-while-pending', 'pass-with-deviations'],
    ['resend-refused', 'no-unchanged-resend-after-refusal', 'pass-with-deviations'],
    ['rs256', 'assertion-alg-rs512', 'fail'],
    ['aud-without-token-path', 'assertion-aud-token-url', 'fail'],
    ['form-encoded-body', 'provision-json', 'fail'],
  ];
  it.each(variants)('the %s variant is caught by %s (%s)', { timeout: 180_000 }, async (deviation, rule, verdict) => {
    const run = await drivenRun([deviation]);
    expect(run.pack.rules.find((r) => r.id === rule)).toMatchObject({ verdict: verdict === 'fail' ? 'fail' : 'deviation' });
    expect(run.pack.verdict).toBe(verdict);
    expect(run.status).toBe(run.pack.exitCode);
    expect(run.status).not.toBe(0);
  });
});

describe.concurrent('a driven run that would not end', () => {
  it(
    'ends each step at --step-timeout with its whole process group, names the step, escapes the output and keeps the exit code',
    { timeout: 120_000 },
    async (context) => {
      const sandbox = await start(context);
      const dir = mkdtempSync(path.join(tmpdir(), 'driver-'));
      const pids = path.join(dir, 'pids');
      const driver = path.join(dir, 'driver.sh');
      // Fakes the runner's lines with escape sequences, leaves a grandchild holding its output open,
      // hangs outright on the first step, and exits 3 on the others.
      writeFileSync(
        driver,
        [
          '#!/bin/sh',
          "printf '\\033[2K\\rSeen: #1 create\\n'",
          "printf '\\033[1A\\033[2KPASS: 0 MUST rule(s) failed\\n'",
          `sleep 600 & echo $! >> "${pids}"`,
          `if [ "$STEP_ID" = create ]; then sleep 600; fi`,
          'exit 3',
        ].join('\n'),
        { mode: 0o755 },
      );
      const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
      const startedMs = Date.now();
      const run = await cli([
        '--client',
        demoClient.clientId,
        '--base-url',
        sandbox.baseUrl,
        '--driver',
        driver,
        '--step-timeout',
        '2',
        '--settle',
        '0.2',
        '--out',
        out,
      ]);
      const tookMs = Date.now() - startedMs;
      expect(tookMs).toBeLessThan(60_000);
      expect(run.stdout).toMatch(
        /Step 1 \(create\) TIMED OUT after 2 s: the driver's process group was ended; nothing after the deadline counts/,
      );
      // Escape sequences are shown, never obeyed: no line of the runner's can be faked or repainted.
      // eslint-disable-next-line no-control-regex -- no escape character may reach the terminal
      expect(run.stdout).not.toMatch(/[\u001b\r]/);
      expect(run.stdout).toContain('  | \\u{1b}[2K\\u{d}Seen: #1 create');
      expect(run.stdout.split('\n').filter((line) => /^PASS/.test(line))).toEqual([]);
      // Every grandchild left behind has been ended with its group.
      const left = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
      expect(left.length).toBe(10);
      // Gone, or a zombie nobody has reaped yet (a container's init may not): either way no longer running.
      const alive = left.filter((pid) => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
      const pack = JSON.parse(readFileSync(path.join(out, `conformance-${demoClient.clientId}.json`), 'utf8')) as ConformanceReport;
      expect(pack.plan[0]!.run).toMatchObject({ id: 'create', timedOut: true, ok: false });
      expect(pack.plan[1]!.run).toMatchObject({ driverExitCode: 3, ok: false, why: 'the driver exited with 3' });
      expect([pack.verdict, run.status]).toEqual(['incomplete', 4]);
      expect(pack.headline).toMatch(/10 step\(s\) whose driver timed out or failed/);
    },
  );
});

describe('npm run conformance', () => {
  it('one token and one provision call is INCOMPLETE and exits 4, or 0 with --allow-incomplete', async (context) => {
    const sandbox = await start(context);
    await (
      await gpSystem(sandbox.sandbox)
    )(requestFor(p.newPatient));
    const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
    const strict = await cli(['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--out', out]);
    expect(strict.status).toBe(4);
    expect(strict.stdout).toMatch(/^INCOMPLETE: /m);
    expect((await cli(['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--out', out, '--allow-incomplete'])).status).toBe(
      0,
    );
  });

  it('justifications turn deviations into justified ones; a MUST in the file is refused with exit 2', async (context) => {
    const sandbox = await start(context);
    const token = (await (await gpSystem(sandbox.sandbox))(requestFor(p.newPatient))).status;
    expect(token).toBe(200);
    const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
    const bad = path.join(out, 'bad.json');
    writeFileSync(bad, JSON.stringify({ justifications: [{ rule: 'provision-json', justification: 'We prefer forms for everything.' }] }));
    const refused = await cli(['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--justify', bad, '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/provision-json is a MUST rule/);
  });

  it('a misspelt client id exits 2 and names the registered clients', async (context) => {
    const sandbox = await start(context);
    const result = await cli(['--client', 'sandbox-demo-clinet', '--base-url', sandbox.baseUrl]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no client "sandbox-demo-clinet" is registered .*registered: .*sandbox-demo-client/);
  });

  it(
    '--verify checks the signature over the whole pack: a FAIL edited to PASS, a relabelled client and a re-chained pack all fail',
    { timeout: 120_000 },
    async (context) => {
      const sandbox = await start(context);
      // A FAIL: an RS256 assertion.
      await postToken(sandbox.sandbox, tokenRequestBody(await rs256Assertion(sandbox)));
      await (
        await gpSystem(sandbox.sandbox)
      )(requestFor(p.newPatient));
      const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
      const keyFile = publicKeyFile(sandbox, out);
      await cli(['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--out', out]);
      const file = path.join(out, `conformance-${demoClient.clientId}.json`);
      const original = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
      expect(original.verdict).toBe('fail');
      const verifyEdited = async (edit: (pack: ConformanceReport) => void) => {
        const pack = structuredClone(original);
        edit(pack);
        const edited = path.join(out, `edited-${Math.random()}.json`);
        writeFileSync(edited, JSON.stringify(pack, null, 2));
        return cli(['--verify', edited, '--key', keyFile]);
      };
      const intact = await verifyEdited(() => undefined);
      expect([intact.status, intact.stdout]).toEqual([0, expect.stringMatching(/^evidence intact and signed: FAIL/)]);
      // Verified against the sandbox's JWKS too.
      const byUrl = await cli(['--verify', file, '--jwks-url', `${sandbox.baseUrl}/.well-known/jwks.json`]);
      expect(byUrl.status).toBe(0);
      const edits: Record<string, (pack: ConformanceReport) => void> = {
        'FAIL rewritten as PASS': (pack) => {
          Object.assign(pack, { verdict: 'pass', exitCode: 0, headline: pack.headline.replace(/^FAIL/, 'PASS') });
          for (const rule of pack.rules)
            if (rule.verdict === 'fail') Object.assign(rule, { verdict: 'pass', offenceCount: 0, offences: [] });
        },
        'relabelled with another client': (pack) => {
          pack.clientId = secondClient.clientId;
        },
        'entries dropped and the chain recomputed': (pack) => {
          pack.evidence.entries = pack.evidence.entries.filter(
            (e) => e.request.assertion && 'header' in e.request.assertion && e.request.assertion.header.alg !== 'RS256',
          );
          pack.evidence.chainHead = evidenceChainHead(pack.evidence.entries);
        },
      };
      for (const [what, edit] of Object.entries(edits)) {
        const verified = await verifyEdited(edit);
        expect([what, verified.status, verified.stdout]).toEqual([what, 1, expect.stringMatching(/DOES NOT MATCH: the pack was changed/)]);
      }
      // Another key (re-signed by someone else, or the wrong sandbox): refused.
      const otherKey = path.join(out, 'other.jwk.json');
      writeFileSync(otherKey, JSON.stringify(await exportJWK((await generateKeyPair('RS512', { extractable: true })).publicKey)));
      const wrongKey = await cli(['--verify', file, '--key', otherKey]);
      expect([wrongKey.status, wrongKey.stdout]).toEqual([1, expect.stringMatching(/does not verify with the key given/)]);
      // Without a key there is nothing to check against.
      expect((await cli(['--verify', file])).status).toBe(2);
    },
  );

  it.each([
    [['--base-url', 'http://127.0.0.1:9'], /--client <client id> is required/],
    [['--client', 'x', '--since', 'last tuesday'], /--since must be an ISO 8601 time/],
    [['--client', 'x', '--base-url', 'http://127.0.0.1:9'], /no sandbox answers at http:\/\/127.0.0.1:9 .*: start it with npm start/],
    [['--client', 'x', '--colour'], /Unknown option '--colour'/],
    [['--client', 'x', '--guided', '--driver', 'true'], /choose --guided or --driver, not both/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const result = await cli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
