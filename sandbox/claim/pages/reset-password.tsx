import { PatientPage } from '../../ui/layout';
import { CLAIM_PATHS } from '../claim-paths';

/**
 * Where "reset your password" on the uplift's password page leads: the prototype's advice page
 * (reset-password/settings-password-advice.html) — passwords are reset in NHS login settings,
 * then the patient comes back and enters the new one. The sandbox emulates no settings service.
 */
export function ResetPasswordPage() {
  return (
    <PatientPage title="Reset your password">
      <a class="nhsuk-back-link" href={CLAIM_PATHS.password}>
        Back to: Enter your password
      </a>
      <h1>Reset your password</h1>
      <p>If you have forgotten your password you need to visit NHS login settings.</p>
      <p>To reset your password:</p>
      <ol class="nhsuk-list nhsuk-list--number">
        <li>Go to NHS login settings.</li>
        <li>Enter the email address you used to create your NHS login account.</li>
        <li>Select reset your password.</li>
      </ol>
      <p>We will send you an email with a link to reset your password.</p>
      <p>
        Go back and enter your new password. If you need to start again, use the link in the email we sent you to finish setting up your
        email.
      </p>
      <a href="https://settings.login.nhs.uk/" role="button" draggable="false" class="nhsuk-button">
        Go to NHS login settings
      </a>
      <div class="nhsuk-inset-text">
        <p>This is a sandbox: it has no NHS login settings service, so a seeded account's password cannot be reset here.</p>
      </div>
    </PatientPage>
  );
}
