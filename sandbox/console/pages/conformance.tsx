// Conformance reports, one per client with traffic.
import type { ConformanceReport } from '../../conformance/assess';
import { ConsolePage } from '../layout';
import { InputField } from '../components';
import { commandWithOptions } from '../../cli/command-names';

export function ConformancePage(props: { reports: ConformanceReport[]; asked?: string; unknown?: string }) {
  return (
    <ConsolePage title="Conformance" current="/console/conformance">
      <p>
        Each client's traffic judged against the specification. Run <code>{commandWithOptions('conformance')} --client &lt;id&gt;</code> for
        the same report in a terminal, JSON and JUnit.
      </p>
      <form method="get" action="/console/conformance" class="field-row">
        <InputField id="client" label="Report for a client id" width={20} value={props.asked ?? ''} />
        <button class="nhsuk-button" type="submit">
          Show the report
        </button>
      </form>
      {props.unknown && (
        <p class="error" role="alert" data-unknown-client>
          {props.unknown}
        </p>
      )}
      {props.reports.length === 0 && <p>No client has sent a request yet.</p>}
      <table class="console">
        <tbody>
          {props.reports.map((r) => (
            <tr data-client={r.clientId}>
              <td>
                <a href={`/_sandbox/conformance/${encodeURIComponent(r.clientId)}`}>{r.clientId}</a>
              </td>
              <td>
                <strong>{r.headline}</strong>
              </td>
              <td>
                {r.requests.token} token / {r.requests.provision} provision / {r.requests.signin} sign-in requests
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsolePage>
  );
}
