import type { MiddlewareHandler } from 'hono';
import { verifyAccessToken, type AccessTokenSettings } from './access-token';

/**
 * RFC 6750 §2.1 bearer-token check for protected resources. Any failure answers 401 with a
 * `WWW-Authenticate: Bearer error="invalid_token"` challenge (§3) and the same facts in the body.
 * On success the client id is available as `c.get('clientId')`.
 */
export type BearerVariables = { clientId: string; accessTokenJti: string };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i; // RFC 6750 §2.1 b64token

export function requireBearer(
  settings: AccessTokenSettings,
  onRejected?: (description: string) => void,
): MiddlewareHandler<{ Variables: BearerVariables }> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : BEARER.exec(header);
    const verdict = match
      ? await verifyAccessToken(match[1]!, settings)
      : { ok: false as const, description: header === undefined ? 'an access token is required (Authorization: Bearer <token>)' : 'the Authorization header must be "Bearer <token>"' };
    if (!verdict.ok) {
      onRejected?.(verdict.description);
      return c.json({ error: 'invalid_token', error_description: verdict.description }, 401, {
        'WWW-Authenticate': `Bearer realm="provision-account", error="invalid_token", error_description="${verdict.description.replaceAll('"', "'")}"`,
        'Cache-Control': 'no-store',
      });
    }
    c.set('clientId', verdict.clientId);
    c.set('accessTokenJti', verdict.jti);
    await next();
  };
}
