import { ConsolePage } from '../layout';

/** "Open the claim link" before any invitation went to this address. */
export function NoInvitationPage(props: { to: string }) {
  return (
    <ConsolePage title="No invitation yet" current="/">
      <p>
        No invitation email to <strong>{props.to || '(no address given)'}</strong> has been captured. Provision the patient first (
        <strong>Provision now</strong> on the scenario), then open the claim link.
      </p>
      <p>
        <a href="/">Back to the scenarios</a>
      </p>
    </ConsolePage>
  );
}
