// The sandbox clock (time travel) and fault injection.
import type { ActiveFault } from '../../provisioning/faults';
import { AdminForm, ConsolePage, Field } from '../layout';
import { ConsoleTable, InputField, when } from '../components';

export function ClockPage(props: { now: string; offsetSeconds: number; faults: ActiveFault[] }) {
  return (
    <ConsolePage title="Clock and faults" current="/console/clock">
      <p>
        Sandbox time: <strong data-sandbox-time={props.now}>{when(props.now)}</strong>{' '}
        {props.offsetSeconds === 0 ? '(real time)' : `(${(props.offsetSeconds / 3600).toFixed(2)} hours ahead of real time)`}
      </p>
      <p data-clock-rules>
        <strong>Moves with the sandbox clock:</strong> access-token lifetime, the 7-day pending rule, invitation expiry, rate-limit windows,
        security codes, claim lockouts and sessions. <strong>Stays on real time:</strong> client assertions' <code>exp</code>/
        <code>nbf</code>/<code>iat</code> and <code>jti</code> replay, because a GP system signs with its own clock: moving this clock never
        locks a GP system out, though a token it already holds expires.
      </p>
      {(
        [
          ['+1 hour', 3600],
          ['+1 day', 86_400],
          ['+7 days', 7 * 86_400],
        ] as const
      ).map(([label, seconds]) => (
        <AdminForm action="/_sandbox/clock" method="POST" json={{ advance_seconds: seconds }} label={label} />
      ))}
      <AdminForm action="/_sandbox/clock" method="POST" label="Advance">
        <InputField id="advance_hours" label="Custom (hours)" width={5} name="advance_seconds" type="number" step="any" data-scale="3600" />
      </AdminForm>
      <AdminForm action="/_sandbox/clock" method="POST" json={{ reset: true }} label="Back to real time" secondary />
      <h2>Faults</h2>
      {props.faults.length ? (
        <ConsoleTable headings={['kind', 'calls left', 'chance per call', 'delay']} data-faults>
          <tbody>
            {props.faults.map((f) => (
              <tr data-fault={f.id}>
                <td>{f.kind}</td>
                <td>{f.remaining ?? 'until cleared'}</td>
                <td>{f.probability ?? 1}</td>
                <td>{f.delay_ms === undefined ? '—' : `${f.delay_ms} ms`}</td>
              </tr>
            ))}
          </tbody>
        </ConsoleTable>
      ) : (
        <p data-faults>No active faults.</p>
      )}
      <AdminForm action="/_sandbox/faults" method="POST" label="Add fault">
        <Field id="kind" label="Kind">
          <select class="nhsuk-select" id="kind" name="kind">
            <option value="11000">11000 (service unavailable)</option>
            <option value="500">500 (server error)</option>
            <option value="delay">delay</option>
            <option value="drop">drop the connection</option>
          </select>
        </Field>
        <InputField id="count" label="For how many calls (empty: until cleared)" width={5} type="number" min="1" />
        <InputField
          id="probability"
          label="Chance per call (0–1; empty: every call)"
          width={5}
          type="number"
          min="0.01"
          max="1"
          step="0.01"
        />
        <InputField id="delay_ms" label="Delay (ms, for delay)" width={5} type="number" min="1" />
      </AdminForm>
      <AdminForm action="/_sandbox/faults" method="DELETE" label="Clear faults" secondary />
    </ConsolePage>
  );
}
