import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { provisioningScenarios } from '../../scenarios/catalogue';
import { testSandbox } from '../../test/support/harness';
import { provisionResponse } from '../provisioning/provision-response';
import type { Sandbox } from '../sandbox';

/** A scenario's request for a patient of its own, asked for again and again: the scenario's outcome every time. */
let sandbox: Sandbox;
afterEach(() => sandbox?.close());

const freshRequest = async (id: string) => {
  const answer = await sandbox.app.request(`/_sandbox/scenarios/${id}/fresh-request`, { method: 'POST' });
  return { status: answer.status, body: (await answer.json()) as Record<string, any> };
};

describe('POST /_sandbox/scenarios/{id}/fresh-request', () => {
  it.each(provisioningScenarios.map((s) => [s.id, s] as const))(
    '%s: each fresh request, sent, gets the scenario outcome',
    async (id, scenario) => {
      sandbox = await testSandbox();
      const codes: string[] = [];
      const nhsNumbers = new Set<unknown>();
      for (const _ of [1, 2, 3]) {
        const { status, body } = await freshRequest(id);
        expect(status).toBe(200);
        nhsNumbers.add(body.nhs_number);
        codes.push(provisionResponse(await sandbox.provisioning.provision(body, demoClient.clientId)).body.code as string);
      }
      expect(codes).toEqual([scenario.expectedCode, scenario.expectedCode, scenario.expectedCode]);
      // A patient PDS holds is copied afresh each time; the malformed and unknown ones are sent as they are.
      const copied = sandbox.pds.get(String(scenario.request.nhs_number)) !== undefined;
      expect(nhsNumbers.size).toBe(copied ? 3 : 1);
    },
  );

  it('names what it does not know', async () => {
    sandbox = await testSandbox();
    expect(await freshRequest('claim-uplift')).toEqual({
      status: 404,
      body: { error: 'not_found', description: 'no provisioning scenario "claim-uplift" in the catalogue' },
    });
  });
});
