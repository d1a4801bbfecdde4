import type { NhsLoginAccount } from '../accounts/account';
import type { IdentityLevel } from '../accounts/account';
import { normalisePhone, type PatientRecord } from '../pds/patient';
import type { GpLinkages } from '../users/gp-linkages';
import { ID_TOKEN_USER_CLAIMS, releasedAt, SCOPE_CLAIMS, type SignInScope } from './sign-in-scopes';
import type { Credential } from './vectors-of-trust';

/**
 * The claims about the person, released by scope (sign-in-scopes.ts) from their NHS login account
 * and PDS record, as NHS login's own come from its account store and PDS. A claim whose value the
 * sandbox does not hold is left out, never null or "" (CID-IS-F §4.3).
 */
export interface ReleaseContext {
  account: NhsLoginAccount;
  patient: PatientRecord | undefined;
  scopes: readonly SignInScope[];
  /** The level of the sign-in (`vot`). */
  level: IdentityLevel;
  /** The credentials the person used (Cp, Cd…). */
  credentials: readonly Credential[];
  /** Where the GP linkage values come from (users/gp-linkages.ts), so Users and sign-in release the same ones. */
  gpLinkages: GpLinkages;
  /** What this relying party stored about the person with PATCH /userinfo (userinfo-metadata.ts). */
  clientUserMetadata?: string;
}

type Claims = Record<string, unknown>;

/** Every claim each scope could release for this person, before the level and scope filter. */
function available({ account, patient, credentials, gpLinkages, clientUserMetadata }: ReleaseContext): Claims {
  const mobile = account.mobile;
  const secondFactor = credentials.some((c) => c !== 'Cp');
  return {
    sub: account.id,
    nhs_number: account.nhsNumber,
    family_name: patient?.familyName,
    given_name: patient ? patient.givenNames.join(' ') : undefined,
    birthdate: patient?.birthDate,
    identity_proofing_level: account.identityLevel,
    email: account.email,
    // The address the account signs in with was verified when the account was made.
    email_verified: true,
    phone_number: mobile,
    phone_number_verified: mobile === undefined ? undefined : true,
    phone_number_pds_matched: mobile === undefined || patient?.mobile === undefined ? undefined : normalisePhone(patient.mobile) === mobile,
    gp_registration_details: patient ? { gp_ods_code: patient.gpOdsCode } : undefined,
    gp_integration_credentials:
      patient && account.nhsNumber && secondFactor
        ? ((linkage) => linkage && { gp_user_id: linkage.gpUserId, gp_linkage_key: linkage.gpLinkageKey, gp_ods_code: patient.gpOdsCode })(
            gpLinkages.of(account),
          )
        : undefined,
    client_user_metadata: clientUserMetadata,
  };
}

/** The UserInfo claims: `sub` and every claim a granted scope releases at this level. */
export function userInfoClaims(context: ReleaseContext): Claims {
  const all = available(context);
  const names = context.scopes.filter((scope) => releasedAt(scope, context.level)).flatMap((scope) => SCOPE_CLAIMS[scope].claims);
  return Object.fromEntries(['sub', ...names].filter((name) => all[name] !== undefined).map((name) => [name, all[name]]));
}

/** The person's claims the ID token carries: those of profile or basic_demographics (§4.3). */
export function idTokenUserClaims(context: ReleaseContext): Claims {
  return Object.fromEntries(Object.entries(userInfoClaims(context)).filter(([name]) => ID_TOKEN_USER_CLAIMS.has(name)));
}
