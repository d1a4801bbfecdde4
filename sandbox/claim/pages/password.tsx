import { PatientPage } from '../../ui/layout';
import type { FieldErrors } from '../journey-forms';
import { CLAIM_PATHS, RESET_PASSWORD_PATH } from '../claim-paths';
import { AttemptsLeft, describedBy, ErrorMessage, Field, JourneyForm, toLinks, type View } from '../page-parts';

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
        <p>This is the password you set up with your NHS login account.</p>
        <JourneyForm action={CLAIM_PATHS.password} csrf={props.csrf}>
          <Field
            id="password"
            label="Password"
            hint={`The password of the NHS login you use with ${props.view.email}`}
            error={errors.password}
          >
            {input('password', 'current-password')}
          </Field>
        </JourneyForm>
        <p>
          You can <a href={RESET_PASSWORD_PATH}>reset your password</a> if you cannot remember it.
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
      <JourneyForm action={CLAIM_PATHS.password} csrf={props.csrf}>
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
      </JourneyForm>
    </PatientPage>
  );
}
