import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { demoClientScript, pythonWith } from '../support/python';

/**
 * Python's Authlib (Debian's python3-authlib, which .ci/run installs) gets a token with
 * private_key_jwt and RS512 and provisions a patient. Without it the test is skipped with a loud
 * notice outside CI; with CI=true a missing Authlib fails the run.
 */
const script = path.join(import.meta.dirname, 'authlib_client.py');
const available = await pythonWith(['authlib', 'requests'], 'Authlib interop test', ['python3-authlib', 'python3-requests']);

describe.skipIf(!available)('Authlib (Python)', () => {
  const run = demoClientScript(script);

  it('gets a token with private_key_jwt (RS512) and provisions a patient', async () => {
    const out = await run([JSON.stringify(requestFor(p.newPatient))]);
    expect(JSON.parse(out)).toMatchObject({ status: 200, body: { code: 'create' }, token_type: 'Bearer' });
  });
});
