import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { testConfig } from '../../sandbox/config/config';
import { readPrivateKey, requestAccessToken, signClientAssertion } from '../../sandbox/gp-client/client-assertion-signer';
import { tokenRequestBody } from '../../sandbox/auth/token-request';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';

/**
 * Issue #32, item 1, over real sockets: each request the specification allows and the sandbox
 * once refused is now answered as a conformant GP system expects. (The rest of the sandbox's
 * refusals, and their sources, are listed in docs/decisions.md, "What the sandbox refuses, and on what authority".)
 */
let target: StartedSandbox;
const privateKey = readPrivateKey(demoClient.privateKeyPath);
const tokenUrl = () => `${target.baseUrl}/token`;
const signed = (o: { lifetimeSeconds?: number; nowSeconds?: number } = {}) =>
  signClientAssertion({ clientId: demoClient.clientId, privateKey, tokenUrl: tokenUrl(), ...o });
const exchange = async (assertion: string, headers: Record<string, string> = {}) => {
  const response = await fetch(tokenUrl(), { method: 'POST', body: tokenRequestBody(assertion), headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};
const provisionAt = async (path: string, body: Record<string, unknown>) => {
  const { access_token } = await requestAccessToken({ clientId: demoClient.clientId, privateKey, tokenUrl: tokenUrl() });
  const response = await fetch(`${target.baseUrl}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const lookUp = async (scopes: string[], filter: string) => {
  const { access_token } = await requestAccessToken({ clientId: demoClient.clientId, privateKey, tokenUrl: tokenUrl() }, scopes);
  const response = await fetch(`${target.baseUrl}/v2/Users?filter=${encodeURIComponent(filter)}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

beforeAll(async () => {
  target = await startSandbox(testConfig());
});
afterAll(() => target?.stop());

describe('the sandbox accepts what the specification allows', () => {
  it.each([
    ['ten minutes', 600],
    ['an hour (Authlib signs this by default)', 3600],
  ])('a client assertion that lives %s (CID-IS-P Table 13: exp is a SHOULD with no maximum)', async (_name, lifetimeSeconds) => {
    expect((await exchange(await signed({ lifetimeSeconds }))).status).toBe(200);
  });

  it('refuses only an assertion unreasonably far in the future (RFC 7523 §3): a year', async () => {
    const answer = await exchange(await signed({ lifetimeSeconds: 365 * 86_400 }));
    expect([answer.status, answer.body.error]).toEqual([400, 'invalid_client']);
  });

  it('an assertion whose iat is ahead of the sandbox (a client clock running fast: RFC 7519 §4.1.6)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await exchange(await signed({ nowSeconds: now + 120 }))).status).toBe(200);
  });

  it('answers credentials in an Authorization header 401 invalid_client with a challenge (CID-IS-P Table 5, RFC 6749 §5.2)', async () => {
    const answer = await exchange(await signed(), { authorization: 'Basic c2FuZGJveDpzZWNyZXQ=' });
    expect([answer.status, answer.body.error]).toEqual([401, 'invalid_client']);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it("an ODS code of the text's shape, a letter and six digits, is well formed: no 11010", async () => {
    const answer = await provisionAt('/provision-account', requestFor(p.newPatient, { ods_code: 'A200470' }));
    expect(answer.body.code).toBe('11021'); // well formed; no such practice here
  });

  it("serves Provision Account under /provisioning too, where the specification's example host puts it", async () => {
    const answer = await provisionAt('/provisioning/provision-account', requestFor(p.newPatient));
    expect([answer.status, answer.body.code]).toEqual([200, 'create']);
    const report = (await (await fetch(`${target.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)).json()) as {
      evidence: { entries: { endpoint: string }[] };
    };
    expect(report.evidence.entries.filter((e) => e.endpoint === 'provision')).toHaveLength(2);
  });

  it("takes the Users specification's own email shape, a@b.c, and answers no match with Resources: []", async () => {
    const answer = await lookUp(['Users.retrieve'], 'email eq "a@b.c"');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('ignores data scopes requested without profile, as v1.1 Table 14 says (200, what Users.retrieve releases)', async () => {
    const answer = await lookUp(['Users.retrieve', 'email'], `nhsnumber eq "${p.p9Account.nhsNumber}"`);
    expect(answer.status).toBe(200);
    expect(answer.body.Resources[0].emails).toBeUndefined();
    expect(answer.body.Resources[0]['uk:nhs:login:auth:1.0:User'].vectorsOfTrust).toEqual({ IdentityProofing: 'P9' });
  });
});
