import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { adminError } from '../http/admin-errors';

/**
 * Protects /_sandbox/* and the console when an admin token is configured (it must be, to bind
 * beyond loopback). API clients send it as `X-Sandbox-Admin-Token`; a browser signs in once at
 * /console/sign-in and then carries it in an HttpOnly, SameSite=Strict cookie (so another site
 * cannot make the browser use it). Compared in constant time.
 */
export const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';
export const ADMIN_COOKIE = 'sandbox_admin';

export function adminTokenMatches(adminToken: string, given: string | undefined): boolean {
  const expected = Buffer.from(adminToken);
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function adminGuard(adminToken: string | undefined, onRefused?: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    if (
      adminToken &&
      !adminTokenMatches(adminToken, c.req.header(ADMIN_TOKEN_HEADER)) &&
      !adminTokenMatches(adminToken, getCookie(c, ADMIN_COOKIE))
    ) {
      return onRefused ? onRefused(c) : adminError(c, 401, 'admin_token_required', `the admin API needs the ${ADMIN_TOKEN_HEADER} header`);
    }
    await next();
  };
}
