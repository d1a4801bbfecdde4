import { PatientPage } from '../../ui/layout';
import type { FieldErrors } from '../journey-forms';
import { CLAIM_PATHS } from '../claim-paths';
import { ErrorMessage, JourneyForm, PageReference, toLinks, type View } from '../page-parts';
import { RecordSummary } from './record-shown';

/** The three answers, worded as the prototype's check-user/confirm-my-details.html (the comma included). */
export const DETAILS_ANSWER_LABELS = {
  yes: 'Yes, these are my details',
  no: 'No, these are not my details',
  'some-wrong': 'These are my details, but some are wrong',
} as const;

export function ConfirmDetailsPage(props: { view: View<'confirm-details'>; csrf: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <PatientPage title="Confirm your details" errors={toLinks(errors)}>
      <h1>Confirm your details</h1>
      <p>We found this NHS record using the information your GP surgery gave us.</p>
      <RecordSummary record={props.view} />
      <JourneyForm action={CLAIM_PATHS['confirm-details']} csrf={props.csrf}>
        <div class={`nhsuk-form-group${errors.answer ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset class="nhsuk-fieldset" aria-describedby={errors.answer ? 'answer-error' : undefined}>
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Are these your details?</legend>
            <ErrorMessage id="answer" message={errors.answer} />
            <div class="nhsuk-radios">
              {Object.entries(DETAILS_ANSWER_LABELS).map(([value, label], i) => (
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
 * "These are my details, but some are wrong" (prototype error/partial-details-match.html): the
 * details again, what to ask the GP surgery, then Continue to finish setting up — the journey goes on.
 */
export function DetailsAdvicePage(props: { view: View<'details-advice'>; csrf: string }) {
  return (
    <PatientPage title={DETAILS_ANSWER_LABELS['some-wrong']}>
      <h1>{DETAILS_ANSWER_LABELS['some-wrong']}</h1>
      <RecordSummary record={props.view} />
      <p>
        If your name is wrong, you should contact your GP surgery to update your details. They will also update these details on your NHS
        record.
      </p>
      <p>If all of these details are wrong, contact us and let us know.</p>
      <PageReference reference="CID11023" />
      <p>You can select Continue and finish setting up your account.</p>
      <JourneyForm action={CLAIM_PATHS['details-advice']} csrf={props.csrf} novalidate={false} />
    </PatientPage>
  );
}
