/**
 * The Users Endpoint V2 scopes (NHS login Interface Specification – Users Endpoint V2 v1.1,
 * "Scopes"), defined once: the token endpoint grants from it, the client registry approves from
 * it, the endpoint releases attributes by it, and the docs, catalogue and checker print it.
 *
 * The spec writes the mandatory scope as `https://auth.<cid-env>.signin.nhs.uk/Users.retrieve`
 * and, in its own example body, as bare `Users.retrieve`. The sandbox accepts both spellings and
 * the sandbox's own `<base URL>/Users.retrieve`, echoes the spelling the client sent in the
 * granted `scope`, and names the full form in errors (docs/decisions.md, "Users Endpoint V2").
 */
export const USERS_RETRIEVE = 'Users.retrieve';

/**
 * The scopes after `profile` that Users Endpoint V2 and signing in (signin/sign-in-scopes.ts) both
 * name, in the order both specifications list them.
 */
export const SHARED_ATTRIBUTE_SCOPES = [
  'profile_extended',
  'email',
  'phone',
  'landline',
  'gp_registration_details',
  'gp_integration_credentials',
] as const;

export const USERS_SCOPES = [USERS_RETRIEVE, 'profile', ...SHARED_ATTRIBUTE_SCOPES] as const;
export type UsersScope = (typeof USERS_SCOPES)[number];

/** What each scope releases, as the spec's table says; printed by the docs and docs/integrating.md. */
export const SCOPE_RELEASES: Record<UsersScope, string> = {
  'Users.retrieve': 'id, active, vectorsOfTrust.IdentityProofing (mandatory)',
  profile: 'name.familyName, nhsNumber, birthdate (needed for every scope below)',
  profile_extended: 'name.givenName',
  email: 'userName, emails[] (type home)',
  phone: 'phoneNumbers[] of type mobile',
  landline: 'phoneNumbers[] of type landline',
  gp_registration_details: 'gpOdsCode',
  gp_integration_credentials: 'gpUserId, gpLinkageKey',
};

/** Scopes that release personal data and so need `profile` alongside them. */
export const PROFILE_DEPENDENT_SCOPES: readonly UsersScope[] = USERS_SCOPES.filter((s) => s !== USERS_RETRIEVE && s !== 'profile');

/**
 * The Users.retrieve spellings: bare, this sandbox's base URL, or a real environment's host: the
 * spec's `auth.<cid-env>.signin.nhs.uk` (the sandpit's `auth.sandpit.signin.nhs.uk`, integration's
 * `auth.aos.signin.nhs.uk`) or the live service's `auth.login.nhs.uk`, so a GP system configured
 * for any of NHS login's environments (TEST_DATA) runs against the sandbox unchanged.
 */
const REAL_USERS_RETRIEVE = /^https:\/\/(auth\.[a-z0-9-]+(\.[a-z0-9-]+)*\.signin\.nhs\.uk|auth\.login\.nhs\.uk)\/Users\.retrieve$/;

/** The canonical name of one requested scope value, or null when it is not a Users scope. */
export function canonicalScope(value: string, sandboxBaseUrl: string): UsersScope | null {
  if (value === USERS_RETRIEVE || value === `${sandboxBaseUrl}/${USERS_RETRIEVE}` || REAL_USERS_RETRIEVE.test(value)) return USERS_RETRIEVE;
  return (USERS_SCOPES as readonly string[]).includes(value) ? (value as UsersScope) : null;
}

/** RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token = 1*NQCHAR. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export type ScopeReading = { ok: true; values: string[] } | { ok: false; description: string };

/** Splits a scope parameter by the RFC 6749 §3.3 grammar (single spaces, printable characters). */
export function readScopeParameter(scope: string): ScopeReading {
  const values = scope.split(' ');
  if (values.some((value) => !SCOPE_TOKEN.test(value))) {
    return { ok: false, description: 'scope must be scope tokens separated by single spaces (RFC 6749 section 3.3)' };
  }
  return { ok: true, values: [...new Set(values)] };
}
