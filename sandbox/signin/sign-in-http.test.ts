import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_ACCOUNT_PASSWORD } from '../../fixtures/accounts';
import { demoClient, secondClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { demoKey, latestSecurityCode, postToken, secondKey, testSandbox } from '../../test/support/harness';
import { SignInDriver } from '../../test/support/sign-in-driver';
import {
  dylan,
  ORIGIN,
  RELYING_PARTY_REDIRECT,
  relyingPartyAuthorizeUrl,
  signedInCode as signedInCodeIn,
  signInGrant,
} from '../../test/support/sign-in-flow';
import type { Sandbox } from '../sandbox';
import type { SignInScope } from './sign-in-scopes';

/**
 * Signing in over HTTP, in process (app.request): the authorization endpoint, the pages, the
 * token endpoint's sign-in grants and UserInfo, with a seeded P9 account (Dylan Verity).
 */
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await testSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const REDIRECT = RELYING_PARTY_REDIRECT;
const fetcher = (url: string, init: RequestInit) => sandbox.app.request(url, init);
const authorizeUrl = relyingPartyAuthorizeUrl;
const signedInCode = (overrides: Record<string, string | null> = {}, driver?: SignInDriver) => signedInCodeIn(sandbox, overrides, driver);
const exchange = (fields: Record<string, string>, client = demoClient.clientId) =>
  signInGrant(sandbox, fields, { clientId: client, privateKey: client === demoClient.clientId ? demoKey : secondKey });

const codeGrant = (code: string, extra: Record<string, string> = {}, client?: string) =>
  exchange({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...extra }, client);

describe('signing in (authorization code flow)', () => {
  it('signs a P9 patient in and returns a verified ID token, an access token and a refresh token', async () => {
    const { back } = await signedInCode();
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('state-123');
    const code = back.searchParams.get('code')!;
    const answer = await codeGrant(code);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'openid profile' });
    const jwks = (await (await sandbox.app.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(answer.body.id_token, createLocalJWKSet(jwks), {
      issuer: sandbox.tokens.issuer,
      audience: demoClient.clientId,
      currentDate: new Date(sandbox.clock.nowMs()),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS512', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: 'acc-p9-dylan',
      nonce: 'nonce-456',
      vot: 'P9.Cp.Cd',
      nhs_number: p.p9Account.nhsNumber,
      family_name: 'Verity',
      birthdate: '1968-01-30',
      identity_proofing_level: 'P9',
    });
    expect(payload.vtm).toBe(`${sandbox.config.publicBaseUrl}/trustmark/${new URL(sandbox.config.publicBaseUrl).host}`);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(typeof payload.auth_time).toBe('number');
    expect(Object.values(payload)).not.toContain(null);
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ scope: 'openid profile', sub: 'acc-p9-dylan', aud: demoClient.clientId });
    const info = await sandbox.app.request('/userinfo', { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    expect(await info.json()).toEqual({
      sub: 'acc-p9-dylan',
      nhs_number: p.p9Account.nhsNumber,
      family_name: 'Verity',
      birthdate: '1968-01-30',
      identity_proofing_level: 'P9',
    });
  });

  it('refuses a code used twice with invalid_grant, and revokes the refresh token it bought', async () => {
    const { back } = await signedInCode();
    const code = back.searchParams.get('code')!;
    const first = await codeGrant(code);
    expect(first.status).toBe(200);
    const second = await codeGrant(code);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const refresh = await exchange({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('binds the code to its client and redirect URI, and lets it live 10 minutes on the sandbox clock', async () => {
    const code = (await signedInCode()).back.searchParams.get('code')!;
    expect(await codeGrant(code, {}, secondClient.clientId)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await codeGrant(code, { redirect_uri: 'http://127.0.0.1:4001/callback' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const later = (await signedInCode({}, new SignInDriver(fetcher, ORIGIN))).back.searchParams.get('code')!;
    sandbox.clock.advance(10 * 60_000 + 1000);
    expect(await codeGrant(later)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.stringContaining('expired') },
    });
  });

  it('authenticates the client with the same RS512 assertion check as every grant', async () => {
    const code = (await signedInCode()).back.searchParams.get('code')!;
    const response = await postToken(sandbox, new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    const unsigned = await postToken(
      sandbox,
      new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJzYW5kYm94LWRlbW8tY2xpZW50In0.',
      }),
    );
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: 'invalid_client' });
    expect((await codeGrant(code)).status).toBe(200);
  });

  it('rotates refresh tokens: the new one works, the old one is refused and revokes the family', async () => {
    const first = await codeGrant((await signedInCode()).back.searchParams.get('code')!);
    const second = await exchange({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
    expect(second.body.id_token).toBeUndefined();
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    const narrowed = await exchange({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token, scope: 'openid' });
    expect(narrowed).toMatchObject({ status: 200, body: { scope: 'openid' } });
    expect(await exchange({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({ grant_type: 'refresh_token', refresh_token: narrowed.body.refresh_token })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('verifies PKCE (S256) when the request sent a code_challenge', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = (await signedInCode({ code_challenge: challenge, code_challenge_method: 'S256' })).back.searchParams.get('code')!;
    expect(await codeGrant(code, { code_verifier: 'x'.repeat(43) })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const code2 = (await signedInCode({ code_challenge: challenge, code_challenge_method: 'S256' })).back.searchParams.get('code')!;
    expect((await codeGrant(code2, { code_verifier: verifier })).status).toBe(200);
  });
});

describe('the authorization endpoint', () => {
  it('never redirects to an unregistered redirect URI: it shows an error page', async () => {
    for (const redirect of ['https://evil.example/callback', 'http://127.0.0.1:4000/callback?x=1', 'http://127.0.0.1:4000/other']) {
      const response = await sandbox.app.request(authorizeUrl({ redirect_uri: redirect }));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('There is a problem with the link to NHS login');
    }
    const unknown = await sandbox.app.request(authorizeUrl({ client_id: 'nobody', redirect_uri: 'https://evil.example/cb' }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
  });

  it.each([
    [{ state: null }, 'invalid_request', null],
    [{ nonce: null }, 'invalid_request', 'state-123'],
    [{ scope: 'profile' }, 'invalid_scope', 'state-123'],
    [{ scope: 'openid profile basic_demographics' }, 'invalid_scope', 'state-123'],
    [{ response_type: 'token' }, 'unsupported_response_type', 'state-123'],
    [{ vtr: '["P9.Cm"]' }, 'invalid_request', 'state-123'],
    [{ vtr: 'P9.Cp.Cd' }, 'invalid_request', 'state-123'],
    [{ prompt: 'consent' }, 'invalid_request', 'state-123'],
    [{ request: 'eyJ' }, 'request_not_supported', 'state-123'],
  ] as const)('sends %j back as %s (§3.4.5)', async (overrides, error, state) => {
    const response = await sandbox.app.request(authorizeUrl(overrides));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe(state);
  });

  it('answers prompt=none without a session with sso_login_required', async () => {
    const response = await sandbox.app.request(authorizeUrl({ prompt: 'none' }));
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('sso_login_required');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('signs in once: a second request with the session is answered at once, prompt=none too; prompt=login asks again', async () => {
    const { driver } = await signedInCode();
    const again = await driver.open(authorizeUrl({ state: 's2' }));
    expect(again).toBeInstanceOf(URL);
    expect((again as URL).searchParams.get('code')).toBeTruthy();
    const silent = await driver.open(authorizeUrl({ prompt: 'none', state: 's3' }));
    expect((silent as URL).searchParams.get('code')).toBeTruthy();
    await driver.open(authorizeUrl({ prompt: 'login' }));
    expect(driver.heading).toBe('Enter your email address');
    const session = driver.setCookies.find((c) => c.startsWith('nhslogin_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
  });

  it('takes the request as a POST form too', async () => {
    const body = new URL(authorizeUrl()).searchParams.toString();
    const response = await sandbox.app.request('/authorize', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/signin/email');
  });
});

describe('the sign-in pages', () => {
  it('counts wrong passwords against the account and locks it like the claiming journey', async () => {
    const driver = new SignInDriver(fetcher, ORIGIN);
    await driver.open(authorizeUrl());
    await driver.press('Continue', { 'Email address': dylan.email });
    await driver.press('Continue', { Password: 'wrong-1' });
    expect(driver.errors).toEqual(['The email address or password is not correct. Check them and try again.']);
    expect(driver.text).toContain('4 attempts left');
    for (let i = 0; i < 4; i++) await driver.press('Continue', { Password: 'wrong' });
    expect(driver.heading).toBe('You cannot continue');
    expect(driver.text).toContain('You entered a wrong email address or password too many times.');
    expect(driver.reference).toBeNull();
    // A new sign-in does not buy new attempts.
    const fresh = new SignInDriver(fetcher, ORIGIN);
    await fresh.open(authorizeUrl());
    await fresh.press('Continue', { 'Email address': dylan.email });
    await fresh.press('Continue', { Password: FIXTURE_ACCOUNT_PASSWORD });
    expect(fresh.heading).toBe('You cannot continue');
  });

  it('locks after too many wrong security codes', async () => {
    const driver = new SignInDriver(fetcher, ORIGIN);
    await driver.open(authorizeUrl());
    await driver.press('Continue', { 'Email address': dylan.email });
    await driver.press('Continue', { Password: FIXTURE_ACCOUNT_PASSWORD });
    expect(driver.heading).toBe('Enter the security code');
    for (let i = 0; i < 5; i++) await driver.press('Continue', { 'Security code': '000000' });
    expect(driver.heading).toBe('You cannot continue');
    expect(driver.text).toContain('You entered a wrong security code too many times.');
    expect(driver.reference).toBeNull();
  });

  it('tells a P5 account asked for P9 that it must prove who it is, and returns access_denied', async () => {
    const driver = new SignInDriver(fetcher, ORIGIN);
    await driver.open(authorizeUrl());
    await driver.press('Continue', { 'Email address': p.p5Account.email! });
    await driver.press('Continue', { Password: FIXTURE_ACCOUNT_PASSWORD });
    await driver.press('Continue', { 'Security code': await latestSecurityCode(sandbox, p.p5Account.mobile!) });
    expect(driver.heading).toBe('You need to prove who you are');
    expect(driver.page!.status).toBe(403);
    const back = (await driver.press(`Return to ${demoClient.name}`)) as URL;
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('state-123');
  });

  it('signs a P5 account in when P5 is asked for, with identity_proofing_level P5', async () => {
    const driver = new SignInDriver(fetcher, ORIGIN);
    await driver.open(authorizeUrl({ vtr: '["P5.Cp.Cd"]' }));
    const back = await driver.signIn(p.p5Account.email!, FIXTURE_ACCOUNT_PASSWORD, () => latestSecurityCode(sandbox, p.p5Account.mobile!));
    const answer = await codeGrant(back.searchParams.get('code')!);
    expect(decodeJwt(answer.body.id_token)).toMatchObject({ vot: 'P5.Cp.Cd', identity_proofing_level: 'P5' });
  });

  it('lets the code go back only to the relying party (CSP form-action) and sends no caching headers', async () => {
    const driver = new SignInDriver(fetcher, ORIGIN);
    await driver.open(authorizeUrl());
    const csp = driver.page!.headers.get('content-security-policy')!;
    expect(csp).toContain("form-action 'self' http://127.0.0.1:4000");
    expect(csp).not.toContain('unsafe-inline');
    expect(driver.page!.headers.get('cache-control')).toBe('no-store');
  });
});

describe('UserInfo', () => {
  it('answers 401 invalid_token with WWW-Authenticate without a usable token, GET and POST', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await sandbox.app.request('/userinfo', { method });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    }
    const provisioningToken = await sandbox.app.request('/userinfo', { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(provisioningToken.status).toBe(401);
  });

  it('answers 403 insufficient_scope for a token without openid', async () => {
    const response = await sandbox.app.request('/userinfo', { headers: bearer(await mintedToken(demoClient.clientId, ['profile'])) });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
  });
});

/** An access token as signing in would issue it, for a client and scopes a test chooses. */
async function mintedToken(clientId: string, scopes: SignInScope[]) {
  const { signAccessToken } = await import('./sign-in-tokens');
  const vot = { text: 'P9.Cp.Cd', level: 'P9' as const, credentials: ['Cp' as const, 'Cd' as const] };
  return (await signAccessToken({ tokens: sandbox.tokens }, { clientId, accountId: 'acc-p9-dylan', scopes, vot, authTimeMs: 0 }, undefined))
    .accessToken;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const patchMetadata = (token: string, body: unknown, contentType = 'application/json') =>
  sandbox.app.request('/userinfo', {
    method: 'PATCH',
    headers: { ...bearer(token), 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const userInfoOf = async (token: string) => (await sandbox.app.request('/userinfo', { headers: bearer(token) })).json();

describe('PATCH /userinfo (client_user_metadata, CID-IS-F §3.6)', () => {
  it('keeps the value for that relying party and person, returns it from UserInfo, clears it with "" and generates one with "auto"', async () => {
    const answer = await codeGrant((await signedInCode({ scope: 'openid client_metadata' })).back.searchParams.get('code')!);
    const token = answer.body.access_token as string;
    const saved = await patchMetadata(token, { client_user_metadata: 'prefers-large-print' });
    expect(saved.status).toBe(204);
    expect(await saved.text()).toBe('');
    expect(await userInfoOf(token)).toEqual({ sub: 'acc-p9-dylan', client_user_metadata: 'prefers-large-print' });
    // Another relying party's token for the same person sees none of it.
    expect(await userInfoOf(await mintedToken(secondClient.clientId, ['openid', 'client_metadata']))).toEqual({ sub: 'acc-p9-dylan' });
    // Without the scope the claim is not released, though it is kept.
    expect(await userInfoOf(await mintedToken(demoClient.clientId, ['openid']))).toEqual({ sub: 'acc-p9-dylan' });
    expect((await patchMetadata(token, { client_user_metadata: 'auto' })).status).toBe(204);
    const generated = ((await userInfoOf(token)) as { client_user_metadata: string }).client_user_metadata;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect((await patchMetadata(token, { client_user_metadata: '' })).status).toBe(204);
    expect(await userInfoOf(token)).toEqual({ sub: 'acc-p9-dylan' });
    const longest = 'x'.repeat(1024);
    expect((await patchMetadata(token, { client_user_metadata: longest })).status).toBe(204);
    expect(await userInfoOf(token)).toMatchObject({ client_user_metadata: longest });
  });

  it('refuses a body that is not {client_user_metadata: "<at most 1024 characters>"} with 400 invalid_request, and keeps the value', async () => {
    const token = await mintedToken(demoClient.clientId, ['openid', 'client_metadata']);
    expect((await patchMetadata(token, { client_user_metadata: 'kept' })).status).toBe(204);
    for (const [body, contentType] of [
      [{ client_user_metadata: 'x'.repeat(1025) }],
      [{ client_user_metadata: 42 }],
      [{ client_user_metadata: 'a', extra: true }],
      [{}],
      ['{"client_user_metadata": '],
      ['client_user_metadata=a', 'application/x-www-form-urlencoded'],
    ] as const) {
      const refused = await patchMetadata(token, body, contentType);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_request"/);
    }
    expect(await userInfoOf(token)).toMatchObject({ client_user_metadata: 'kept' });
  });

  it('answers 401 invalid_token without a usable token and 403 insufficient_scope without client_metadata', async () => {
    const body = { client_user_metadata: 'a' };
    const none = await sandbox.app.request('/userinfo', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect((await patchMetadata('abc.def.ghi', body)).status).toBe(401);
    const unscoped = await patchMetadata(await mintedToken(demoClient.clientId, ['openid', 'profile']), body);
    expect(unscoped.status).toBe(403);
    expect(await unscoped.json()).toMatchObject({ error: 'insufficient_scope' });
  });
});

describe('discovery', () => {
  it('publishes the sandpit fields, issuer byte-identical to every iss', async () => {
    const doc = (await (await sandbox.app.request('/.well-known/openid-configuration')).json()) as Record<string, any>;
    const base = sandbox.config.publicBaseUrl;
    expect(doc).toMatchObject({
      issuer: sandbox.tokens.issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      userinfo_endpoint: `${base}/userinfo`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS512'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS512'],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'basic_demographics', 'gp_integration_credentials']));
    expect(doc.claims_supported).toEqual(expect.arrayContaining(['nhs_number', 'vot', 'vtm', 'identity_proofing_level']));
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
  });
});

describe('the journal', () => {
  it('journals sign-in traffic apart from provisioning, with no code, token or claim in it', async () => {
    await sandbox.journal.reset();
    const { back } = await signedInCode();
    const code = back.searchParams.get('code')!;
    const answer = await codeGrant(code);
    await sandbox.app.request('/userinfo', { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    const entries = sandbox.journal.query({});
    expect(entries.map((e) => e.endpoint)).toEqual(['signin', 'signin', 'signin']);
    expect(entries.map((e) => e.outcome).sort()).toEqual(['answered', 'issued', 'sign-in']);
    const text = JSON.stringify(entries);
    for (const secret of [code, answer.body.access_token, answer.body.id_token, answer.body.refresh_token, p.p9Account.nhsNumber])
      expect(text).not.toContain(secret);
    expect(entries.find((e) => e.outcome === 'issued')!.clientId).toBe(demoClient.clientId);
  });
});

describe('faults queued from the admin API', () => {
  const queue = (fault: Record<string, unknown>) =>
    sandbox.app.request('/_sandbox/signin-faults', {
      method: 'POST',
      body: JSON.stringify(fault),
      headers: { 'content-type': 'application/json' },
    });

  it('sends the next authorization request back with an error, once', async () => {
    expect((await queue({ endpoint: 'authorize', kind: 'error-redirect', error: 'temporarily_unavailable' })).status).toBe(201);
    const location = new URL((await sandbox.app.request(authorizeUrl())).headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('temporarily_unavailable');
    expect(location.searchParams.get('state')).toBe('state-123');
    expect((await sandbox.app.request(authorizeUrl())).headers.get('location')).toBe('/signin/email');
  });

  it.each([
    ['expired-id-token', (t: Record<string, any>, now: number) => expect(t.exp).toBeLessThan(now)],
    ['missing-claim', (t: Record<string, any>) => expect(t.vot).toBeUndefined()],
    ['wrong-nonce', (t: Record<string, any>) => expect(t.nonce).not.toBe('nonce-456')],
  ] as const)('spoils the next ID token: %s', async (kind, check) => {
    await queue({ endpoint: 'token', kind });
    const answer = await codeGrant((await signedInCode()).back.searchParams.get('code')!);
    check(decodeJwt(answer.body.id_token), Math.floor(sandbox.clock.nowMs() / 1000));
  });

  it('signs the next ID token with a key the JWKS does not list', async () => {
    await queue({ endpoint: 'token', kind: 'wrongly-signed-id-token' });
    const answer = await codeGrant((await signedInCode()).back.searchParams.get('code')!);
    const jwks = (await (await sandbox.app.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    await expect(jwtVerify(answer.body.id_token, createLocalJWKSet(jwks))).rejects.toThrow();
  });

  it('answers UserInfo with a 500, and refuses a fault an endpoint cannot have', async () => {
    const answer = await codeGrant((await signedInCode()).back.searchParams.get('code')!);
    await queue({ endpoint: 'userinfo', kind: 'server-error' });
    const failed = await sandbox.app.request('/userinfo', { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    expect(failed.status).toBe(500);
    expect((await queue({ endpoint: 'userinfo', kind: 'wrong-nonce' })).status).toBe(400);
  });
});
