import { PatientPage } from '../../ui/layout';
import { CLAIM_PATHS } from '../claim-paths';
import { JourneyForm, type View } from '../page-parts';

export function StartPage(props: { view: View<'start'>; csrf: string }) {
  const create = props.view.kind === 'create';
  return (
    <PatientPage title={create ? 'Set up your NHS login' : 'Finish setting up your NHS login'}>
      <h1>{create ? 'Set up your NHS login' : 'Finish setting up your NHS login'}</h1>
      <p>{props.view.practiceName} has confirmed your identity, so you do not need to prove who you are again.</p>
      <p>We will send a security code to the mobile number on your NHS record.</p>
      {create ? (
        <p>Then you will check your details and create a password.</p>
      ) : (
        <p>Then you will check your details and enter the password of your existing NHS login.</p>
      )}
      <JourneyForm action={CLAIM_PATHS.start} csrf={props.csrf} />
    </PatientPage>
  );
}
