import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { adminError } from '../http/admin-errors';

/**
 * Protects /_sandbox/* when an admin token is configured (it must be, to bind beyond loopback).
 * The token is sent as `X-Sandbox-Admin-Token` and compared in constant time.
 */
export const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';

export function adminGuard(adminToken: string | undefined): MiddlewareHandler {
  const expected = adminToken ? Buffer.from(adminToken) : null;
  return async (c, next) => {
    if (expected) {
      const given = Buffer.from(c.req.header(ADMIN_TOKEN_HEADER) ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return adminError(c, 401, 'admin_token_required', `the admin API needs the ${ADMIN_TOKEN_HEADER} header`);
      }
    }
    await next();
  };
}
