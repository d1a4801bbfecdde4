// Patient search and one patient's page: PDS record, NHS login account, invitations.
import type { NhsLoginAccount } from '../../accounts/account';
import type { PatientRecord } from '../../pds/patient';
import type { ProvisioningRecord } from '../../provisioning/provisioning-record';
import { nhsCalendarDate } from '../../text/nhs-dates';
import { outcomeCodes } from '../../provisioning/outcome-codes';
import { AdminForm, ConsolePage } from '../layout';
import { SummaryList } from '../../ui/summary-list';
import { ConsoleTable, InputField, fullName, when } from '../components';

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
        <ConsoleTable headings={['NHS number', 'name', 'date of birth', 'mobile', 'GP practice', 'flags']}>
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
        </ConsoleTable>
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
        <InputField id="mobile" label="Mobile (E.164; empty removes it)" width={20} value={patient.mobile ?? ''} data-nullable />
        <InputField
          id="deceasedDate"
          label="Date of death (YYYY-MM-DD; empty: alive)"
          width={10}
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
