import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { USERS_SCOPES } from '../../sandbox/auth/scopes';
import { jwtBearerGrantBody } from '../../sandbox/auth/token-request';
import { readPrivateKey, signClientAssertion } from '../../sandbox/gp-client/client-assertion-signer';
import { NHS_LOGIN_USER_EXTENSION } from '../../sandbox/users/scim-user';
import { SandboxProcess } from '../support/child-process';

/**
 * Issue #28, Users Endpoint V2 over real sockets against a real sandbox process: `constructor` was
 * taken for an attribute, a restricted patient's practice and mobile were released although our
 * own PDS withholds them, and the GP linkage credentials could be computed from the account id.
 */
const sandbox = new SandboxProcess();
afterEach(() => sandbox.stop());

async function lookUp(baseUrl: string, filter: string) {
  const assertion = await signClientAssertion({
    clientId: demoClient.clientId,
    privateKey: readPrivateKey(demoClient.privateKeyPath),
    tokenUrl: `${baseUrl}/token`,
  });
  const issued = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: jwtBearerGrantBody(assertion, USERS_SCOPES).toString(),
  });
  const { access_token } = (await issued.json()) as { access_token: string };
  const answer = await fetch(`${baseUrl}/v2/Users?filter=${encodeURIComponent(filter)}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, any> };
}

describe('Users Endpoint V2 attack surface', () => {
  it('names on Object.prototype are unknown attributes like any other, valid NHS number or not', { timeout: 60_000 }, async () => {
    const running = await sandbox.start('users-');
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']) {
      for (const value of [p.p9Account.nhsNumber, 'not a number']) {
        const answer = await lookUp(running.baseUrl, `${name} eq "${value}"`);
        // A name must start with a letter (RFC 7644 ATTRNAME), so `__proto__` is not even one.
        const description = name.startsWith('_') ? 'Invalid syntax' : 'Invalid attribute';
        expect([name, answer.status, answer.body]).toEqual([name, 400, { Errors: [{ description, code: '400' }] }]);
      }
    }
  });

  it(
    'a restricted record is released as PDS releases it; linkage credentials are keyed with a secret of the data folder and survive a restart',
    { timeout: 90_000 },
    async () => {
      let running = await sandbox.start('users-');
      const byNhs = `nhsnumber eq "${p.p9Account.nhsNumber}"`;
      const before = (await lookUp(running.baseUrl, byNhs)).body.Resources[0];
      const linkage = before[NHS_LOGIN_USER_EXTENSION];
      expect(linkage.gpOdsCode).toBeTruthy();
      // The old public derivation no longer gives them.
      const digest = createHash('sha256').update(`gp-linkage:${before.id}`).digest();
      expect(linkage.gpUserId).not.toBe(String((digest.readUInt32BE(0) % 9_000_000_000) + 1_000_000_000).padStart(10, '0'));

      const patched = await fetch(`${running.baseUrl}/_sandbox/pds/patients/${p.p9Account.nhsNumber}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ restricted: true }),
      });
      expect(patched.status).toBe(200);
      const pds = (await (await fetch(`${running.baseUrl}/pds/Patient/${p.p9Account.nhsNumber}`)).json()) as Record<string, unknown>;
      expect(Object.keys(pds)).not.toContain('telecom');
      expect(Object.keys(pds)).not.toContain('generalPractitioner');
      const restricted = (await lookUp(running.baseUrl, byNhs)).body.Resources[0];
      expect(Object.keys(restricted).sort()).toEqual(['active', 'id', 'name', 'schemas', NHS_LOGIN_USER_EXTENSION].sort());
      expect(Object.keys(restricted[NHS_LOGIN_USER_EXTENSION]).sort()).toEqual(['birthdate', 'nhsNumber', 'vectorsOfTrust']);
      expect(restricted.name).toEqual(before.name);

      // Unrestricted again, after a restart of the same data folder: the same credentials.
      await fetch(`${running.baseUrl}/_sandbox/pds/patients/${p.p9Account.nhsNumber}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ restricted: false }),
      });
      running = await sandbox.startAgain();
      const again = (await lookUp(running.baseUrl, byNhs)).body.Resources[0][NHS_LOGIN_USER_EXTENSION];
      expect([again.gpUserId, again.gpLinkageKey]).toEqual([linkage.gpUserId, linkage.gpLinkageKey]);
      // Another data folder, another secret: the same account id gets other credentials.
      running = await sandbox.start('users-');
      const elsewhere = (await lookUp(running.baseUrl, byNhs)).body.Resources[0];
      expect(elsewhere.id).toBe(before.id);
      expect(elsewhere[NHS_LOGIN_USER_EXTENSION].gpLinkageKey).not.toBe(linkage.gpLinkageKey);
    },
  );
});
