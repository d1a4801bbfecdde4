import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { adminError } from '../http/admin-errors';

/**
 * Protects /_sandbox/*, the console and the mail capture's API when an admin token is configured
 * (it must be, to bind beyond loopback). API clients send it as `X-Sandbox-Admin-Token`, or as the
 * password of HTTP Basic authentication (what Mailpit clients can send); a browser signs in once at
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
    const presented = [c.req.header(ADMIN_TOKEN_HEADER), getCookie(c, ADMIN_COOKIE), basicPassword(c.req.header('authorization'))];
    if (adminToken && !presented.some((given) => adminTokenMatches(adminToken, given))) {
      return onRefused
        ? onRefused(c)
        : adminError(
            c,
            401,
            'admin_token_required',
            `this needs the admin token: the ${ADMIN_TOKEN_HEADER} header, or as the password of HTTP Basic authentication`,
          );
    }
    await next();
  };
}

/** The password of an HTTP Basic `Authorization` header (RFC 7617), if that is what it is. */
function basicPassword(header: string | undefined): string | undefined {
  const encoded = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
}
