import { Hono } from 'hono';
import { z } from 'zod';
import { adminError, readAdminInput } from '../http/admin-errors';
import { FaultRequest, type FaultInjector } from './faults';
import type { Provisioning } from './provisioning';
import { publishedRecord } from './provisioning-record';
import { admin, query, type PathItems } from '../http/openapi';

/** Set-up requests of the test interface: a pending invitation, a used-up rate-limit window. */
const ArrangedInvitation = z.object({ nhs_number: z.string().regex(/^[0-9]{10}$/, 'ten digits') }).strict();
const ExhaustRateLimit = z
  .object({ ods_code: z.string().regex(/^[A-Z][0-9]{5,6}$/, 'an ODS code such as A20047'), exhausted: z.literal(true) })
  .strict();

/** Fault injection, set-up of provisioning state, and stored provisioning requests. */
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
    .post('/invitations', async (c) => {
      const read = await readAdminInput(c, ArrangedInvitation);
      if (!read.ok) return read.response;
      const record = await provisioning.arrangePendingInvitation(read.input.nhs_number);
      if (!record)
        return adminError(c, 404, 'not_found', `no PDS patient with NHS number ${read.input.nhs_number} and an email and mobile`);
      return c.json(publishedRecord(record), 201);
    })
    .post('/rate-limits', async (c) => {
      const read = await readAdminInput(c, ExhaustRateLimit);
      if (!read.ok) return read.response;
      if (!provisioning.exhaustRateLimit(read.input.ods_code))
        return adminError(c, 404, 'not_found', `no practice with ODS code ${read.input.ods_code}`);
      return c.json({ ods_code: read.input.ods_code, exhausted: true });
    })
    .get('/provisionings', (c) => {
      const nhs = c.req.query('nhs_number');
      const records = nhs ? provisioning.requests.findBy('byNhs', nhs) : provisioning.requests.values();
      return c.json({ provisionings: records.map(publishedRecord) });
    });
}

export const provisioningAdminPaths: PathItems = {
  '/faults': {
    get: admin('Active faults', { answers: { '200': 'faults' } }),
    post: admin('Inject a fault into provisioning', { body: FaultRequest, answers: { '201': 'the fault' }, errors: [400] }),
    delete: admin('Clear every fault', { answers: { '200': 'no faults' } }),
  },
  '/invitations': {
    post: admin('Set-up: a pending invitation for a PDS patient, as if provisioned just now (no eligibility check)', {
      body: ArrangedInvitation,
      answers: { '201': 'the stored invitation' },
      errors: [400, 404],
    }),
  },
  '/rate-limits': {
    post: admin("Set-up: use up a practice's rate-limit window", {
      body: ExhaustRateLimit,
      answers: { '200': 'exhausted' },
      errors: [400, 404],
    }),
  },
  '/provisionings': {
    get: admin('Stored provisioning requests (invitations)', {
      parameters: [query('nhs_number', 'only this patient')],
      answers: { '200': 'provisionings' },
    }),
  },
};
