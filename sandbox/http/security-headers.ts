import { ServerResponse } from 'node:http';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

/**
 * hono's secure headers (`hono/secure-headers`, with `options`) on every answer, the route's own
 * value of any of them kept (as hono's `overwrite: false` does).
 *
 * On a Node socket they are given to Node's ServerResponse before the route runs, not set on the
 * Response after it as hono's middleware does: there, a dozen `Headers.has`/`set` calls and
 * @hono/node-server turning the longer header list back into an object cost about 20 µs a
 * request on a bare Hono app (issue #31); in the sandbox, whose answers carry headers of their
 * own, about a point of the main thread's time on /token. Node merges the
 * route's headers over these when it writes the head (http.ServerResponse.writeHead), so the
 * route's own value still wins. Answers made in process (`app.request()`, no socket) take hono's
 * middleware itself. Either way the values are hono's: read once from its middleware at start.
 * A value made per request (a CSP nonce) cannot be read once, so it is refused.
 */
export async function securityHeaders(options: Omit<SecureHeadersOptions, 'overwrite'>): Promise<MiddlewareHandler> {
  const policies = [options.contentSecurityPolicy, options.contentSecurityPolicyReportOnly];
  if (policies.some((policy) => Object.values(policy ?? {}).some((values) => [values].flat().some((v) => typeof v === 'function'))))
    throw new Error('securityHeaders: a value made per request (a CSP nonce) cannot be read once; use hono/secure-headers for it');
  const inProcess = secureHeaders({ ...options, overwrite: false });
  const probe = new Hono();
  probe.use(inProcess);
  probe.get('/', (c) => c.body(null));
  const secure = [...(await probe.request('/')).headers];
  return (c, next) => {
    const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    if (!(outgoing instanceof ServerResponse)) return inProcess(c, next);
    for (const [name, value] of secure) outgoing.setHeader(name, value);
    return next();
  };
}
