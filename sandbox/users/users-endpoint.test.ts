import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { secondClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { claimScenarios } from '../../scenarios/claim-scenarios';
import { USERS_SCOPES } from '../auth/scopes';
import { jwtBearerGrantBody, tokenRequestBody } from '../auth/token-request';
import type { Sandbox } from '../sandbox';
import { playClaimScenario } from '../../test/support/claim-scenario-player';
import {
  craftJws,
  demoKey,
  gpSystem,
  httpClaimStage,
  lookUpUsers,
  postToken,
  standardClaims,
  testSandbox,
  tokenFor,
  usersTokenFor,
  validAssertion,
} from '../../test/support/harness';
import { NHS_LOGIN_USER_EXTENSION } from './scim-user';

/** Users Endpoint V2 (v1.1) through the sandbox's HTTP surface: the second grant, scopes, lookups, errors. */
let sandbox: Sandbox;
afterEach(async () => sandbox?.close());

const ALL = [...USERS_SCOPES];
const byNhs = (patient: { nhsNumber: string }) => `nhsnumber eq "${patient.nhsNumber}"`;

describe('the JWT-bearer grant (RFC 7523 §2.1)', () => {
  it('grants the requested scopes the client is approved for, and the token carries the spec claims', async () => {
    sandbox = await testSandbox();
    const response = await postToken(
      sandbox,
      jwtBearerGrantBody(await validAssertion(sandbox, secondClient.clientId), ['Users.retrieve', 'profile', 'email']),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'Users.retrieve profile' });
    expect(decodeJwt(String(body.access_token))).toMatchObject({
      sub: secondClient.clientId,
      aud: secondClient.clientId,
      client_id: secondClient.clientId,
      requesting_system: secondClient.clientId,
      scope: 'Users.retrieve profile',
      reason_for_request: 'directcare',
      token_use: 'access',
      version: 0,
    });
  });

  it('is announced in the RFC 8414 metadata with the scopes it can grant', async () => {
    sandbox = await testSandbox();
    const metadata = (await (await sandbox.app.request('/.well-known/oauth-authorization-server')).json()) as Record<string, unknown>;
    // Signing in (sandbox/signin) adds its grants and scopes to the same document.
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer']),
    );
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining([...USERS_SCOPES]));
  });

  it.each([
    ['sandpit', 'https://auth.sandpit.signin.nhs.uk/Users.retrieve'],
    ['integration', 'https://auth.aos.signin.nhs.uk/Users.retrieve'],
    ['live', 'https://auth.login.nhs.uk/Users.retrieve'],
  ])('echoes the full URL spelling of Users.retrieve the real %s environment uses', async (_environment, real) => {
    sandbox = await testSandbox();
    const body = (await (await postToken(sandbox, jwtBearerGrantBody(await validAssertion(sandbox), [real, 'profile']))).json()) as Record<
      string,
      unknown
    >;
    expect(body.scope).toBe(`${real} profile`);
    const found = await lookUpUsers(sandbox, String(body.access_token), byNhs(p.p9Account));
    expect(found.status).toBe(200);
  });

  it.each([
    [
      'no scope',
      'invalid_request',
      (a: string) => `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${a}`,
      /scope is required/,
    ],
    [
      'an unknown scope',
      'invalid_scope',
      (a: string) => jwtBearerGrantBody(a, ['Users.retrieve', 'Users.delete']).toString(),
      /Users\.delete/,
    ],
    [
      'scope with two spaces',
      'invalid_scope',
      (a: string) => jwtBearerGrantBody(a, ['Users.retrieve', '', 'profile']).toString(),
      /single spaces/,
    ],
    ['the assertion repeated', 'invalid_request', (a: string) => `${jwtBearerGrantBody(a, ['Users.retrieve'])}&assertion=${a}`, /repeated/],
  ])('refuses %s with %s', async (_name, error, body, description) => {
    sandbox = await testSandbox();
    const response = await postToken(sandbox, body(await validAssertion(sandbox)));
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; error_description: string };
    expect(answer.error).toBe(error);
    expect(answer.error_description).toMatch(description);
  });

  it('refuses scopes none of which the client is approved for, naming both lists', async () => {
    sandbox = await testSandbox();
    const response = await postToken(sandbox, jwtBearerGrantBody(await validAssertion(sandbox, secondClient.clientId), ['email', 'phone']));
    expect(await response.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'Requested scopes: email phone did not match the clients approved scopes: Users.retrieve profile',
    });
  });

  it('judges the assertion by the same rules as provisioning, answering invalid_grant (RFC 7523 §3.1)', async () => {
    sandbox = await testSandbox();
    const rs256 = craftJws({ alg: 'RS256', typ: 'JWT' }, standardClaims(sandbox), { rsa: demoKey });
    const refused = (await (await postToken(sandbox, jwtBearerGrantBody(rs256, ['Users.retrieve']))).json()) as Record<string, string>;
    expect(refused).toEqual({ error: 'invalid_grant', error_description: 'assertion alg must be RS512 (got "RS256")' });
  });

  it('shares replay protection with the client-credentials grant: one jti, one token', async () => {
    sandbox = await testSandbox();
    const assertion = await validAssertion(sandbox);
    expect((await postToken(sandbox, tokenRequestBody(assertion))).status).toBe(200);
    const replayed = (await (await postToken(sandbox, jwtBearerGrantBody(assertion, ['Users.retrieve']))).json()) as Record<string, string>;
    expect(replayed.error).toBe('invalid_grant');
    expect(replayed.error_description).toMatch(/already been used/);
  });
});

describe('GET /v2/Users', () => {
  it('finds a patient by NHS number, by email and by both, as a SCIM ListResponse', async () => {
    sandbox = await testSandbox();
    const token = await usersTokenFor(sandbox, ALL);
    for (const filter of [
      byNhs(p.p5Account),
      `email eq "${p.p5Account.email!.toUpperCase()}"`,
      `${byNhs(p.p5Account)} and email eq "${p.p5Account.email}"`,
    ]) {
      const answer = await lookUpUsers(sandbox, token, filter);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(answer.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1 });
      expect(answer.body.Resources[0]).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', NHS_LOGIN_USER_EXTENSION],
        id: 'acc-p5-bilal',
        active: true,
        userName: p.p5Account.email,
        emails: [{ value: p.p5Account.email, type: 'home', primary: true }],
        name: { familyName: p.p5Account.familyName, givenName: p.p5Account.givenNames.join(' ') },
        phoneNumbers: [{ type: 'mobile', value: p.p5Account.mobile }],
        [NHS_LOGIN_USER_EXTENSION]: {
          vectorsOfTrust: { IdentityProofing: 'P5' },
          nhsNumber: p.p5Account.nhsNumber,
          birthdate: p.p5Account.birthDate,
          gpOdsCode: p.p5Account.gpOdsCode,
          gpUserId: expect.stringMatching(/^[0-9]{10}$/),
          gpLinkageKey: expect.stringMatching(/^[A-Z2-9]{13}$/),
        },
      });
    }
  });

  it('ignores data scopes requested without profile, as v1.1 Table 14 says: only what Users.retrieve releases', async () => {
    sandbox = await testSandbox();
    const answer = await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve', 'email', 'phone']), byNhs(p.p9Account));
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.Resources[0]).sort()).toEqual(['active', 'id', 'schemas', 'uk:nhs:login:auth:1.0:User']);
  });

  it('answers 200 with totalResults 0 and an empty Resources list (the spec example) when nobody matches, and lists several when several do', async () => {
    sandbox = await testSandbox();
    const token = await usersTokenFor(sandbox, ['Users.retrieve']);
    expect((await lookUpUsers(sandbox, token, byNhs(p.newPatient))).body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      Resources: [],
    });
    const several = await lookUpUsers(sandbox, token, `${byNhs(p.p5Account)} or email eq "${p.p9Account.email}"`);
    expect(several.body.totalResults).toBe(2);
    expect(several.body.Resources.map((r: { id: string }) => r.id)).toEqual(['acc-p5-bilal', 'acc-p9-dylan']);
  });

  it.each([
    [['Users.retrieve'], ['active', 'id', 'schemas'], ['vectorsOfTrust']],
    [
      ['Users.retrieve', 'profile'],
      ['active', 'id', 'name', 'schemas'],
      ['birthdate', 'nhsNumber', 'vectorsOfTrust'],
    ],
    [
      ['Users.retrieve', 'profile', 'profile_extended'],
      ['active', 'id', 'name', 'schemas'],
      ['birthdate', 'nhsNumber', 'vectorsOfTrust'],
    ],
    [
      ['Users.retrieve', 'profile', 'email'],
      ['active', 'emails', 'id', 'name', 'schemas', 'userName'],
      ['birthdate', 'nhsNumber', 'vectorsOfTrust'],
    ],
    [
      ['Users.retrieve', 'profile', 'phone', 'landline'],
      ['active', 'id', 'name', 'phoneNumbers', 'schemas'],
      ['birthdate', 'nhsNumber', 'vectorsOfTrust'],
    ],
    [
      ['Users.retrieve', 'profile', 'gp_registration_details'],
      ['active', 'id', 'name', 'schemas'],
      ['birthdate', 'gpOdsCode', 'nhsNumber', 'vectorsOfTrust'],
    ],
    [
      ['Users.retrieve', 'profile', 'gp_integration_credentials'],
      ['active', 'id', 'name', 'schemas'],
      ['birthdate', 'gpLinkageKey', 'gpUserId', 'nhsNumber', 'vectorsOfTrust'],
    ],
  ])('releases with %j exactly the attributes the scope table names', async (scopes, core, extension) => {
    sandbox = await testSandbox();
    const answer = await lookUpUsers(sandbox, await usersTokenFor(sandbox, scopes), byNhs(p.p9Account));
    const user = answer.body.Resources[0] as Record<string, Record<string, unknown>>;
    expect(
      Object.keys(user)
        .filter((k) => k !== NHS_LOGIN_USER_EXTENSION)
        .sort(),
    ).toEqual(core);
    expect(Object.keys(user[NHS_LOGIN_USER_EXTENSION]!).sort()).toEqual(extension);
    expect(Object.keys(user.name ?? {}).sort()).toEqual(
      scopes.includes('profile_extended') ? ['familyName', 'givenName'] : scopes.includes('profile') ? ['familyName'] : [],
    );
  });

  it('shows a disabled account as active: false', async () => {
    sandbox = await testSandbox();
    const answer = await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve']), byNhs(p.disabledAccount));
    expect(answer.body.Resources[0]).toMatchObject({ id: 'acc-p5-jasmine-disabled', active: false });
  });

  it.each([
    ['claim-create', p.newPatient, 0],
    ['claim-uplift', p.uplifter, 1],
  ] as const)('after %s the patient is found at P9', async (id, patient, foundBefore) => {
    sandbox = await testSandbox();
    const lookUp = async () => lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve']), byNhs(patient));
    const before = await lookUp();
    expect(before.body.totalResults).toBe(foundBefore);
    if (foundBefore) expect(before.body.Resources[0][NHS_LOGIN_USER_EXTENSION].vectorsOfTrust.IdentityProofing).toBe('P5');
    await playClaimScenario(
      claimScenarios.find((s) => s.id === id)!,
      httpClaimStage(sandbox),
    );
    const after = await lookUp();
    expect(after.body.totalResults).toBe(1);
    expect(after.body.Resources[0][NHS_LOGIN_USER_EXTENSION].vectorsOfTrust.IdentityProofing).toBe('P9');
  });

  it.each([
    ['an unknown attribute', 'surname eq "Upton"', 'Invalid attribute'],
    [
      'a SCIM attribute that cannot be filtered on',
      'userName eq "a@b.co"',
      'Either one of "nhsnumber" or "email" must be used for each query',
    ],
    ['another operator', 'nhsnumber sw "999"', 'Invalid operator'],
    ['six expressions', Array.from({ length: 6 }, () => byNhs(p.p9Account)).join(' or '), 'More than 5 expressions provided'],
    ['a bad check digit', 'nhsnumber eq "9990000027"', 'Invalid NHS number'],
    ['a bad email', 'email eq "upton@"', 'Invalid email'],
    ['an unbalanced quote', 'nhsnumber eq "9990000026', 'Invalid syntax'],
    ['no filter', undefined, 'Query string "filter" not present'],
  ])('answers %s with the spec 400', async (_name, filter, description) => {
    sandbox = await testSandbox();
    const answer = await lookUpUsers(sandbox, await usersTokenFor(sandbox, ['Users.retrieve']), filter);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ Errors: [{ description, code: '400' }] });
  });

  it('refuses a repeated filter (a filter in the body of a GET is in the bad-input corpus, over a socket)', async () => {
    sandbox = await testSandbox();
    const token = await usersTokenFor(sandbox, ['Users.retrieve']);
    const twice = await sandbox.app.request(
      `/v2/Users?filter=${encodeURIComponent(byNhs(p.p9Account))}&filter=${encodeURIComponent(byNhs(p.p5Account))}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(await twice.json()).toEqual({ Errors: [{ description: 'Invalid syntax', code: '400' }] });
  });

  describe('the 403s', () => {
    it('a provisioning token: "No scope was present in the request"', async () => {
      sandbox = await testSandbox();
      const answer = await lookUpUsers(sandbox, await tokenFor(sandbox), byNhs(p.p9Account));
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ Errors: [{ description: 'No scope was present in the request', code: '403' }] });
    });

    it('a token without Users.retrieve', async () => {
      sandbox = await testSandbox();
      const answer = await lookUpUsers(
        sandbox,
        await usersTokenFor(sandbox, ['profile', 'email'], secondClient.clientId),
        byNhs(p.p9Account),
      );
      expect(answer.status).toBe(403);
      expect(answer.body.Errors[0].description).toBe(
        `Scope "${sandbox.config.publicBaseUrl}/Users.retrieve" required for access was not present in request`,
      );
    });

    it('approval withdrawn after the token was issued: both lists named', async () => {
      sandbox = await testSandbox();
      const token = await usersTokenFor(sandbox, ['Users.retrieve', 'profile'], secondClient.clientId);
      const change = await sandbox.app.request(`/_sandbox/clients/${secondClient.clientId}/approved-scopes`, {
        method: 'PUT',
        body: JSON.stringify({ approved_scopes: ['email'] }),
        headers: { 'content-type': 'application/json' },
      });
      expect(change.status).toBe(200);
      const answer = await lookUpUsers(sandbox, token, byNhs(p.p9Account));
      expect(answer.body.Errors[0]).toEqual({
        description: 'Requested scopes: Users.retrieve profile did not match the clients approved scopes: email',
        code: '403',
      });
    });
  });

  it('follows RFC 6750 for a missing or expired token, by the sandbox clock', async () => {
    sandbox = await testSandbox();
    const token = await usersTokenFor(sandbox, ['Users.retrieve']);
    const missing = await sandbox.app.request(`/v2/Users?filter=${encodeURIComponent(byNhs(p.p9Account))}`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm="users", error="invalid_token"/);
    sandbox.clock.advance(301_000);
    expect((await lookUpUsers(sandbox, token, byNhs(p.p9Account))).status).toBe(401);
  });

  it('keeps the interfaces apart: a Users token cannot provision (403 insufficient_scope)', async () => {
    sandbox = await testSandbox();
    const token = await usersTokenFor(sandbox, ['Users.retrieve']);
    const response = await sandbox.app.request('/provision-account', {
      method: 'POST',
      body: JSON.stringify(requestFor(p.newPatient)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    // and the patient was not provisioned: a provisioning token still gets "create"
    expect((await (await gpSystem(sandbox))(requestFor(p.newPatient))).body.code).toBe('create');
  });

  it('is read-only: other methods get 405 with Allow: GET', async () => {
    sandbox = await testSandbox();
    const response = await sandbox.app.request('/v2/Users', { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('is journalled for the conformance checker: client, query and count, never the people found', async () => {
    sandbox = await testSandbox();
    await lookUpUsers(sandbox, await usersTokenFor(sandbox, ALL), byNhs(p.p9Account));
    const [grant, lookup] = sandbox.journal.query().slice(-2);
    expect(grant).toMatchObject({ endpoint: 'token', outcome: 'issued', issuedToken: { scope: ALL.join(' ') } });
    expect(grant!.request.form!.assertion).toEqual(['[signed JWT: header and claims below, signature not kept]']);
    expect(lookup).toMatchObject({
      endpoint: 'users',
      clientId: 'sandbox-demo-client',
      // The filter's values are masked to their shape: the journal keeps no personal data (issue #27).
      request: { query: { filter: ['nhsnumber eq "<nhs-number>"'] } },
      response: { status: 200, body: { totalResults: 1 } },
      outcome: 'listed',
    });
    expect(JSON.stringify(lookup)).not.toContain(p.p9Account.familyName);
    expect(JSON.stringify(lookup)).not.toContain(p.p9Account.nhsNumber);
  });
});
