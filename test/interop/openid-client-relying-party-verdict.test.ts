import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient, secondClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import type { ConformanceReport } from '../../sandbox/conformance/assess';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { claimedPatient } from '../support/claimed-patient';
import { latestSecurityCode } from '../support/harness';
import { openIdClientFor, wellBehavedAuthorization } from '../support/openid-client-rp';
import { SignInDriver } from '../support/sign-in-driver';
import { nodeArgsFor } from '../support/suite-bundle';

/**
 * The conformance verdict for relying parties, on real traffic: openid-client v6 signs a claimed
 * patient in over HTTP, well behaved (state, nonce, PKCE, the code once, the rotated refresh
 * token), and `npm run conformance` in a child process passes it; as another client it omits the
 * nonce and redeems a code twice, and the report fails exactly those rules.
 */
const root = path.resolve(import.meta.dirname, '../..');
const redirectUri = 'http://127.0.0.1:53682/callback';
/** The second client only signs people in; the demo client also provisioned the patient (claimedPatient). */
const WELL_BEHAVED = secondClient;
const SLOPPY = demoClient;
let running: StartedSandbox;
let patient: { email: string; password: string };

beforeAll(async () => {
  running = await startSandbox(testConfig());
  patient = await claimedPatient(running, p.newPatient);
});
afterAll(() => running?.stop());

const RP_RULES = [
  'rp-state-and-nonce',
  'rp-code-used-once',
  'rp-refresh-token-latest',
  'rp-assertion-aud-token-url',
  'rp-code-grant-redirect-uri',
];

/** The patient signs in at the URL the relying party built; what comes back to its redirect URI. */
async function personSignsIn(url: URL) {
  const person = new SignInDriver((to, init) => fetch(to, init), running.baseUrl);
  await person.open(url.href);
  return person.signIn(patient.email, patient.password, () => latestSecurityCode(running.sandbox, p.newPatient.mobile!));
}

/** `npm run conformance` as a supplier runs it, in a child process; its exit code and the JSON report it wrote. */
function conformanceCli(clientId: string) {
  const out = mkdtempSync(path.join(tmpdir(), 'rp-verdict-'));
  return new Promise<{ status: number; stdout: string; report: ConformanceReport }>((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgsFor('sandbox/cli/conformance.ts'), '--client', clientId, '--base-url', running.baseUrl, '--out', out],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ADMIN_TOKEN: '' }, timeout: 120_000 },
      (error, stdout) => {
        const json = readdirSync(out).find((name) => name.endsWith('.json'))!;
        const report = JSON.parse(readFileSync(path.join(out, json), 'utf8')) as ConformanceReport;
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, report });
      },
    );
  });
}
const verdictsOf = (report: ConformanceReport, ids: readonly string[]) =>
  Object.fromEntries(report.rules.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.verdict]));

describe('the conformance verdict for a relying party', () => {
  it('passes openid-client signing a patient in as the specification asks', async () => {
    const config = await openIdClientFor(running.baseUrl, WELL_BEHAVED);
    const { url, checks } = await wellBehavedAuthorization(config, redirectUri, 'openid profile');
    const tokens = await client.authorizationCodeGrant(config, await personSignsIn(url), checks);
    await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    await client.refreshTokenGrant(config, refreshed.refresh_token!);

    const { status, stdout, report } = await conformanceCli(WELL_BEHAVED.clientId);
    expect(verdictsOf(report, RP_RULES)).toEqual(Object.fromEntries(RP_RULES.map((id) => [id, 'pass'])));
    // A relying party that only signs people in is not judged as a GP system.
    expect(new Set(report.rules.filter((r) => !r.id.startsWith('rp-')).map((r) => r.verdict))).toEqual(new Set(['not-applicable']));
    expect(report.plan).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(status).toBe(0);
    expect(stdout).toMatch(/rp-code-used-once/);
  });

  it('fails the relying party that omits the nonce and redeems a code twice, on exactly those rules', async () => {
    const config = await openIdClientFor(running.baseUrl, SLOPPY);
    // No nonce: NHS login sends the browser back with invalid_request.
    const refused = await new SignInDriver((to, init) => fetch(to, init), running.baseUrl).open(
      client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid', state: client.randomState() }).href,
    );
    expect((refused as URL).searchParams.get('error')).toBe('invalid_request');
    const state = client.randomState();
    const nonce = client.randomNonce();
    const back = await personSignsIn(client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid', state, nonce }));
    await client.authorizationCodeGrant(config, back, { expectedState: state, expectedNonce: nonce });
    await expect(client.authorizationCodeGrant(config, back, { expectedState: state, expectedNonce: nonce })).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    const { status, report } = await conformanceCli(SLOPPY.clientId);
    expect(verdictsOf(report, RP_RULES)).toEqual({
      'rp-state-and-nonce': 'fail',
      'rp-code-used-once': 'fail',
      'rp-refresh-token-latest': 'not-exercised',
      'rp-assertion-aud-token-url': 'pass',
      'rp-code-grant-redirect-uri': 'pass',
    });
    expect(report.rules.find((r) => r.id === 'rp-state-and-nonce')!.offences[0]!.why).toBe('no nonce was sent');
    expect(report.verdict).toBe('fail');
    expect(status).toBe(1);
  });
});
