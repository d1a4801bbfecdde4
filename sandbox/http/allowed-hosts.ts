import type { MiddlewareHandler } from 'hono';

/**
 * Answers only requests addressed to a host name the sandbox was configured with. A DNS-rebinding
 * page (evil.example resolving to 127.0.0.1) reaches the sandbox's port with its own name in
 * `Host`; refusing that name keeps the admin API, the security codes and the captured mail out of
 * its reach. Allowed: loopback names, the bind address, PUBLIC_BASE_URL's host and ALLOWED_HOSTS.
 */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'] as const;
const KNOWN_AUTHORITIES = 64;

export function allowedHostNames(options: { bindHost: string; publicBaseUrl: string; extra: readonly string[] }): string[] {
  const unspecified = ['0.0.0.0', '::', ''];
  return [
    ...LOOPBACK_NAMES,
    ...(unspecified.includes(options.bindHost) ? [] : [options.bindHost]),
    new URL(options.publicBaseUrl).hostname.replace(/^\[|\]$/g, ''),
    ...options.extra,
  ].map((name) => name.toLowerCase());
}

export function allowedHosts(names: readonly string[]): MiddlewareHandler {
  const allowed = new Set(names);
  const hostAllowed = (authority: string) => allowed.has(new URL(`http://${authority}/`).hostname.replace(/^\[|\]$/g, '').toLowerCase());
  // Authorities (`host:port`) already found allowed, remembered: parsing each request's URL anew
  // cost more than the rest of this check (issue #31). Refused ones are not kept, so requests
  // naming ever new hosts cannot fill it; past the bound each is parsed as before.
  const knownAllowed = new Set<string>();
  return async (c, next) => {
    const { url } = c.req;
    const start = url.indexOf('//') + 2;
    const end = url.indexOf('/', start);
    const authority = url.slice(start, end === -1 ? undefined : end);
    const ok = knownAllowed.has(authority) || hostAllowed(authority);
    if (ok && knownAllowed.size < KNOWN_AUTHORITIES) knownAllowed.add(authority);
    if (!ok) {
      return c.json(
        {
          error: 'host_not_allowed',
          description: `this sandbox answers only to ${[...allowed].join(', ')}; add the name to ALLOWED_HOSTS to use it`,
        },
        421,
      );
    }
    await next();
  };
}
