import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { adminError } from '../http/admin-errors';

/**
 * Protects /_sandbox/* and the mail capture's API and inbox when an admin token is configured (it
 * must be, to bind beyond loopback). Clients send it as `X-Sandbox-Admin-Token`, or as the password
 * of HTTP Basic authentication (what Mailpit clients and a browser's own prompt can send). Never in
 * a cookie: browsers send a host's cookies to every port of it (issue #28). The console has a
 * session of its own (console-sessions.ts). Compared in constant time.
 */
export const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';

export function adminTokenMatches(adminToken: string, given: string | undefined): boolean {
  const expected = Buffer.from(adminToken);
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether the request carries the admin token (header or HTTP Basic password). */
export const presentsAdminToken = (adminToken: string, c: Context): boolean =>
  [c.req.header(ADMIN_TOKEN_HEADER), basicPassword(c.req.header('authorization'))].some((given) => adminTokenMatches(adminToken, given));

export function adminGuard(adminToken: string | undefined, onRefused?: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    if (adminToken && !presentsAdminToken(adminToken, c)) {
      if (onRefused) return onRefused(c);
      // A browser asks for it (the capture's inbox): any user name, the admin token as the password.
      c.header('WWW-Authenticate', 'Basic realm="NHS login sandbox: the admin token as the password", charset="UTF-8"');
      return adminError(
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
