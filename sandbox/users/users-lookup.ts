import type { Accounts } from '../accounts/accounts';
import { demographicsOf } from '../accounts/demographics';
import type { UsersScope } from '../auth/scopes';
import type { Pds } from '../pds/pds';
import { evaluateFilter, parseFilter, type FilterError } from './filter';
import { scimUser, SCIM_LIST_RESPONSE_SCHEMA, type ScimUser } from './scim-user';

/**
 * The Users Endpoint V2 lookup: a filter string and the scopes a call may use in, a SCIM
 * ListResponse or the filter error out. Reads the sandbox's NHS login accounts, so a patient who
 * claimed a provisioning invitation shows up at P9 and an uplift moves P5 to P9.
 */
export interface ListResponse {
  schemas: [typeof SCIM_LIST_RESPONSE_SCHEMA];
  totalResults: number;
  Resources: ScimUser[];
}

export type LookupOutcome = { ok: true; list: ListResponse } | { ok: false; error: FilterError };

export function lookUpUsers(
  filterText: string | undefined,
  scopes: ReadonlySet<UsersScope>,
  deps: { accounts: Accounts; pds: Pds },
): LookupOutcome {
  const read = parseFilter(filterText);
  if (!read.ok) return read;
  const found = evaluateFilter(read.filter, (attribute, value) => {
    if (attribute === 'email') return deps.accounts.byEmail(value);
    const account = deps.accounts.byNhsNumber(value);
    return account ? [account] : [];
  });
  const resources = found.map((account) => scimUser(account, demographicsOf(account, deps.pds), scopes, deps.accounts.gpLinkages));
  // RFC 7644 §3.4.2: Resources is required when totalResults is not zero; the spec's own example
  // of a lookup with no match carries "Resources": [], so it is always present.
  return {
    ok: true,
    list: { schemas: [SCIM_LIST_RESPONSE_SCHEMA], totalResults: resources.length, Resources: resources },
  };
}
