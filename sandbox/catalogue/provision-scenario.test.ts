import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { provisioningScenarios } from '../../scenarios/catalogue';
import { testSandbox } from '../../test/support/harness';
import { outcomeCodes } from '../provisioning/outcome-codes';
import type { Sandbox } from '../sandbox';

/** The console's "Provision now" through the admin API: each scenario's own outcome, no journal entry. */
let sandbox: Sandbox;
afterEach(() => sandbox?.close());

const provisionNow = async (id: string) => {
  const answer = await sandbox.app.request(`/_sandbox/scenarios/${id}/provision`, { method: 'POST' });
  return { status: answer.status, body: (await answer.json()) as Record<string, any> };
};

describe('POST /_sandbox/scenarios/{id}/provision', () => {
  it.each(provisioningScenarios.map((s) => [s.id, s] as const))('%s answers what the catalogue expects', async (id, scenario) => {
    sandbox = await testSandbox();
    const { status, body } = await provisionNow(id);
    expect(status).toBe(200);
    expect({ status: body.status, code: body.response.code }).toEqual({
      status: outcomeCodes[scenario.expectedCode].status,
      code: scenario.expectedCode,
    });
    expect(body.request).toEqual(scenario.request);
    expect(sandbox.journal.query()).toEqual([]);
  });

  it("provisions a claim scenario's patient as PDS holds them, and knows no other id", async () => {
    sandbox = await testSandbox();
    const { body } = await provisionNow('claim-uplift');
    expect(body.request).toMatchObject({
      nhs_number: p.uplifter.nhsNumber,
      email_address: p.uplifter.email,
      phone_number: p.uplifter.mobile,
    });
    expect(body.response.code).toBe('uplift');
    expect(await provisionNow('no-such-scenario')).toEqual({
      status: 404,
      body: { error: 'not_found', description: 'no scenario "no-such-scenario" in the catalogue' },
    });
  });
});
