import { Hono, type Context } from 'hono';
import { BEARER_CREDENTIALS } from '../auth/bearer';
import { answerJson } from '../http/answer-json';
import type { SignInTokenSettings } from './sign-in-tokens';
import { userInfo } from './userinfo';
import type { Accounts } from '../accounts/accounts';
import type { Pds } from '../pds/pds';
import type { ClientUserMetadata } from './userinfo-metadata';

/**
 * HTTP adapter for UserInfo (CID-IS-F v2.1 §3.6): GET (recommended) or POST with
 * `Authorization: Bearer`; unsigned JSON. Failures carry the RFC 6750 §3 challenge.
 */
export const USERINFO_PATH = '/userinfo';

export function userInfoRoutes(deps: { tokens: SignInTokenSettings; accounts: Accounts; pds: Pds; metadata: ClientUserMetadata }) {
  const app = new Hono();
  const handle = async (c: Context) => {
    const token = bearerToken(c);
    if (token instanceof Response) return token;
    const outcome = await userInfo(token, deps);
    if (!outcome.ok) return challenge(c, outcome.status, outcome.error, outcome.description);
    return answerJson(c, outcome.claims, 200, { 'Cache-Control': 'no-store' });
  };
  app.get(USERINFO_PATH, handle);
  app.post(USERINFO_PATH, handle);
  return app;
}

/** The access token in `Authorization: Bearer`, or the 401 challenge for a missing or malformed header. */
export function bearerToken(c: Context): string | Response {
  const header = c.req.header('authorization');
  const match = header === undefined ? null : BEARER_CREDENTIALS.exec(header);
  if (match) return match[1]!;
  return challenge(
    c,
    401,
    'invalid_token',
    header === undefined
      ? 'an access token is required (Authorization: Bearer <token>)'
      : 'the Authorization header must be "Bearer <token>"',
  );
}

export function challenge(
  c: Context,
  status: 400 | 401 | 403,
  error: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
  description: string,
) {
  return answerJson(c, { error, error_description: description }, status, {
    'WWW-Authenticate': `Bearer realm="userinfo", error="${error}", error_description="${description.replaceAll('"', "'")}"`,
    'Cache-Control': 'no-store',
  });
}
