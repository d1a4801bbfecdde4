import { Hono } from 'hono';
import { admin, type PathItems } from '../http/openapi';
import { issueAccessToken, type AccessTokenSettings } from './access-token';

/**
 * `POST /_sandbox/demo-token`: a provisioning access token for the demo client, for a browser that
 * cannot sign an RS512 assertion (the API docs' "Authorise with a demo token", sandbox/docs). It is
 * the token `npm run token` gets with the demo client's key, which is public test data, so it
 * grants nothing that key does not; it is guarded like the rest of the test interface (the admin
 * token, or a console session through `/console/admin/…`), answered in the body only (never in a
 * URL) and never cached.
 */
export function demoTokenAdminRoutes(deps: { tokens: AccessTokenSettings; demoClientId: string }) {
  return new Hono().post('/demo-token', async (c) => {
    const token = await issueAccessToken(deps.demoClientId, deps.tokens);
    return c.json(
      { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, client_id: deps.demoClientId },
      200,
      { 'Cache-Control': 'no-store' },
    );
  });
}

export const demoTokenAdminPaths = (): PathItems => ({
  '/demo-token': {
    post: admin("A provisioning access token for the demo client (what the API docs' demo-token button uses)", {
      answers: { '200': 'access_token, token_type, expires_in, client_id' },
    }),
  },
});
