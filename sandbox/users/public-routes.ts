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

/**
 * HTTP adapter for Users Endpoint V2 (v1.1): `GET /v2/Users?filter=…`. Bearer check (RFC 6750,
 * 401), scope check (the spec's 403s), the filter and the lookup, answered as SCIM JSON.
 *
 * Error bodies: the spec shows two forms, the table's `{"Errors": [{"description", "code"}]}` and
 * a prose example's bare `{"description", "code"}`. The sandbox answers with the table's form
 * (the normative-looking one, and the one a list of errors needs); README "Users Endpoint V2".
 */
export const USERS_PATH = '/v2/Users';

/** RFC 7644 §3.1: SCIM messages are application/scim+json. */
const SCIM_HEADERS = { 'Content-Type': 'application/scim+json; charset=UTF-8', 'Cache-Control': 'no-store' };

/** Methods the spec does not offer on /v2/Users, answered 405. */
export const READ_ONLY_REFUSED = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const usersError = (description: string, status: ContentfulStatusCode) => ({
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
