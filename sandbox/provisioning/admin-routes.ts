import { Hono } from 'hono';
import { provisioningScenarios } from '../../scenarios/catalogue';
import { claimScenarios } from '../../scenarios/claim-journeys';
import { claimStops } from '../claim/claim-stops';
import { readAdminInput } from '../http/admin-errors';
import { FaultRequest, type FaultInjector } from './faults';
import { outcomeCodes } from './outcome-codes';
import type { Provisioning } from './provisioning';

/** Fault injection, the scenario catalogue, the outcome table and stored provisioning requests. */
export function provisioningAdminRoutes(provisioning: Provisioning, faults: FaultInjector) {
  return new Hono()
    .get('/faults', (c) => c.json({ faults: faults.list() }))
    .post('/faults', async (c) => {
      const read = await readAdminInput(c, FaultRequest, 4096);
      if (!read.ok) return read.response;
      return c.json(faults.add(read.input), 201);
    })
    .delete('/faults', (c) => {
      faults.clear();
      return c.json({ faults: [] });
    })
    .get('/scenarios', (c) =>
      c.json({
        scenarios: provisioningScenarios.map((s) => ({ ...s, expectedStatus: outcomeCodes[s.expectedCode].status })),
        claimScenarios: claimScenarios.map(({ patient, ...s }) => ({
          ...s,
          nhsNumber: patient.nhsNumber,
          mobile: patient.mobile,
          email: patient.email,
          ...(s.expected === 'done' ? {} : { reference: claimStops[s.expected].reference }),
        })),
      }),
    )
    .get('/outcome-codes', (c) => c.json({ codes: outcomeCodes }))
    .get('/provisionings', (c) => {
      const nhs = c.req.query('nhs_number');
      const records = nhs ? provisioning.requests.findBy('byNhs', nhs) : provisioning.requests.values();
      // The claim token hash is an internal detail; the token itself is never stored.
      return c.json({ provisionings: records.map(({ claimTokenHash, ...r }) => (void claimTokenHash, r)) });
    });
}
