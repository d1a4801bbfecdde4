import { afterEach, describe, expect, it } from 'vitest';
import { demoClient, secondClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { provisioningScenarios, requestFor } from '../../scenarios/catalogue';
import { ReferenceGpClient } from '../gp-client/reference-client';
import type { Sandbox } from '../sandbox';
import {
  craftJws,
  demoKey,
  getJson,
  gpSystem,
  ManualRealTime,
  postToken,
  secondKey,
  standardClaims,
  lookUpUsers,
  testSandbox,
  tokenFor,
  usersTokenFor,
} from '../../test/support/harness';
import { RELYING_PARTY_REDIRECT, relyingPartyAuthorizeUrl, signedInCode, signInGrant } from '../../test/support/sign-in-flow';
import { jwtBearerGrantBody, tokenRequestBody } from '../auth/token-request';
import { evidenceMatches, type ConformanceReport } from './assess';
import { conformanceRules } from './rules';

/**
 * The conformance checker judged on real traffic: the reference client passes everything; a
 * sloppy client is caught by each rule, one test per rule, generated from the rule table; traffic
 * no verified identity ties to a client is never judged.
 */
let sandbox: Sandbox;
let realTime: ManualRealTime;
afterEach(async () => sandbox?.close());

const report = async (client = demoClient.clientId) =>
  (await getJson(sandbox, `/_sandbox/conformance/${client}?format=json`)).body as ConformanceReport;
/** A fresh sandbox that has seen one token and one provision call for a new patient. */
const oneNewPatientProvisioned = async () => {
  sandbox = await testSandbox();
  await (
    await gpSystem(sandbox)
  )(requestFor(p.newPatient));
};
const assertion = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'RS512', typ: 'JWT' }) =>
  craftJws(header, standardClaims(sandbox, claims), { rsa: demoKey });
const provisionWith = (token: string, body: unknown, headers: Record<string, string> = {}, query = '') =>
  sandbox.app.request(`/provision-account${query}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
  });
/** A provision with its token in the Authorization header and again in the URL's `name` parameter. */
const provisionWithTokenAlsoIn = async (name: string) => {
  const token = await tokenFor(sandbox);
  return provisionWith(token, requestFor(p.newPatient), {}, `?${name}=${token}`);
};
const sendTwice =
  (request: object, headers: Record<string, string> = {}) =>
  async () => {
    const send = await gpSystem(sandbox);
    await send(request, headers);
    await send(request);
  };

/** The demo client signs Dylan in and redeems the code (a relying party's flow; sign-in-flow.ts). */
const signedInTokens = async () => {
  const code = (await signedInCode(sandbox)).back.searchParams.get('code')!;
  return { code, answer: await signInGrant(sandbox, { grant_type: 'authorization_code', code, redirect_uri: RELYING_PARTY_REDIRECT }) };
};

/** How a sloppy GP system (or relying party) breaks each rule, and what the quoted offending request must show. */
const sloppy: Record<string, { act: () => unknown; quoted: RegExp }> = {
  'rp-state-and-nonce': {
    act: () => sandbox.app.request(relyingPartyAuthorizeUrl({ nonce: null })),
    quoted: /"state":\["state-123"\]/,
  },
  'rp-code-used-once': {
    act: async () => {
      const { code } = await signedInTokens();
      await signInGrant(sandbox, { grant_type: 'authorization_code', code, redirect_uri: RELYING_PARTY_REDIRECT });
    },
    quoted: /already redeemed/,
  },
  'rp-refresh-token-latest': {
    act: async () => {
      const { answer } = await signedInTokens();
      await signInGrant(sandbox, { grant_type: 'refresh_token', refresh_token: answer.body.refresh_token });
      await signInGrant(sandbox, { grant_type: 'refresh_token', refresh_token: answer.body.refresh_token });
    },
    quoted: /"grant_type":\["refresh_token"\]/,
  },
  'rp-assertion-aud-token-url': {
    act: async () => {
      const code = (await signedInCode(sandbox)).back.searchParams.get('code')!;
      // openid-client's default: the issuer as aud.
      const client = { clientId: demoClient.clientId, privateKey: demoKey, aud: sandbox.tokens.issuer };
      await signInGrant(sandbox, { grant_type: 'authorization_code', code, redirect_uri: RELYING_PARTY_REDIRECT }, client);
    },
    quoted: /"aud":"http:\/\/[^"]+\/"/,
  },
  'rp-code-grant-redirect-uri': {
    act: async () => {
      const code = (await signedInCode(sandbox)).back.searchParams.get('code')!;
      await signInGrant(sandbox, { grant_type: 'authorization_code', code });
    },
    quoted: /"grant_type":\["authorization_code"\]/,
  },
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
  'assertion-exp-present': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ exp: undefined }))),
    quoted: /"iss":"sandbox-demo-client"/,
  },
  'assertion-exp-short': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ exp: Math.floor(Date.now() / 1000) + 3600 }))),
    quoted: /"exp":\d+/,
  },
  'assertion-jti-unique': {
    act: async () => {
      await postToken(sandbox, tokenRequestBody(assertion({ jti: 'same-every-time' })));
      await postToken(sandbox, tokenRequestBody(assertion({ jti: 'same-every-time' })));
    },
    quoted: /"jti":"same-every-time"/,
  },
  'assertion-iat-not-future': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ iat: Math.floor(Date.now() / 1000) + 600 }))),
    quoted: /"iat":\d+/,
  },
  'assertion-accepted': {
    act: () => postToken(sandbox, tokenRequestBody(assertion({ nbf: Math.floor(Date.now() / 1000) + 600 }))),
    quoted: /not valid yet \(nbf/,
  },
  'token-request-form-encoded': {
    act: () =>
      postToken(sandbox, JSON.stringify(Object.fromEntries(tokenRequestBody(assertion()))), { 'content-type': 'application/json' }),
    quoted: /"contentType":"application\/json"/,
  },
  'token-request-parameters': {
    act: () => {
      const body = tokenRequestBody(assertion());
      body.delete('client_assertion_type');
      return postToken(sandbox, body);
    },
    quoted: /"grant_type":\["client_credentials"\]/,
  },
  'token-request-no-extra-parameters': {
    act: () => postToken(sandbox, `${tokenRequestBody(assertion())}&scope=anything`),
    quoted: /"scope":\["anything"\]/,
  },
  'token-request-no-header-credentials': {
    act: () => postToken(sandbox, tokenRequestBody(assertion()), { authorization: 'Basic c2VjcmV0OnNlY3JldA==' }),
    quoted: /"scheme":"Basic"/,
  },
  'bearer-header-form': {
    act: async () => provisionWith('', requestFor(p.newPatient), { authorization: `Token ${await tokenFor(sandbox)}` }),
    quoted: /"wellFormed":false/,
  },
  'bearer-token-one-method': {
    act: () => provisionWithTokenAlsoIn('access_token'),
    quoted: /"name":"access_token","shape":"token"/,
  },
  'no-token-in-url': {
    act: () => provisionWithTokenAlsoIn('token'),
    quoted: /"shape":"token"/,
  },
  'no-personal-data-in-url': {
    act: async () =>
      sandbox.app.request(`/provision-account?nhs_number=${p.newPatient.nhsNumber}&date_of_birth=${p.newPatient.birthDate}`, {
        method: 'POST',
        body: JSON.stringify(requestFor(p.newPatient)),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(sandbox)}` },
      }),
    quoted: /"name":"date_of_birth","shape":"date"/,
  },
  'no-expired-token-use': {
    act: async () => {
      const token = await tokenFor(sandbox);
      realTime.advance(301_000);
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
      realTime.advance(301_000);
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
      const { phone_number: _left, ...rest } = requestFor(p.newPatient);
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
      sandbox.provisioning.exhaustRateLimit('Y12345');
      await sendTwice(requestFor(p.rateLimited))();
    },
    quoted: /"ods_code":"Y12345"/,
  },
  'backoff-after-11000': { act: sendTwice(requestFor(p.serviceUnavailable)), quoted: /"nhs_number":"9990000182"/ },
  'no-resubmit-while-pending': {
    act: async () => {
      await sandbox.provisioning.arrangePendingInvitation(p.pendingRequest.nhsNumber);
      await sendTwice(requestFor(p.pendingRequest))();
    },
    quoted: /"nhs_number":"9990000077"/,
  },
  'no-resubmit-after-11005': { act: sendTwice(requestFor(p.p9Account)), quoted: /"nhs_number":"9990000042"/ },
  'no-unchanged-resend-after-refusal': {
    act: sendTwice(requestFor(p.mobileMismatch, { phone_number: '+447700900999' })),
    quoted: /"phone_number":"\+447700900999"/,
  },
  'no-polling-one-patient': {
    act: async () => {
      const send = await gpSystem(sandbox);
      for (let i = 0; i < 4; i++) await send(requestFor(p.newPatient));
    },
    quoted: /"nhs_number":"9990000018"/,
  },
  'users-grant-scope': {
    act: async () => postToken(sandbox, jwtBearerGrantBody(assertion(), ['profile'])),
    quoted: /"scope":\["profile"\]/,
  },
  'users-scopes-approved': {
    act: async () => {
      await sandbox.clients.approveScopes(demoClient.clientId, ['Users.retrieve', 'profile']);
      await usersTokenFor(sandbox, ['Users.retrieve', 'profile', 'email']);
    },
    quoted: /"scope":\["Users.retrieve profile email"\]/,
  },
  'users-token-per-interface': {
    act: async () => lookUpUsers(sandbox, await tokenFor(sandbox), 'nhsnumber eq "9990000042"'),
    // The filter's structure is kept, never who was looked up.
    quoted: /"filter":\["nhsnumber eq \\"<nhs-number>\\""\]/,
  },
  'users-filter-valid': {
    act: async () => lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve']), 'nhsNumber = 9990000042'),
    quoted: /nhsNumber = <nhs-number>/,
  },
  'users-scope-sufficient': {
    act: async () => lookUpUsers(sandbox, await usersTokenFor(sandbox, ['profile']), 'nhsnumber eq "9990000042"'),
    quoted: /Users\.retrieve\\" required/,
  },
  'users-token-reused-while-valid': {
    act: async () => {
      await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve', 'profile']), 'nhsnumber eq "9990000042"');
      await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve', 'profile']), 'nhsnumber eq "9990000026"');
    },
    quoted: /"grant_type":\["urn:ietf:params:oauth:grant-type:jwt-bearer"\]/,
  },
  'users-token-used': {
    act: async () => {
      await usersTokenFor(sandbox, ['Users.retrieve']);
      await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve']), 'nhsnumber eq "9990000042"');
    },
    quoted: /"scope":\["Users.retrieve"\]/,
  },
};

describe('a sloppy client is caught by every rule', () => {
  it('has a sloppy-client case for every rule in the table', () => {
    expect(Object.keys(sloppy).sort()).toEqual(conformanceRules.map((r) => r.id).sort());
  });

  it.each(conformanceRules.map((r) => [r.id, r.level] as const))('%s (%s)', async (id, level) => {
    realTime = new ManualRealTime();
    sandbox = await testSandbox({}, { realTime });
    await sloppy[id]!.act();
    const result = (await report()).rules.find((r) => r.id === id)!;
    expect(result.verdict).toBe(level === 'MUST' ? 'fail' : 'deviation');
    expect(result.offences[0]!.why.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.offences[0])).toMatch(sloppy[id]!.quoted);
  });
});

describe('Users Endpoint V2 rules', () => {
  it('are not applicable to a client that never used the interface, and do not make its report incomplete', async () => {
    await oneNewPatientProvisioned();
    const rules = (await report()).rules.filter((r) => r.id.startsWith('users-'));
    expect(rules.map((r) => r.verdict)).toEqual(rules.map(() => 'not-applicable'));
  });

  it('pass for a client that looks up with the right token, scopes and filter', async () => {
    sandbox = await testSandbox();
    await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve', 'profile']), 'nhsnumber eq "9990000042"');
    const rules = (await report()).rules.filter((r) => r.id.startsWith('users-'));
    expect(Object.fromEntries(rules.map((r) => [r.id, r.verdict]))).toEqual({
      'users-grant-scope': 'pass',
      'users-scopes-approved': 'pass',
      'users-token-per-interface': 'pass',
      'users-filter-valid': 'pass',
      'users-scope-sufficient': 'pass',
      'users-token-used': 'not-exercised',
      'users-token-reused-while-valid': 'not-exercised',
    });
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
    for (const [header, patient] of [
      [`bearer ${token}`, p.newPatient],
      [`Bearer  ${token}`, p.p5Account],
      [`BEARER ${token}`, p.p0Account],
    ] as const) {
      expect((await provisionWith('', requestFor(patient), { authorization: header })).status).toBe(200);
    }
    const rules = (await report()).rules;
    for (const id of ['token-request-parameters', 'bearer-header-form', 'no-polling-one-patient'])
      expect(rules.find((r) => r.id === id)).toMatchObject({ verdict: 'pass' });
  });

  it('does not blame requests already in flight when an 11011 was answered', async () => {
    realTime = new ManualRealTime();
    sandbox = await testSandbox({}, { realTime });
    sandbox.provisioning.exhaustRateLimit('Y12345');
    const token = await tokenFor(sandbox);
    // Two calls sent together: the second left before the first's 11011 arrived.
    await Promise.all([
      provisionWith(token, requestFor(p.rateLimited)),
      provisionWith(token, requestFor(p.rateLimited, { email_address: 'oscar2@example.com' })),
    ]);
    expect((await report()).rules.find((r) => r.id === 'backoff-after-11011')).toMatchObject({ offenceCount: 0 });
  });

  it('allows the patient again once the invitation behind 11003 has lapsed (sandbox clock)', async () => {
    sandbox = await testSandbox();
    await sandbox.provisioning.arrangePendingInvitation(p.pendingRequest.nhsNumber);
    const send = await gpSystem(sandbox);
    expect((await send(requestFor(p.pendingRequest))).body.code).toBe('11003');
    sandbox.clock.advance(7 * 86_400_000 + 1000);
    expect((await (await gpSystem(sandbox))(requestFor(p.pendingRequest))).body.code).toBe('create');
    expect((await report()).rules.find((r) => r.id === 'no-resubmit-while-pending')).toMatchObject({ verdict: 'pass' });
  });
});

describe('only verified identities count', () => {
  it('forged, unsigned and unverifiable requests naming a client leave its report unchanged and show as unattributed', async () => {
    sandbox = await testSandbox();
    const send = await gpSystem(sandbox, secondClient.clientId);
    await send(requestFor(p.otherSupplierPractice));
    const before = await report(secondClient.clientId);

    const named = { iss: secondClient.clientId, sub: secondClient.clientId };
    await postToken(sandbox, tokenRequestBody(craftJws({ alg: 'none', typ: 'JWT' }, standardClaims(sandbox, named))));
    await postToken(sandbox, tokenRequestBody(craftJws({ alg: 'RS512', typ: 'JWT' }, standardClaims(sandbox, named), { rsa: demoKey })));
    await postToken(
      sandbox,
      tokenRequestBody(craftJws({ alg: 'HS256', typ: 'JWT' }, standardClaims(sandbox, named), { hmacSecret: 'guess' })),
    );
    await postToken(sandbox, `client_id=${secondClient.clientId}&grant_type=password`);
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
    await provisionWith('', `{"nhs_number":${deep}}`, { authorization: 'Bearer not-a-token' });
    await provisionWith('', requestFor(p.newPatient), {});
    await provisionWith('', requestFor(p.newPatient), {
      authorization: `Bearer ${craftJws({ alg: 'RS512' }, { sub: secondClient.clientId }, { rsa: secondKey })}`,
    });

    const after = await report(secondClient.clientId);
    const judged = (r: ConformanceReport) => ({
      verdict: r.verdict,
      rules: r.rules,
      plan: r.plan,
      requests: r.requests.token + r.requests.provision,
      chain: r.evidence.chainHead,
    });
    expect(judged(after)).toEqual(judged(before));
    const unattributed = (await getJson(sandbox, '/_sandbox/journal?unattributed=true')).body.entries as {
      identity: { unverified: string; claimedClientId: string | null };
    }[];
    expect(unattributed).toHaveLength(7);
    expect(unattributed.filter((e) => e.identity.claimedClientId === secondClient.clientId).length).toBeGreaterThanOrEqual(4);
    expect(after.requests.unattributedInWindow).toBe(7);
    // A deep body cannot break any format of any report.
    for (const format of ['html', 'junit', 'text', 'json'])
      expect((await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=${format}`)).status).toBe(200);
  });

  it('an unknown client gets 404 naming the registered ones', async () => {
    sandbox = await testSandbox();
    const answer = await getJson(sandbox, '/_sandbox/conformance/sandbox-demo-clinet');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'unknown_client', description: expect.stringContaining(demoClient.clientId) });
  });
});

describe('verdicts that mean something', () => {
  it('one token and one provision call is INCOMPLETE, not PASS', async () => {
    await oneNewPatientProvisioned();
    const assessed = await report();
    expect(assessed.verdict).toBe('incomplete');
    expect(assessed.exitCode).toBe(4);
    expect(assessed.plan.filter((s) => !s.seen).map((s) => s.id)).toContain('already-p9');
  });

  it('a justified SHOULD deviation is shown with its justification and no longer blocks a PASS; a MUST cannot be justified', async () => {
    sandbox = await testSandbox();
    await provisionWith(await tokenFor(sandbox), { ...requestFor(p.newPatient), nickname: 'Amy' });
    const justification = 'Our system sends a display name that NHS login ignores; removing it is planned for release 4.2.';
    const post = (justifications: object[]) =>
      sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}`, {
        method: 'POST',
        body: JSON.stringify({ justifications }),
        headers: { 'content-type': 'application/json' },
      });
    const justified = (await (await post([{ rule: 'provision-no-unknown-fields', justification }])).json()) as ConformanceReport;
    expect(justified.rules.find((r) => r.id === 'provision-no-unknown-fields')).toMatchObject({
      verdict: 'justified',
      justification,
      offenceCount: 1,
    });
    const refused = await post([{ rule: 'provision-json', justification }]);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/MUST rule: it cannot be justified/);
  });
});

describe('the reference client', () => {
  it('earns a clean PASS with every plan step evidenced, waiting by moving the sandbox clock', async () => {
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
    for (const step of sandbox.conformance.plan.steps) {
      if (step.setup?.kind === 'pending-invitation') await sandbox.provisioning.arrangePendingInvitation(step.patient.nhsNumber);
      if (step.setup?.kind === 'rate-limit-exhausted') sandbox.provisioning.exhaustRateLimit(step.setup.odsCode);
      if (step.setup?.kind === 'access-token-expired') sandbox.clock.advance(sandbox.config.accessTokenTtlSeconds * 1000);
      await client.provision(step.request as never);
    }
    // Every other catalogue outcome too (a real system meets them all).
    for (const scenario of provisioningScenarios.filter((s) => s.expectedCode !== '11010' && !s.arrange))
      await client.provision(scenario.request);
    // And asks Users Endpoint V2 who now has an NHS login.
    await client.lookUpUsers({ nhsNumber: p.p9Account.nhsNumber });
    await client.lookUpUsers({ nhsNumber: p.p5Account.nhsNumber, email: p.p5Account.email });
    const assessed = await report();
    expect(assessed.rules.filter((r) => r.offenceCount > 0).map((r) => `${r.id}: ${r.offences[0]?.why}`)).toEqual([]);
    expect(assessed.plan.filter((s) => !s.seen).map((s) => s.id)).toEqual([]);
    // Every MUST rule for a GP system held; a relying party's (it signs no one in) do not apply.
    const mustNotPassed = assessed.rules.filter((r) => r.level === 'MUST' && r.verdict !== 'pass');
    expect(mustNotPassed.map((r) => `${r.id}: ${r.verdict}`)).toEqual(
      mustNotPassed.filter((r) => r.id.startsWith('rp-')).map((r) => `${r.id}: not-applicable`),
    );
    expect([assessed.verdict, assessed.exitCode]).toEqual(['pass', 0]);
    expect(evidenceMatches(assessed)).toBe(true);
  });
});

describe('the evidence pack', () => {
  it('carries versions, configuration, both clocks and a hash chain that an edit breaks', async () => {
    await oneNewPatientProvisioned();
    const assessed = await report();
    expect(assessed.versions).toMatchObject({
      rules: expect.any(String),
      plan: expect.any(String),
      specifications: [expect.stringContaining('CID-IS-P v1.0'), expect.stringContaining('Users Endpoint V2 v1.1')],
    });
    expect(assessed.configuration).toMatchObject({ assertion_max_lifetime_s: 86_400, access_token_ttl_s: 300 });
    expect(assessed.window.first).toMatchObject({ realTime: expect.any(String), sandboxTime: expect.any(String) });
    expect(evidenceMatches(assessed)).toBe(true);
    const edited = structuredClone(assessed);
    (edited.evidence.entries[1]!.request.body as Record<string, string>).nhs_number = '9990000026';
    expect(evidenceMatches(edited)).toBe(false);
    expect(evidenceMatches({ evidence: { ...assessed.evidence, entries: assessed.evidence.entries.slice(1) } })).toBe(false);
  });

  it('quotes hostile text safely: the text report has no terminal escapes, the JUnit parses', async () => {
    sandbox = await testSandbox();
    await provisionWith(await tokenFor(sandbox), { ...requestFor(p.newPatient), ['\u001b[31mred\u0007']: '</testcase>\u0000<![CDATA[' });
    const text = await (await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=text`)).text();
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const junit = await (await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=junit`)).text();
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(junit).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(junit.match(/<testcase /g)!.length).toBe(sandbox.conformance.plan.steps.length + conformanceRules.length);
    const { XMLParser, XMLValidator } = await import('fast-xml-parser');
    expect(XMLValidator.validate(junit)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(junit) as { testsuites: { '@_failures': string } };
    expect(Number(parsed.testsuites['@_failures'])).toBeGreaterThan(0); // incomplete: no clean pass, so failures
  });
});

describe('the live report', () => {
  it('is HTML by default, JUnit or text on request, and refuses an unknown format', async () => {
    sandbox = await testSandbox();
    await tokenFor(sandbox);
    const page = await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('data-verdict="incomplete"');
    expect(await (await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=junit`)).text()).toMatch(/<testsuites /);
    expect(await (await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=text`)).text()).toMatch(
      /^Conformance of client sandbox-demo-client/,
    );
    expect((await sandbox.app.request(`/_sandbox/conformance/${demoClient.clientId}?format=pdf`)).status).toBe(400);
    expect((await getJson(sandbox, '/_sandbox/conformance')).body.clients).toEqual([
      { client_id: demoClient.clientId, verdict: 'incomplete' },
    ]);
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

  it('filters by client and real time, and a reset starts a fresh assessment', async () => {
    realTime = new ManualRealTime();
    sandbox = await testSandbox({}, { realTime });
    await tokenFor(sandbox);
    const mark = new Date(realTime.now() + 1000).toISOString();
    realTime.advance(2000);
    await tokenFor(sandbox);
    expect((await getJson(sandbox, `/_sandbox/journal?client_id=${demoClient.clientId}`)).body.entries).toHaveLength(2);
    expect((await getJson(sandbox, `/_sandbox/journal?client_id=${demoClient.clientId}&since=${mark}`)).body.entries).toHaveLength(1);
    expect((await getJson(sandbox, '/_sandbox/journal?client_id=nobody')).body.entries).toHaveLength(0);
    expect((await getJson(sandbox, '/_sandbox/journal?since=yesterday')).status).toBe(400);
    await sandbox.app.request(`/_sandbox/journal/reset?client_id=${demoClient.clientId}`, { method: 'POST' });
    expect((await report()).requests).toMatchObject({ token: 0, provision: 0 });
  });
});
