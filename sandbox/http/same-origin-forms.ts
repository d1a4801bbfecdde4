import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { csrf } from 'hono/csrf';
import { adminError } from './admin-errors';

/**
 * Refuses state-changing requests that a browser sends from another site (a plain cross-site form
 * POST to `/_sandbox/reset`, say), with hono's own origin check (`hono/csrf`: the request's
 * `Sec-Fetch-Site` must be same-origin or its `Origin` the sandbox's own).
 *
 * Requests with neither header are let through: every browser sends `Origin` (and a current one
 * `Sec-Fetch-Site`) with a cross-site POST, while curl, test suites and GP systems send neither,
 * and hono's check alone would refuse a body-less `curl -X POST /_sandbox/reset`.
 */
export function sameOriginForms(): MiddlewareHandler {
  const check = csrf();
  return async (c, next) => {
    if (c.req.header('origin') === undefined && c.req.header('sec-fetch-site') === undefined) return next();
    try {
      await check(c, next);
    } catch (error) {
      if (!(error instanceof HTTPException) || error.status !== 403) throw error;
      return adminError(
        c,
        403,
        'cross_site_request',
        `a request from ${c.req.header('origin') ?? 'another site'} may not change the sandbox`,
      );
    }
  };
}
