import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { fieldErrors, SecurityCodeForm, type FieldErrors } from '../claim/journey-forms';
import { readFormParams, singleValued } from './read-form';
import type { SignIn, SignInAnswer, SignInView } from './sign-in';
import { EmailForm, PasswordForm } from './sign-in-forms';
import {
  CodeExpiredPage,
  EmailPage,
  FormRefusedPage,
  IdentityLevelPage,
  PasswordPage,
  RESEND_PATH,
  RETURN_PATH,
  SecurityCodePage,
  SIGN_IN_PATHS,
  SignInStopPage,
} from './sign-in-pages';
import { SESSION_COOKIE, SIGN_IN_COOKIE, type SignInInProgress } from './sign-in-sessions';
import { signInStops } from './sign-in-stops';
import { sameSecret } from './secrets';
import type { Config } from '../config/config';
import { durationInWords } from '../text/durations';
import { AUTHORIZE_PATH, authorizeRoutes } from './authorize-routes';
import { signInFaultMiddleware } from './sign-in-fault-middleware';
import type { SignInModule } from './sign-in-module';
import { userInfoMetadataRoutes } from './userinfo-metadata-routes';
import { USERINFO_PATH, userInfoRoutes } from './userinfo-routes';

/**
 * Signing in's public routes: the authorization endpoint (authorize-routes.tsx), the sign-in
 * pages (below) and UserInfo (userinfo-routes.ts, PATCH in userinfo-metadata-routes.ts), each behind the faults queued for it.
 */
export function signInPublicRoutes(
  module: Pick<SignInModule, 'signIn' | 'faults' | 'relyingParty' | 'clientUserMetadata'>,
  config: Pick<Config, 'secure' | 'bodyLimitBytes' | 'claimLockoutSeconds' | 'claimCodeTtlSeconds'>,
  userInfo: Omit<Parameters<typeof userInfoRoutes>[0], 'metadata'>,
) {
  const http = { secureCookies: config.secure, bodyLimitBytes: config.bodyLimitBytes };
  const faulty = { relyingParty: module.relyingParty, bodyLimitBytes: config.bodyLimitBytes };
  return new Hono()
    .use(AUTHORIZE_PATH, signInFaultMiddleware('authorize', module.faults, faulty))
    .use(USERINFO_PATH, signInFaultMiddleware('userinfo', module.faults, faulty))
    .route('/', authorizeRoutes(module.signIn, http))
    .route(
      '/',
      signInRoutes(module.signIn, {
        ...http,
        lockout: durationInWords(config.claimLockoutSeconds),
        codeLifetime: durationInWords(config.claimCodeTtlSeconds),
      }),
    )
    .route('/', userInfoRoutes({ ...userInfo, metadata: module.clientUserMetadata }))
    .route(
      '/',
      userInfoMetadataRoutes({ tokens: userInfo.tokens, metadata: module.clientUserMetadata, bodyLimitBytes: config.bodyLimitBytes }),
    );
}

/**
 * HTTP adapter for the sign-in pages: cookie → sign-in, form → zod, one SignIn call, then the
 * page of the step it is at (post/redirect/get), the same page with its errors, or the redirect
 * back to the relying party with the single sign-on cookie set.
 *
 * Every page: no caching, no referrer, never framed, and a CSP allowing nothing but the sandbox
 * itself, except that forms may end at the relying party's redirect URI: a browser applies
 * `form-action` to the redirect that follows a form, and the last form's answer is that redirect.
 */
const NOTICE_MESSAGES: Partial<Record<NonNullable<SignInAnswer['notice']>, FieldErrors>> = {
  'wrong-password': { password: 'The email address or password is not correct. Check them and try again.' },
  'wrong-code': { code: 'The security code is not correct. Check the code and try again.' },
};

export function signInRoutes(
  signIn: SignIn,
  options: { secureCookies: boolean; bodyLimitBytes: number; lockout: string; codeLifetime: string },
) {
  const app = new Hono();

  const pageHeaders: MiddlewareHandler = async (c, next) => {
    await next();
    const current = signIn.signIn(getCookie(c, SIGN_IN_COOKIE));
    const origin = current ? ` ${new URL(current.request.redirectUri).origin}` : '';
    c.res.headers.set(
      'Content-Security-Policy',
      `default-src 'self'; form-action 'self'${origin}; frame-ancestors 'none'; base-uri 'none'`,
    );
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
  };
  app.use('/signin/*', pageHeaders);

  const render = (c: Context, view: SignInView, csrf: string, errors?: FieldErrors) => {
    const status = errors && Object.keys(errors).length ? 400 : 200;
    const page = { csrf, errors, lockout: options.lockout, codeLifetime: options.codeLifetime };
    switch (view.step) {
      case 'email':
        return c.html(<EmailPage view={view} {...page} />, status);
      case 'password':
        return c.html(<PasswordPage view={view} {...page} />, status);
      case 'security-code':
        return c.html(<SecurityCodePage view={view} {...page} resent={c.req.query('resent') === '1'} />, status);
      case 'level-too-low':
        return c.html(<IdentityLevelPage view={view} csrf={csrf} />, 403);
      case 'stopped':
        return c.html(
          <SignInStopPage stop={view.stop} {...page} lockedUntilMs={view.lockedUntilMs} serviceName={view.serviceName} />,
          signInStops[view.stop].status,
        );
    }
  };

  const ended = (c: Context) =>
    c.html(<SignInStopPage stop="session-timed-out" lockout={options.lockout} />, signInStops['session-timed-out'].status);

  const answer = (c: Context, step: SignInView['step'], result: SignInAnswer, current: SignInInProgress) => {
    if (result.sessionId)
      setCookie(c, SESSION_COOKIE, result.sessionId, { httpOnly: true, sameSite: 'Lax', secure: options.secureCookies, path: '/' });
    if (result.redirect) {
      deleteCookie(c, SIGN_IN_COOKIE, { path: '/signin' });
      return c.redirect(result.redirect, 303);
    }
    const view = result.view!;
    const notice = result.notice ? NOTICE_MESSAGES[result.notice] : undefined;
    if (notice && view.step === step) return render(c, view, current.csrfToken, notice);
    if (result.notice === 'code-expired') return c.html(<CodeExpiredPage csrf={current.csrfToken} lifetime={options.codeLifetime} />);
    if (step === 'security-code' && result.notice === 'code-sent' && view.step === step)
      return c.redirect(`${SIGN_IN_PATHS[step]}?resent=1`, 303);
    return c.redirect(SIGN_IN_PATHS[view.step], 303);
  };

  /** The view of the sign-in's step when it is at `step`; otherwise the answer: it ended, or go to the step it is at. */
  const viewAt = async (c: Context, current: SignInInProgress, step: SignInView['step']): Promise<SignInView | Response> => {
    const { view } = await signIn.look(current);
    if (!view) return ended(c);
    return view.step === step ? view : c.redirect(SIGN_IN_PATHS[view.step], 303);
  };

  for (const [step, path] of Object.entries(SIGN_IN_PATHS) as [SignInView['step'], string][]) {
    app.get(path, async (c) => {
      const current = signIn.signIn(getCookie(c, SIGN_IN_COOKIE));
      if (!current) return ended(c);
      const view = await viewAt(c, current, step);
      return view instanceof Response ? view : render(c, view, current.csrfToken);
    });
  }

  /**
   * A sign-in form of `step`, posted to the step's own path unless another is named: the sign-in,
   * its CSRF token and the form's schema, in that order.
   */
  const form = <S extends z.ZodType>(
    step: SignInView['step'],
    schema: S,
    handle: (current: SignInInProgress, input: z.output<S>) => Promise<SignInAnswer>,
    path: string = SIGN_IN_PATHS[step],
  ) =>
    app.post(path, async (c) => {
      const current = signIn.signIn(getCookie(c, SIGN_IN_COOKIE));
      if (!current) return ended(c);
      const params = await readFormParams(c, options.bodyLimitBytes);
      const fields = params ? singleValued(params) : null;
      if (!fields || !sameSecret(current.csrfToken, fields.csrf)) return c.html(<FormRefusedPage />, 403);
      if (path === RETURN_PATH) return answer(c, step, await handle(current, fields as z.output<S>), current);
      const view = await viewAt(c, current, step);
      if (view instanceof Response) return view;
      const parsed = schema.safeParse(fields);
      if (!parsed.success) return render(c, view, current.csrfToken, fieldErrors(parsed.error));
      return answer(c, step, await handle(current, parsed.data), current);
    });

  const noFields = z.object({});
  form('email', EmailForm, (current, input) => signIn.submitEmail(current, input.email));
  form('password', PasswordForm, (current, input) => signIn.submitPassword(current, input.password));
  form('security-code', SecurityCodeForm, (current, input) => signIn.submitCode(current, input.code));
  form('security-code', noFields, (current) => signIn.sendCode(current), RESEND_PATH);
  form('stopped', noFields, (current) => signIn.giveUp(current), RETURN_PATH);
  return app;
}
