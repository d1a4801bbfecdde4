import { PatientPage } from '../../ui/layout';
import type { FieldErrors } from '../journey-forms';
import { CLAIM_PATHS } from '../claim-paths';
import { AttemptsLeft, describedBy, ErrorMessage, JourneyForm, toLinks, type View } from '../page-parts';

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
      <JourneyForm action={CLAIM_PATHS['date-of-birth']} csrf={props.csrf}>
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
      </JourneyForm>
    </PatientPage>
  );
}
