import { NhsLoginAccount } from '../accounts/account';
import { CalendarDate, PatientRecord } from '../pds/patient';
import type { Practice } from '../provisioning/practice';
import type { GpLinkage, PublishedGpLinkages } from '../users/gp-linkages';
import { readCsv, type CsvRow } from './csv';

/**
 * NHS login's published test data (fixtures/test-data), sheet by sheet, turned into what the
 * sandbox holds: PDS records, NHS login accounts, practices and IM1 linkage. Where a row is
 * something the sandbox would refuse, the choice made here is the one docs/test-data.md ("Where the published data break the sandbox's rules")
 * lists (each marked "Decision" below), so a supplier can see what differs from the sheet.
 */
export interface PublishedSheets {
  /** `*--nhs-login-(user-)accounts.csv`: email, password, OTP, IM1, proofing level, NHS number, names, date of birth… */
  accounts: string;
  /** `integration-test-data--patients.csv`: PDS patients (integration only). */
  patients?: string;
  /** `integration-test-data--nam-stub.csv`: IM1 linkage records (integration only). */
  namStub?: string;
}

export interface PublishedTestData {
  patients: PatientRecord[];
  accounts: NhsLoginAccount[];
  practices: Practice[];
  gpLinkages: PublishedGpLinkages;
}

/** What the sandbox needs besides the sheets: how each account id starts, the hash of the published password. */
export interface PublishedDataSettings {
  environment: 'sandpit' | 'integration';
  /** The scrypt hash of a published password; throws for a password it does not know. */
  passwordHash: (password: string) => string;
  /** Practices the sandbox already knows (the published data's codes that are not among them are added). */
  knownPractices: readonly string[];
}

/**
 * Decision: NHS login publishes one mobile for all its sandpit accounts and none for its integration
 * accounts and patients; the sandbox gives that same number to every identity the sheets leave
 * without one, so a GP system can send the mobile PDS holds and the texted-code steps have a number.
 */
export const PUBLISHED_MOBILE = '+447887510887';

/** Decision: an integration account whose NHS number the patients sheet lacks is registered at the practice its patients are at. */
const INTEGRATION_PRACTICE = 'B85036';
/** When the published accounts are dated: the newer sheet's last revision (integration v1.5). */
const STAMP = '2022-11-24T00:00:00.000Z';

/** Decision: dates are typed two ways in the sheets (`YYYY-MM-DD` and `DD/MM/YYYY`); both are read. */
export function publishedDate(text: string): string | undefined {
  const day = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const iso = day ? `${day[3]}-${day[2]}-${day[1]}` : text;
  return CalendarDate.safeParse(iso).success ? iso : undefined;
}

const GENDERS: Record<string, PatientRecord['gender']> = { male: 'male', female: 'female', 'not known': 'unknown' };

function patientFromPdsRow(row: CsvRow): PatientRecord | undefined {
  // Decision: a patient without a registered practice (GPP) is left out: no GP system can provision them.
  if (!row.GPP) return undefined;
  const lines = ['ADDR1', 'ADDR2', 'ADDR3', 'ADDR4', 'ADDR5'].map((cell) => row[cell] ?? '').filter(Boolean);
  return PatientRecord.parse({
    nhsNumber: row.NHS_NO,
    givenNames: [row.GIVEN_NAME, row.OTHER_GIVEN_NAME].filter(Boolean),
    familyName: row.FAMILY_NAME,
    birthDate: publishedDate(row.DOB ?? ''),
    gender: GENDERS[(row.GENDER ?? '').toLowerCase()] ?? 'unknown',
    address: { lines, postcode: row.POST_CODE },
    mobile: PUBLISHED_MOBILE,
    gpOdsCode: row.GPP,
    ...(row.DOD ? { deceasedDate: publishedDate(row.DOD) } : {}),
    restricted: false,
    version: 1,
  });
}

/** An account row's own demographics, for an NHS number no patients sheet holds (the sandpit is "not connected to PDS"). */
function patientFromAccountRow(row: CsvRow, gpOdsCode: string): PatientRecord {
  return PatientRecord.parse({
    nhsNumber: row['NHS Number'],
    // Decision: "Cassie Leona" is two given names, as PDS would hold them.
    givenNames: (row['First Name'] ?? '').split(/\s+/).filter(Boolean),
    familyName: row.Surname,
    birthDate: publishedDate(row['Date of Birth'] ?? ''),
    // Decision: the sheets give no gender for accounts: "unknown", never guessed from a name.
    gender: 'unknown',
    ...(row.Postcode ? { address: { lines: [], postcode: row.Postcode } } : {}),
    mobile: row['Mobile Number'] || PUBLISHED_MOBILE,
    gpOdsCode,
    restricted: false,
    version: 1,
  });
}

const isPublishedAccount = (row: CsvRow) => /^[^@\s]+@[^@\s]+$/.test(row['Email Address'] ?? '');

export function readPublishedTestData(sheets: PublishedSheets, settings: PublishedDataSettings): PublishedTestData {
  const patients = new Map<string, PatientRecord>();
  for (const row of readCsv(sheets.patients ?? '')) {
    const patient = patientFromPdsRow(row);
    if (patient && !patients.has(patient.nhsNumber)) patients.set(patient.nhsNumber, patient);
  }
  // Decision: the integration sheet's closing note ("THESE USERS SHOULD NOT BE ALTERED…") is not an account.
  const accountRows = readCsv(sheets.accounts).filter(isPublishedAccount);
  const withoutLinkage = new Set<string>();
  const accounts = accountRows.map((row, index) => {
    const id = `acc-${settings.environment}-${index + 1}`;
    const nhsNumber = /^\d{10}$/.test(row['NHS Number'] ?? '') ? row['NHS Number']! : undefined;
    // Decision: where two rows share an NHS number with different details (sandpit 9658218903), the first row's are PDS's.
    if (nhsNumber && !patients.has(nhsNumber)) patients.set(nhsNumber, patientFromAccountRow(row, row['ODS Code'] || INTEGRATION_PRACTICE));
    if (row.IM1 === 'No') withoutLinkage.add(id);
    return NhsLoginAccount.parse({
      id,
      ...(nhsNumber ? { nhsNumber } : {}),
      email: row['Email Address']!,
      // Every NHS login account has a verified mobile for its second factor, P0 ones too.
      mobile: row['Mobile Number'] || PUBLISHED_MOBILE,
      identityLevel: row['Proofing Level'],
      status: 'active',
      passwordHash: settings.passwordHash(row.Password ?? ''),
      createdAt: STAMP,
      updatedAt: STAMP,
    });
  });
  const byNhsNumber = new Map<string, GpLinkage>();
  for (const row of readCsv(sheets.namStub ?? '')) {
    // Decision: the NAM stub lists 9686368604 twice; the first linkage is the one released.
    if (row.NHS_NO && !byNhsNumber.has(row.NHS_NO))
      byNhsNumber.set(row.NHS_NO, { gpUserId: row['Account ID'] ?? '', gpLinkageKey: row['Linkage Keys'] ?? '' });
  }
  // Decision: the practices the sheets put accounts at are onboarded; a code only a patient row names
  // (V81997) stays unknown, so provisioning answers 11021 for it as for any unknown practice.
  const practices = [...new Set(accountRows.map((row) => row['ODS Code'] || INTEGRATION_PRACTICE))]
    .filter((code) => !settings.knownPractices.includes(code))
    .map((odsCode) => ({ odsCode, name: `NHS login ${settings.environment} test practice ${odsCode}`, onboarded: true }));
  return { patients: [...patients.values()], accounts, practices, gpLinkages: { byNhsNumber, withoutLinkage } };
}
