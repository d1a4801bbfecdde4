import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import type { ConformanceReport } from '../../sandbox/conformance/assess';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { pythonWith, runPython } from '../support/python';

/**
 * The evasions of issue #27, tried by an independent client (Python: PyJWT and requests): each
 * earns a non-PASS verdict naming the rule it breaks, and the journal never keeps the token or the
 * personal data a URL carried.
 */
const script = path.join(import.meta.dirname, 'evasive_client.py');
const available = await pythonWith(['jwt', 'requests'], 'evasive Python client test', ['python3-jwt', 'python3-requests']);

let running: StartedSandbox | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function evade(mode: string, request: object) {
  running = await startSandbox(testConfig());
  const did = JSON.parse(
    await runPython(script, [mode, running.baseUrl, demoClient.clientId, demoClient.privateKeyPath, JSON.stringify(request)]),
  ) as Record<string, unknown>;
  const report = (await (
    await fetch(`${running.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)
  ).json()) as ConformanceReport;
  const rule = (id: string) => report.rules.find((r) => r.id === id)!;
  return { did, report, rule };
}

describe.skipIf(!available)('evasions by an independent client (Python)', () => {
  it('a token and personal data in the URL: FAIL on bearer-token-one-method, a deviation on no-personal-data-in-url, no URL value journalled', async () => {
    const { did, report, rule } = await evade('url-token-pii', requestFor(p.newPatient));
    expect(did.status).toBe(200);
    expect(report.verdict).toBe('fail');
    expect(rule('bearer-token-one-method')).toMatchObject({ verdict: 'fail' });
    expect(rule('no-token-in-url')).toMatchObject({ verdict: 'deviation' });
    expect(rule('no-personal-data-in-url').offences[0]!.why).toMatch(/\?nhs_number=<nhs-number>, \?date_of_birth=<date>/);
    const journal = JSON.stringify(await (await fetch(`${running!.baseUrl}/_sandbox/journal`)).json());
    expect(journal).not.toContain(did.token as string);
    // The body is evidence and is kept; the URL keeps names and shapes only.
    expect(journal).not.toMatch(/date_of_birth=|nhs_number=|access_token=/);
    expect(journal).toContain('{"name":"date_of_birth","shape":"date","length":10}');
  });

  it('a refused request re-sent with its JSON re-serialised: no-unchanged-resend-after-refusal', async () => {
    const { did, report, rule } = await evade('reserialised-resend', requestFor(p.newPatient, { ods_code: 'V81999' }));
    expect([did.first, did.again]).toEqual(['11021', '11021']);
    expect(rule('no-unchanged-resend-after-refusal')).toMatchObject({ verdict: 'deviation' });
    expect(report.verdict).not.toBe('pass');
  });

  it('moving the sandbox clock instead of waiting out Retry-After: backoff-after-11011, and the pack shows who moved the clock', async () => {
    running = await startSandbox(testConfig());
    await fetch(`${running.baseUrl}/_sandbox/rate-limits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ods_code: p.rateLimited.gpOdsCode, exhausted: true }),
    });
    const did = JSON.parse(
      await runPython(script, [
        'clock-backoff',
        running.baseUrl,
        demoClient.clientId,
        demoClient.privateKeyPath,
        JSON.stringify(requestFor(p.rateLimited)),
      ]),
    ) as Record<string, unknown>;
    expect(did.first).toBe('11011');
    const report = (await (
      await fetch(`${running.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)
    ).json()) as ConformanceReport;
    const backoff = report.rules.find((r) => r.id === 'backoff-after-11011')!;
    expect(backoff.verdict).toBe('deviation');
    expect(backoff.offences[0]!.why).toMatch(
      /the sandbox clock was moved \d+\.\d s in between by open #\d+, not the plan run: not counted as waiting/,
    );
    expect(report.testInterface.clockMovedOutsideThePlanRunMs).toBe(((did.retry_after as number) + 1) * 1000);
    expect(report.testInterface.actions.find((a) => a.path === '/clock')).toMatchObject({ caller: { kind: 'open' }, byPlanRun: false });
    expect(report.verdict).not.toBe('pass');
  });

  it('a Users token per lookup: users-token-reused-while-valid', async () => {
    const { did, report, rule } = await evade('users-token-per-lookup', requestFor(p.newPatient));
    expect(did.statuses).toEqual([200, 200, 200]);
    expect(rule('users-token-reused-while-valid')).toMatchObject({ verdict: 'deviation', offenceCount: 2 });
    expect(report.verdict).not.toBe('pass');
  });

  it('ten refused assertions (exp a year ahead): the rule the refusal names fails visibly, not a row of passes', async () => {
    const { did, report, rule } = await evade('refused-exp', requestFor(p.newPatient));
    expect(did.statuses).toEqual(Array(10).fill(400));
    expect(rule('assertion-exp-short')).toMatchObject({ verdict: 'deviation', offenceCount: 10 });
    expect(report.verdict).toBe('incomplete');
    expect(report.rules.filter((r) => r.id.startsWith('assertion-') && r.verdict === 'pass').map((r) => r.id)).not.toContain(
      'assertion-exp-short',
    );
  });
});
