import { Hono, type Context } from 'hono';
import { claimStops } from '../claim/claim-stops';
import { adminError } from '../http/admin-errors';
import { outcomeCodes } from '../provisioning/outcome-codes';
import type { Provisioning } from '../provisioning/provisioning';
import type { Store } from '../store/store';
import { freshScenarioRequest } from './fresh-request';
import type { PatientCopyDeps } from './patient-copy';
import { provisionScenarioNow } from './provision-scenario';
import type { PublishedCatalogue } from './published-catalogue';
import { admin, pathParam, type PathItems } from '../http/openapi';

/**
 * `GET /_sandbox/scenarios` and `GET /_sandbox/outcome-codes`: the catalogue and the outcome table
 * as JSON. `POST /_sandbox/scenarios/{id}/provision`: the scenario provisioned now
 * (provision-scenario.ts), the console's "Provision now". `POST /_sandbox/scenarios/{id}/fresh-request`:
 * the scenario's request for a patient of its own (fresh-request.ts), the README's quick start.
 */
export function catalogueAdminRoutes(
  catalogue: PublishedCatalogue,
  deps: PatientCopyDeps & { provisioning: Provisioning; store: Store; clientId: string },
) {
  const unknownScenario = (c: Context, kind = '') =>
    adminError(c, 404, 'not_found', `no ${kind}scenario ${JSON.stringify(c.req.param('id'))} in the catalogue`);
  return new Hono()
    .post('/scenarios/:id/provision', async (c) => {
      const run = await provisionScenarioNow(c.req.param('id'), { catalogue, ...deps });
      return run ? c.json(run) : unknownScenario(c);
    })
    .post('/scenarios/:id/fresh-request', async (c) => {
      const request = await freshScenarioRequest(c.req.param('id'), { catalogue, ...deps });
      return request ? c.json(request) : unknownScenario(c, 'provisioning ');
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

export const catalogueAdminPaths = (): PathItems => ({
  '/scenarios': {
    get: admin('The scenario catalogue (provisioning outcomes and claim journeys)', { answers: { '200': 'scenarios, claimScenarios' } }),
  },
  '/scenarios/{id}/provision': {
    post: admin("Provision a scenario's request now (its set-up first) as the demo client; not journalled, no conformance effect", {
      parameters: [pathParam('id', { description: 'a provisioning or claim scenario id' })],
      answers: { '200': 'scenario, client_id, request, status, response (what POST /provision-account would answer)' },
      errors: [404],
    }),
  },
  '/scenarios/{id}/fresh-request': {
    post: admin(
      "A provisioning scenario's request for a patient of its own: the scenario's patient copied (new NHS number, email address tagged with +…), its set-up done for the copy; send it to POST /provision-account for the scenario's outcome, as often as you like",
      {
        parameters: [pathParam('id', { description: 'a provisioning scenario id (create, uplift-from-p5, …)' })],
        answers: { '200': 'the request body to send: nhs_number, email_address, date_of_birth, ods_code, phone_number' },
        errors: [404],
      },
    ),
  },
  '/outcome-codes': {
    get: admin('The outcome table: code, status, description, source', { answers: { '200': 'codes' } }),
  },
});
