import { Hono } from 'hono';
import { claimStops } from '../claim/claim-stops';
import { outcomeCodes } from '../provisioning/outcome-codes';
import type { PublishedCatalogue } from './published-catalogue';

/** `GET /_sandbox/scenarios` and `GET /_sandbox/outcome-codes`: the catalogue and the outcome table as JSON. */
export function catalogueRoutes(catalogue: PublishedCatalogue) {
  return new Hono()
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
