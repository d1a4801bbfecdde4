import { Hono } from 'hono';
import { readAdminInput } from '../http/admin-errors';
import { FaultRequest, type FaultInjector } from './faults';
import type { Provisioning } from './provisioning';
import { publishedRecord } from './provisioning-record';

/** Fault injection and stored provisioning requests. */
export function provisioningAdminRoutes(provisioning: Provisioning, faults: FaultInjector) {
  return new Hono()
    .get('/faults', (c) => c.json({ faults: faults.list() }))
    .post('/faults', async (c) => {
      const read = await readAdminInput(c, FaultRequest);
      if (!read.ok) return read.response;
      return c.json(faults.add(read.input), 201);
    })
    .delete('/faults', (c) => {
      faults.clear();
      return c.json({ faults: [] });
    })
    .get('/provisionings', (c) => {
      const nhs = c.req.query('nhs_number');
      const records = nhs ? provisioning.requests.findBy('byNhs', nhs) : provisioning.requests.values();
      return c.json({ provisionings: records.map(publishedRecord) });
    });
}
