import type { IdentityLevel } from '../accounts/account';
import { SHARED_ATTRIBUTE_SCOPES } from '../auth/scopes';
import { levelRank } from './vectors-of-trust';

/**
 * The sign-in scopes and the claims each releases: CID-IS-F v2.1 Table 2 / Table 11 and the
 * "scopes and claims" page, as the digest's scope table has them. One table: the authorization
 * request grants from it, the ID token and UserInfo release by it, discovery lists it.
 *
 * - `profile` and `basic_demographics` are exclusive (Table 2): asking for both is `invalid_scope`.
 * - A scope's claims are released only when the sign-in's level (the `vot`) is one the table names.
 * - `gp_integration_credentials` only for a client approved for IM1 and a sign-in with a second
 *   factor; otherwise the scope is not granted (the EIS: scopes not understood are ignored).
 * - `landline` is granted but the sandbox holds no landline, so it releases nothing: absent claims
 *   are omitted, never null (§4.3). `client_metadata` releases what the relying party itself stored
 *   with PATCH /userinfo (userinfo-metadata.ts), once it has.
 */
export const SIGN_IN_SCOPES = ['openid', 'profile', 'basic_demographics', ...SHARED_ATTRIBUTE_SCOPES, 'client_metadata'] as const;
export type SignInScope = (typeof SIGN_IN_SCOPES)[number];

interface ScopeRule {
  claims: readonly string[];
  /** Levels of the sign-in at which the claims are released. */
  levels: readonly IdentityLevel[];
  /** Claims that go in the ID token as well as UserInfo. */
  inIdToken?: boolean;
}

const ALL: readonly IdentityLevel[] = ['P0', 'P5', 'P9'];
const VERIFIED: readonly IdentityLevel[] = ['P5', 'P9'];

export const SCOPE_CLAIMS: Record<SignInScope, ScopeRule> = {
  openid: { claims: ['sub'], levels: ALL },
  profile: { claims: ['nhs_number', 'family_name', 'birthdate', 'identity_proofing_level'], levels: VERIFIED, inIdToken: true },
  basic_demographics: { claims: ['family_name', 'birthdate', 'identity_proofing_level'], levels: VERIFIED, inIdToken: true },
  profile_extended: { claims: ['given_name'], levels: VERIFIED },
  email: { claims: ['email', 'email_verified'], levels: ALL },
  phone: { claims: ['phone_number', 'phone_number_verified', 'phone_number_pds_matched'], levels: ALL },
  landline: { claims: ['landline_number', 'landline_number_verified'], levels: ALL },
  gp_registration_details: { claims: ['gp_registration_details'], levels: VERIFIED },
  gp_integration_credentials: { claims: ['gp_integration_credentials'], levels: ['P9'] },
  client_metadata: { claims: ['client_user_metadata'], levels: ALL },
};

/** The claims the ID token may carry besides the ones about the sign-in itself. */
export const ID_TOKEN_USER_CLAIMS = new Set(
  Object.values(SCOPE_CLAIMS)
    .filter((rule) => rule.inIdToken)
    .flatMap((rule) => rule.claims),
);

export type ScopeGrant = { ok: true; granted: SignInScope[] } | { ok: false; error: 'invalid_scope'; description: string };

/**
 * The scopes granted for a requested `scope` parameter (§3.4.1): `openid` is mandatory, values
 * not understood are ignored, profile and basic_demographics exclude each other, and
 * gp_integration_credentials needs a client approved for IM1.
 */
export function grantSignInScopes(requested: readonly string[], client: { im1Approved: boolean }): ScopeGrant {
  if (!requested.includes('openid')) return { ok: false, error: 'invalid_scope', description: 'scope must contain openid' };
  if (requested.includes('profile') && requested.includes('basic_demographics'))
    return {
      ok: false,
      error: 'invalid_scope',
      description: 'profile and basic_demographics are exclusive (CID-IS-F Table 2): ask for one of them',
    };
  return { ok: true, granted: grantableScopes(client).filter((scope) => requested.includes(scope)) };
}

/** The scopes a client may be granted: every one, gp_integration_credentials only when approved for IM1. */
export const grantableScopes = (client: { im1Approved: boolean }): SignInScope[] =>
  SIGN_IN_SCOPES.filter((scope) => scope !== 'gp_integration_credentials' || client.im1Approved);

/** Whether a granted scope's claims are released for a sign-in at this level. */
export const releasedAt = (scope: SignInScope, level: IdentityLevel): boolean =>
  SCOPE_CLAIMS[scope].levels.some((allowed) => levelRank(allowed) === levelRank(level));
