import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../config/config';
import type { ConformanceReport } from '../conformance/assess';
import type { Deviation } from '../gp-client/reference-client';
import { startSandbox, type StartedSandbox } from '../start';
import { gpSystem } from '../../test/support/harness';

/**
 * `npm run conformance` as a supplier runs it: a real child process against a sandbox over HTTP,
 * driving the reference GP client (and its deliberately broken variants) through the plan.
 */
const root = path.resolve(import.meta.dirname, '../..');
let running: StartedSandbox | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

/** A sandbox as a supplier's CI would start it for a driven run: 11000's Retry-After short so the run is quick. */
const startQuick = () => startSandbox(testConfig({ unavailableRetryAfterSeconds: '1' }));
const start = async () => (running = await startQuick());

/** Runs the CLI in a child process; asynchronously, so the sandbox in this process can answer it. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'sandbox/cli/conformance.ts', ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ADMIN_TOKEN: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const REFERENCE_DRIVER = `"${process.execPath}" --import tsx sandbox/gp-client/driver.ts`;

/** A driven run of the reference client with the given deviations; returns the exit code and the evidence pack. */
async function drivenRun(deviations: Deviation[] = []) {
  const sandbox = await startQuick();
  const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
  const result = await cli(
    ['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--driver', REFERENCE_DRIVER, '--step-timeout', '10', '--out', out],
    {
      REFERENCE_CLIENT_STATE: path.join(out, 'client-state.json'),
      REFERENCE_CLIENT_DEVIATIONS: deviations.join(','),
      CLIENT_KEY: demoClient.privateKeyPath,
    },
  ).finally(() => sandbox.stop());
  const pack = JSON.parse(readFileSync(path.join(out, `conformance-${demoClient.clientId}.json`), 'utf8')) as ConformanceReport;
  return { ...result, pack, out };
}

describe('a driven run of the reference GP client', () => {
  it('earns a clean PASS, exit 0, with every plan step evidenced and reports that agree', { timeout: 120_000 }, async () => {
    const run = await drivenRun();
    expect(run.stderr).toBe('');
    expect(run.pack.plan.filter((s) => !s.seen).map((s) => s.id)).toEqual([]);
    expect(run.pack.rules.filter((r) => r.offenceCount > 0).map((r) => `${r.id}: ${r.offences[0]?.why}`)).toEqual([]);
    expect([run.pack.verdict, run.status]).toEqual(['pass', 0]);
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
    const verified = await cli(['--verify', path.join(run.out, `conformance-${demoClient.clientId}.json`)]);
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^evidence intact/)]);
  });

  const variants: [Deviation, string, ConformanceReport['verdict']][] = [
    // Never holds a token long enough to see it refused, so the renewal step has no evidence either.
    ['token-per-call', 'token-reused-while-valid', 'incomplete'],
    ['no-backoff', 'backoff-after-11011', 'pass-with-deviations'],
    ['resubmit-pending', 'no-resubmit-while-pending', 'pass-with-deviations'],
    ['resend-refused', 'no-unchanged-resend-after-refusal', 'pass-with-deviations'],
    ['rs256', 'assertion-alg-rs512', 'fail'],
    ['aud-without-token-path', 'assertion-aud-token-url', 'fail'],
    ['form-encoded-body', 'provision-json', 'fail'],
  ];
  // Concurrent: each variant has its own sandbox; the runs mostly wait on child processes.
  it.concurrent.each(variants)('the %s variant is caught by %s (%s)', { timeout: 180_000 }, async (deviation, rule, verdict) => {
    const run = await drivenRun([deviation]);
    expect(run.pack.rules.find((r) => r.id === rule)).toMatchObject({ verdict: verdict === 'fail' ? 'fail' : 'deviation' });
    expect(run.pack.verdict).toBe(verdict);
    expect(run.status).toBe(run.pack.exitCode);
    expect(run.status).not.toBe(0);
  });
});

describe('npm run conformance', () => {
  it('one token and one provision call is INCOMPLETE and exits 4, or 0 with --allow-incomplete', async () => {
    const sandbox = await start();
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

  it('justifications turn deviations into justified ones; a MUST in the file is refused with exit 2', async () => {
    const sandbox = await start();
    const token = (await (await gpSystem(sandbox.sandbox))(requestFor(p.newPatient))).status;
    expect(token).toBe(200);
    const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
    const bad = path.join(out, 'bad.json');
    writeFileSync(bad, JSON.stringify({ justifications: [{ rule: 'provision-json', justification: 'We prefer forms for everything.' }] }));
    const refused = await cli(['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--justify', bad, '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/provision-json is a MUST rule/);
  });

  it('a misspelt client id exits 2 and names the registered clients', async () => {
    const sandbox = await start();
    const result = await cli(['--client', 'sandbox-demo-clinet', '--base-url', sandbox.baseUrl]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no client "sandbox-demo-clinet" is registered .*registered: .*sandbox-demo-client/);
  });

  it('--verify says when an evidence pack was edited', async () => {
    const sandbox = await start();
    await (
      await gpSystem(sandbox.sandbox)
    )(requestFor(p.newPatient));
    const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
    await cli(['--client', demoClient.clientId, '--base-url', sandbox.baseUrl, '--out', out]);
    const file = path.join(out, `conformance-${demoClient.clientId}.json`);
    const pack = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
    pack.evidence.entries[0]!.outcome = 'issued-yesterday';
    writeFileSync(file, JSON.stringify(pack));
    const verified = await cli(['--verify', file]);
    expect([verified.status, verified.stdout]).toEqual([1, expect.stringMatching(/DOES NOT MATCH/)]);
  });

  it.each([
    [['--base-url', 'http://127.0.0.1:9'], /--client <client id> is required/],
    [['--client', 'x', '--since', 'last tuesday'], /--since must be an ISO 8601 time/],
    [['--client', 'x', '--base-url', 'http://127.0.0.1:9'], /cannot reach the sandbox at http:\/\/127.0.0.1:9/],
    [['--client', 'x', '--colour'], /Unknown option '--colour'/],
    [['--client', 'x', '--guided', '--driver', 'true'], /choose --guided or --driver, not both/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const result = await cli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
