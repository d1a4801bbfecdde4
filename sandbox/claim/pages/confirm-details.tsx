import { PatientPage } from '../../ui/layout';
import type { FieldErrors } from '../journey-forms';
import { CLAIM_PATHS } from '../claim-paths';
import { ErrorMessage, JourneyForm, PageReference, toLinks, type View } from '../page-parts';

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
      <JourneyForm action={CLAIM_PATHS['confirm-details']} csrf={props.csrf}>
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
      </JourneyForm>
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
      <JourneyForm action={CLAIM_PATHS['details-advice']} csrf={props.csrf} novalidate={false} />
      <PageReference reference="CID11023" />
    </PatientPage>
  );
}
