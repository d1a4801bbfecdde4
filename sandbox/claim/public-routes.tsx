import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import * as z from 'zod';
import { decodeForm, mediaType } from '../http/form';
import { readTextWithin } from '../http/json-body';
import type { ClaimAnswer, ClaimJourneys, ClaimView } from './claim-journeys';
import { ClaimSessions, SESSION_COOKIE, type ClaimSession } from './claim-sessions';
import { claimStops, type StopDurations } from './claim-stops';
import { CHANGE_ANSWER_PATH, CLAIM_PATHS, RESEND_PATH, RESET_PASSWORD_PATH } from './claim-paths';
import { ConfirmDetailsPage, DetailsAdvicePage } from './pages/confirm-details';
import { DateOfBirthPage } from './pages/date-of-birth';
import { DonePage } from './pages/done';
import { PasswordPage } from './pages/password';
import { ResetPasswordPage } from './pages/reset-password';
import { CodeExpiredPage, SecurityCodePage } from './pages/security-code';
import { StartPage } from './pages/start';
import { FormRefusedPage, StopPage } from './pages/stop';
import { BusyPage } from './pages/busy';
import {
  DateOfBirthForm,
  DetailsForm,
  ExistingPasswordForm,
  fieldErrors,
  NewPasswordForm,
  SecurityCodeForm,
  type FieldErrors,
} from './journey-forms';

/**
 * HTTP adapter for the claiming journey: cookie → session, form → zod, one ClaimJourneys call,
 * then a redirect to the page of the step the journey is at (post/redirect/get), or the same page
 * again with its errors. Typing a later step's URL only ever shows the current step.
 */
/**
 * Journey pages show personal details: never framed, nothing loaded or posted anywhere else, and
 * the claim token in the URL never leaks through a Referer header (hono's secure headers), and
 * never cached.
 */
const journeySecurityHeaders = secureHeaders({
  strictTransportSecurity: false,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
});

const NOTICE_MESSAGES = {
  'wrong-code': { code: 'The security code is not correct. Check the code and try again.' },
  'wrong-dob': { dob: 'The date of birth does not match your NHS record. Check it and try again.' },
  'wrong-password': { password: 'The password is not correct. Check it and try again.' },
} as const satisfies Record<string, FieldErrors>;

export function claimRoutes(
  journeys: ClaimJourneys,
  options: { secureCookies: boolean; bodyLimitBytes: number; stopDurations: StopDurations; codeLifetime: string },
) {
  const app = new Hono();
  app.use('/claim/*', journeySecurityHeaders, async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });

  const render = (c: Context, view: ClaimView, csrf: string, errors?: FieldErrors) => {
    const status = errors && Object.keys(errors).length ? 400 : 200;
    switch (view.step) {
      case 'start':
        return c.html(<StartPage view={view} csrf={csrf} />, status);
      case 'security-code':
        return c.html(
          <SecurityCodePage
            view={view}
            csrf={csrf}
            lockout={options.stopDurations.lockout}
            errors={errors}
            resent={c.req.query('resent') === '1'}
          />,
          status,
        );
      case 'confirm-details':
        return c.html(<ConfirmDetailsPage view={view} csrf={csrf} errors={errors} />, status);
      case 'details-advice':
        return c.html(<DetailsAdvicePage view={view} csrf={csrf} />);
      case 'date-of-birth':
        return c.html(<DateOfBirthPage view={view} csrf={csrf} lockout={options.stopDurations.lockout} errors={errors} />, status);
      case 'password':
        return c.html(<PasswordPage view={view} csrf={csrf} lockout={options.stopDurations.lockout} errors={errors} />, status);
      case 'done':
        return c.html(<DonePage view={view} />);
      case 'stopped':
        return c.html(
          <StopPage
            stop={view.stop}
            durations={options.stopDurations}
            lockedUntilMs={view.lockedUntilMs}
            record={view.record}
            csrf={csrf}
          />,
          claimStops[view.stop].status,
        );
    }
  };

  /** After a POST: the same page with its errors, or on to wherever the journey now is. */
  const answer = (c: Context, step: ClaimView['step'], result: ClaimAnswer, session: ClaimSession) => {
    if (result.busy) return c.html(<BusyPage />, 429, { 'Retry-After': '2' });
    const notice =
      result.notice && Object.hasOwn(NOTICE_MESSAGES, result.notice)
        ? NOTICE_MESSAGES[result.notice as keyof typeof NOTICE_MESSAGES]
        : undefined;
    if (notice && result.view.step === step) return render(c, result.view, session.csrfToken, notice);
    // An expired code has a page of its own (the prototype's error/expiredotp.html), with "Send a new code".
    if (result.notice === 'code-expired') return c.html(<CodeExpiredPage csrf={session.csrfToken} lifetime={options.codeLifetime} />);
    // A code sent again lands on the same page, which then says so.
    if (step === 'security-code' && result.notice === 'code-sent' && result.view.step === step)
      return c.redirect(`${CLAIM_PATHS[step]}?resent=1`, 303);
    return c.redirect(CLAIM_PATHS[result.view.step], 303);
  };

  const sessionEnded = (c: Context) =>
    c.html(<StopPage stop="session-timed-out" durations={options.stopDurations} />, claimStops['session-timed-out'].status);

  // Journey pages: show the current step; any other step's URL redirects to it.
  for (const [step, path] of Object.entries(CLAIM_PATHS) as [ClaimView['step'], string][]) {
    app.get(path, async (c) => {
      const session = journeys.session(getCookie(c, SESSION_COOKIE));
      if (!session) return sessionEnded(c);
      const { view } = await journeys.look(session);
      if (view.step !== step) return c.redirect(CLAIM_PATHS[view.step], 303);
      return render(c, view, session.csrfToken);
    });
  }

  /** A journey form: session, CSRF and the form's own schema, in that order. */
  const form = <S extends z.ZodType>(
    path: string,
    schema: S | ((view: ClaimView) => S),
    step: ClaimView['step'],
    handle: (session: ClaimSession, input: z.output<S>) => Promise<ClaimAnswer>,
  ) =>
    app.post(path, async (c) => {
      const session = journeys.session(getCookie(c, SESSION_COOKIE));
      if (!session) return sessionEnded(c);
      const fields = await readForm(c, options.bodyLimitBytes);
      if (!fields || !ClaimSessions.csrfMatches(session, fields.csrf)) return c.html(<FormRefusedPage />, 403);
      const current = await journeys.look(session);
      if (current.view.step !== step) return c.redirect(CLAIM_PATHS[current.view.step], 303);
      const parsed = (typeof schema === 'function' ? schema(current.view) : schema).safeParse(fields);
      if (!parsed.success) return render(c, current.view, session.csrfToken, fieldErrors(parsed.error));
      return answer(c, step, await handle(session, parsed.data), session);
    });

  const noFields = z.object({});
  form(CLAIM_PATHS.start, noFields, 'start', (session) => journeys.sendCode(session));
  form(RESEND_PATH, noFields, 'security-code', (session) => journeys.sendCode(session));
  form(CLAIM_PATHS['security-code'], SecurityCodeForm, 'security-code', (session, input) => journeys.submitCode(session, input.code));
  form(CLAIM_PATHS['confirm-details'], DetailsForm, 'confirm-details', (session, input) => journeys.answerDetails(session, input.answer));
  form(CLAIM_PATHS['date-of-birth'], DateOfBirthForm, 'date-of-birth', (session, input) => journeys.submitDateOfBirth(session, input.dob));
  form(CLAIM_PATHS['details-advice'], noFields, 'details-advice', (session) => journeys.continueAfterAdvice(session));
  form(CHANGE_ANSWER_PATH, noFields, 'stopped', (session) => journeys.changeAnswer(session));
  form(
    CLAIM_PATHS.password,
    (view) => (view.step === 'password' && view.kind === 'create' ? NewPasswordForm : ExistingPasswordForm),
    'password',
    (session, input) => journeys.submitPassword(session, input.password),
  );

  app.get(RESET_PASSWORD_PATH, (c) => c.html(<ResetPasswordPage />));

  // The email link. Registered last: the fixed journey paths above take precedence.
  app.get('/claim/:token{[A-Za-z0-9_-]{20,100}}', async (c) => {
    const opened = await journeys.openLink(c.req.param('token'));
    if (!opened.sessionId) return render(c, opened.view, '');
    setCookie(c, SESSION_COOKIE, opened.sessionId, { httpOnly: true, sameSite: 'Strict', secure: options.secureCookies, path: '/claim' });
    return render(c, opened.view, journeys.session(opened.sessionId)!.csrfToken);
  });
  app.get('/claim/:anything', (c) =>
    c.html(<StopPage stop="invitation-expired" durations={options.stopDurations} />, claimStops['invitation-expired'].status),
  );
  return app;
}

/** The form's fields; a field sent twice counts as missing. Null when the body is not a form. */
async function readForm(c: Context, limitBytes: number): Promise<Record<string, string | undefined> | null> {
  if (mediaType(c.req.header('content-type')) !== 'application/x-www-form-urlencoded') return null;
  const text = await readTextWithin(c, limitBytes);
  if (text === null) return null;
  const decoded = decodeForm(text);
  if (!decoded.ok) return null;
  return Object.fromEntries(
    [...decoded.params]
      .filter(([name]) => name !== '__proto__')
      .map(([name, values]) => [name, values.length === 1 ? values[0] : undefined]),
  );
}
