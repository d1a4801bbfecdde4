// Journalled requests (filtered, paged) and every call the sandbox answered.
import type { JournalEntry } from '../../journal/journal-entry';
import { AdminForm, ConsolePage } from '../layout';
import type { RequestLogLine } from '../../http/request-log';
import { ChoiceField, ConsoleTable, InputField, LogTime, Paging } from '../components';

export function RequestRows(props: { entries: JournalEntry[] }) {
  return (
    <>
      {props.entries.map((e) => (
        <tr data-seq={e.seq}>
          <td>
            <LogTime at={e.atMs} />
          </td>
          <td>{e.clientId ?? '—'}</td>
          <td>
            {e.method} {e.path}
          </td>
          <td>{e.odsCode ?? '—'}</td>
          <td>{e.nhsNumber ?? '—'}</td>
          <td>{e.response.status}</td>
          <td>
            <strong>{e.outcome}</strong>
            <details data-seq={e.seq}>
              <summary>request and response</summary>
              <pre>{JSON.stringify({ request: e.request, response: e.response }, null, 2)}</pre>
            </details>
          </td>
        </tr>
      ))}
    </>
  );
}
export interface RequestsFilter {
  clientId: string;
  outcome: string;
  endpoint: string;
  start: number;
  callsStart: number;
}

export function RequestsPage(props: {
  filter: RequestsFilter;
  clients: string[];
  endpoints: readonly string[];
  entries: JournalEntry[];
  matching: number;
  pageSize: number;
  calls: RequestLogLine[];
  callCount: number;
  callsKept: number;
}) {
  const { filter } = props;
  const href = (change: Partial<RequestsFilter>) => {
    const next = { ...filter, ...change };
    const query = new URLSearchParams();
    if (next.clientId) query.set('client_id', next.clientId);
    if (next.outcome) query.set('outcome', next.outcome);
    if (next.endpoint) query.set('endpoint', next.endpoint);
    if (next.start) query.set('start', String(next.start));
    if (next.callsStart) query.set('calls_start', String(next.callsStart));
    return `/console/requests?${query.toString()}`;
  };
  return (
    <ConsolePage title="Requests" current="/console/requests">
      <h2>Specified endpoints (the conformance journal)</h2>
      <form method="get" action="/console/requests" class="field-row">
        <ChoiceField id="client_id" label="Client" all="all clients" choices={props.clients} current={filter.clientId} />
        <ChoiceField id="endpoint" label="Endpoint" all="all" choices={props.endpoints} current={filter.endpoint} />
        <InputField id="outcome" label="Outcome" width={10} value={filter.outcome} />
        <button class="nhsuk-button" type="submit">
          Filter
        </button>
      </form>
      <AdminForm
        action="/_sandbox/journal/reset"
        method="POST"
        label="Start a fresh journal"
        secondary
        confirm="Start a fresh journal? Every client's conformance evidence so far is forgotten."
      />
      <p class="muted">Newest first{filter.start === 0 ? '; new requests appear every 2 seconds' : ''}.</p>
      <ConsoleTable headings={['time (UK, real clock)', 'client', 'request', 'ODS code', 'NHS number', 'status', 'outcome']}>
        <tbody data-refresh={filter.start === 0 ? '2000' : undefined}>
          <RequestRows entries={props.entries} />
        </tbody>
      </ConsoleTable>
      <Paging start={filter.start} size={props.pageSize} total={props.matching} href={(start) => href({ start })} label="Journal pages" />
      <h2>Every call</h2>
      <p class="muted">
        Everything else the sandbox answered too — admin API, PDS, docs, claim pages — as the request log shows it (no bodies, queries or
        tokens), newest first; the last {props.callsKept} are kept in memory.
      </p>
      <ConsoleTable headings={['time (UK, real clock)', 'request', 'status', 'outcome', 'client', 'duration']} data-calls>
        <tbody>
          {props.calls.map((line) => (
            <tr>
              <td>
                <LogTime at={line.time} />
              </td>
              <td>
                {line.method} {line.path}
              </td>
              <td>{line.status}</td>
              <td>{line.outcome ?? '—'}</td>
              <td>{line.clientId ?? '—'}</td>
              <td>{line.durationMs} ms</td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
      <Paging
        start={filter.callsStart}
        size={props.pageSize}
        total={props.callCount}
        href={(callsStart) => href({ callsStart })}
        label="Pages of calls"
      />
    </ConsolePage>
  );
}
