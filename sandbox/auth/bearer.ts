import type { MiddlewareHandler } from 'hono';
import { answerJson } from '../http/answer-json';
import '../http/context-variables';
import { verifyAccessToken, type AccessTokenSettings, type AccessTokenVerdict } from './access-token';

/**
 * RFC 6750 §2.1 bearer-token check for protected resources. Any failure answers 401 with a
 * `WWW-Authenticate: Bearer error="invalid_token"` challenge (§3) and the same facts in the body.
 * On success the client id is available as `c.get('clientId')`.
 */
/**
 * RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`, the scheme compared case-insensitively
 * (RFC 7235 §2.1). The one grammar the endpoint and the conformance checker both apply.
 */
export const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export function requireBearer(settings: AccessTokenSettings, onRejected?: (description: string) => void): MiddlewareHandler {
  const verify = verifiedTokenCache(settings);
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : BEARER_CREDENTIALS.exec(header);
    const verdict = match
      ? await verify(match[1]!)
      : {
          ok: false as const,
          description:
            header === undefined
              ? 'an access token is required (Authorization: Bearer <token>)'
              : 'the Authorization header must be "Bearer <token>"',
        };
    if (!verdict.ok) {
      onRejected?.(verdict.description);
      return answerJson(c, { error: 'invalid_token', error_description: verdict.description }, 401, {
        'WWW-Authenticate': `Bearer realm="provision-account", error="invalid_token", error_description="${verdict.description.replaceAll('"', "'")}"`,
        'Cache-Control': 'no-store',
      });
    }
    c.set('clientId', verdict.clientId);
    c.set('accessTokenJti', verdict.jti);
    await next();
  };
}

/**
 * A token whose signature and claims verified once need not be verified again: it is reused for
 * many calls (the spec's flow), and an RSA verification costs more than the rest of a provision
 * call. The exact token string is the key; expiry is still judged on every use by the sandbox
 * clock, so time travel expires a cached token like any other. Bounded: oldest entries go first.
 */
const CACHED_TOKENS = 10_000;

function verifiedTokenCache(settings: AccessTokenSettings): (token: string) => Promise<AccessTokenVerdict> {
  const verified = new Map<string, Extract<AccessTokenVerdict, { ok: true }>>();
  return async (token) => {
    const known = verified.get(token);
    if (known) return known.expiresAt * 1000 > settings.clock.nowMs() ? known : { ok: false, description: 'the access token has expired' };
    const verdict = await verifyAccessToken(token, settings);
    if (verdict.ok) {
      if (verified.size >= CACHED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, verdict);
    }
    return verdict;
  };
}
