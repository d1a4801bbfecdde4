import { PatientPage } from '../../ui/layout';

/** 429 when password work is refused (issue #28): this session already has one in hand, or the sandbox has too many. */
export function BusyPage() {
  return (
    <PatientPage title="Your password is still being checked">
      <h1>Your password is still being checked</h1>
      <p>We are already working on a password you sent, or too many people are sending one at once. Nothing has been changed.</p>
      <p>Wait a few seconds, then go back and send it once more.</p>
    </PatientPage>
  );
}
