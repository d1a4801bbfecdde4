import * as z from 'zod';

/**
 * Relying parties' redirect URIs: what may be registered and how a request's `redirect_uri` is
 * matched against them.
 *
 * CID-IS-F v2.1 §3.4.1 and §7.3: an exact match of a registered URI; no plain http, no wildcard,
 * no query string; at most 10 per client (/multiple-redirect-uris). RFC 6749 §3.1.2: no fragment.
 *
 * Sandbox choice for local development (docs/decisions.md, "Signing in"): a loopback URI
 * (`http://127.0.0.1`, `http://[::1]`, `http://localhost`) may use plain http, and one registered
 * without a port matches the same URI on any port, as RFC 8252 §7.3 asks of native-app loopback
 * redirects. Every other URI, and a loopback URI registered with a port, is compared byte for byte.
 */
export const MAX_REDIRECT_URIS = 10;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

const isLoopback = (url: URL) => LOOPBACK_HOSTS.has(url.hostname);
const PORTLESS_LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)\//;

/** Why a URI cannot be registered, or null when it can. */
export function redirectUriProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URI';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    return 'must use https (plain http only on a loopback host: 127.0.0.1, [::1], localhost)';
  if (value.includes('*')) return 'must not contain a wildcard (CID-IS-F §7.3)';
  if (url.search || value.includes('?')) return 'must not contain a query string (CID-IS-F §7.3)';
  if (url.hash || value.includes('#')) return 'must not contain a fragment (RFC 6749 §3.1.2)';
  if (url.username || url.password) return 'must not contain user information';
  return null;
}

export const RedirectUri = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = redirectUriProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const RedirectUris = z
  .array(RedirectUri)
  .max(MAX_REDIRECT_URIS, `at most ${MAX_REDIRECT_URIS} redirect URIs per client (NHS login: multiple redirect URIs)`);

/** Whether `requested` is one of the client's registered redirect URIs (the rule above). */
export function redirectUriRegistered(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  let asked: URL;
  try {
    asked = new URL(requested);
  } catch {
    return false;
  }
  if (asked.protocol !== 'http:' || !isLoopback(asked) || requested.includes('?') || requested.includes('#')) return false;
  // Only a loopback URI registered without a port is port-agnostic; the rest must match exactly.
  return registered.some((uri) => PORTLESS_LOOPBACK.test(uri) && uri === `http://${asked.hostname}${asked.pathname}`);
}
