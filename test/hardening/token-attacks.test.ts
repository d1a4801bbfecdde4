import { createServer, type Server } from 'node:http';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoClient, secondClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { tokenRequestBody } from '../../sandbox/auth/token-request';
import type { Sandbox } from '../../sandbox/sandbox';
import { craftJws, demoKey, nowIn, realNow, postToken, standardClaims, testSandbox, tokenFor, validAssertion } from '../support/harness';

/**
 * The token attack battery: each attack named, each refused, and no key ever fetched from or
 * taken out of a token. Assertion attacks go to /token; access-token attacks to /provision-account.
 */
let sandbox: Sandbox;
let attackerHost: Server;
let attackerUrl: string;
const attackerFetches: string[] = [];
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const demoPublicPem = createPublicKey(demoKey).export({ type: 'spki', format: 'pem' }).toString();

beforeAll(async () => {
  // A host that would serve the attacker's keys: any request reaching it is a failure.
  attackerHost = createServer((req, res) => {
    attackerFetches.push(req.url ?? '');
    res.end('{}');
  });
  await new Promise<void>((done) => attackerHost.listen(0, '127.0.0.1', done));
  attackerUrl = `http://127.0.0.1:${(attackerHost.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise((done) => attackerHost.close(done)));
afterEach(async () => sandbox?.close());

const rs512 = { alg: 'RS512', typ: 'JWT' };
const sign = (header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject) =>
  new SignJWT(claims).setProtectedHeader(header as never).sign(key);
const segments = (jws: string) => jws.split('.') as [string, string, string];

type Attack = [name: string, build: () => Promise<string> | string];

const assertionAttacks = (): Attack[] => [
  ['alg none, no signature', () => craftJws({ alg: 'none', typ: 'JWT' }, standardClaims(sandbox))],
  [
    'HS256 signed with the client public key (PEM) as the secret',
    () => craftJws({ alg: 'HS256', typ: 'JWT' }, standardClaims(sandbox), { hmacSecret: demoPublicPem }),
  ],
  [
    'HS512 signed with the client public key (PEM) as the secret',
    () => craftJws({ alg: 'HS512', typ: 'JWT' }, standardClaims(sandbox), { hmacSecret: demoPublicPem }),
  ],
  ['RS256 with the client key', () => craftJws({ alg: 'RS256', typ: 'JWT' }, standardClaims(sandbox), { rsa: demoKey })],
  ['PS512 with the client key', () => sign({ alg: 'PS512', typ: 'JWT' }, standardClaims(sandbox), demoKey)],
  ['ES256 with an EC key', () => sign({ alg: 'ES256', typ: 'JWT' }, standardClaims(sandbox), ecKey.privateKey)],
  ['RS512 from an unregistered key', () => craftJws(rs512, standardClaims(sandbox), { rsa: attacker.privateKey })],
  [
    "client A's key signing as client B",
    () => craftJws(rs512, standardClaims(sandbox, { iss: secondClient.clientId, sub: secondClient.clientId }), { rsa: demoKey }),
  ],
  ['iss differs from sub', () => craftJws(rs512, standardClaims(sandbox, { sub: secondClient.clientId }), { rsa: demoKey })],
  ['aud of another service', () => craftJws(rs512, standardClaims(sandbox, { aud: 'https://example.com/token' }), { rsa: demoKey })],
  ['aud missing', () => craftJws(rs512, standardClaims(sandbox, { aud: undefined }), { rsa: demoKey })],
  [
    'aud an array without the token URL',
    () => craftJws(rs512, standardClaims(sandbox, { aud: ['https://example.com/token'] }), { rsa: demoKey }),
  ],
  ['expired', () => craftJws(rs512, standardClaims(sandbox, { exp: realNow() - 30 }), { rsa: demoKey })],
  ['not valid yet (nbf ahead)', () => craftJws(rs512, standardClaims(sandbox, { nbf: realNow() + 600 }), { rsa: demoKey })],
  [
    'lifetime of a year (unreasonably far in the future)',
    () => craftJws(rs512, standardClaims(sandbox, { exp: realNow() + 365 * 86_400 }), { rsa: demoKey }),
  ],
  ['jti missing', () => craftJws(rs512, standardClaims(sandbox, { jti: undefined }), { rsa: demoKey })],
  [
    'jku pointing at the attacker, signed by the attacker',
    () => craftJws({ ...rs512, jku: `${attackerUrl}/jwks.json` }, standardClaims(sandbox), { rsa: attacker.privateKey }),
  ],
  [
    'x5u pointing at the attacker, signed by the attacker',
    () => craftJws({ ...rs512, x5u: `${attackerUrl}/cert.pem` }, standardClaims(sandbox), { rsa: attacker.privateKey }),
  ],
  [
    'jwk header carrying the attacker key',
    async () => craftJws({ ...rs512, jwk: await exportJWK(attacker.publicKey) }, standardClaims(sandbox), { rsa: attacker.privateKey }),
  ],
  ['kid path traversal', () => craftJws({ ...rs512, kid: '../../../../dev/null' }, standardClaims(sandbox), { rsa: attacker.privateKey })],
  [
    'crit header naming an unknown extension',
    () => craftJws({ ...rs512, crit: ['x-unknown'], 'x-unknown': true }, standardClaims(sandbox), { rsa: demoKey }),
  ],
  ['signature truncated', async () => (await validAssertion(sandbox)).slice(0, -12)],
  ['signature padded with =', async () => `${await validAssertion(sandbox)}==`],
  [
    'signature re-encoded as standard base64',
    async () => {
      const [h, c, s] = segments(await validAssertion(sandbox));
      return `${h}.${c}.${Buffer.from(s, 'base64url').toString('base64')}`;
    },
  ],
  [
    'claims re-encoded with padding',
    async () => {
      const [h, c, s] = segments(await validAssertion(sandbox));
      return `${h}.${Buffer.from(c, 'base64url').toString('base64')}.${s}`;
    },
  ],
  [
    'claims changed after signing',
    async () => {
      const [h, , s] = segments(await validAssertion(sandbox));
      return `${h}.${Buffer.from(JSON.stringify(standardClaims(sandbox, { exp: realNow() + 290 }))).toString('base64url')}.${s}`;
    },
  ],
  ['a JWE instead of a JWS', () => `${Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })).toString('base64url')}.a.b.c.d`],
  ['four segments', async () => `${await validAssertion(sandbox)}.extra`],
];

/** The claims of an access token the sandbox would issue to the demo client now. */
const accessClaims = () => ({
  iss: sandbox.tokens.issuer,
  sub: demoClient.clientId,
  aud: demoClient.clientId,
  iat: nowIn(sandbox),
  exp: nowIn(sandbox) + 300,
});

const accessTokenAttacks = (): Attack[] => [
  ['access token signed by another key', () => craftJws(rs512, accessClaims(), { rsa: attacker.privateKey })],
  ['access token alg none', () => craftJws({ alg: 'none', typ: 'JWT' }, accessClaims())],
  [
    'access token expired',
    async () => {
      const token = await tokenFor(sandbox);
      sandbox.clock.advance(301_000);
      return token;
    },
  ],
  [
    'access token payload tampered to another client',
    async () => {
      const [h, c, s] = segments(await tokenFor(sandbox));
      const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
      return `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: secondClient.clientId, aud: secondClient.clientId })).toString('base64url')}.${s}`;
    },
  ],
  ['the client assertion presented as an access token', () => validAssertion(sandbox)],
  [
    'access token HS256 signed with the sandbox public key',
    async () => craftJws({ alg: 'HS256', typ: 'JWT' }, accessClaims(), { hmacSecret: JSON.stringify(sandbox.tokens.key.publicJwk) }),
  ],
];

describe('token attack battery', () => {
  it('names at least 20 distinct attacks', async () => {
    sandbox = await testSandbox();
    const names = [...assertionAttacks(), ...accessTokenAttacks()].map(([name]) => name);
    console.log(
      `[hardening] token attack battery: ${names.length} attacks (${assertionAttacks().length} on /token, ${accessTokenAttacks().length} on /provision-account)`,
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it.each(assertionAttacks().map(([name], i) => [name, i] as const))('/token refuses: %s', async (_name, i) => {
    sandbox = await testSandbox();
    const [, build] = assertionAttacks()[i]!;
    const response = await postToken(sandbox, tokenRequestBody(await build()));
    const body = (await response.json()) as { error: string; access_token?: string };
    expect(response.status).toBe(400);
    expect(body.access_token).toBeUndefined();
    expect(['invalid_client', 'invalid_request']).toContain(body.error);
    expect(attackerFetches).toEqual([]);
  });

  it('/token refuses a replayed jti', async () => {
    sandbox = await testSandbox();
    const assertion = await validAssertion(sandbox);
    expect((await postToken(sandbox, tokenRequestBody(assertion))).status).toBe(200);
    const replay = await postToken(sandbox, tokenRequestBody(assertion));
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error_description: string }).error_description).toMatch(/jti .*already been used/);
  });

  it('/token accepts an array aud that contains the token URL (documented choice; the conformance checker flags it)', async () => {
    sandbox = await testSandbox();
    const response = await postToken(
      sandbox,
      tokenRequestBody(
        craftJws(rs512, standardClaims(sandbox, { aud: [sandbox.config.tokenUrl, 'https://example.com'] }), { rsa: demoKey }),
      ),
    );
    expect(response.status).toBe(200);
  });

  it.each(accessTokenAttacks().map(([name], i) => [name, i] as const))('/provision-account refuses: %s', async (_name, i) => {
    sandbox = await testSandbox();
    const [, build] = accessTokenAttacks()[i]!;
    const token = await build();
    const response = await sandbox.app.request('/provision-account', {
      method: 'POST',
      body: JSON.stringify(requestFor(p.newPatient)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(sandbox.provisioning.requests.size).toBe(0);
  });
});
