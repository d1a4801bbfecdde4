import type { TextMessage } from '../sms/sms-outbox';
import type { NhsLoginAccount } from '../accounts/account';
import type { JournalEntry } from '../journal/journal-entry';
import type { PatientRecord } from '../pds/patient';
import type { ProvisioningRecord } from '../provisioning/provisioning-record';
import { nhsCalendarDate, nhsDate, nhsDateTime } from '../text/nhs-dates';
import type { ActiveFault } from '../provisioning/faults';
import type { ConformanceReport } from '../conformance/assess';
import { outcomeCodes } from '../provisioning/outcome-codes';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import { claimStops } from '../claim/claim-stops';
import { AdminForm, ConsolePage, Field } from './layout';
import type { RequestLogLine } from '../http/request-log';

/** The console's pages: each takes the data it shows; routes.tsx gathers it. */
/** Dates the way the NHS writes them (UK time), from epoch milliseconds or ISO text. */
const when = (at: number | string) => nhsDateTime(typeof at === 'number' ? at : Date.parse(at));

/**
 * A log line's time: to the millisecond (ordering matters there, and the NHS style stops at
 * minutes), in UK time with the date in words, the exact instant in `datetime`.
 */
const logTimeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});
const LogTime = (props: { at: number | string }) => {
  const ms = typeof props.at === 'number' ? props.at : Date.parse(props.at);
  return <time datetime={new Date(ms).toISOString()}>{`${nhsDate(ms)} ${logTimeFormat.format(ms)}`}</time>;
};

/** The design system's summary list: one key and value per row. */
function SummaryList(props: { rows: readonly (readonly [string, string])[]; 'data-account'?: string; 'data-invitation'?: string }) {
  const { rows, ...data } = props;
  return (
    <dl class="nhsuk-summary-list" {...data}>
      {rows.map(([key, value]) => (
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">{key}</dt>
          <dd class="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
const fullName = (p: PatientRecord) => `${p.givenNames.join(' ')} ${p.familyName}`;
const curlFor = (baseUrl: string, body: unknown) =>
  `curl -s ${baseUrl}/provision-account -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;

/** A scenario row's two jobs: provision its request now (the answer shown in place) and follow the invitation it sent. */
function ScenarioActions(props: { id: string; email: string | undefined }) {
  return (
    <div class="row-actions">
      <AdminForm action={`/_sandbox/scenarios/${props.id}/provision`} method="POST" label="Provision now" secondary showAnswer />
      {props.email && <a href={`/console/claim-link?to=${encodeURIComponent(props.email)}`}>Open the claim link</a>}
    </div>
  );
}

export function ScenariosPage(props: {
  baseUrl: string;
  demoClientId: string;
  catalogue: PublishedCatalogue;
  patientFor: (nhs: string) => PatientRecord | undefined;
}) {
  return (
    <ConsolePage title="Scenarios" current="/">
      <p>
        Every outcome a GP system must handle, with the request that provokes it. Get a token with <code>npm run token</code> and put it in{' '}
        <code>$TOKEN</code>, or try a patient here with <strong>Provision now</strong> (as {props.demoClientId}, outside its conformance
        record) and follow the invitation with <strong>Open the claim link</strong>.
      </p>
      <AdminForm
        action="/_sandbox/reset"
        method="POST"
        label="Reset the sandbox"
        secondary
        confirm="Reset the sandbox? Patients, accounts, invitations, mail and texts go back to the seed data."
      />
      <table class="console">
        <thead>
          <tr>
            <th>outcome</th>
            <th>scenario</th>
            <th>patient</th>
            <th>NHS number</th>
            <th>date of birth</th>
            <th>mobile</th>
            <th>email</th>
            <th>ODS code</th>
          </tr>
        </thead>
        <tbody>
          {props.catalogue.provisioning.map((s) => {
            const patient = s.request.nhs_number === undefined ? undefined : props.patientFor(s.request.nhs_number);
            return (
              <tr data-scenario={s.id}>
                <td>
                  <strong>{s.expectedCode}</strong>
                  <br />
                  <span class="muted">HTTP {outcomeCodes[s.expectedCode].status}</span>
                </td>
                <td>
                  {s.title}
                  {s.arrange && <div class="muted">first: {s.arrange.replaceAll('-', ' ')}</div>}
                  <details>
                    <summary>request and curl</summary>
                    <pre id={`body-${s.id}`}>{JSON.stringify(s.request, null, 2)}</pre>
                    <button type="button" class="nhsuk-button nhsuk-button--secondary" data-copy={`body-${s.id}`}>
                      Copy body
                    </button>
                    <pre id={`curl-${s.id}`}>{curlFor(props.baseUrl, s.request)}</pre>
                    <button type="button" class="nhsuk-button nhsuk-button--secondary" data-copy={`curl-${s.id}`}>
                      Copy curl
                    </button>
                  </details>
                </td>
                <td>
                  {patient ? <a href={`/console/patients/${patient.nhsNumber}`}>{fullName(patient)}</a> : '—'}
                  <ScenarioActions id={s.id} email={s.request.email_address} />
                </td>
                <td>{s.request.nhs_number ?? '—'}</td>
                <td>{s.request.date_of_birth ?? '—'}</td>
                <td>{s.request.phone_number ?? '—'}</td>
                <td>{s.request.email_address ?? '—'}</td>
                <td>{s.request.ods_code ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Claiming journey</h2>
      <table class="console">
        <thead>
          <tr>
            <th>scenario</th>
            <th>invitation</th>
            <th>patient</th>
            <th>NHS number</th>
            <th>ends with</th>
          </tr>
        </thead>
        <tbody>
          {props.catalogue.claims.map((s) => (
            <tr data-claim-scenario={s.id}>
              <td>
                <code>{s.id}</code>: {s.title}
              </td>
              <td>{s.invitation}</td>
              <td>
                <a href={`/console/patients/${s.patient.nhsNumber}`}>{fullName(s.patient)}</a>
                <ScenarioActions id={s.id} email={s.patient.email} />
              </td>
              <td>{s.patient.nhsNumber}</td>
              <td>{s.expected === 'done' ? 'P9 account' : `${claimStops[s.expected].title} (${claimStops[s.expected].reference})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsolePage>
  );
}

export function PatientsPage(props: { query: string; results: PatientRecord[] }) {
  return (
    <ConsolePage title="Patients" current="/console/patients">
      <form method="get" action="/console/patients">
        <label class="nhsuk-label" for="q">
          NHS number or name
        </label>
        <input class="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="search" value={props.query} />{' '}
        <button class="nhsuk-button" type="submit">
          Search
        </button>
      </form>
      {props.query && (
        <table class="console">
          <thead>
            <tr>
              <th>NHS number</th>
              <th>name</th>
              <th>date of birth</th>
              <th>mobile</th>
              <th>GP practice</th>
              <th>flags</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((p) => (
              <tr>
                <td>
                  <a href={`/console/patients/${p.nhsNumber}`}>{p.nhsNumber}</a>
                </td>
                <td>{fullName(p)}</td>
                <td>{p.birthDate}</td>
                <td>{p.mobile ?? '—'}</td>
                <td>{p.gpOdsCode}</td>
                <td>
                  {[p.deceasedDate && 'deceased', p.restricted && 'restricted', p.supersededBy && `superseded by ${p.supersededBy}`]
                    .filter(Boolean)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.query && props.results.length === 0 && <p>No patient matches “{props.query}”.</p>}
    </ConsolePage>
  );
}

export function PatientDetailPage(props: {
  patient: PatientRecord;
  account: NhsLoginAccount | undefined;
  provisionings: ProvisioningRecord[];
  /** What Users Endpoint V2 answers a client with every scope for this NHS number. */
  usersView: { filter: string; answer: unknown };
}) {
  const { patient, account } = props;
  return (
    <ConsolePage title={fullName(patient)} current="/console/patients">
      <h2>PDS record</h2>
      <SummaryList
        rows={[
          ['NHS number', patient.nhsNumber],
          ['Name', fullName(patient)],
          ['Date of birth', nhsCalendarDate(patient.birthDate)],
          ['Email', patient.email ?? '—'],
          ['Mobile', patient.mobile ?? '—'],
          ['GP practice (ODS code)', patient.gpOdsCode],
          ['Date of death', patient.deceasedDate ? nhsCalendarDate(patient.deceasedDate) : '—'],
          ['Restricted', patient.restricted ? 'Yes' : 'No'],
          ['Superseded by', patient.supersededBy ?? '—'],
        ]}
      />
      <h3>Change test-relevant fields</h3>
      <AdminForm action={`/_sandbox/pds/patients/${patient.nhsNumber}`} method="PATCH" label="Save changes">
        <Field id="mobile" label="Mobile (E.164; empty removes it)">
          <input class="nhsuk-input nhsuk-input--width-20" id="mobile" name="mobile" value={patient.mobile ?? ''} data-nullable />
        </Field>
        <Field id="deceasedDate" label="Date of death (YYYY-MM-DD; empty: alive)">
          <input
            class="nhsuk-input nhsuk-input--width-10"
            id="deceasedDate"
            name="deceasedDate"
            value={patient.deceasedDate ?? ''}
            data-nullable
          />
        </Field>
        <div class="nhsuk-checkboxes__item spaced">
          <input class="nhsuk-checkboxes__input" id="restricted" name="restricted" type="checkbox" checked={patient.restricted} />
          <label class="nhsuk-label nhsuk-checkboxes__label" for="restricted">
            Restricted record
          </label>
        </div>
      </AdminForm>
      <h2>NHS login account</h2>
      {account ? (
        <SummaryList
          data-account={account.id}
          rows={[
            ['Account id', account.id],
            ['Identity level', account.identityLevel],
            ['Status', account.status],
            ['Email', account.email],
            ['Mobile', account.mobile ?? '—'],
            ['Created', when(account.createdAt)],
            ['Updated', when(account.updatedAt)],
          ]}
        />
      ) : (
        <p>No NHS login account.</p>
      )}
      <h2>Invitations (provisioning requests)</h2>
      {props.provisionings.length === 0 && <p>None.</p>}
      {props.provisionings.map((record) => (
        <SummaryList
          data-invitation={record.id}
          rows={[
            ['Provisioning id', record.id],
            ['Outcome', `${record.outcome} (${outcomeCodes[record.outcome].description})`],
            ['State', record.claimedAtMs ? `claimed ${when(record.claimedAtMs)}` : `expires ${when(record.expiresAtMs)}`],
            ['Requested', when(record.createdAtMs)],
            ['By client', record.clientId],
            ['ODS code', record.odsCode],
            ['Email', record.email],
          ]}
        />
      ))}
      <h2>Users Endpoint V2 view</h2>
      <p>
        What <code>GET /v2/Users?filter={props.usersView.filter}</code> answers a GP system approved for every scope:
      </p>
      <pre data-users-view>{JSON.stringify(props.usersView.answer, null, 2)}</pre>
    </ConsolePage>
  );
}

export interface ConsoleEmail {
  id: string;
  to: string;
  subject: string;
  created: string;
  links: string[];
}

export function OutboxPage(props: { to: string; emails: ConsoleEmail[]; texts: TextMessage[]; inboxUrl: string; version: string }) {
  return (
    <ConsolePage title="Outbox" current="/console/outbox">
      <div data-live-version={props.version}>
        <form method="get" action="/console/outbox" class="field-row">
          <Field id="to" label="Recipient (email or mobile)">
            <input class="nhsuk-input nhsuk-input--width-20" id="to" name="to" value={props.to} />
          </Field>
          <button class="nhsuk-button" type="submit">
            Filter
          </button>
        </form>
        <p class="muted">
          Refreshes by itself when mail or a text arrives. Every message, with its headers and raw source, is also in the{' '}
          <a href={`${props.inboxUrl}/`}>mail capture's inbox</a>.
        </p>
        <AdminForm action="/_sandbox/mail" method="DELETE" label="Clear emails" secondary />
        <AdminForm action="/_sandbox/sms" method="DELETE" label="Clear text messages" secondary />
        <h2>Text messages ({props.texts.length})</h2>
        <table class="console">
          <thead>
            <tr>
              <th>sent</th>
              <th>to</th>
              <th>message</th>
            </tr>
          </thead>
          <tbody>
            {props.texts.map((t) => (
              <tr data-sms>
                <td>
                  <LogTime at={t.sentAt} />
                </td>
                <td>{t.to}</td>
                <td>{t.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Emails ({props.emails.length})</h2>
        {props.emails.map((e) => (
          <section data-email={e.id}>
            <h3>{e.subject}</h3>
            <p class="muted">
              to {e.to} · {when(e.created)}
            </p>
            {e.links.map((link) => (
              <p>
                Link: <a href={link}>{link}</a>
              </p>
            ))}
            <p class="row-actions">
              <a href={`${props.inboxUrl}/view/${e.id}?view=headers`}>Headers</a>
              <a href={`${props.inboxUrl}/view/${e.id}?view=raw`}>Raw source</a>
            </p>
            <iframe class="email" title={`Email: ${e.subject}`} sandbox="" src={`/console/outbox/${e.id}/html`}></iframe>
            <AdminForm action={`/_sandbox/mail/${e.id}`} method="DELETE" label="Delete this email" secondary />
          </section>
        ))}
      </div>
    </ConsolePage>
  );
}

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

/** Links to the newer and older pages of a newest-first list. */
function Paging(props: { start: number; size: number; total: number; href: (start: number) => string; label: string }) {
  const { start, size, total } = props;
  if (total <= size) return null;
  return (
    <nav class="row-actions" aria-label={props.label}>
      <span>
        {start + 1}–{Math.min(start + size, total)} of {total}
      </span>
      {start > 0 && <a href={props.href(Math.max(0, start - size))}>Newer</a>}
      {start + size < total && <a href={props.href(start + size)}>Older</a>}
    </nav>
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
        <Field id="client_id" label="Client">
          <select class="nhsuk-select" id="client_id" name="client_id">
            <option value="">all clients</option>
            {props.clients.map((id) => (
              <option value={id} selected={id === filter.clientId}>
                {id}
              </option>
            ))}
          </select>
        </Field>
        <Field id="endpoint" label="Endpoint">
          <select class="nhsuk-select" id="endpoint" name="endpoint">
            <option value="">all</option>
            {props.endpoints.map((endpoint) => (
              <option value={endpoint} selected={endpoint === filter.endpoint}>
                {endpoint}
              </option>
            ))}
          </select>
        </Field>
        <Field id="outcome" label="Outcome">
          <input class="nhsuk-input nhsuk-input--width-10" id="outcome" name="outcome" value={filter.outcome} />
        </Field>
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
      <table class="console">
        <thead>
          <tr>
            <th>time (UK, real clock)</th>
            <th>client</th>
            <th>request</th>
            <th>ODS code</th>
            <th>NHS number</th>
            <th>status</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody data-refresh={filter.start === 0 ? '2000' : undefined}>
          <RequestRows entries={props.entries} />
        </tbody>
      </table>
      <Paging start={filter.start} size={props.pageSize} total={props.matching} href={(start) => href({ start })} label="Journal pages" />
      <h2>Every call</h2>
      <p class="muted">
        Everything else the sandbox answered too — admin API, PDS, docs, claim pages — as the request log shows it (no bodies, queries or
        tokens), newest first; the last {props.callsKept} are kept in memory.
      </p>
      <table class="console" data-calls>
        <thead>
          <tr>
            <th>time (UK, real clock)</th>
            <th>request</th>
            <th>status</th>
            <th>outcome</th>
            <th>client</th>
            <th>duration</th>
          </tr>
        </thead>
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
      </table>
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
        <Field id="advance_hours" label="Custom (hours)">
          <input
            class="nhsuk-input nhsuk-input--width-5"
            id="advance_hours"
            name="advance_seconds"
            type="number"
            step="any"
            data-scale="3600"
          />
        </Field>
      </AdminForm>
      <AdminForm action="/_sandbox/clock" method="POST" json={{ reset: true }} label="Back to real time" secondary />
      <h2>Faults</h2>
      {props.faults.length ? (
        <table class="console" data-faults>
          <thead>
            <tr>
              <th>kind</th>
              <th>calls left</th>
              <th>chance per call</th>
              <th>delay</th>
            </tr>
          </thead>
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
        </table>
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
        <Field id="count" label="For how many calls (empty: until cleared)">
          <input class="nhsuk-input nhsuk-input--width-5" id="count" name="count" type="number" min="1" />
        </Field>
        <Field id="probability" label="Chance per call (0–1; empty: every call)">
          <input
            class="nhsuk-input nhsuk-input--width-5"
            id="probability"
            name="probability"
            type="number"
            min="0.01"
            max="1"
            step="0.01"
          />
        </Field>
        <Field id="delay_ms" label="Delay (ms, for delay)">
          <input class="nhsuk-input nhsuk-input--width-5" id="delay_ms" name="delay_ms" type="number" min="1" />
        </Field>
      </AdminForm>
      <AdminForm action="/_sandbox/faults" method="DELETE" label="Clear faults" secondary />
    </ConsolePage>
  );
}

export function ConformancePage(props: { reports: ConformanceReport[]; asked?: string; unknown?: string }) {
  return (
    <ConsolePage title="Conformance" current="/console/conformance">
      <p>
        Each client's traffic judged against the specification. Run <code>npm run conformance -- --client &lt;id&gt;</code> for the same
        report in a terminal, JSON and JUnit.
      </p>
      <form method="get" action="/console/conformance" class="field-row">
        <Field id="client" label="Report for a client id">
          <input class="nhsuk-input nhsuk-input--width-20" id="client" name="client" value={props.asked ?? ''} />
        </Field>
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
                {r.requests.token} token / {r.requests.provision} provision requests
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsolePage>
  );
}

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
