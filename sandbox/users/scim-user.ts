import type { NhsLoginAccount } from '../accounts/account';
import type { UsersScope } from '../auth/scopes';
import type { PatientRecord } from '../pds/patient';
import type { GpLinkages } from './gp-linkages';

/**
 * An NHS login account as Users Endpoint V2 v1.1 returns it: SCIM core User (RFC 7643 §4.1) plus
 * the NHS login extension, with each attribute released only by the scope the spec's table names.
 * Names, birth date and registered practice come from the patient's PDS record, as NHS login's
 * own would; an attribute the sandbox does not hold (a landline) is left out, never invented.
 */
const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const NHS_LOGIN_USER_EXTENSION = 'uk:nhs:login:auth:1.0:User';
export const SCIM_LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ScimUser {
  schemas: string[];
  id: string;
  active: boolean;
  userName?: string;
  emails?: { value: string; type: 'home'; primary: boolean }[];
  name?: { familyName?: string; givenName?: string };
  phoneNumbers?: { type: 'mobile' | 'landline'; value: string }[];
  [NHS_LOGIN_USER_EXTENSION]: {
    vectorsOfTrust: { IdentityProofing: string };
    nhsNumber?: string;
    birthdate?: string;
    gpOdsCode?: string;
    gpUserId?: string;
    gpLinkageKey?: string;
  };
}

/**
 * A restricted (sensitive) PDS record is released as our PDS releases it (pds/fhir.ts): name, birth
 * date and NHS number, but no contact details (PDS withholds telecom: the mobile and the email),
 * no registered practice (generalPractitioner), and so no GP linkage credentials either, which tie
 * the account to that practice's system.
 */
const WITHHELD_WHEN_RESTRICTED: ReadonlySet<UsersScope> = new Set([
  'email',
  'phone',
  'landline',
  'gp_registration_details',
  'gp_integration_credentials',
]);

export function scimUser(
  account: NhsLoginAccount,
  patient: PatientRecord | undefined,
  scopes: ReadonlySet<UsersScope>,
  gpLinkages: GpLinkages,
): ScimUser {
  const restricted = patient?.restricted === true;
  const has = (scope: UsersScope) => scopes.has(scope) && scopes.has('profile') && !(restricted && WITHHELD_WHEN_RESTRICTED.has(scope));
  const name = {
    ...(has('profile') && patient ? { familyName: patient.familyName } : {}),
    ...(has('profile_extended') && patient ? { givenName: patient.givenNames.join(' ') } : {}),
  };
  const phoneNumbers = has('phone') && account.mobile ? [{ type: 'mobile' as const, value: account.mobile }] : [];
  return {
    schemas: [SCIM_USER_SCHEMA, NHS_LOGIN_USER_EXTENSION],
    id: account.id,
    active: account.status === 'active',
    ...(has('email') ? { userName: account.email, emails: [{ value: account.email, type: 'home' as const, primary: true }] } : {}),
    ...(Object.keys(name).length ? { name } : {}),
    ...(phoneNumbers.length ? { phoneNumbers } : {}),
    [NHS_LOGIN_USER_EXTENSION]: {
      vectorsOfTrust: { IdentityProofing: account.identityLevel },
      ...(has('profile') && account.nhsNumber ? { nhsNumber: account.nhsNumber } : {}),
      ...(has('profile') && patient ? { birthdate: patient.birthDate } : {}),
      ...(has('gp_registration_details') && patient ? { gpOdsCode: patient.gpOdsCode } : {}),
      ...(has('gp_integration_credentials') && patient ? gpLinkages.of(account) : {}),
    },
  };
}
