import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../config/config';
import { startSandbox, type StartedSandbox } from '../start';
import { craftJws, demoKey, gpSystem, postToken, standardClaims } from '../../test/support/harness';
import { tokenRequestBody } from '../auth/token-request';

/** `npm run conformance` as a supplier runs it: against a running sandbox, over HTTP. */
let running: StartedSandbox;
const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
const root = path.resolve(import.meta.dirname, '../..');

/** Runs the CLI in a child process; asynchronously, so the sandbox in this process can answer it. */
const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'sandbox/cli/conformance.ts', ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ADMIN_TOKEN: '' } },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  running = await startSandbox(testConfig());
});
afterAll(async () => running?.stop());

describe('npm run conformance', () => {
  it('passes a well-behaved client with exit 0 and writes JSON, JUnit and HTML', async () => {
    const send = await gpSystem(running.sandbox);
    await send(requestFor(p.newPatient));
    const result = await cli('--client', demoClient.clientId, '--base-url', running.baseUrl, '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/assertion-alg-rs512\s+MUST\s+PASS\s+1/);
    expect(result.stdout).toMatch(/^PASS: 0 MUST/m);
    const report = JSON.parse(readFileSync(path.join(out, `conformance-${demoClient.clientId}.json`), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(readFileSync(path.join(out, `conformance-${demoClient.clientId}.junit.xml`), 'utf8')).toMatch(
      /<testsuites name="NHS login provisioning conformance" tests="\d+" failures="0"/,
    );
    expect(readFileSync(path.join(out, `conformance-${demoClient.clientId}.html`), 'utf8')).toMatch(
      /^<!doctype html>.*data-verdict="pass"/s,
    );
  });

  it('exits 1 once a MUST rule fails, quoting the offending request, and honours --since', async () => {
    const before = new Date(running.sandbox.clock.nowMs()).toISOString();
    running.sandbox.clock.advance(1000);
    await postToken(
      running.sandbox,
      tokenRequestBody(craftJws({ alg: 'RS256', typ: 'JWT' }, standardClaims(running.sandbox), { rsa: demoKey })),
    );
    const result = await cli('--client', demoClient.clientId, '--base-url', running.baseUrl, '--out', out);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/assertion-alg-rs512\s+MUST\s+FAIL\s+\d+\s+#\d+: header alg is "RS256"/);
    const junit = readFileSync(path.join(out, `conformance-${demoClient.clientId}.junit.xml`), 'utf8');
    expect(junit).toMatch(/<failure type="MUST" message="header alg is &quot;RS256&quot;">/);
    const earlier = await cli(
      '--client',
      demoClient.clientId,
      '--since',
      '2000-01-01T00:00:00Z',
      '--base-url',
      running.baseUrl,
      '--out',
      out,
    );
    expect(earlier.status).toBe(1);
    const later = await cli(
      '--client',
      demoClient.clientId,
      '--since',
      new Date(Date.parse(before) + 5000).toISOString(),
      '--base-url',
      running.baseUrl,
      '--out',
      out,
    );
    expect(later.status).toBe(0);
  });

  it.each([
    [['--base-url', 'http://127.0.0.1:9'], /--client <client id> is required/],
    [['--client', 'x', '--since', 'last tuesday'], /--since must be an ISO 8601 time/],
    [['--client', 'x', '--base-url', 'http://127.0.0.1:9'], /cannot reach the sandbox at http:\/\/127.0.0.1:9/],
    [['--client', 'x', '--colour'], /Unknown option '--colour'/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const result = await cli(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
