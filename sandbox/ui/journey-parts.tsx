// What the patient's journeys (claiming, sandbox/claim; signing in, sandbox/signin) build their pages
// from, after the public design prototype (claim-journey-notes.md): forms carry the journey's CSRF
// token and show errors both in the summary and beside the field, in the NHS design system's markup.
import type { Child } from 'hono/jsx';
import { PatientPage, type ErrorLink } from './layout';

/** A reference on a page; `stopped` marks the reference of a journey that stopped (`data-reference`). */
export const PageReference = (props: { reference: string; stopped?: boolean }) => (
  <p class="nhsuk-body-s">
    Reference: <strong data-reference={props.stopped}>{props.reference}</strong>
  </p>
);

export const ContinueButton = () => (
  <button class="nhsuk-button" type="submit">
    Continue
  </button>
);

/**
 * After a wrong answer, how many tries are left before the lockout (the design system's warning
 * callout, a warning card in nhsuk-frontend 10), so a lockout never comes as a surprise.
 */
export const AttemptsLeft = (props: { left: number | undefined; what: string; lockout: string }) =>
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

export const Csrf = (props: { token: string }) => <input type="hidden" name="csrf" value={props.token} />;

/** One button that posts the journey's CSRF token to `action` (send the code again, return to the service). */
export const PostButton = (props: { action: string; csrf: string; label: string; secondary?: boolean }) => (
  <form method="post" action={props.action}>
    <Csrf token={props.csrf} />
    <button class={props.secondary ? 'nhsuk-button nhsuk-button--secondary' : 'nhsuk-button'} type="submit">
      {props.label}
    </button>
  </form>
);

/** Field errors (field name → message) as the error summary's links. */
export const toLinks = (errors: Record<string, string>): ErrorLink[] =>
  Object.entries(errors).map(([field, message]) => ({ field, message }));

/** A field's error, linked from the field by aria-describedby (`<id>-error`). */
export const ErrorMessage = (props: { id: string; message: string | undefined }) =>
  props.message ? (
    <span class="nhsuk-error-message" id={`${props.id}-error`}>
      <span class="nhsuk-u-visually-hidden">Error:</span> {props.message}
    </span>
  ) : null;

export function Field(props: { id: string; label: string; hint?: string; error?: string | undefined; children: Child }) {
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

export const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A journey step's form: posts back to its own path with the journey's CSRF token, ends with Continue. */
export function JourneyForm(props: { action: string; csrf: string; novalidate?: boolean; children?: Child }) {
  return (
    <form method="post" action={props.action} novalidate={props.novalidate ?? true}>
      <Csrf token={props.csrf} />
      {props.children}
      <ContinueButton />
    </form>
  );
}

/** A one-line text input: what the person types, described once and rendered by `TextField`. */
export interface TextInput {
  /** The field's id and form name. */
  id: string;
  label: string;
  hint?: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  inputmode?: 'numeric';
  /** The design system's fixed-width class (`nhsuk-input--width-10`) for a short answer. */
  width?: string;
  spellcheck?: boolean;
}

/** The 6-digit security code sent by text message: one field wherever a code is typed. */
export const SECURITY_CODE_INPUT: TextInput = {
  id: 'code',
  label: 'Security code',
  hint: 'For example, 123456',
  type: 'text',
  inputmode: 'numeric',
  autocomplete: 'one-time-code',
  width: 'nhsuk-input--width-10',
};

export function TextField(props: { input: TextInput; error: string | undefined }) {
  const { input, error } = props;
  return (
    <Field id={input.id} label={input.label} hint={input.hint} error={error}>
      <input
        class={['nhsuk-input', input.width, error ? 'nhsuk-input--error' : ''].filter(Boolean).join(' ')}
        id={input.id}
        name={input.id}
        type={input.type}
        inputmode={input.inputmode}
        autocomplete={input.autocomplete}
        spellcheck={input.spellcheck}
        aria-describedby={describedBy(input.id, input.hint !== undefined, error)}
      />
    </Field>
  );
}

/** A page of a heading and paragraphs of text, then whatever the page adds (a button, a reference). */
export function TextPage(props: { title: string; paragraphs: readonly string[]; children?: Child }) {
  return (
    <PatientPage title={props.title}>
      <h1>{props.title}</h1>
      {props.paragraphs.map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      {props.children}
    </PatientPage>
  );
}
