import { PatientPage, TickIcon } from '../../ui/layout';
import { CLAIM_DONE_HEADING } from '../claim-stops';
import { type View } from '../page-parts';

/** The prototype's three completed steps (create-account/ and existing-uplift/steps-completed.html), the same for both kinds. */
const STEPS_DONE = ['Your GP has confirmed your identity', 'You entered a security code', 'You finished setting up your NHS login'];

/**
 * The end of the journey, worded as the prototype's steps-completed pages, laid out as the design
 * system's confirmation page: a panel with the outcome, then the steps done as a tick list, what
 * happens next (the confirmation email, named) and help.
 */
export function DonePage(props: { view: View<'done'> }) {
  return (
    <PatientPage title={CLAIM_DONE_HEADING}>
      <div class="nhsuk-panel">
        <h1 class="nhsuk-panel__heading">{CLAIM_DONE_HEADING}</h1>
        <div class="nhsuk-panel__body">
          You have passed our checks and can access the <strong>NHS App</strong>.
        </div>
      </div>
      <ul class="nhsuk-list nhsuk-list--tick">
        {STEPS_DONE.map((step) => (
          <li>
            <TickIcon />
            {step}
          </li>
        ))}
      </ul>
      <h2 class="nhsuk-heading-m">What happens next</h2>
      <p>
        We have sent you an email to confirm you have finished setting up your NHS login (to <strong>{props.view.email}</strong>).
      </p>
      <p>Make sure you download the NHS App if you haven't already.</p>
      <a href="https://www.nhsapp.service.nhs.uk/login" role="button" draggable="false" class="nhsuk-button">
        Continue to NHS App
      </a>
      <h2 class="nhsuk-heading-m">Help with NHS login</h2>
      <ul class="nhsuk-list nhsuk-list--bullet">
        <li>
          <a href="https://www.nhs.uk/nhs-services/online-services/nhs-login/websites-and-apps-you-can-access-with-nhs-login/">
            Find out more about the services you can access with NHS login
          </a>
        </li>
        <li>
          To change your NHS login details and password or delete your NHS login if you no longer want to use it,{' '}
          <a href="https://settings.login.nhs.uk/">visit settings</a>
        </li>
        <li>
          If you have technical issues, <a href="https://help.login.nhs.uk/">visit the NHS login help centre</a>
        </li>
      </ul>
    </PatientPage>
  );
}
