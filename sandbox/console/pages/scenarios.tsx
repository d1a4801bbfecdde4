// The console's home: the scenario catalogue, each scenario provisioned now or its claim link opened.
import type { PatientRecord } from '../../pds/patient';
import { outcomeCodes } from '../../provisioning/outcome-codes';
import type { PublishedCatalogue } from '../../catalogue/published-catalogue';
import { claimStops } from '../../claim/claim-stops';
import { AdminForm, ConsolePage } from '../layout';
import { ConsoleTable, fullName } from '../components';
import { ClaimLinkForm } from '../claim-link';
import { commandFor } from '../../cli/command-names';

const PROVISIONING_HEADINGS = ['outcome', 'scenario', 'patient', 'NHS number', 'date of birth', 'mobile', 'ODS code', 'email'];

const curlFor = (baseUrl: string, body: unknown) =>
  `curl -s ${baseUrl}/provision-account -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;

/**
 * A scenario row's two jobs: provision its request now (the answer shown in place) and follow the
 * invitation it sent. Behind "Actions" so a phone's card stays a few lines long; on a wide screen
 * the console's script opens it, so the buttons sit in the row as before (closed without script).
 */
function ScenarioActions(props: { id: string; email: string | undefined }) {
  return (
    <details class="row-actions-toggle" data-open-wide>
      <summary>Actions</summary>
      <div class="row-actions">
        <AdminForm action={`/_sandbox/scenarios/${props.id}/provision`} method="POST" label="Provision now" secondary showAnswer />
        {props.email && <ClaimLinkForm email={props.email} />}
      </div>
    </details>
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
        Every outcome a GP system must handle, with the request that provokes it. Get a token with <code>{commandFor('token')}</code> and
        put it in <code>$TOKEN</code>, or try a patient here with <strong>Provision now</strong> (as {props.demoClientId}, outside its
        conformance record) and follow the invitation with <strong>Open the claim link</strong>.
      </p>
      <AdminForm
        action="/_sandbox/reset"
        method="POST"
        label="Reset the sandbox"
        secondary
        confirm="Reset the sandbox? Patients, accounts, invitations, mail and texts go back to the seed data."
      />
      <ConsoleTable stacked headings={PROVISIONING_HEADINGS}>
        <tbody>
          {props.catalogue.provisioning.map((s) => {
            const patient = s.request.nhs_number === undefined ? undefined : props.patientFor(s.request.nhs_number);
            return (
              <tr data-scenario={s.id}>
                <td data-label="outcome" class="card-inline">
                  <strong>{s.expectedCode}</strong> <span class="muted status">HTTP {outcomeCodes[s.expectedCode].status}</span>
                </td>
                <td data-label="scenario" class="card-flow">
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
                <td data-label="patient" class="card-inline">
                  {patient ? <a href={`/console/patients/${patient.nhsNumber}`}>{fullName(patient)}</a> : '—'}
                  <ScenarioActions id={s.id} email={s.request.email_address} />
                </td>
                <td data-label="NHS number" data-card-label="NHS no." class="nowrap" data-unbroken>
                  {s.request.nhs_number ?? '—'}
                </td>
                <td data-label="date of birth" data-card-label="born" class="nowrap" data-unbroken>
                  {s.request.date_of_birth ?? '—'}
                </td>
                <td data-label="mobile" class="nowrap" data-unbroken>
                  {s.request.phone_number ?? '—'}
                </td>

                <td data-label="ODS code" data-card-label="ODS" class="nowrap">
                  {s.request.ods_code ?? '—'}
                </td>
                <td data-label="email" class="card-inline">
                  {s.request.email_address ?? '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </ConsoleTable>
      <h2>Claiming journey</h2>
      <ConsoleTable stacked headings={['scenario', 'invitation', 'patient', 'NHS number', 'ends with']}>
        <tbody>
          {props.catalogue.claims.map((s) => (
            <tr data-claim-scenario={s.id}>
              <td data-label="scenario" class="card-flow">
                <code>{s.id}</code>: {s.title}
              </td>
              <td data-label="invitation" class="card-inline">
                {s.invitation}
              </td>
              <td data-label="patient" class="card-inline">
                <a href={`/console/patients/${s.patient.nhsNumber}`}>{fullName(s.patient)}</a>
                <ScenarioActions id={s.id} email={s.patient.email} />
              </td>
              <td data-label="NHS number" data-card-label="NHS no." class="nowrap">
                {s.patient.nhsNumber}
              </td>
              <td data-label="ends with" class="card-inline">
                {s.expected === 'done'
                  ? 'P9 account'
                  : `${claimStops[s.expected].title} (${claimStops[s.expected].reference ?? 'no reference shown'})`}
              </td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
    </ConsolePage>
  );
}
