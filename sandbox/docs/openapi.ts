import { z } from 'zod';
import { NewAccount } from '../accounts/routes';
import { ClockChange } from '../admin/clock-routes';
import { ClientRegistration } from '../auth/client-registry';
import { OAUTH_ERROR_CODES, TokenRequestForm } from '../auth/token-request';
import type { Config } from '../config/config';
import { NewPatient, PatientChange } from '../pds/admin-changes';
import { FaultRequest } from '../provisioning/faults';
import { ArrangedInvitation, ExhaustRateLimit } from '../provisioning/admin-routes';
import { ReportOptions } from '../conformance/routes';
import { outcomeCodes, type OutcomeCodeId } from '../provisioning/outcome-codes';
import { provisionRequestSchema } from '../provisioning/request-schema';

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate with and from the
 * outcome table, so a schema change changes the docs. HTML pages for people (the claiming journey,
 * the console, static assets) are not API and are left out on purpose.
 */
const json = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const content = (schema: Record<string, unknown>, type = 'application/json') => ({ content: { [type]: { schema } } });
const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const str = { type: 'string' };

const adminError = {
  description: 'invalid input or unknown item: `{error, description}`',
  ...content(object({ error: str, description: str })),
};
const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, ...content(schema) });

function provisionResponses() {
  const byStatus = new Map<number, OutcomeCodeId[]>();
  for (const [code, entry] of Object.entries(outcomeCodes))
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), code as OutcomeCodeId]);
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of byStatus) {
    responses[String(status)] = {
      description: codes
        .map((code) => `\`${code}\`: ${outcomeCodes[code].description} (${outcomeCodes[code].condition}; ${outcomeCodes[code].source})`)
        .join('\n\n'),
      ...(status === 429 || status === 503
        ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } } }
        : {}),
      ...content(
        object(
          {
            code: { type: 'string', enum: codes },
            description: str,
            ...(status === 200 ? { provisioning_id: { type: 'string', format: 'uuid' } } : {}),
          },
          ['code'],
        ),
      ),
    };
  }
  responses['401'] = {
    description: 'missing, malformed or expired access token (RFC 6750)',
    ...content(object({ error: { const: 'invalid_token' }, error_description: str })),
  };
  responses['413'] = {
    description: '`11010`: the body is larger than the limit',
    ...content(object({ code: { const: '11010' }, description: str })),
  };
  responses['415'] = { description: '`11010`: the body is not JSON', ...content(object({ code: { const: '11010' }, description: str })) };
  return responses;
}

export function openApiDocument(config: Config) {
  const provisionRequest = provisionRequestSchema({ odsCodeRule: config.odsCodeRule, today: () => new Date().toISOString().slice(0, 10) });
  const nhsNumber = { name: 'nhsNumber', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{10}$' } };
  const query = (name: string, description: string) => ({ name, in: 'query', required: false, schema: str, description });
  return {
    openapi: '3.1.0',
    info: {
      title: 'NHS login account provisioning sandbox',
      version: '1.0.0',
      description:
        'Offline emulation of NHS login account provisioning (CID-IS-P v1.0): token endpoint, provisioning, a fake PDS, ' +
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
      '/token': {
        post: {
          tags: ['specification'],
          summary: 'Exchange an RS512 client assertion for an access token (RFC 7523)',
          requestBody: { required: true, ...content(json(TokenRequestForm), 'application/x-www-form-urlencoded') },
          responses: {
            '200': ok(
              'access token; `Cache-Control: no-store`',
              object({ access_token: str, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' } }),
            ),
            '400': ok(
              'RFC 6749 §5.2 error (the spec answers every token error with 400)',
              object(
                {
                  error: {
                    type: 'string',
                    enum: [...OAUTH_ERROR_CODES],
                  },
                  error_description: str,
                },
                ['error'],
              ),
            ),
          },
        },
      },
      '/.well-known/oauth-authorization-server': {
        get: {
          tags: ['specification'],
          summary: 'Authorization server metadata (RFC 8414)',
          responses: { '200': ok('issuer, token_endpoint, jwks_uri, …') },
        },
      },
      '/.well-known/openid-configuration': {
        get: {
          tags: ['specification'],
          summary: 'The same metadata, where OpenID Connect libraries look for it',
          responses: { '200': ok('issuer, token_endpoint, jwks_uri, …') },
        },
      },
      '/.well-known/jwks.json': {
        get: {
          tags: ['specification'],
          summary: "The sandbox's public signing keys (JWKS)",
          responses: { '200': ok('JWK set', object({ keys: { type: 'array' } })) },
        },
      },
      '/provision-account': {
        post: {
          tags: ['specification'],
          summary: 'Provision (create or uplift) an NHS login for a patient',
          security: [{ bearer: [] }],
          parameters: [
            {
              name: 'Prefer',
              in: 'header',
              required: false,
              schema: { type: 'string', enum: ['code=11000', 'code=500'] },
              description: 'force an outcome (sandbox convention)',
            },
          ],
          requestBody: { required: true, ...content(json(provisionRequest)) },
          responses: provisionResponses(),
        },
      },
      '/pds/Patient/{nhsNumber}': {
        get: {
          tags: ['fake PDS'],
          summary: 'PDS FHIR R4 Patient read',
          parameters: [nhsNumber],
          responses: {
            '200': {
              description: 'FHIR Patient (a superseded number answers with the surviving record)',
              ...content({ type: 'object' }, 'application/fhir+json'),
            },
            '400': { description: 'OperationOutcome INVALID_RESOURCE_ID', ...content({ type: 'object' }, 'application/fhir+json') },
            '404': { description: 'OperationOutcome RESOURCE_NOT_FOUND', ...content({ type: 'object' }, 'application/fhir+json') },
          },
        },
      },
      '/_health': { get: { tags: ['sandbox'], summary: 'Liveness', responses: { '200': ok('`{"status":"ok"}`') } } },
      '/_sandbox/clock': {
        get: { tags: ['admin'], summary: 'Sandbox time', responses: { '200': ok('now, offset') } },
        post: {
          tags: ['admin'],
          summary: 'Time travel: advance, set or reset',
          requestBody: { required: true, ...content(json(ClockChange)) },
          responses: { '200': ok('now, offset'), '400': adminError },
        },
      },
      '/_sandbox/reset': {
        post: { tags: ['admin'], summary: 'Back to the seeded state (the journal is kept)', responses: { '200': ok('reset') } },
      },
      '/_sandbox/clients': {
        get: { tags: ['admin'], summary: 'Registered GP systems', responses: { '200': ok('clients') } },
        post: {
          tags: ['admin'],
          summary: 'Register a GP system (public key in, client id out)',
          requestBody: { required: true, ...content(json(ClientRegistration)) },
          responses: { '201': ok('the client'), '400': adminError, '409': adminError },
        },
      },
      '/_sandbox/clients/{clientId}': {
        get: {
          tags: ['admin'],
          summary: 'One client',
          parameters: [{ name: 'clientId', in: 'path', required: true, schema: str }],
          responses: { '200': ok('the client'), '404': adminError },
        },
      },
      '/_sandbox/pds/patients': {
        get: {
          tags: ['admin'],
          summary: 'Search PDS by NHS number or name',
          parameters: [query('q', 'NHS number prefix or part of a name'), query('limit', 'at most this many (default 50)')],
          responses: { '200': ok('patients') },
        },
        post: {
          tags: ['admin'],
          summary: 'Add a patient',
          requestBody: { required: true, ...content(json(NewPatient)) },
          responses: { '201': ok('the patient'), '400': adminError, '409': adminError },
        },
      },
      '/_sandbox/pds/patients/{nhsNumber}': {
        get: {
          tags: ['admin'],
          summary: 'A PDS record and its FHIR view',
          parameters: [nhsNumber],
          responses: { '200': ok('patient and fhir'), '404': adminError },
        },
        patch: {
          tags: ['admin'],
          summary: 'Change test-relevant fields (null clears)',
          parameters: [nhsNumber],
          requestBody: { required: true, ...content(json(PatientChange)) },
          responses: { '200': ok('the patient'), '400': adminError, '404': adminError, '409': adminError },
        },
      },
      '/_sandbox/accounts': {
        get: {
          tags: ['admin'],
          summary: 'NHS login accounts (never password hashes)',
          parameters: [query('nhs_number', 'only this patient'), query('email', 'only this email')],
          responses: { '200': ok('accounts') },
        },
        post: {
          tags: ['admin'],
          summary: 'Add an account',
          requestBody: { required: true, ...content(json(NewAccount)) },
          responses: { '201': ok('the account'), '400': adminError, '409': adminError },
        },
      },
      '/_sandbox/accounts/{id}': {
        get: {
          tags: ['admin'],
          summary: 'One account',
          parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
          responses: { '200': ok('the account'), '404': adminError },
        },
      },
      '/_sandbox/faults': {
        get: { tags: ['admin'], summary: 'Active faults', responses: { '200': ok('faults') } },
        post: {
          tags: ['admin'],
          summary: 'Inject a fault into provisioning',
          requestBody: { required: true, ...content(json(FaultRequest)) },
          responses: { '201': ok('the fault'), '400': adminError },
        },
        delete: { tags: ['admin'], summary: 'Clear every fault', responses: { '200': ok('no faults') } },
      },
      '/_sandbox/scenarios': {
        get: {
          tags: ['admin'],
          summary: 'The scenario catalogue (provisioning outcomes and claim journeys)',
          responses: { '200': ok('scenarios, claimScenarios') },
        },
      },
      '/_sandbox/outcome-codes': {
        get: { tags: ['admin'], summary: 'The outcome table: code, status, description, source', responses: { '200': ok('codes') } },
      },
      '/_sandbox/invitations': {
        post: {
          tags: ['admin'],
          summary: 'Set-up: a pending invitation for a PDS patient, as if provisioned just now (no eligibility check)',
          requestBody: { required: true, ...content(json(ArrangedInvitation)) },
          responses: { '201': ok('the stored invitation'), '400': adminError, '404': adminError },
        },
      },
      '/_sandbox/rate-limits': {
        post: {
          tags: ['admin'],
          summary: "Set-up: use up a practice's rate-limit window",
          requestBody: { required: true, ...content(json(ExhaustRateLimit)) },
          responses: { '200': ok('exhausted'), '400': adminError, '404': adminError },
        },
      },
      '/_sandbox/provisionings': {
        get: {
          tags: ['admin'],
          summary: 'Stored provisioning requests (invitations)',
          parameters: [query('nhs_number', 'only this patient')],
          responses: { '200': ok('provisionings') },
        },
      },
      '/_sandbox/sms': {
        get: {
          tags: ['admin'],
          summary: 'Text messages sent (security codes), newest first',
          parameters: [query('to', 'E.164 mobile')],
          responses: { '200': ok('messages') },
        },
        delete: { tags: ['admin'], summary: 'Empty the SMS outbox', responses: { '200': ok('deleted') } },
      },
      '/_sandbox/sms/latest': {
        get: {
          tags: ['admin'],
          summary: 'The newest text message',
          parameters: [query('to', 'E.164 mobile')],
          responses: { '200': ok('message'), '404': adminError },
        },
      },
      '/_sandbox/journal': {
        get: {
          tags: ['conformance'],
          summary: 'Journalled token and provisioning requests, newest first',
          parameters: [
            query('client_id', 'only requests verified as this client'),
            query('unattributed', '`true`: only requests no verified identity ties to a client'),
            query('since', 'ISO 8601 time (real time)'),
            query('limit', '1-20000, default 500'),
          ],
          responses: { '200': ok('entries, clients, integrity'), '400': adminError },
        },
      },
      '/_sandbox/journal/reset': {
        post: {
          tags: ['conformance'],
          summary: "Forget a client's (or every) journalled request",
          parameters: [query('client_id', 'only this client')],
          responses: { '200': ok('removed count') },
        },
      },
      '/_sandbox/conformance': {
        get: {
          tags: ['conformance'],
          summary: 'Clients with verified traffic (and their verdicts) and the registered ones',
          responses: { '200': ok('clients, registered') },
        },
      },
      '/_sandbox/conformance-plan': {
        get: {
          tags: ['conformance'],
          summary: 'The conformance test plan, with how the sandbox sets up each step',
          responses: { '200': ok('version, steps') },
        },
      },
      '/_sandbox/conformance/{clientId}': {
        get: {
          tags: ['conformance'],
          summary: "A client's conformance report",
          parameters: [
            { name: 'clientId', in: 'path', required: true, schema: str },
            query('since', 'ISO 8601 time'),
            { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['html', 'json', 'junit', 'text'] } },
          ],
          responses: {
            '200': {
              description: 'the report',
              content: {
                'text/html': { schema: str },
                'application/json': { schema: { type: 'object' } },
                'application/xml': { schema: str },
                'text/plain': { schema: str },
              },
            },
            '400': adminError,
            '404': adminError,
          },
        },
        post: {
          tags: ['conformance'],
          summary: "A client's conformance report, with declared justifications for SHOULD deviations",
          parameters: [{ name: 'clientId', in: 'path', required: true, schema: str }],
          requestBody: { required: true, ...content(json(ReportOptions)) },
          responses: { '200': ok('the report in the requested format'), '400': adminError, '404': adminError },
        },
      },
    },
  };
}
