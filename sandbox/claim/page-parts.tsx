// What the claiming journey's pages share, after the public design prototype (claim-journey-notes.md):
// forms carry the session's CSRF token and show errors both in the summary and beside the field.
import type { Child } from 'hono/jsx';
import { type ErrorLink } from '../ui/layout';
import type { ClaimView } from './claim-journeys';
import type { FieldErrors } from './journey-forms';
import { RESEND_PATH } from './claim-paths';

export type View<S extends ClaimView['step']> = Extract<ClaimView, { step: S }>;
/** A reference shown on a page that does not stop the journey (no `data-reference`: nothing stopped). */
export const PageReference = (props: { reference: string }) => (
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

/** Asks for the security code again (a new one, the old one no longer works). */
export const ResendCodeForm = (props: { csrf: string; label: string; secondary?: boolean }) => (
  <form method="post" action={RESEND_PATH}>
    <Csrf token={props.csrf} />
    <button class={props.secondary ? 'nhsuk-button nhsuk-button--secondary' : 'nhsuk-button'} type="submit">
      {props.label}
    </button>
  </form>
);

export const toLinks = (errors: FieldErrors): ErrorLink[] => Object.entries(errors).map(([field, message]) => ({ field, message }));

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

/** A journey step's form: posts back to its own path with the session's CSRF token, ends with Continue. */
export function JourneyForm(props: { action: string; csrf: string; novalidate?: boolean; children?: Child }) {
  return (
    <form method="post" action={props.action} novalidate={props.novalidate ?? true}>
      <Csrf token={props.csrf} />
      {props.children}
      <ContinueButton />
    </form>
  );
}
