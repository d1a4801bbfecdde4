// The console's sign-in, when the sandbox is reachable beyond this machine.
import { ConsolePage } from '../layout';

export function SignInPage(props: { failed?: boolean }) {
  return (
    <ConsolePage title="Sign in to the console" current="">
      <p>
        This sandbox is reachable beyond this machine, so its console and admin API need the admin token it was started with (ADMIN_TOKEN).
      </p>
      {props.failed && <p class="error">That is not the admin token.</p>}
      <form method="post" action="/console/sign-in">
        <label class="nhsuk-label" for="token">
          Admin token
        </label>
        <input class="nhsuk-input nhsuk-input--width-20" id="token" name="token" type="password" autocomplete="off" />{' '}
        <button class="nhsuk-button" type="submit">
          Sign in
        </button>
      </form>
    </ConsolePage>
  );
}
