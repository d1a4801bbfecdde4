import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { claimedPatient } from '../support/claimed-patient';
import { pythonWith, runPython } from '../support/python';

/**
 * Python's Authlib (Debian's python3-authlib) signs a freshly claimed patient in: the code flow,
 * private_key_jwt with RS512, a validated ID token (CodeIDToken: iss, aud, exp, nonce) and
 * UserInfo. Without Authlib the test is skipped with a loud notice outside CI; CI=true fails.
 */
const script = path.join(import.meta.dirname, 'authlib_sign_in.py');
const available = await pythonWith(['authlib', 'requests'], 'Authlib sign-in test', ['python3-authlib', 'python3-requests']);

describe.skipIf(!available)('Authlib (Python) signs a claimed patient in', () => {
  let running: StartedSandbox;
  beforeAll(async () => {
    running = await startSandbox(testConfig());
  });
  afterAll(() => running?.stop());

  it('completes the authorization code flow and validates the ID token', async () => {
    const patient = await claimedPatient(running, p.newPatient);
    const out = await runPython(script, [
      running.baseUrl,
      demoClient.clientId,
      demoClient.privateKeyPath,
      patient.email,
      patient.password,
      p.newPatient.mobile!,
    ]);
    const { id_token: idToken, userinfo } = JSON.parse(out);
    expect(idToken).toMatchObject({
      nhs_number: p.newPatient.nhsNumber,
      vot: 'P9.Cp.Cd',
      identity_proofing_level: 'P9',
      aud: demoClient.clientId,
    });
    expect(userinfo).toMatchObject({ sub: idToken.sub, nhs_number: p.newPatient.nhsNumber, family_name: 'Newcombe' });
  });
});
