import { PatientPage } from '../../ui/layout';
import type { FieldErrors } from '../journey-forms';
import { CLAIM_PATHS } from '../claim-paths';
import { AttemptsLeft, describedBy, Field, JourneyForm, PageReference, ResendCodeForm, toLinks, type View } from '../page-parts';

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
      <JourneyForm action={CLAIM_PATHS['security-code']} csrf={props.csrf}>
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
      </JourneyForm>
      <ResendCodeForm csrf={props.csrf} label="Send the code again" secondary />
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

/** The prototype's error/expiredotp.html: the code is older than its lifetime; send a new one. */
export function CodeExpiredPage(props: { csrf: string; lifetime: string }) {
  return (
    <PatientPage title="Security code expired">
      <h1>Security code expired</h1>
      <p>It has been more than {props.lifetime} since we sent your security code.</p>
      <ResendCodeForm csrf={props.csrf} label="Send a new code" />
      <PageReference reference="CID1122" />
    </PatientPage>
  );
}
