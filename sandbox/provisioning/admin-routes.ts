import { Hono } from 'hono';
import * as z from 'zod';
import { adminError } from '../http/admin-errors';
import { withAdminInput } from '../http/admin-handlers';
import { faultQueuePaths, faultQueueRoutes } from '../test-interface/fault-queue-routes';
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
    .route('/', faultQueueRoutes('/faults', faults, FaultRequest))
    .post(
      '/invitations',
      withAdminInput(ArrangedInvitation, async (c, input) => {
        const record = await provisioning.arrangePendingInvitation(input.nhs_number);
        if (!record) return adminError(c, 404, 'not_found', `no PDS patient with NHS number ${input.nhs_number} and an email and mobile`);
        return c.json(publishedRecord(record), 201);
      }),
    )
    .post(
      '/rate-limits',
      withAdminInput(ExhaustRateLimit, (c, input) =>
        provisioning.exhaustRateLimit(input.ods_code)
          ? c.json({ ods_code: input.ods_code, exhausted: true })
          : adminError(c, 404, 'not_found', `no practice with ODS code ${input.ods_code}`),
      ),
    )
    .get('/provisionings', (c) => {
      const nhs = c.req.query('nhs_number');
      const records = nhs ? provisioning.requests.findBy('byNhs', nhs) : provisioning.requests.values();
      return c.json({ provisionings: records.map(publishedRecord) });
    });
}

export const provisioningAdminPaths = (): PathItems => ({
  '/faults': faultQueuePaths(FaultRequest, {
    list: 'Active faults',
    listed: 'faults',
    add: 'Inject a fault into provisioning',
    added: 'the fault',
    clear: 'Clear every fault',
    cleared: 'no faults',
  }),
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
});
