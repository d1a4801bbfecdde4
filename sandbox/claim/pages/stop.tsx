import { nhsDateTime } from '../../text/nhs-dates';
import { PatientPage } from '../../ui/layout';
import type { RecordShown } from '../claim-journeys';
import { claimStops, type ClaimStopId, type StopDurations } from '../claim-stops';
import { CHANGE_ANSWER_PATH } from '../claim-paths';
import { Csrf } from '../page-parts';
import { RecordSummary } from './record-shown';

export function StopPage(props: {
  stop: ClaimStopId;
  durations: StopDurations;
  lockedUntilMs?: number | undefined;
  /** The record the patient said is not theirs, shown again (prototype error/wrong-details.html). */
  record?: RecordShown | undefined;
  csrf?: string;
}) {
  const stop = claimStops[props.stop];
  return (
    <PatientPage title={stop.title}>
      <h1>{stop.title}</h1>
      {props.record && <RecordSummary record={props.record} />}
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
      {stop.reference !== null && (
        <p class="nhsuk-body-s">
          Reference: <strong data-reference>{stop.reference}</strong>
        </p>
      )}
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
