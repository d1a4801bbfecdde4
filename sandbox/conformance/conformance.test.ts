import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { provisioningScenarios, requestFor } from '../../scenarios/catalogue';
import { ReferenceGpClient } from '../gp-client/reference-client';
import type { Sandbox } from '../sandbox';
import { craftJws, demoKey, getJson, gpSystem, postToken, standardClaims, testSandbox, tokenFor } from '../../test/support/harness';
import { tokenRequestBody } from '../auth/token-request';
import type { ConformanceReport } from './assess';
import { conformanceRules } from './rules';

/**
 * The conformance checker judged on real traffic: the reference client passes everything; a
 * sloppy client is caught by each rule, one test per rule, generated from the rule table.
 */
let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

const report = async () => (await getJson(sandbox, `/_sandbox/conformance/${demoClient.clientId}?format=json`)).body as ConformanceReport;
const assertion = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'RS512', typ: 'JWT' }) =>
  craftJws(header, standardClaims(sandbox, claims), { rsa: demoKey });
const provisionWith = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  sandbox.app.request('/provision-account', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
  });

/** How a sloppy GP system breaks each rule, and what the quoted offending request must show. */
const sloppy: Record<string, { act: () => unknown; quoted: RegExp; config?: Record<string, string> }> = {
  'assertion-alg-rs512': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({}, { alg: 'RS256', typ: 'JWT' }))),
    quoted: /"alg":"RS256"/,
  },
  'assertion-typ-jwt': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({}, { alg: 'RS512', typ: 'at+jwt' }))),
    quoted: /"typ":"at\+jwt"/,
  },
  'assertion-iss-sub-client-id': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ sub: 'someone-else' }))),
    quoted: /"sub":"someone-else"/,
  },
  'assertion-aud-token-url': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ aud: 'https://example.com/token' }))),
    quoted: /"aud":"https:\/\/example.com\/token"/,
  },
  'assertion-exp-short-lived': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ exp: Math.floor(sandbox.clock.nowMs() / 1000) + 3600 }))),
    quoted: /"exp":\d+/,
  },
  'assertion-jti-unique': {
    act: async () => {
      await postToken(sandbox, tokenRequestBody(assertion({ jti: 'same-every-time' })));
      await postToken(sandbox, tokenRequestBody(assertion({ jti: 'same-every-time' })));
    },
    quoted: /"jti":"same-every-time"/,
  },
  'token-request-form-encoded': {
    act: async () =>
      postToken(sandbox, JSON.stringify(Object.fromEntries(tokenRequestBody(assertion()))), { 'content-type': 'application/json' }),
    quoted: /"contentType":"application\/json"/,
  },
  'token-request-exact-parameters': {
    act: async () => {
      const body = tokenRequestBody(assertion());
      body.delete('client_assertion_type');
      body.set('client_id', 'someone-else');
      return postToken(sandbox, body);
    },
    quoted: /"client_id":\["someone-else"\]/,
  },
  'token-request-no-header-credentials': {
    act: () => postToken(sandbox, tokenRequestBody(assertion()), { authorization: 'Basic c2VjcmV0OnNlY3JldA==' }),
    quoted: /"scheme":"Basic"/,
  },
  'bearer-header-form': {
    act: async () => provisionWith('', requestFor(p.newPatient), { authorization: `Token ${await tokenFor(sandbox)}` }),
    quoted: /"wellFormed":false/,
  },
  'no-expired-token-use': {
    act: async () => {
      const token = await tokenFor(sandbox);
      sandbox.clock.advance(301_000);
      return provisionWith(token, requestFor(p.newPatient));
    },
    quoted: /"status":401/,
  },
  'token-reused-while-valid': {
    act: async () => {
      await provisionWith(await tokenFor(sandbox), requestFor(p.newPatient));
      await provisionWith(await tokenFor(sandbox), requestFor(p.p5Account));
    },
    quoted: /"grant_type":\["client_credentials"\]/,
  },
  'token-used': {
    act: async () => {
      await tokenFor(sandbox);
      sandbox.clock.advance(301_000);
    },
    quoted: /"client_assertion"/,
  },
  'provision-json': {
    act: async () =>
      provisionWith(await tokenFor(sandbox), new URLSearchParams(requestFor(p.newPatient) as Record<string, string>).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    quoted: /"contentType":"application\/x-www-form-urlencoded"/,
  },
  'provision-mandatory-fields': {
    act: async () => {
      const { phone_number, ...rest } = requestFor(p.newPatient);
      void phone_number;
      return provisionWith(await tokenFor(sandbox), rest);
    },
    quoted: /"nhs_number":"9990000018"/,
  },
  'provision-field-formats': {
    act: async () => provisionWith(await tokenFor(sandbox), requestFor(p.newPatient, { date_of_birth: '1993-17-12' })),
    quoted: /"date_of_birth":"1993-17-12"/,
  },
  'provision-no-unknown-fields': {
    act: async () => provisionWith(await tokenFor(sandbox), { ...requestFor(p.newPatient), nickname: 'Amy' }),
    quoted: /"nickname":"Amy"/,
  },
  'backoff-after-11011': {
    act: async () => {
      const send = await gpSystem(sandbox);
      for (let i = 0; i < 4; i++) await send(requestFor(p.rateLimited));
    },
    quoted: /"ods_code":"Y12345"/,
  },
  'no-resubmit-after-11003-11005': {
    act: async () => {
      const send = await gpSystem(sandbox);
      await send(requestFor(p.p9Account));
      await send(requestFor(p.p9Account));
    },
    quoted: /"nhs_number":"9990000042"/,
  },
  'backoff-after-11000': {
    act: async () => {
      const send = await gpSystem(sandbox);
      await send(requestFor(p.newPatient), { prefer: 'code=11000' });
      await send(requestFor(p.newPatient));
    },
    quoted: /"nhs_number":"9990000018"/,
  },
};

describe('a sloppy client is caught by every rule', () => {
  it('has a sloppy-client case for every rule in the table', () => {
    expect(Object.keys(sloppy).sort()).toEqual(conformanceRules.map((r) => r.id).sort());
  });

  it.each(conformanceRules.map((r) => [r.id, r.level] as const))('%s (%s)', async (id) => {
    sandbox = await testSandbox(sloppy[id]!.config ?? {});
    await sloppy[id]!.act();
    const result = (await report()).rules.find((r) => r.id === id)!;
    expect(result.verdict).toBe('fail');
    expect(result.firstOffence!.why.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.firstOffence)).toMatch(sloppy[id]!.quoted);
  });
});

describe('what the standards allow is no offence, and the server and the checker agree on it', () => {
  it('accepts client_id equal to iss in the token form (RFC 7521 §4.2) and any RFC 6750 bearer spelling', async () => {
    sandbox = await testSandbox();
    const body = tokenRequestBody(assertion());
    body.set('client_id', demoClient.clientId);
    const issued = await postToken(sandbox, body);
    expect(issued.status).toBe(200);
    const { access_token: token } = (await issued.json()) as { access_token: string };
    for (const header of [`bearer ${token}`, `Bearer  ${token}`, `BEARER ${token}`]) {
      expect((await provisionWith('', requestFor(p.newPatient), { authorization: header })).status).not.toBe(401);
    }
    const rules = (await report()).rules;
    for (const id of ['token-request-exact-parameters', 'bearer-header-form'])
      expect(rules.find((r) => r.id === id)).toMatchObject({ verdict: 'pass' });
    // The token was used, whichever spelling carried it (the fingerprint is of the token alone).
    expect(rules.find((r) => r.id === 'token-used')).toMatchObject({ offences: 0 });
  });
});

describe('the reference client', () => {
  it('passes every MUST and SHOULD rule while exercising every catalogue outcome it can reach with valid requests', async () => {
    sandbox = await testSandbox();
    const client = new ReferenceGpClient({
      clientId: demoClient.clientId,
      privateKey: demoKey,
      tokenUrl: sandbox.config.tokenUrl,
      provisionUrl: `${sandbox.config.publicBaseUrl}/provision-account`,
      fetch: (url, init) => sandbox.app.request(url, init),
      now: () => sandbox.clock.nowMs(),
      wait: async (ms) => sandbox.clock.advance(ms),
    });
    const valid = provisioningScenarios.filter((s) => s.expectedCode !== '11010');
    const [first, second] = [...sandbox.pds.population.keys()].filter((nhs) => nhs.startsWith('9991')).map((nhs) => sandbox.pds.get(nhs)!);
    for (const scenario of valid) {
      // The practice's window is used up by other patients first (the client never resends one).
      if (scenario.arrange === 'exhaust-rate-limit')
        for (const other of [first!, second!]) await client.provision(requestFor(other, { ods_code: scenario.request.ods_code }));
      if (scenario.arrange === 'provision-same-patient-first') await client.provision(scenario.request);
      await client.provision(scenario.request);
      // A GP system's user takes a moment between patients; tokens get renewed along the way.
      sandbox.clock.advance(20_000);
    }
    const assessed = await report();
    expect(assessed.rules.filter((r) => r.verdict === 'fail').map((r) => `${r.id}: ${r.firstOffence?.why}`)).toEqual([]);
    expect(assessed.rules.filter((r) => r.level === 'MUST' && r.verdict !== 'pass').map((r) => r.id)).toEqual([]);
    expect(assessed.verdict).toBe('pass');
    expect(assessed.coverage.notYetExercised).toEqual(['11010']);
  });
});

describe('the live report', () => {
  it('is HTML by default, JUnit or text on request, and refuses an unknown format', async () => {
    sandbox = await testSandbox();
    await tokenFor(sandbox);
    const page = await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // A token but no provision call yet: no MUST rule failed, but the provisioning ones have no evidence.
    expect(await page.text()).toContain('data-verdict="incomplete"');
    expect(await (await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=junit`)).text()).toMatch(/<testsuites /);
    expect(await (await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=text`)).text()).toMatch(
      /^Conformance of client sandbox-demo-client/,
    );
    expect((await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=pdf`)).status).toBe(400);
    expect((await getJson(sandbox, '/_sandbox/conformance')).body.clients).toEqual([demoClient.clientId]);
  });
});

describe('the journal', () => {
  it('never keeps a token, an assertion signature or a password', async () => {
    sandbox = await testSandbox();
    const token = await tokenFor(sandbox);
    await provisionWith(token, requestFor(p.newPatient));
    const journal = JSON.stringify((await getJson(sandbox, '/_sandbox/journal')).body);
    expect(journal).not.toContain(token);
    expect(journal).not.toContain(token.split('.')[2]);
    expect(journal).toMatch(/"fingerprint":"sha256:[0-9a-f]{16}"/);
  });

  it('filters by client and time, and a reset starts a fresh assessment', async () => {
    sandbox = await testSandbox();
    await tokenFor(sandbox);
    const mark = new Date(sandbox.clock.nowMs() + 1000).toISOString();
    sandbox.clock.advance(2000);
    await tokenFor(sandbox);
    expect((await getJson(sandbox, `/_sandbox/journal?client_id=${demoClient.clientId}`)).body.entries).toHaveLength(2);
    expect((await getJson(sandbox, `/_sandbox/journal?client_id=${demoClient.clientId}&since=${mark}`)).body.entries).toHaveLength(1);
    expect((await getJson(sandbox, '/_sandbox/journal?client_id=nobody')).body.entries).toHaveLength(0);
    expect((await getJson(sandbox, '/_sandbox/journal?since=yesterday')).status).toBe(400);
    await sandbox.app.request(`/_sandbox/journal/reset?client_id=${demoClient.clientId}`, { method: 'POST' });
    expect((await report()).requests).toEqual({ token: 0, provision: 0 });
  });
});
