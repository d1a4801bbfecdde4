import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Accounts } from '../accounts/accounts';
import type { AccessTokenSettings } from '../auth/access-token';
import { requireBearer } from '../auth/bearer';
import type { ClientRegistry } from '../auth/client-registry';
import { answerJson } from '../http/answer-json';
import type { Pds } from '../pds/pds';
import { FILTER_ERRORS } from './filter';
import { scopeAccess } from './scope-access';
import { lookUpUsers } from './users-lookup';
import { content, object, str, type PathItems } from '../http/openapi';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import { SCOPE_RELEASES } from '../auth/scopes';
import { MAX_FILTER_EXPRESSIONS } from './filter';

/**
 * HTTP adapter for Users Endpoint V2 (v1.1): `GET /v2/Users?filter=…`. Bearer check (RFC 6750,
 * 401), scope check (the spec's 403s), the filter and the lookup, answered as SCIM JSON.
 *
 * Error bodies: the spec shows two forms, the table's `{"Errors": [{"description", "code"}]}` and
 * a prose example's bare `{"description", "code"}`. The sandbox answers with the table's form
 * (the normative-looking one, and the one a list of errors needs); docs/decisions.md, "Users Endpoint V2".
 */
export const USERS_PATH = '/v2/Users';

/** RFC 7644 §3.1: SCIM messages are application/scim+json. */
const SCIM_HEADERS = { 'Content-Type': 'application/scim+json; charset=UTF-8', 'Cache-Control': 'no-store' };

/** Methods the spec does not offer on /v2/Users, answered 405. */
const READ_ONLY_REFUSED = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

const usersError = (description: string, status: ContentfulStatusCode) => ({
  Errors: [{ description, code: String(status) }],
});

export function usersRoutes(deps: { tokens: AccessTokenSettings; clients: ClientRegistry; accounts: Accounts; pds: Pds }) {
  const app = new Hono();
  const answer = (c: Context, body: Record<string, unknown>, status: ContentfulStatusCode) => answerJson(c, body, status, SCIM_HEADERS);
  const fail = (c: Context, description: string, status: ContentfulStatusCode) => answer(c, usersError(description, status), status);

  app.get(USERS_PATH, requireBearer(deps.tokens, 'users'), (c) => {
    const client = deps.clients.get(c.get('clientId'));
    const access = scopeAccess(c.get('accessTokenScopes'), client?.approvedScopes ?? [], deps.tokens.issuer.replace(/\/$/, ''));
    if (!access.ok) return fail(c, access.description, 403);
    // A repeated filter is ambiguous (RFC 7644 names one): refused rather than guessed at.
    const filters = c.req.queries('filter') ?? [];
    if (filters.length > 1) return fail(c, FILTER_ERRORS.syntax, 400);
    const outcome = lookUpUsers(filters[0], access.scopes, deps);
    if (!outcome.ok) return fail(c, FILTER_ERRORS[outcome.error], 400);
    return answer(c, { ...outcome.list }, 200);
  });
  // Read-only: the spec offers no POST, PUT, PATCH or DELETE.
  app.on([...READ_ONLY_REFUSED], USERS_PATH, (c) =>
    c.json(usersError(`${c.req.method} is not supported: Users Endpoint V2 is read-only (GET ${USERS_PATH}?filter=…)`, 405), 405, {
      ...SCIM_HEADERS,
      Allow: 'GET',
    }),
  );
  app.onError((error, c) => {
    console.error(`[sandbox] ${c.req.method} ${USERS_PATH} failed:`, error);
    return c.json({ error: 'Internal server error' }, 500, SCIM_HEADERS);
  });
  return app;
}

/** Users Endpoint V2 error body: the spec table's form (docs/decisions.md, "Users Endpoint V2"). */
const usersErrors = object({ Errors: { type: 'array', items: object({ description: str, code: str }) } });
const scim = (description: string, schema: Record<string, unknown> = usersErrors) => ({
  description,
  ...content(schema, 'application/scim+json'),
});

export const usersPaths = (catalogue: PublishedCatalogue): PathItems => ({
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
        '200': scim(
          'SCIM ListResponse; `totalResults` 0 (and no `Resources`) when nobody matches',
          object({ schemas: { type: 'array' }, totalResults: { type: 'integer' }, Resources: { type: 'array' } }, [
            'schemas',
            'totalResults',
          ]),
        ),
        '400': scim(
          Object.values(FILTER_ERRORS)
            .map((d) => `\`${d}\``)
            .join('; '),
        ),
        '401': {
          description: 'missing, malformed or expired access token (RFC 6750)',
          ...content(object({ error: str, error_description: str })),
        },
        '403': scim(
          '`No scope was present in the request` (a provisioning token); `Scope "…" required for access was not present in request`; ' +
            '`Requested scopes: … did not match the clients approved scopes: …`',
        ),
        '500': scim('`{"error": "Internal server error"}`', object({ error: str })),
      },
    },
    ...Object.fromEntries(
      READ_ONLY_REFUSED.map((method) => [
        method.toLowerCase(),
        {
          tags: ['specification'],
          summary: 'Not offered: Users Endpoint V2 is read-only',
          responses: { '405': scim('with `Allow: GET`') },
        },
      ]),
    ),
  },
});
