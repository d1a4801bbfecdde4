import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { demoClientScript, pythonWith } from '../support/python';

/**
 * An independent Users Endpoint V2 client (Python: Debian's python3-jwt and python3-requests,
 * which .ci/run installs) gets a scoped token with the JWT-bearer grant and finds a patient by
 * NHS number, by email and by both. Skipped with a loud notice when they are missing outside CI;
 * with CI=true their absence fails the run.
 */
const script = path.join(import.meta.dirname, 'users_endpoint_client.py');
const available = await pythonWith(['jwt', 'requests'], 'Users Endpoint V2 Python client test', ['python3-jwt', 'python3-requests']);

describe.skipIf(!available)('a Python Users Endpoint V2 client (PyJWT + requests)', () => {
  const run = demoClientScript(script);

  it('gets a scoped token and finds a patient by NHS number, by email and by both, with what its scopes allow', async () => {
    const out = await run([p.p5Account.nhsNumber, p.p5Account.email!]);
    const result = JSON.parse(out) as {
      scope: string;
      expires_in: number;
      lookups: Record<string, { status: number; content_type: string; body: any }>;
    };
    expect(result.scope).toBe('https://auth.sandpit.signin.nhs.uk/Users.retrieve profile email');
    expect(result.expires_in).toBe(300);
    for (const name of ['nhs_number', 'email', 'both']) {
      const lookup = result.lookups[name]!;
      expect(lookup.status).toBe(200);
      expect(lookup.content_type).toMatch(/^application\/scim\+json/);
      expect(lookup.body.totalResults).toBe(1);
      const user = lookup.body.Resources[0];
      expect(user).toMatchObject({
        id: 'acc-p5-bilal',
        active: true,
        userName: p.p5Account.email,
        name: { familyName: p.p5Account.familyName },
        'uk:nhs:login:auth:1.0:User': {
          vectorsOfTrust: { IdentityProofing: 'P5' },
          nhsNumber: p.p5Account.nhsNumber,
          birthdate: p.p5Account.birthDate,
        },
      });
      // profile_extended, phone and the GP scopes were not asked for: nothing of theirs is released.
      expect(user.name.givenName).toBeUndefined();
      expect(user.phoneNumbers).toBeUndefined();
      expect(user['uk:nhs:login:auth:1.0:User'].gpOdsCode).toBeUndefined();
    }
  });
});
