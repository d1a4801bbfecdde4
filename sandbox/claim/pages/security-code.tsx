import { PatientPage } from '../../ui/layout';
import type { FieldErrors } from '../journey-forms';
import { CLAIM_PATHS } from '../claim-paths';
import { AttemptsLeft, describedBy, Field, JourneyForm, ResendCodeForm, toLinks, type View } from '../page-parts';

/** The prototype's check-user/otp.html heading. */
export const SECURITY_CODE_HEADING = 'Enter the 6 digit security code';

export function SecurityCodePage(props: {
  view: View<'security-code'>;
  csrf: string;
  lockout: string;
  errors?: FieldErrors;
  resent?: boolean;
}) {
  const errors = props.errors ?? {};
  return (
    <PatientPage title={SECURITY_CODE_HEADING} errors={toLinks(errors)}>
      <h1>{SECURITY_CODE_HEADING}</h1>
      <AttemptsLeft left={props.view.attemptsLeft} what="security code" lockout={props.lockout} />
      {props.resent && (
        <div class="nhsuk-inset-text" role="status">
          <p>
            You have been sent a new security code.
            {props.view.sendsLeft !== undefined &&
              ` You can ask for a new code ${props.view.sendsLeft === 1 ? 'once more' : `${props.view.sendsLeft} more times`} before you have to wait ${props.lockout}.`}
          </p>
        </div>
      )}
      <p>
        We have sent a text to <strong>{props.view.maskedMobile}</strong>.
      </p>
      <p>This is the phone number that is registered with your GP surgery.</p>
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Not received your security code?</span>
        </summary>
        <div class="nhsuk-details__text">
          <p>When we are really busy, it may take a bit longer for your code to arrive.</p>
          <ResendCodeForm csrf={props.csrf} label="Send the security code again" secondary />
        </div>
      </details>
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">I do not recognise this number</span>
        </summary>
        <div class="nhsuk-details__text">
          <p>
            If you do not recognise this phone number or do not have access to your phone, you will need to update your records with your
            GP.
          </p>
        </div>
      </details>
      <JourneyForm action={CLAIM_PATHS['security-code']} csrf={props.csrf}>
        <Field id="code" label="Security code" hint="The code is 6 digits" error={errors.code}>
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
      </JourneyForm>
    </PatientPage>
  );
}

/** The prototype's error/expiredotp.html: the code is older than its lifetime; send a new one (its CID1122 line is commented out). */
export function CodeExpiredPage(props: { csrf: string; lifetime: string }) {
  return (
    <PatientPage title="Security code expired">
      <h1>Security code expired</h1>
      <p>The security code you entered has expired.</p>
      <p>It has been more than {props.lifetime} since it was sent.</p>
      <ResendCodeForm csrf={props.csrf} label="Send a new code" />
    </PatientPage>
  );
}
