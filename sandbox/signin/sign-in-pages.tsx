import { nhsDateTime } from '../text/nhs-dates';
import { PatientPage } from '../ui/layout';
import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../claim/journey-forms';
import {
  AttemptsLeft,
  JourneyForm,
  PageReference,
  PostButton,
  SECURITY_CODE_INPUT,
  TextField,
  TextPage,
  toLinks,
  type TextInput,
} from '../ui/journey-parts';
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
  <PostButton action={RETURN_PATH} csrf={props.csrf} label={`Return to ${props.serviceName}`} secondary={props.secondary} />
);

type OneFieldStepId = 'email' | 'password' | 'security-code';

/** The sign-in steps that ask for one thing: each page's heading and the field it asks for. */
const ONE_FIELD_STEPS: Record<OneFieldStepId, { title: string; input: TextInput; what?: string }> = {
  email: {
    title: 'Enter your email address',
    input: {
      id: 'email',
      label: 'Email address',
      hint: 'The email address you use for NHS login',
      type: 'email',
      autocomplete: 'email',
      spellcheck: false,
    },
  },
  password: {
    title: 'Enter your password',
    input: { id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
    what: 'password',
  },
  'security-code': { title: 'Enter the security code', input: SECURITY_CODE_INPUT, what: 'security code' },
};

/** What every one-field step's page is given: where the sign-in is, its CSRF token, the last answer's errors. */
type StepProps<S extends OneFieldStepId> = { view: View<S>; csrf: string; errors?: FieldErrors };

/**
 * A sign-in step that asks for one thing: its heading, the attempts left after a wrong answer (for
 * a step with `what` to get wrong), what the page says first, the form with its one field, and what
 * the page says after it.
 */
function OneFieldStep<S extends OneFieldStepId>(props: StepProps<S> & { step: S; lockout?: string; before: Child; after?: Child }) {
  const { title, input, what } = ONE_FIELD_STEPS[props.step];
  const errors = props.errors ?? {};
  const attemptsLeft = 'attemptsLeft' in props.view ? props.view.attemptsLeft : undefined;
  return (
    <PatientPage title={title} errors={toLinks(errors)}>
      <h1>{title}</h1>
      {what && props.lockout && <AttemptsLeft left={attemptsLeft} what={what} lockout={props.lockout} />}
      {props.before}
      <JourneyForm action={SIGN_IN_PATHS[props.step]} csrf={props.csrf}>
        <TextField input={input} error={errors[input.id]} />
      </JourneyForm>
      {props.after}
    </PatientPage>
  );
}

export const EmailPage = (props: StepProps<'email'>) => (
  <OneFieldStep
    {...props}
    step="email"
    before={
      <p>
        Use your NHS login to continue to <strong>{props.view.serviceName}</strong>.
      </p>
    }
    after={
      props.view.allowRegistration && (
        <>
          <h2 class="nhsuk-heading-m">If you do not have an NHS login</h2>
          <p>
            Ask your GP surgery to invite you to set one up. (The sandbox does not emulate registration: accounts come from claiming an
            invitation, or from the admin API.)
          </p>
        </>
      )
    }
  />
);

export const PasswordPage = (props: StepProps<'password'> & { lockout: string }) => (
  <OneFieldStep
    {...props}
    step="password"
    before={
      <p>
        Enter the password of the NHS login you use with <strong>{props.view.email}</strong>.
      </p>
    }
    after={<p>If you have forgotten your password, NHS login lets you reset it (the sandbox does not emulate password reset).</p>}
  />
);

export const SecurityCodePage = (props: StepProps<'security-code'> & { lockout: string; codeLifetime: string; resent?: boolean }) => (
  <OneFieldStep
    {...props}
    step="security-code"
    before={
      <>
        {props.resent && (
          <div class="nhsuk-inset-text" role="status">
            <p>We have sent a new security code.</p>
          </div>
        )}
        <p>
          We have sent a 6-digit security code to your mobile phone number <strong>{props.view.maskedMobile}</strong>.
        </p>
        <p>The code expires after {props.codeLifetime}.</p>
      </>
    }
    after={<PostButton action={RESEND_PATH} csrf={props.csrf} label="Send the code again" secondary />}
  />
);

export const CodeExpiredPage = (props: { csrf: string; lifetime: string }) => (
  <TextPage title="Security code expired" paragraphs={[`It has been more than ${props.lifetime} since we sent your security code.`]}>
    <PostButton action={RESEND_PATH} csrf={props.csrf} label="Send a new code" />
  </TextPage>
);

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
    <TextPage title={stop.title} paragraphs={stop.guidance(props.lockout)}>
      {props.lockedUntilMs !== undefined && <p>You can try again after {nhsDateTime(props.lockedUntilMs)}.</p>}
      {props.csrf && props.serviceName && <ReturnToService csrf={props.csrf} serviceName={props.serviceName} secondary />}
      {stop.reference && <PageReference reference={stop.reference} stopped />}
    </TextPage>
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

export const FormRefusedPage = () => (
  <TextPage
    title="This form cannot be sent"
    paragraphs={[
      'The page you sent it from was out of date or did not come from NHS login. Nothing has been changed.',
      'Go back to the service and sign in again.',
    ]}
  />
);
