// Signing in (OpenID Connect): who is signed in, the relying parties, and faults queued for them.
import type { QueuedSignInFault } from '../../signin/sign-in-faults';
import { SIGN_IN_FAULT_ENDPOINTS, SIGN_IN_FAULT_KINDS } from '../../signin/sign-in-faults';
import type { SignedInSession, relyingPartyOverview } from '../../signin/signed-in-sessions';
import { AUTHORIZATION_ERRORS } from '../../signin/authorization-request';
import { ConsoleTable, InputField, when } from '../components';
import { AdminForm, ConsolePage, Field } from '../layout';

export function SignInSessionsPage(props: {
  sessions: SignedInSession[];
  relyingParties: ReturnType<typeof relyingPartyOverview>[];
  faults: QueuedSignInFault[];
}) {
  return (
    <ConsolePage title="Signing in" current="/console/signing-in">
      <p>
        People signed in with NHS login through the sandbox (single sign-on sessions, on the sandbox clock), the services they sign in to,
        and faults those services must survive.
      </p>
      <h2>Who is signed in</h2>
      {props.sessions.length ? (
        <ConsoleTable headings={['person', 'NHS number', 'level', 'signed in with', 'since', 'until', 'action']} data-sessions>
          <tbody>
            {props.sessions.map((s) => (
              <tr data-session={s.id}>
                <td>{s.email ?? s.accountId}</td>
                <td>{s.nhsNumber ?? '—'}</td>
                <td>{s.level ?? '—'}</td>
                <td>{s.credentials.join(' + ')}</td>
                <td>{when(s.signedInAtMs)}</td>
                <td>{when(s.expiresAtMs)}</td>
                <td>
                  <AdminForm
                    action={`/_sandbox/signin-sessions/${s.id}`}
                    method="DELETE"
                    label="End session"
                    secondary
                    confirm={`End the session of ${s.email ?? s.accountId}? Their next sign-in asks for their password again.`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </ConsoleTable>
      ) : (
        <p data-sessions>Nobody is signed in.</p>
      )}
      <h2>Relying parties</h2>
      <ConsoleTable headings={['client id', 'name', 'redirect URIs', 'scopes it may be granted']} data-relying-parties>
        <tbody>
          {props.relyingParties.map((rp) => (
            <tr data-relying-party={rp.clientId}>
              <td>
                <code>{rp.clientId}</code>
              </td>
              <td>{rp.name}</td>
              <td>
                {rp.redirectUris.length ? (
                  <ul class="nhsuk-list">
                    {rp.redirectUris.map((uri) => (
                      <li>
                        <code>{uri}</code>
                      </li>
                    ))}
                  </ul>
                ) : (
                  'none: it cannot sign anyone in'
                )}
              </td>
              <td>{rp.scopes.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
      <h2>Sign-in faults</h2>
      {props.faults.length ? (
        <ConsoleTable headings={['endpoint', 'kind', 'error', 'calls left', 'delay']} data-signin-faults>
          <tbody>
            {props.faults.map((f) => (
              <tr data-signin-fault={f.id}>
                <td>{f.endpoint}</td>
                <td>{f.kind}</td>
                <td>{f.error ?? '—'}</td>
                <td>{f.remaining}</td>
                <td>{f.delay_ms === undefined ? '—' : `${f.delay_ms} ms`}</td>
              </tr>
            ))}
          </tbody>
        </ConsoleTable>
      ) : (
        <p data-signin-faults>No sign-in faults queued.</p>
      )}
      <AdminForm action="/_sandbox/signin-faults" method="POST" label="Queue fault">
        <Field id="fault-endpoint" label="Endpoint">
          <select class="nhsuk-select" id="fault-endpoint" name="endpoint">
            {SIGN_IN_FAULT_ENDPOINTS.map((endpoint) => (
              <option value={endpoint}>{endpoint}</option>
            ))}
          </select>
        </Field>
        <Field id="fault-kind" label="Kind">
          <select class="nhsuk-select" id="fault-kind" name="kind">
            {Object.entries(SIGN_IN_FAULT_KINDS).map(([endpoint, kinds]) => (
              <optgroup label={endpoint}>
                {kinds.map((kind) => (
                  <option value={kind}>{kind}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field id="fault-error" label="Error (error-redirect)">
          <select class="nhsuk-select" id="fault-error" name="error">
            <option value="">server_error (default)</option>
            {AUTHORIZATION_ERRORS.map((error) => (
              <option value={error}>{error}</option>
            ))}
          </select>
        </Field>
        <InputField id="fault-count" name="count" label="For how many calls (empty: 1)" width={5} type="number" min="1" />
        <InputField id="fault-delay" name="delay_ms" label="Delay (ms, for delay)" width={5} type="number" min="1" />
      </AdminForm>
      <AdminForm action="/_sandbox/signin-faults" method="DELETE" label="Clear sign-in faults" secondary />
    </ConsolePage>
  );
}
