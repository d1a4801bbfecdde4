import type { Context, MiddlewareHandler } from 'hono';
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

export function requireBearer(settings: AccessTokenSettings, realm: 'provision-account' | 'users'): MiddlewareHandler {
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
    if (!verdict.ok) return bearerChallenge(c, realm, 401, 'invalid_token', verdict.description);
    c.set('clientId', verdict.clientId);
    c.set('accessTokenJti', verdict.jti);
    c.set('accessTokenScopes', verdict.scopes);
    await next();
  };
}

/** RFC 6750 §3: the challenge and, for a non-browser client, the same facts as JSON. */
function bearerChallenge(c: Context, realm: string, status: 401 | 403, error: 'invalid_token' | 'insufficient_scope', description: string) {
  return answerJson(c, { error, error_description: description }, status, {
    'WWW-Authenticate': `Bearer realm="${realm}", error="${error}", error_description="${description.replaceAll('"', "'")}"`,
    'Cache-Control': 'no-store',
  });
}

/**
 * Provision Account takes only tokens from the client-credentials grant. A Users Endpoint V2 token
 * (it carries a `scope`) was granted for another interface: RFC 6750 §3.1 `insufficient_scope`,
 * 403 (a choice: the Provision Account spec has no scopes; docs/decisions.md, "Users Endpoint V2").
 */
export const provisioningTokenOnly: MiddlewareHandler = async (c, next) => {
  const scopes = c.get('accessTokenScopes');
  if (scopes !== null) {
    return bearerChallenge(
      c,
      'provision-account',
      403,
      'insufficient_scope',
      `this access token was granted for Users Endpoint V2 (scope "${scopes.join(' ')}"); Provision Account needs a token from the client_credentials grant`,
    );
  }
  await next();
};

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
