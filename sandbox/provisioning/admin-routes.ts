import { Hono } from 'hono';
import { provisioningScenarios } from '../../scenarios/catalogue';
import { adminError, describeIssues } from '../http/admin-errors';
import { readJsonObject } from '../http/json-body';
import { FaultRequest, type FaultInjector } from './faults';
import { outcomeCodes } from './outcome-codes';
import type { Provisioning } from './provisioning';

/** Fault injection, the scenario catalogue, the outcome table and stored provisioning requests. */
export function provisioningAdminRoutes(provisioning: Provisioning, faults: FaultInjector) {
  return new Hono()
    .get('/faults', (c) => c.json({ faults: faults.list() }))
    .post('/faults', async (c) => {
      const body = await readJsonObject(c, 4096);
      if (!body.ok) return adminError(c, body.status, 'invalid_request', body.description);
      const request = FaultRequest.safeParse(body.value);
      if (!request.success) return adminError(c, 400, 'invalid_request', describeIssues(request.error));
      return c.json(faults.add(request.data), 201);
    })
    .delete('/faults', (c) => {
      faults.clear();
      return c.json({ faults: [] });
    })
    .get('/scenarios', (c) => c.json({ scenarios: provisioningScenarios.map((s) => ({ ...s, expectedStatus: outcomeCodes[s.expectedCode].status })) }))
    .get('/outcome-codes', (c) => c.json({ codes: outcomeCodes }))
    .get('/provisionings', (c) => {
      const nhs = c.req.query('nhs_number');
      const records = nhs ? provisioning.requests.findBy('byNhs', nhs) : provisioning.requests.values();
      // The claim token hash is an internal detail; the token itself is never stored.
      return c.json({ provisionings: records.map(({ claimTokenHash, ...r }) => (void claimTokenHash, r)) });
    });
}
