import { PatientPage, TickIcon } from '../../ui/layout';
import { CLAIM_DONE_HEADINGS } from '../claim-stops';
import { type View } from '../page-parts';

/**
 * The end of the journey, after the design system's confirmation page: a panel with the outcome and
 * where the confirmation went, then what the patient did as a tick list (the prototype's three
 * completed steps, existing-uplift/steps-completed.html).
 */
export function DonePage(props: { view: View<'done'> }) {
  const heading = CLAIM_DONE_HEADINGS[props.view.kind];
  const steps = [
    'Your GP surgery confirmed your identity',
    'You entered a security code',
    props.view.kind === 'create' ? 'You created a password' : 'You signed in with your existing NHS login',
  ];
  return (
    <PatientPage title={heading}>
      <div class="nhsuk-panel">
        <h1 class="nhsuk-panel__heading">{heading}</h1>
        <div class="nhsuk-panel__body">
          We have sent a confirmation email to <strong>{props.view.email}</strong>
        </div>
      </div>
      <h2 class="nhsuk-heading-m">What you have done</h2>
      <ul class="nhsuk-list nhsuk-list--tick">
        {steps.map((step) => (
          <li>
            <TickIcon />
            {step}
          </li>
        ))}
      </ul>
      <h2 class="nhsuk-heading-m">What happens next</h2>
      <p>You can now use your NHS login with the NHS App and other NHS websites and apps.</p>
      <p>
        <a href="https://www.nhsapp.service.nhs.uk/">Go to the NHS App</a>
      </p>
    </PatientPage>
  );
}
