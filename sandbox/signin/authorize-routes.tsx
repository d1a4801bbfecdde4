import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { readFormParams, queryParams } from './read-form';
import type { AuthorizeAnswer, SignIn } from './sign-in';
import { AuthorizationRefusedPage, SIGN_IN_PATHS } from './sign-in-pages';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from './sign-in-sessions';

/**
 * HTTP adapter for the authorization endpoint (CID-IS-F v2.1 §3.4): GET query or POST form →
 * parameters → SignIn.authorize → a page (never a redirect) for a request that cannot be trusted
 * with one, a redirect back to the relying party, or the sign-in pages with a new sign-in cookie.
 */
export const AUTHORIZE_PATH = '/authorize';

export function authorizeRoutes(signIn: SignIn, options: { secureCookies: boolean; bodyLimitBytes: number }) {
  const app = new Hono();

  const answer = (c: Context, outcome: AuthorizeAnswer) => {
    c.header('Cache-Control', 'no-store');
    switch (outcome.kind) {
      case 'refused':
        return c.html(<AuthorizationRefusedPage description={outcome.description} />, 400);
      case 'redirect':
        return c.redirect(outcome.url, 302);
      case 'sign-in':
        setCookie(c, SIGN_IN_COOKIE, outcome.signInId, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: options.secureCookies,
          path: '/signin',
        });
        return c.redirect(SIGN_IN_PATHS.email, 302);
    }
  };

  app.get(AUTHORIZE_PATH, async (c) => answer(c, await signIn.authorize(queryParams(c.req.url), getCookie(c, SESSION_COOKIE))));
  app.post(AUTHORIZE_PATH, async (c) => {
    const params = await readFormParams(c, options.bodyLimitBytes);
    if (!params)
      return answer(c, {
        kind: 'refused',
        description: 'POST /authorize takes an application/x-www-form-urlencoded form within the size limit.',
      });
    return answer(c, await signIn.authorize(params, getCookie(c, SESSION_COOKIE)));
  });
  return app;
}
