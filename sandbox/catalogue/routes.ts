import { Hono } from 'hono';
import { claimStops } from '../claim/claim-stops';
import { adminError } from '../http/admin-errors';
import { outcomeCodes } from '../provisioning/outcome-codes';
import { provisionResponse } from '../provisioning/provision-response';
import type { Provisioning } from '../provisioning/provisioning';
import { requestForPatient } from '../provisioning/request-schema';
import type { PublishedCatalogue } from './published-catalogue';

/**
 * `GET /_sandbox/scenarios` and `GET /_sandbox/outcome-codes`: the catalogue and the outcome table
 * as JSON. `POST /_sandbox/scenarios/{id}/provision`: the scenario's request provisioned now, its
 * set-up first, as the given client — the console's "Provision now", for trying a patient
 * without a GP system. It goes to the domain directly, so it is not GP-system traffic: nothing is
 * journalled and no client's conformance changes.
 */
export function catalogueRoutes(catalogue: PublishedCatalogue, deps: { provisioning: Provisioning; clientId: string }) {
  const { provisioning, clientId } = deps;
  async function provisionNow(id: string) {
    const scenario = catalogue.provisioning.find((s) => s.id === id);
    const claim = catalogue.claims.find((s) => s.id === id);
    const request = scenario?.request ?? (claim ? requestForPatient(claim.patient) : undefined);
    if (!request) return null;
    if (scenario?.arrange === 'provision-same-patient-first') await provisioning.provision(request, clientId);
    if (scenario?.arrange === 'exhaust-rate-limit') provisioning.exhaustRateLimit(request.ods_code ?? '');
    const answer = provisionResponse(await provisioning.provision(request, clientId));
    return { scenario: id, client_id: clientId, request, status: answer.status, response: answer.body };
  }
  return new Hono()
    .post('/scenarios/:id/provision', async (c) => {
      const run = await provisionNow(c.req.param('id'));
      return run ? c.json(run) : adminError(c, 404, 'not_found', `no scenario ${JSON.stringify(c.req.param('id'))} in the catalogue`);
    })
    .get('/scenarios', (c) =>
      c.json({
        scenarios: catalogue.provisioning.map((s) => ({ ...s, expectedStatus: outcomeCodes[s.expectedCode].status })),
        claimScenarios: catalogue.claims.map(({ patient, ...s }) => ({
          ...s,
          nhsNumber: patient.nhsNumber,
          mobile: patient.mobile,
          email: patient.email,
          ...(s.expected === 'done' ? {} : { reference: claimStops[s.expected].reference }),
        })),
        usersScenarios: catalogue.users,
      }),
    )
    .get('/outcome-codes', (c) => c.json({ codes: outcomeCodes }));
}
