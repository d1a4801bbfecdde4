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
  // v1.1 Table 14 (profile): "If this scope is not requested, then all other optional requested
  // scope values are ignored, and no data is returned." Table 10's 403 row says the opposite; the
  // scope table, which defines what each scope returns, is followed (docs/decisions.md, "Users Endpoint V2").
  if (!scopes.has('profile')) for (const scope of PROFILE_DEPENDENT_SCOPES) scopes.delete(scope);
  return { ok: true, scopes };
}
