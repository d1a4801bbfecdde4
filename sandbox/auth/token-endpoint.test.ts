import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { demoClient, secondClient } from '../../fixtures/clients';
import { scenarioPatients } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { tokenRequestBody } from '../auth/token-request';
import type { Sandbox } from '../sandbox';
import { craftJws, demoKey, realNow, postToken, standardClaims, testSandbox, tokenFor, validAssertion } from '../../test/support/harness';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox();
});
afterEach(() => sandbox.close());

const rs512 = { alg: 'RS512', typ: 'JWT' };
const exchange = async (assertion: string) => {
  const response = await postToken(sandbox, tokenRequestBody(assertion));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};

describe('POST /token accepts a valid RS512 client assertion', () => {
  it('returns a Bearer access token for 300 s with no-store headers', async () => {
    const { status, headers, body } = await exchange(await validAssertion(sandbox));
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('pragma')).toBe('no-cache');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    const claims = decodeJwt(body.access_token as string);
    expect(decodeProtectedHeader(body.access_token as string).alg).toBe('RS512');
    expect(claims).toMatchObject({ iss: `${sandbox.config.publicBaseUrl}/`, sub: demoClient.clientId, aud: demoClient.clientId });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(typeof claims.jti).toBe('string');
  });

  it('publishes the key that verifies its access tokens', async () => {
    const jwks = (await (await sandbox.app.request('/.well-known/jwks.json')).json()) as { keys: { kid: string; d?: string }[] };
    const token = await tokenFor(sandbox);
    expect(jwks.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(token).kid);
    expect(jwks.keys[0]!.d).toBeUndefined();
  });
});

// One row per rule: what the client did wrong, and the words the description must contain.
const rejectedAssertions: [string, (s: Sandbox) => string | Promise<string>, RegExp][] = [
  ['alg none', (s) => craftJws({ alg: 'none', typ: 'JWT' }, standardClaims(s)), /alg must be RS512/],
  [
    'HS512 signed with the public key as secret',
    (s) => craftJws({ alg: 'HS512', typ: 'JWT' }, standardClaims(s), { hmacSecret: JSON.stringify(demoClient.publicJwks[0]) }),
    /alg must be RS512/,
  ],
  ['RS256', (s) => craftJws({ alg: 'RS256', typ: 'JWT' }, standardClaims(s), { rsa: demoKey }), /alg must be RS512/],
  ['typ missing', (s) => craftJws({ alg: 'RS512' }, standardClaims(s), { rsa: demoKey }), /typ must be JWT/],
  ['typ wrong', (s) => craftJws({ alg: 'RS512', typ: 'at+jwt' }, standardClaims(s), { rsa: demoKey }), /typ must be JWT/],
  ['not a JWS', () => 'not-a-jwt', /JWS compact form/],
  ['a JWE', () => 'a.b.c.d.e', /JWE/],
  [
    'claims not JSON',
    () => `${Buffer.from(JSON.stringify(rs512)).toString('base64url')}.${Buffer.from('nope').toString('base64url')}.sig`,
    /payload is not a JSON object/,
  ],
  ['iss missing', (s) => craftJws(rs512, standardClaims(s, { iss: undefined }), { rsa: demoKey }), /iss must be the client id/],
  ['iss differs from sub', (s) => craftJws(rs512, standardClaims(s, { sub: 'someone-else' }), { rsa: demoKey }), /sub must equal iss/],
  [
    'unknown client',
    (s) => craftJws(rs512, standardClaims(s, { iss: 'nobody', sub: 'nobody' }), { rsa: demoKey }),
    /not a registered client/,
  ],
  [
    'signed by another key',
    (s) => craftJws(rs512, standardClaims(s), { rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    /signature does not verify/,
  ],
  [
    "signed by another client's key",
    async (s) => craftJws(rs512, standardClaims(s), { rsa: (await import('../../test/support/harness')).secondKey }),
    /signature does not verify/,
  ],
  [
    'wrong aud',
    (s) => craftJws(rs512, standardClaims(s, { aud: 'https://auth.login.nhs.uk/token' }), { rsa: demoKey }),
    /aud must be http:\/\/127\.0\.0\.1:0\/token/,
  ],
  ['aud missing', (s) => craftJws(rs512, standardClaims(s, { aud: undefined }), { rsa: demoKey }), /aud must be/],
  ['exp missing', (s) => craftJws(rs512, standardClaims(s, { exp: undefined }), { rsa: demoKey }), /exp must be a NumericDate/],
  [
    'exp as a string',
    (s) => craftJws(rs512, standardClaims(s, { exp: String(realNow() + 60) }), { rsa: demoKey }),
    /exp must be a NumericDate/,
  ],
  ['expired', (s) => craftJws(rs512, standardClaims(s, { exp: realNow() - 60 }), { rsa: demoKey }), /has expired/],
  [
    'expires a year ahead (unreasonably far in the future, RFC 7523 §3)',
    (s) => craftJws(rs512, standardClaims(s, { exp: realNow() + 365 * 86_400 }), { rsa: demoKey }),
    /at most 86400 s ahead/,
  ],
  ['nbf in the future', (s) => craftJws(rs512, standardClaims(s, { nbf: realNow() + 120 }), { rsa: demoKey }), /not valid yet/],
  ['jti missing', (s) => craftJws(rs512, standardClaims(s, { jti: undefined }), { rsa: demoKey }), /jti must be a unique string/],
  [
    'kid naming no registered key',
    (s) => craftJws({ ...rs512, kid: '../../etc/passwd' }, standardClaims(s), { rsa: demoKey }),
    /kid .* matches no key/,
  ],
];

describe('POST /token rejects each broken assertion with invalid_client and the rule broken', () => {
  it.each(rejectedAssertions)('%s', async (_name, build, description) => {
    const { status, headers, body } = await exchange(await build(sandbox));
    expect(status).toBe(400);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(description);
  });
});

describe('POST /token accepts the variations the RFCs allow', () => {
  const accepted: [string, (s: Sandbox) => Record<string, unknown>, Record<string, unknown>?][] = [
    ['nbf in the past', (s) => standardClaims(s, { nbf: realNow() - 10 })],
    ['iat absent', (s) => standardClaims(s, { iat: undefined })],
    ['iat slightly ahead (within 60 s)', (s) => standardClaims(s, { iat: realNow() + 30 })],
    // RFC 7519 §4.1.6: iat is informational; RFC 7523 §3 lets a server refuse only one unreasonably far in the past.
    ['iat ten minutes ahead (a client clock running fast)', (s) => standardClaims(s, { iat: realNow() + 600 })],
    ['aud as an array containing the token URL', (s) => standardClaims(s, { aud: [s.config.tokenUrl, 'other'] })],
    ['exp exactly 5 minutes ahead', (s) => standardClaims(s, { exp: realNow() + 300 })],
    // CID-IS-P Table 13: exp is a SHOULD with no maximum; 600 s and Authlib's default hour must pass.
    ['exp ten minutes ahead', (s) => standardClaims(s, { exp: realNow() + 600 })],
    ['exp an hour ahead (Authlib signs this by default)', (s) => standardClaims(s, { exp: realNow() + 3600 })],
    ['kid of the registered key', (s) => standardClaims(s), { kid: 'demo-client-key-1' }],
    ['typ in lower case (media types are case-insensitive)', (s) => standardClaims(s), { typ: 'jwt' }],
    ['jku header pointing elsewhere (ignored, never fetched)', (s) => standardClaims(s), { jku: 'http://attacker.invalid/jwks' }],
  ];
  it.each(accepted)('%s', async (_name, claims, header = {}) => {
    const { status } = await exchange(craftJws({ ...rs512, ...header }, claims(sandbox), { rsa: demoKey }));
    expect(status).toBe(200);
  });
});

describe('replay protection', () => {
  it('refuses a jti the second time', async () => {
    const assertion = await validAssertion(sandbox);
    expect((await exchange(assertion)).status).toBe(200);
    const replay = await exchange(assertion);
    expect(replay.status).toBe(400);
    expect(replay.body.error_description).toMatch(/already been used/);
  });

  it('issues one token when the same assertion arrives many times at once', async () => {
    const assertion = await validAssertion(sandbox);
    const answers = await Promise.all(Array.from({ length: 20 }, () => exchange(assertion)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 200)) expect(refused.body.error_description).toMatch(/already been used/);
  });

  it('keeps jtis per client', async () => {
    const claims = standardClaims(sandbox, { jti: 'shared-jti' });
    expect((await exchange(craftJws(rs512, claims, { rsa: demoKey }))).status).toBe(200);
    const { secondKey } = await import('../../test/support/harness');
    const other = { ...claims, iss: secondClient.clientId, sub: secondClient.clientId };
    expect((await exchange(craftJws(rs512, other, { rsa: secondKey }))).status).toBe(200);
  });
});

describe('token request parameters (RFC 6749)', () => {
  const cases: [string, (assertion: string) => string, Record<string, string>, string, RegExp][] = [
    [
      'grant_type missing',
      (a) => `client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${a}`,
      {},
      'invalid_request',
      /grant_type is required/,
    ],
    ['grant_type repeated', (a) => `${tokenRequestBody(a)}&grant_type=client_credentials`, {}, 'invalid_request', /must not be repeated/],
    [
      'grant_type unsupported',
      (a) => tokenRequestBody(a).toString().replace('client_credentials', 'password'),
      {},
      'unsupported_grant_type',
      /client_credentials/,
    ],
    [
      'assertion type wrong',
      (a) => tokenRequestBody(a).toString().replace('jwt-bearer', 'saml2-bearer'),
      {},
      'invalid_client',
      /client_assertion_type must be/,
    ],
    ['client_assertion empty', () => tokenRequestBody('').toString(), {}, 'invalid_request', /client_assertion is required/],
    ['client_secret also sent', (a) => `${tokenRequestBody(a)}&client_secret=x`, {}, 'invalid_request', /only/],
    ['invalid percent-encoding', (a) => `${tokenRequestBody(a)}&x=%zz`, {}, 'invalid_request', /percent-encoding/],
    [
      'JSON instead of a form',
      (a) => JSON.stringify({ client_assertion: a }),
      { 'content-type': 'application/json' },
      'invalid_request',
      /x-www-form-urlencoded/,
    ],
  ];
  it.each(cases)('%s', async (_name, body, headers, error, description) => {
    const response = await postToken(sandbox, body(await validAssertion(sandbox)), headers);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error, error_description: expect.stringMatching(description) });
  });

  it.each([
    ['Basic', 'Basic YWJjOmRlZg=='],
    ['Bearer', 'Bearer abc'],
  ])(
    'answers an attempt to authenticate with an Authorization header (%s) 401 invalid_client with a challenge in its scheme (CID-IS-P Table 5, RFC 6749 §5.2)',
    async (scheme, authorization) => {
      for (const body of [tokenRequestBody(await validAssertion(sandbox)).toString(), 'grant_type=client_credentials']) {
        const response = await postToken(sandbox, body, { authorization });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(new RegExp(`^${scheme} realm=`));
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toMatchObject({ error: 'invalid_client' });
      }
    },
  );

  it("accepts client_id when it names the assertion's client, refuses it otherwise (RFC 7521 §4.2)", async () => {
    const same = await postToken(sandbox, `${tokenRequestBody(await validAssertion(sandbox))}&client_id=${demoClient.clientId}`);
    expect(same.status).toBe(200);
    const other = await postToken(sandbox, `${tokenRequestBody(await validAssertion(sandbox))}&client_id=${secondClient.clientId}`);
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/does not match/) });
  });

  it('ignores unrecognised extra parameters (RFC 6749 §3.2)', async () => {
    const response = await postToken(sandbox, `${tokenRequestBody(await validAssertion(sandbox))}&scope=anything`);
    expect(response.status).toBe(200);
  });

  it('refuses a body over the configured limit', async () => {
    const response = await postToken(sandbox, `grant_type=${'x'.repeat(70_000)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/larger than/) });
  });
});

describe('time travel: the GP system keeps its own (real) clock', () => {
  const provisionWith = (token: string) =>
    sandbox.app.request('/provision-account', {
      method: 'POST',
      body: JSON.stringify(requestFor(scenarioPatients.newPatient)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });

  it('after the sandbox clock moves 8 days, a GP system on the real clock still gets a token and provisions', async () => {
    sandbox.clock.advance(8 * 86_400_000);
    const issued = await exchange(await validAssertion(sandbox));
    expect(issued.status).toBe(200);
    const provisioned = await provisionWith(issued.body.access_token as string);
    expect([provisioned.status, ((await provisioned.json()) as { code: string }).code]).toEqual([200, 'create']);
  });

  it('an access token issued before the jump has expired: its lifetime follows the sandbox clock', async () => {
    const token = await tokenFor(sandbox);
    sandbox.clock.advance(8 * 86_400_000);
    const refused = await provisionWith(token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(/expired/) });
  });

  it('moving the sandbox clock forward and back does not reopen the replay window', async () => {
    const assertion = await validAssertion(sandbox);
    expect((await exchange(assertion)).status).toBe(200);
    sandbox.clock.advance(86_400_000);
    expect((await exchange(assertion)).body.error_description).toMatch(/already been used/);
    sandbox.clock.advance(-2 * 86_400_000);
    expect((await exchange(assertion)).body.error_description).toMatch(/already been used/);
  });
});
