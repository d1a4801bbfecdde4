import { PatientPage, TickIcon } from '../../ui/layout';
import { CLAIM_PATHS } from '../claim-paths';
import { JourneyForm, type View } from '../page-parts';

/**
 * The page the email link opens: the prototype's step list (check-user/steps-who.html) — done,
 * next step, last step. The prototype's page has no main heading; the sandbox's h1 is its own.
 */
export function StartPage(props: { view: View<'start'>; csrf: string }) {
  const create = props.view.kind === 'create';
  const heading = create ? 'Set up your NHS login' : 'Finish setting up your NHS login';
  return (
    <PatientPage title={heading}>
      <h1>{heading}</h1>
      <ul class="nhsuk-list nhsuk-list--tick">
        <li>
          <TickIcon />
          Your GP has confirmed your identity
        </li>
      </ul>
      <p class="nhsuk-u-margin-bottom-1">
        <strong>Next step</strong>
      </p>
      <h2 class="nhsuk-heading-m">Get a security code</h2>
      <p>We need to confirm it's you.</p>
      <p>We will send a 6 digit security code to the mobile phone number you used to register with your GP.</p>
      <JourneyForm action={CLAIM_PATHS.start} csrf={props.csrf} />
      <p class="nhsuk-u-margin-bottom-1">
        <strong>Last step</strong>
      </p>
      <h2 class="nhsuk-heading-m">Finish setting up your NHS login</h2>
      <p>
        {create
          ? 'Confirm the details we have for you are correct and enter a password to finish setting up.'
          : 'Confirm the details we have for you are correct and enter the password you set up with your NHS login account to finish setting up.'}
      </p>
    </PatientPage>
  );
}
