import { Hono } from 'hono';
import { readJsonObject } from '../http/json-body';
import type { SignInTokenSettings } from './sign-in-tokens';
import {
  CLIENT_USER_METADATA_MAX_LENGTH,
  ClientUserMetadataUpdate,
  updateClientUserMetadata,
  type ClientUserMetadata,
} from './userinfo-metadata';
import { bearerToken, challenge, USERINFO_PATH } from './userinfo-routes';

/**
 * HTTP adapter for PATCH /userinfo (CID-IS-F v2.1 §3.6): JSON `{client_user_metadata}` with the
 * access token from signing in, answered 204 with no body. A body that is not that object is 400
 * `invalid_request` (RFC 6750 §3.1), its reason in the challenge like every UserInfo failure.
 */
export function userInfoMetadataRoutes(deps: { tokens: SignInTokenSettings; metadata: ClientUserMetadata; bodyLimitBytes: number }) {
  return new Hono().patch(USERINFO_PATH, async (c) => {
    const token = bearerToken(c);
    if (token instanceof Response) return token;
    const body = await readJsonObject(c, deps.bodyLimitBytes);
    if (!body.ok) return challenge(c, 400, 'invalid_request', body.description);
    const update = ClientUserMetadataUpdate.safeParse(body.value);
    if (!update.success)
      return challenge(
        c,
        400,
        'invalid_request',
        `the body must be {"client_user_metadata": "<at most ${CLIENT_USER_METADATA_MAX_LENGTH} characters>"} and nothing else (${update.error.issues
          .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
          .join('; ')})`,
      );
    const outcome = await updateClientUserMetadata(token, update.data, deps);
    if (!outcome.ok) return challenge(c, outcome.status, outcome.error, outcome.description);
    return c.body(null, 204, { 'Cache-Control': 'no-store' });
  });
}
