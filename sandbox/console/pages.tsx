import type { TextMessage } from '../sms/sms-outbox';
import type { NhsLoginAccount } from '../accounts/account';
import type { JournalEntry } from '../journal/journal-entry';
import type { PatientRecord } from '../pds/patient';
import { publishedRecord, type ProvisioningRecord } from '../provisioning/provisioning-record';
import type { ActiveFault } from '../provisioning/faults';
import type { ConformanceReport } from '../conformance/assess';
import { outcomeCodes } from '../provisioning/outcome-codes';
import type { PublishedCatalogue } from '../catalogue/published-catalogue';
import { claimStops } from '../claim/claim-stops';
import { AdminForm, ConsolePage } from './layout';

/** The console's pages: each takes the data it shows; routes.tsx gathers it. */
const fullName = (p: PatientRecord) => `${p.givenNames.join(' ')} ${p.familyName}`;
const curlFor = (baseUrl: string, body: unknown) =>
  `curl -s ${baseUrl}/provision-account -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;

export function ScenariosPage(props: {
  baseUrl: string;
  catalogue: PublishedCatalogue;
  patientFor: (nhs: string) => PatientRecord | undefined;
}) {
  return (
    <ConsolePage title="Scenarios" current="/">
      <p>
        Every outcome a GP system must handle, with the request that provokes it. Get a token with <code>npm run token</code> and put it in{' '}
        <code>$TOKEN</code>.
      </p>
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
                <td>{patient ? <a href={`/console/patients/${patient.nhsNumber}`}>{fullName(patient)}</a> : '—'}</td>
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
              <td>{fullName(s.patient)}</td>
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
      <pre>{JSON.stringify(patient, null, 2)}</pre>
      <h3>Change test-relevant fields</h3>
      <AdminForm action={`/_sandbox/pds/patients/${patient.nhsNumber}`} method="PATCH" label="Save changes">
        <label class="nhsuk-label" for="mobile">
          Mobile (E.164; empty removes it)
        </label>
        <input class="nhsuk-input nhsuk-input--width-20" id="mobile" name="mobile" value={patient.mobile ?? ''} data-nullable />
        <label class="nhsuk-label" for="deceasedDate">
          Date of death (YYYY-MM-DD; empty: alive)
        </label>
        <input
          class="nhsuk-input nhsuk-input--width-10"
          id="deceasedDate"
          name="deceasedDate"
          value={patient.deceasedDate ?? ''}
          data-nullable
        />
        <div class="nhsuk-checkboxes__item spaced">
          <input class="nhsuk-checkboxes__input" id="restricted" name="restricted" type="checkbox" checked={patient.restricted} />
          <label class="nhsuk-label nhsuk-checkboxes__label" for="restricted">
            Restricted record
          </label>
        </div>
      </AdminForm>
      <h2>NHS login account</h2>
      {account ? <pre>{JSON.stringify({ ...account, passwordHash: undefined }, null, 2)}</pre> : <p>No NHS login account.</p>}
      <h2>Provisioning requests</h2>
      {props.provisionings.length ? <pre>{JSON.stringify(props.provisionings.map(publishedRecord), null, 2)}</pre> : <p>None.</p>}
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
  html: string;
  links: string[];
}

export function OutboxPage(props: { to: string; emails: ConsoleEmail[]; texts: TextMessage[] }) {
  return (
    <ConsolePage title="Outbox" current="/console/outbox">
      <form method="get" action="/console/outbox">
        <label class="nhsuk-label" for="to">
          Recipient (email or mobile)
        </label>
        <input class="nhsuk-input nhsuk-input--width-20" id="to" name="to" value={props.to} />{' '}
        <button class="nhsuk-button" type="submit">
          Filter
        </button>
      </form>
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
              <td>{t.sentAt}</td>
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
            to {e.to} · {e.created}
          </p>
          {e.links.map((link) => (
            <p>
              Link: <a href={link}>{link}</a>
            </p>
          ))}
          <iframe
            class="email"
            title={`Email: ${e.subject}`}
            sandbox="allow-popups allow-top-navigation-by-user-activation"
            srcdoc={`<base target="_top">${e.html}`}
          ></iframe>
        </section>
      ))}
    </ConsolePage>
  );
}

export function RequestRows(props: { entries: JournalEntry[] }) {
  return (
    <>
      {props.entries.map((e) => (
        <tr data-seq={e.seq}>
          <td>{e.at}</td>
          <td>{e.clientId ?? '—'}</td>
          <td>
            {e.method} {e.path}
          </td>
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

export function RequestsPage(props: { clientId: string; outcome: string; clients: string[]; entries: JournalEntry[] }) {
  return (
    <ConsolePage title="Requests" current="/console/requests">
      <form method="get" action="/console/requests">
        <label class="nhsuk-label" for="client_id">
          Client
        </label>
        <select class="nhsuk-select" id="client_id" name="client_id">
          <option value="">all clients</option>
          {props.clients.map((id) => (
            <option value={id} selected={id === props.clientId}>
              {id}
            </option>
          ))}
        </select>{' '}
        <label class="nhsuk-label inline-label" for="outcome">
          Outcome
        </label>{' '}
        <input class="nhsuk-input nhsuk-input--width-10" id="outcome" name="outcome" value={props.outcome} />{' '}
        <button class="nhsuk-button" type="submit">
          Filter
        </button>
      </form>
      <p class="muted">Newest first; refreshes every 2 seconds.</p>
      <table class="console">
        <thead>
          <tr>
            <th>time (sandbox)</th>
            <th>client</th>
            <th>request</th>
            <th>status</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody data-refresh="2000">
          <RequestRows entries={props.entries} />
        </tbody>
      </table>
    </ConsolePage>
  );
}

export function ClockPage(props: { now: string; offsetSeconds: number; faults: ActiveFault[] }) {
  return (
    <ConsolePage title="Clock and faults" current="/console/clock">
      <p>
        Sandbox time: <strong data-sandbox-time>{props.now}</strong>{' '}
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
        <label class="nhsuk-label" for="advance_hours">
          Custom (hours)
        </label>
        <input
          class="nhsuk-input nhsuk-input--width-5"
          id="advance_hours"
          name="advance_seconds"
          type="number"
          step="any"
          data-scale="3600"
        />{' '}
      </AdminForm>
      <AdminForm action="/_sandbox/clock" method="POST" json={{ reset: true }} label="Back to real time" secondary />
      <h2>Faults</h2>
      {props.faults.length ? <pre data-faults>{JSON.stringify(props.faults, null, 2)}</pre> : <p data-faults>No active faults.</p>}
      <AdminForm action="/_sandbox/faults" method="POST" label="Add fault">
        <label class="nhsuk-label" for="kind">
          Kind
        </label>
        <select class="nhsuk-select" id="kind" name="kind">
          <option value="11000">11000 (service unavailable)</option>
          <option value="500">500 (server error)</option>
          <option value="delay">delay</option>
          <option value="drop">drop the connection</option>
        </select>{' '}
        <label class="nhsuk-label" for="count">
          For how many calls (empty: until cleared)
        </label>
        <input class="nhsuk-input nhsuk-input--width-5" id="count" name="count" type="number" min="1" />
        <label class="nhsuk-label" for="delay_ms">
          Delay (ms, for delay)
        </label>
        <input class="nhsuk-input nhsuk-input--width-5" id="delay_ms" name="delay_ms" type="number" min="1" />{' '}
      </AdminForm>
      <AdminForm action="/_sandbox/faults" method="DELETE" label="Clear faults" secondary />
    </ConsolePage>
  );
}

export function ConformancePage(props: { reports: ConformanceReport[] }) {
  return (
    <ConsolePage title="Conformance" current="/console/conformance">
      <p>
        Each client's traffic judged against the specification. Run <code>npm run conformance -- --client &lt;id&gt;</code> for the same
        report in a terminal, JSON and JUnit.
      </p>
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
