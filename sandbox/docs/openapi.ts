// The OpenAPI 3.1 document, assembled from the descriptions each route file gives of its own paths
// (generated there from the zod schemas the routes validate with and from the outcome table, so a
// schema change changes the docs). HTML pages for people (the claiming journey, the console, static
// assets) are not API and are left out on purpose.
import { adminPaths } from '../admin/admin-api';
import { tokenPaths } from '../auth/public-routes';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import type { Config } from '../config/config';
import { ok } from '../http/openapi';
import { pdsPaths } from '../pds/public-routes';
import { provisionPaths } from '../provisioning/public-routes';
import { signInPaths } from '../signin/openapi-paths';
import { usersPaths } from '../users/public-routes';

export function openApiDocument(config: Config, catalogue: PublishedCatalogue) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'NHS login account provisioning sandbox',
      version: '1.0.0',
      description:
        'Offline emulation of NHS login account provisioning (CID-IS-P v1.0) and Users Endpoint V2 (v1.1): token endpoint, provisioning, user lookup, a fake PDS, ' +
        'and the sandbox admin API (`/_sandbox/*`, protected by `X-Sandbox-Admin-Token` when the sandbox is bound beyond loopback).',
    },
    servers: [{ url: config.publicBaseUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'access token from POST /token (300 s)' },
        adminToken: { type: 'apiKey', in: 'header', name: 'X-Sandbox-Admin-Token', description: 'only when ADMIN_TOKEN is set' },
      },
    },
    paths: {
      ...tokenPaths(),
      ...provisionPaths(config.odsCodeRule, catalogue),
      ...usersPaths(catalogue),
      ...signInPaths(),
      ...pdsPaths(),
      '/_health': {
        get: {
          tags: ['sandbox'],
          summary: 'Liveness, the outgoing mail queue and the patient generator thread',
          responses: {
            '200': ok(
              '`{"status":"ok","mailQueue":{...},"patientGeneratorThread":{"state":"ready","patientsMade":1234}}`: emails queued and the queue capacity, how long the oldest has waited and the last delivery lag (ms), counts delivered, retried and refused for good; where the thread that generates the patients provisioning requests name is (`not started` until the first request, `starting`, `ready`, `stopped`: generated on the main thread; `none` in a sandbox embedded in another program) and how many it has made',
            ),
          },
        },
      },
      ...adminPaths(),
    },
  };
}
