import { nhsDateTime } from '../text/nhs-dates';
import { PatientPage } from '../ui/layout';
import { AttemptsLeft, ContinueButton, Csrf, describedBy, Field, toLinks, type FieldErrors } from './form-parts';
import type { SignInView } from './sign-in';
import { signInStops } from './sign-in-stops';
import type { SignInStopId } from './sign-in-machine';

/**
 * The sign-in pages, one component per step, in the NHS design system through the claiming
 * journey's page shell: forms post to the path they were shown on, carry the sign-in's CSRF
 * token, and show errors in the summary and beside the field. No script, no inline style.
 */
type View<S extends SignInView['step']> = Extract<SignInView, { step: S }>;

export const SIGN_IN_PATHS = {
  email: '/signin/email',
  password: '/signin/password',
  'security-code': '/signin/security-code',
  'level-too-low': '/signin/identity-level',
  stopped: '/signin/stopped',
} as const satisfies Record<SignInView['step'], string>;

export const RESEND_PATH = '/signin/security-code/resend';
export const RETURN_PATH = '/signin/return';

const ReturnToService = (props: { csrf: string; serviceName: string; secondary?: boolean }) => (
  <form method="post" action={RETURN_PATH}>
    <Csrf token={props.csrf} />
    <button class={`nhsuk-button${props.secondary ? ' nhsuk-button--secondary' : ''}`} type="submit">
      Return to {props.serviceName}
    </button>
  </form>
);

export function EmailPage(props: { view: View<'email'>; csrf: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <PatientPage title="Enter your email address" errors={toLinks(errors)}>
      <h1>Enter your email address</h1>
      <p>
        Use your NHS login to continue to <strong>{props.view.serviceName}</strong>.
      </p>
      <form method="post" action={SIGN_IN_PATHS.email} novalidate>
        <Csrf token={props.csrf} />
        <Field id="email" label="Email address" hint="The email address you use for NHS login" error={errors.email}>
          <input
            class={`nhsuk-input${errors.email ? ' nhsuk-input--error' : ''}`}
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            spellcheck={false}
            aria-describedby={describedBy('email', true, errors.email)}
          />
        </Field>
        <ContinueButton />
      </form>
      {props.view.allowRegistration && (
        <>
          <h2 class="nhsuk-heading-m">If you do not have an NHS login</h2>
          <p>
            Ask your GP surgery to invite you to set one up. (The sandbox does not emulate registration: accounts come from claiming an
            invitation, or from the admin API.)
          </p>
        </>
      )}
    </PatientPage>
  );
}

export function PasswordPage(props: { view: View<'password'>; csrf: string; lockout: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <PatientPage title="Enter your password" errors={toLinks(errors)}>
      <h1>Enter your password</h1>
      <AttemptsLeft left={props.view.attemptsLeft} what="password" lockout={props.lockout} />
      <p>
        Enter the password of the NHS login you use with <strong>{props.view.email}</strong>.
      </p>
      <form method="post" action={SIGN_IN_PATHS.password} novalidate>
        <Csrf token={props.csrf} />
        <Field id="password" label="Password" error={errors.password}>
          <input
            class={`nhsuk-input${errors.password ? ' nhsuk-input--error' : ''}`}
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            aria-describedby={describedBy('password', false, errors.password)}
          />
        </Field>
        <ContinueButton />
      </form>
      <p>If you have forgotten your password, NHS login lets you reset it (the sandbox does not emulate password reset).</p>
    </PatientPage>
  );
}

export function SecurityCodePage(props: {
  view: View<'security-code'>;
  csrf: string;
  lockout: string;
  codeLifetime: string;
  errors?: FieldErrors;
  resent?: boolean;
}) {
  const errors = props.errors ?? {};
  return (
    <PatientPage title="Enter the security code" errors={toLinks(errors)}>
      <h1>Enter the security code</h1>
      <AttemptsLeft left={props.view.attemptsLeft} what="security code" lockout={props.lockout} />
      {props.resent && (
        <div class="nhsuk-inset-text" role="status">
          <p>We have sent a new security code.</p>
        </div>
      )}
      <p>
        We have sent a 6-digit security code to your mobile phone number <strong>{props.view.maskedMobile}</strong>.
      </p>
      <p>The code expires after {props.codeLifetime}.</p>
      <form method="post" action={SIGN_IN_PATHS['security-code']} novalidate>
        <Csrf token={props.csrf} />
        <Field id="code" label="Security code" hint="For example, 123456" error={errors.code}>
          <input
            class={`nhsuk-input nhsuk-input--width-10${errors.code ? ' nhsuk-input--error' : ''}`}
            id="code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            aria-describedby={describedBy('code', true, errors.code)}
          />
        </Field>
        <ContinueButton />
      </form>
      <form method="post" action={RESEND_PATH}>
        <Csrf token={props.csrf} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Send the code again
        </button>
      </form>
    </PatientPage>
  );
}

export function CodeExpiredPage(props: { csrf: string; lifetime: string }) {
  return (
    <PatientPage title="Security code expired">
      <h1>Security code expired</h1>
      <p>It has been more than {props.lifetime} since we sent your security code.</p>
      <form method="post" action={RESEND_PATH}>
        <Csrf token={props.csrf} />
        <button class="nhsuk-button" type="submit">
          Send a new code
        </button>
      </form>
      <p class="nhsuk-body-s">
        Reference: <strong>CID1122</strong>
      </p>
    </PatientPage>
  );
}

/**
 * A P0 or P5 account asked for a higher level (docs/decisions.md, "Signing in"): NHS login would offer to
 * prove who you are (uplift); the sandbox says so, names both levels, and sends the person back
 * with `access_denied`, which is what a relying party sees when someone declines.
 */
export function IdentityLevelPage(props: { view: View<'level-too-low'>; csrf: string }) {
  const { view } = props;
  return (
    <PatientPage title="You need to prove who you are">
      <h1>You need to prove who you are</h1>
      <p>
        {view.serviceName} needs an NHS login whose identity has been checked to level <strong>{view.levelAsked}</strong>. Your NHS login is
        at level <strong data-identity-level>{view.accountLevel}</strong>.
      </p>
      <p>
        NHS login would now ask you to prove who you are, for example with photo ID. The sandbox does not emulate that: ask a GP surgery to
        invite you (provisioning), then follow the link in the invitation to raise your NHS login to P9.
      </p>
      <ReturnToService csrf={props.csrf} serviceName={view.serviceName} />
    </PatientPage>
  );
}

export function SignInStopPage(props: {
  stop: SignInStopId;
  lockout: string;
  lockedUntilMs?: number | undefined;
  csrf?: string;
  serviceName?: string;
}) {
  const stop = signInStops[props.stop];
  return (
    <PatientPage title={stop.title}>
      <h1>{stop.title}</h1>
      {stop.guidance(props.lockout).map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      {props.lockedUntilMs !== undefined && <p>You can try again after {nhsDateTime(props.lockedUntilMs)}.</p>}
      {props.csrf && props.serviceName && <ReturnToService csrf={props.csrf} serviceName={props.serviceName} secondary />}
      <p class="nhsuk-body-s">
        Reference: <strong data-reference>{stop.reference}</strong>
      </p>
    </PatientPage>
  );
}

/** A link to NHS login that cannot be followed: never redirected anywhere (§3.4.5, RFC 6749 §4.1.2.1). */
export function AuthorizationRefusedPage(props: { description: string }) {
  return (
    <PatientPage title="There is a problem with the link to NHS login">
      <h1>There is a problem with the link to NHS login</h1>
      <p>The service that sent you here did not send a request NHS login can answer, so you cannot sign in from this link.</p>
      <p>Go back to the service and try again. If it happens again, contact the service.</p>
      <h2 class="nhsuk-heading-s">For the service's developers</h2>
      <p data-problem>{props.description}</p>
    </PatientPage>
  );
}

export function FormRefusedPage() {
  return (
    <PatientPage title="This form cannot be sent">
      <h1>This form cannot be sent</h1>
      <p>The page you sent it from was out of date or did not come from NHS login. Nothing has been changed.</p>
      <p>Go back to the service and sign in again.</p>
    </PatientPage>
  );
}
