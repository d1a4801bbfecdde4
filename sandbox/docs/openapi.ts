import { z } from 'zod';
import { NewAccount } from '../accounts/admin-routes';
import { ClockChange } from '../clock/admin-routes';
import { ApprovedScopesChange, ClientRegistration } from '../auth/client-registry';
import { SCOPE_RELEASES } from '../auth/scopes';
import { JwtBearerGrantForm, OAUTH_ERROR_CODES, TokenRequestForm } from '../auth/token-request';
import { FILTER_ERRORS, MAX_FILTER_EXPRESSIONS } from '../users/filter';
import { READ_ONLY_REFUSED, USERS_PATH } from '../users/public-routes';
import type { Config } from '../config/config';
import { NewPatient, PatientChange } from '../pds/admin-changes';
import { FaultRequest } from '../provisioning/faults';
import { ArrangedInvitation, ExhaustRateLimit } from '../provisioning/admin-routes';
import { ReportOptions } from '../conformance/admin-routes';
import { outcomeCodes, type OutcomeCodeId } from '../provisioning/outcome-codes';
import { provisionRequestSchema } from '../provisioning/request-schema';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';

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
/** Users Endpoint V2 error body: the spec table's form (README "Users Endpoint V2"). */
const usersErrors = object({ Errors: { type: 'array', items: object({ description: str, code: str }) } });
const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, ...content(schema) });

/**
 * Request examples for "Try it out", one per outcome the catalogue shows how to provoke (the first
 * scenario for each code): real test patients, so sending one gets the outcome its name says.
 * Scenarios that need a set-up step first say so in their summary.
 */
function provisionRequestExamples(catalogue: PublishedCatalogue) {
  const examples: Record<string, { summary: string; value: unknown }> = {};
  for (const scenario of catalogue.provisioning) {
    if (Object.values(examples).some((e) => e.summary.startsWith(`${scenario.expectedCode}:`))) continue;
    const first = scenario.arrange ? ` (first: ${scenario.arrange})` : '';
    examples[scenario.id] = { summary: `${scenario.expectedCode}: ${scenario.title}${first}`, value: scenario.request };
  }
  return examples;
}

/** The answer each outcome code gives, as the outcome table defines it. */
const outcomeExamples = (codes: OutcomeCodeId[]) =>
  Object.fromEntries(
    codes.map((code) => [
      `code-${code}`,
      {
        summary: `${code}: ${outcomeCodes[code].description}`,
        value: {
          code,
          description: outcomeCodes[code].description,
          ...(outcomeCodes[code].status === 200 ? { provisioning_id: '3f1c2a8e-5b7d-4c1e-9a6f-0d2b4e8c7a15' } : {}),
        },
      },
    ]),
  );

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
      content: {
        'application/json': {
          schema: object(
            {
              code: { type: 'string', enum: codes },
              description: str,
              ...(status === 200 ? { provisioning_id: { type: 'string', format: 'uuid' } } : {}),
            },
            ['code'],
          ),
          examples: outcomeExamples(codes),
        },
      },
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

export function openApiDocument(config: Config, catalogue: PublishedCatalogue) {
  const provisionRequest = provisionRequestSchema({ odsCodeRule: config.odsCodeRule, today: () => new Date().toISOString().slice(0, 10) });
  const nhsNumber = { name: 'nhsNumber', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{10}$' } };
  const query = (name: string, description: string) => ({ name, in: 'query', required: false, schema: str, description });
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
      '/token': {
        post: {
          tags: ['specification'],
          summary: 'Exchange an RS512-signed JWT for an access token (RFC 7523)',
          description:
            'Two grants: `client_credentials` with the JWT as client authentication (RFC 7523 §2.2), for Provision Account; ' +
            '`urn:ietf:params:oauth:grant-type:jwt-bearer` with the JWT as the grant and a `scope` (RFC 7523 §2.1), for Users Endpoint V2. ' +
            'A bad JWT is `invalid_client` in the first and `invalid_grant` in the second.',
          requestBody: {
            required: true,
            ...content({ oneOf: [json(TokenRequestForm), json(JwtBearerGrantForm)] }, 'application/x-www-form-urlencoded'),
          },
          responses: {
            '200': ok(
              'access token; `Cache-Control: no-store`. `scope` (the granted scopes) only for the JWT-bearer grant',
              object({ access_token: str, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' }, scope: str }, [
                'access_token',
                'token_type',
                'expires_in',
              ]),
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
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(provisionRequest), examples: provisionRequestExamples(catalogue) } },
          },
          responses: provisionResponses(),
        },
      },
      [USERS_PATH]: {
        get: {
          tags: ['specification'],
          summary: 'Users Endpoint V2: look up NHS login users by NHS number or email (SCIM 2.0)',
          description:
            `Filter: \`nhsnumber\` or \`email\`, \`eq\`, quoted values, \`and\`/\`or\` (and binds tighter), at most ${MAX_FILTER_EXPRESSIONS} comparisons. ` +
            'Attributes released by scope:\n\n' +
            Object.entries(SCOPE_RELEASES)
              .map(([scope, releases]) => `- \`${scope}\`: ${releases}`)
              .join('\n'),
          security: [{ bearer: [] }],
          parameters: [
            {
              name: 'filter',
              in: 'query',
              required: true,
              schema: str,
              description: 'e.g. `nhsnumber eq "9990000042"`',
              // The catalogue's lookups that find someone, with the fixture client's token.
              examples: Object.fromEntries(
                catalogue.users
                  .filter((u) => u.filter !== null && u.expected.status === 200 && u.expected.accountIds.length > 0)
                  .map((u) => [u.id, { summary: u.title, value: u.filter }]),
              ),
            },
          ],
          responses: {
            '200': {
              description: 'SCIM ListResponse; `totalResults` 0 (and no `Resources`) when nobody matches',
              ...content(
                object({ schemas: { type: 'array' }, totalResults: { type: 'integer' }, Resources: { type: 'array' } }, [
                  'schemas',
                  'totalResults',
                ]),
                'application/scim+json',
              ),
            },
            '400': {
              description: Object.values(FILTER_ERRORS)
                .map((d) => `\`${d}\``)
                .join('; '),
              ...content(usersErrors, 'application/scim+json'),
            },
            '401': {
              description: 'missing, malformed or expired access token (RFC 6750)',
              ...content(object({ error: str, error_description: str })),
            },
            '403': {
              description:
                '`No scope was present in the request` (a provisioning token); `Scope "…" required for access was not present in request`; ' +
                '`Requested scopes: … did not match the clients approved scopes: …`',
              ...content(usersErrors, 'application/scim+json'),
            },
            '500': { description: '`{"error": "Internal server error"}`', ...content(object({ error: str }), 'application/scim+json') },
          },
        },
        ...Object.fromEntries(
          READ_ONLY_REFUSED.map((method) => [
            method.toLowerCase(),
            {
              tags: ['specification'],
              summary: 'Not offered: Users Endpoint V2 is read-only',
              responses: { '405': { description: 'with `Allow: GET`', ...content(usersErrors, 'application/scim+json') } },
            },
          ]),
        ),
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
      '/_sandbox/test-interface': {
        get: {
          tags: ['admin'],
          summary: 'The test-interface contract this target implements: version and capabilities (absent with TEST_INTERFACE=off)',
          responses: { '200': ok('contract, version, capabilities, mailpit_url') },
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
      '/_sandbox/clients/{clientId}/approved-scopes': {
        put: {
          tags: ['admin'],
          summary: 'Change the Users Endpoint V2 scopes a client is approved for (tokens already issued are re-judged on use)',
          parameters: [{ name: 'clientId', in: 'path', required: true, schema: str }],
          requestBody: { required: true, ...content(json(ApprovedScopesChange)) },
          responses: { '200': ok('the client'), '400': adminError, '404': adminError },
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
      '/_sandbox/scenarios/{id}/provision': {
        post: {
          tags: ['admin'],
          summary: "Provision a scenario's request now (its set-up first) as the demo client; not journalled, no conformance effect",
          parameters: [{ name: 'id', in: 'path', required: true, schema: str, description: 'a provisioning or claim scenario id' }],
          responses: {
            '200': ok('scenario, client_id, request, status, response (what POST /provision-account would answer)'),
            '404': adminError,
          },
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
      '/_sandbox/mail': {
        delete: {
          tags: ['admin'],
          summary: 'Delete every captured email (embedded capture or external Mailpit)',
          responses: { '200': ok('deleted') },
        },
      },
      '/_sandbox/mail/{id}': {
        delete: {
          tags: ['admin'],
          summary: 'Delete one captured email by its Mailpit message ID',
          parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
          responses: { '200': ok('deleted'), '400': adminError },
        },
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
