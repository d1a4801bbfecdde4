import type { Child } from 'hono/jsx';
import type { ErrorLink } from '../ui/layout';

/**
 * The form parts of the sign-in pages, in the NHS design system's markup, as the claiming
 * journey's pages build theirs: a field with its label, hint and error (linked by
 * aria-describedby), the attempts-left warning card, the CSRF field and the Continue button.
 */
export type FieldErrors = Record<string, string>;

export const toLinks = (errors: FieldErrors): ErrorLink[] => Object.entries(errors).map(([field, message]) => ({ field, message }));

export const Csrf = (props: { token: string }) => <input type="hidden" name="csrf" value={props.token} />;

export const ContinueButton = () => (
  <button class="nhsuk-button" type="submit">
    Continue
  </button>
);

export const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

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
      {props.error && (
        <span class="nhsuk-error-message" id={`${props.id}-error`}>
          <span class="nhsuk-u-visually-hidden">Error:</span> {props.error}
        </span>
      )}
      {props.children}
    </div>
  );
}

/** After a wrong answer: tries left before the lockout and how long it lasts (a warning card). */
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
