import { canonicalScope, PROFILE_DEPENDENT_SCOPES, USERS_RETRIEVE, type UsersScope } from '../auth/scopes';

/**
 * Which Users Endpoint V2 scopes a call may use: the token's granted scopes that the client is
 * still approved for (approval can change after a token was issued; it is judged on every call),
 * or the spec's 403 that says why none may be used (v1.1 "Errors", 403 rows).
 */
export type ScopeAccess = { ok: true; scopes: ReadonlySet<UsersScope> } | { ok: false; description: string };

export function scopeAccess(tokenScopes: readonly string[] | null, approved: readonly UsersScope[], sandboxBaseUrl: string): ScopeAccess {
  if (tokenScopes === null || tokenScopes.length === 0) return { ok: false, description: 'No scope was present in the request' };
  const canonical = tokenScopes.map((scope) => canonicalScope(scope, sandboxBaseUrl)).filter((scope) => scope !== null);
  const scopes = new Set(canonical.filter((scope) => approved.includes(scope)));
  if (scopes.size === 0) {
    return {
      ok: false,
      description: `Requested scopes: ${tokenScopes.join(' ')} did not match the clients approved scopes: ${approved.join(' ')}`,
    };
  }
  const required = (scope: UsersScope) => ({
    ok: false as const,
    description: `Scope "${scope === USERS_RETRIEVE ? `${sandboxBaseUrl}/${USERS_RETRIEVE}` : scope}" required for access was not present in request`,
  });
  if (!scopes.has(USERS_RETRIEVE)) return required(USERS_RETRIEVE);
  // The error table's reading of "profile is needed for the rest" (README "Users Endpoint V2").
  if (!scopes.has('profile') && PROFILE_DEPENDENT_SCOPES.some((scope) => scopes.has(scope))) return required('profile');
  return { ok: true, scopes };
}
