import type { Child } from 'hono/jsx';
import { nhsDateTime } from '../text/nhs-dates';
import { PatientPage, TickIcon, type ErrorLink } from '../ui/layout';
import type { ClaimView } from './claim-journeys';
import { CLAIM_DONE_HEADINGS, claimStops, type ClaimStopId, type StopDurations } from './claim-stops';
import type { FieldErrors } from './journey-forms';

/**
 * The claiming journey's pages, one component per step, after the public design prototype
 * (claim-journey-notes.md). Forms post to the same path they were shown on, carry the session's
 * CSRF token, and show errors both in the summary and beside the field.
 */
type View<S extends ClaimView['step']> = Extract<ClaimView, { step: S }>;

export const CLAIM_PATHS = {
  start: '/claim/start',
  'security-code': '/claim/security-code',
  'date-of-birth': '/claim/date-of-birth',
  'confirm-details': '/claim/confirm-details',
  'details-advice': '/claim/details-advice',
  password: '/claim/password',
  done: '/claim/done',
  stopped: '/claim/stopped',
} as const satisfies Record<ClaimView['step'], string>;

export const RESEND_PATH = '/claim/security-code/resend';
/** "Go back and change your answer" from the not-my-details stop. */
export const CHANGE_ANSWER_PATH = '/claim/confirm-details/change';

/** A reference shown on a page that does not stop the journey (no `data-reference`: nothing stopped). */
const PageReference = (props: { reference: string }) => (
  <p class="nhsuk-body-s">
    Reference: <strong>{props.reference}</strong>
  </p>
);

const ContinueButton = () => (
  <button class="nhsuk-button" type="submit">
    Continue
  </button>
);

/**
 * After a wrong answer, how many tries are left before the lockout (the design system's warning
 * callout, a warning card in nhsuk-frontend 10), so a lockout never comes as a surprise.
 */
const AttemptsLeft = (props: { left: number | undefined; what: string; lockout: string }) =>
  props.left === undefined ? null : (
    <div class="nhsuk-card nhsuk-card--warning" data-attempts-left={props.left}>
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading">{props.left === 1 ? '1 attempt left' : `${props.left} attempts left`}</h2>
        <p class="nhsuk-card__description">
          If you enter a wrong {props.what} {props.left === 1 ? 'once more' : `${props.left} more times`}, you will have to wait{' '}
          {props.lockout} before you can try again.
        </p>
      </div>
    </div>
  );

const Csrf = (props: { token: string }) => <input type="hidden" name="csrf" value={props.token} />;

const toLinks = (errors: FieldErrors): ErrorLink[] => Object.entries(errors).map(([field, message]) => ({ field, message }));

/** A field's error, linked from the field by aria-describedby (`<id>-error`). */
const ErrorMessage = (props: { id: string; message: string | undefined }) =>
  props.message ? (
    <span class="nhsuk-error-message" id={`${props.id}-error`}>
      <span class="nhsuk-u-visually-hidden">Error:</span> {props.message}
    </span>
  ) : null;

function Field(props: { id: string; label: string; hint?: string; error?: string | undefined; children: Child }) {
  return (
    <div class={`nhsuk-form-group${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <div class="nhsuk-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      <ErrorMessage id={props.id} message={props.error} />
      {props.children}
    </div>
  );
}

const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function StartPage(props: { view: View<'start'>; csrf: string }) {
  const create = props.view.kind === 'create';
  return (
    <PatientPage title={create ? 'Set up your NHS login' : 'Finish setting up your NHS login'}>
      <h1>{create ? 'Set up your NHS login' : 'Finish setting up your NHS login'}</h1>
      <p>{props.view.practiceName} has confirmed your identity, so you do not need to prove who you are again.</p>
      <p>We will send a security code to the mobile number on your NHS record.</p>
      {create ? (
        <p>Then you will check your details and create a password.</p>
      ) : (
        <p>Then you will check your details and enter the password of your existing NHS login.</p>
      )}
      <form method="post" action={CLAIM_PATHS.start} novalidate>
        <Csrf token={props.csrf} />
        <ContinueButton />
      </form>
    </PatientPage>
  );
}

export function SecurityCodePage(props: {
  view: View<'security-code'>;
  csrf: string;
  lockout: string;
  /** How long a code lives, in words (CLAIM_CODE_TTL). */
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
          <p>
            We have sent a new security code.
            {props.view.sendsLeft !== undefined &&
              ` You can ask for a new code ${props.view.sendsLeft === 1 ? 'once more' : `${props.view.sendsLeft} more times`} before you have to wait ${props.lockout}.`}
          </p>
        </div>
      )}
      <p>
        We have sent a 6-digit security code to your mobile phone number <strong>{props.view.maskedMobile}</strong>.
      </p>
      <p>The code expires after {props.codeLifetime}.</p>
      <form method="post" action={CLAIM_PATHS['security-code']} novalidate>
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
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">I do not recognise this mobile number</span>
        </summary>
        <div class="nhsuk-details__text">
          <p>Contact your GP surgery and ask them to update the mobile number on your NHS record, then to send you a new invitation.</p>
        </div>
      </details>
    </PatientPage>
  );
}

/** With CLAIM_DOB_CHECK: the NHS date input, one fieldset, one error for the whole date. */
export function DateOfBirthPage(props: { view: View<'date-of-birth'>; csrf: string; lockout: string; errors?: FieldErrors }) {
  const error = props.errors?.dob;
  const box = (id: string, name: string, label: string, width: 2 | 4) => (
    <div class="nhsuk-date-input__item">
      <div class="nhsuk-form-group">
        <label class="nhsuk-label nhsuk-date-input__label" for={id}>
          {label}
        </label>
        <input
          class={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${error ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={name}
          type="text"
          inputmode="numeric"
        />
      </div>
    </div>
  );
  return (
    <PatientPage title="What is your date of birth?" errors={toLinks(props.errors ?? {})}>
      <form method="post" action={CLAIM_PATHS['date-of-birth']} novalidate>
        <Csrf token={props.csrf} />
        <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset class="nhsuk-fieldset" role="group" aria-describedby={describedBy('dob', true, error)}>
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">
              <h1 class="nhsuk-fieldset__heading">What is your date of birth?</h1>
            </legend>
            <div class="nhsuk-hint" id="dob-hint">
              For example, 15 3 1984
            </div>
            <ErrorMessage id="dob" message={error} />
            <AttemptsLeft left={props.view.attemptsLeft} what="date of birth" lockout={props.lockout} />
            <div class="nhsuk-date-input">
              {box('dob', 'dob-day', 'Day', 2)}
              {box('dob-month', 'dob-month', 'Month', 2)}
              {box('dob-year', 'dob-year', 'Year', 4)}
            </div>
          </fieldset>
        </div>
        <ContinueButton />
      </form>
    </PatientPage>
  );
}

export function ConfirmDetailsPage(props: { view: View<'confirm-details'>; csrf: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  const { view } = props;
  return (
    <PatientPage title="Check your details" errors={toLinks(errors)}>
      <h1>Check your details</h1>
      <p>This is the NHS record your GP surgery found for you.</p>
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Name</dt>
          <dd class="nhsuk-summary-list__value">{view.name}</dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Date of birth</dt>
          <dd class="nhsuk-summary-list__value">{view.birthDate}</dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">NHS number</dt>
          <dd class="nhsuk-summary-list__value">{view.maskedNhsNumber}</dd>
        </div>
      </dl>
      <form method="post" action={CLAIM_PATHS['confirm-details']} novalidate>
        <Csrf token={props.csrf} />
        <div class={`nhsuk-form-group${errors.answer ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset class="nhsuk-fieldset" aria-describedby={errors.answer ? 'answer-error' : undefined}>
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Are these your details?</legend>
            <ErrorMessage id="answer" message={errors.answer} />
            <div class="nhsuk-radios">
              {(
                [
                  ['yes', 'Yes, these are my details'],
                  ['no', 'No, these are not my details'],
                  ['some-wrong', 'These are my details but some are wrong'],
                ] as const
              ).map(([value, label], i) => (
                <div class="nhsuk-radios__item">
                  <input class="nhsuk-radios__input" id={i === 0 ? 'answer' : `answer-${value}`} name="answer" type="radio" value={value} />
                  <label class="nhsuk-label nhsuk-radios__label" for={i === 0 ? 'answer' : `answer-${value}`}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <ContinueButton />
      </form>
    </PatientPage>
  );
}

export function PasswordPage(props: { view: View<'password'>; csrf: string; lockout: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  const input = (id: string, autocomplete: string) => (
    <input
      class={`nhsuk-input${errors[id] ? ' nhsuk-input--error' : ''}`}
      id={id}
      name={id}
      type="password"
      autocomplete={autocomplete}
      aria-describedby={describedBy(id, id === 'password', errors[id])}
    />
  );
  if (props.view.kind === 'uplift') {
    return (
      <PatientPage title="Enter your password" errors={toLinks(errors)}>
        <h1>Enter your password</h1>
        <AttemptsLeft left={props.view.attemptsLeft} what="password" lockout={props.lockout} />
        <p>
          Enter the password of the NHS login you use with <strong>{props.view.email}</strong>.
        </p>
        <form method="post" action={CLAIM_PATHS.password} novalidate>
          <Csrf token={props.csrf} />
          <Field id="password" label="Password" hint="The password you created for NHS login" error={errors.password}>
            {input('password', 'current-password')}
          </Field>
          <ContinueButton />
        </form>
        <p>
          If you have forgotten your password, you can reset it from the NHS login sign-in page (the sandbox does not emulate password
          reset).
        </p>
      </PatientPage>
    );
  }
  return (
    <PatientPage title="Create a password" errors={toLinks(errors)}>
      <h1>Create a password</h1>
      <p>
        You will use <strong>{props.view.email}</strong> and this password to log in to NHS login.
      </p>
      <form method="post" action={CLAIM_PATHS.password} novalidate>
        <Csrf token={props.csrf} />
        <Field
          id="password"
          label="Create a password"
          hint="At least 8 characters, including a capital letter. It must not start or end with a space."
          error={errors.password}
        >
          {input('password', 'new-password')}
        </Field>
        <Field id="confirm_password" label="Type your password again" error={errors.confirm_password}>
          {input('confirm_password', 'new-password')}
        </Field>
        <div class={`nhsuk-form-group${errors.terms ? ' nhsuk-form-group--error' : ''}`}>
          <ErrorMessage id="terms" message={errors.terms} />
          <div class="nhsuk-checkboxes">
            <div class="nhsuk-checkboxes__item">
              <input
                class="nhsuk-checkboxes__input"
                id="terms"
                name="terms"
                type="checkbox"
                value="agreed"
                aria-describedby={errors.terms ? 'terms-error' : undefined}
              />
              <label class="nhsuk-label nhsuk-checkboxes__label" for="terms">
                I agree to the NHS login terms of use
              </label>
            </div>
          </div>
        </div>
        <ContinueButton />
      </form>
    </PatientPage>
  );
}

/**
 * The end of the journey, after the design system's confirmation page: a panel with the outcome and
 * where the confirmation went, then what the patient did as a tick list (the prototype's three
 * completed steps, existing-uplift/steps-completed.html).
 */
export function DonePage(props: { view: View<'done'> }) {
  const heading = CLAIM_DONE_HEADINGS[props.view.kind];
  const steps = [
    'Your GP surgery confirmed your identity',
    'You entered a security code',
    props.view.kind === 'create' ? 'You created a password' : 'You signed in with your existing NHS login',
  ];
  return (
    <PatientPage title={heading}>
      <div class="nhsuk-panel">
        <h1 class="nhsuk-panel__heading">{heading}</h1>
        <div class="nhsuk-panel__body">
          We have sent a confirmation email to <strong>{props.view.email}</strong>
        </div>
      </div>
      <h2 class="nhsuk-heading-m">What you have done</h2>
      <ul class="nhsuk-list nhsuk-list--tick">
        {steps.map((step) => (
          <li>
            <TickIcon />
            {step}
          </li>
        ))}
      </ul>
      <h2 class="nhsuk-heading-m">What happens next</h2>
      <p>You can now use your NHS login with the NHS App and other NHS websites and apps.</p>
      <p>
        <a href="https://www.nhsapp.service.nhs.uk/">Go to the NHS App</a>
      </p>
    </PatientPage>
  );
}

/**
 * "These are my details but some are wrong" (prototype error/partial-details-match.html): what to
 * ask the GP surgery, then Continue to finish setting up — the journey goes on.
 */
export function DetailsAdvicePage(props: { csrf: string }) {
  return (
    <PatientPage title="Ask your GP surgery to update your details">
      <h1>Ask your GP surgery to update your details</h1>
      <p>You told us some of the details on your NHS record are wrong, for example your name.</p>
      <p>Only your GP surgery can correct your NHS record. Ask them to update it.</p>
      <p>You can select Continue and finish setting up your account.</p>
      <form method="post" action={CLAIM_PATHS['details-advice']}>
        <Csrf token={props.csrf} />
        <ContinueButton />
      </form>
      <PageReference reference="CID11023" />
    </PatientPage>
  );
}

/** The prototype's error/expiredotp.html: the code is older than its lifetime; send a new one. */
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
      <PageReference reference="CID1122" />
    </PatientPage>
  );
}

export function StopPage(props: { stop: ClaimStopId; durations: StopDurations; lockedUntilMs?: number | undefined; csrf?: string }) {
  const stop = claimStops[props.stop];
  return (
    <PatientPage title={stop.title}>
      <h1>{stop.title}</h1>
      {stop.guidance(props.durations).map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      {props.stop === 'details-not-mine' && props.csrf && (
        <form method="post" action={CHANGE_ANSWER_PATH}>
          <Csrf token={props.csrf} />
          <button class="nhsuk-button nhsuk-button--secondary" type="submit">
            Go back and change your answer
          </button>
        </form>
      )}
      {props.lockedUntilMs !== undefined && <p>You can try again after {nhsDateTime(props.lockedUntilMs)}.</p>}
      <p class="nhsuk-body-s">
        Reference: <strong data-reference>{stop.reference}</strong>
      </p>
    </PatientPage>
  );
}

/** A form without its session's CSRF token (or with another's): refused, nothing changed. */
export function FormRefusedPage() {
  return (
    <PatientPage title="This form cannot be sent">
      <h1>This form cannot be sent</h1>
      <p>The page you sent it from was out of date or did not come from NHS login. Nothing has been changed.</p>
      <p>Go back, reload the page and try again, or use the link in your email.</p>
    </PatientPage>
  );
}
