// Users Endpoint V2 rules: judged only for a client that used that interface (appliesTo: 'users').
import { canonicalScope, USERS_RETRIEVE } from '../../auth/scopes';
import type { JournalEntry } from '../../journal/journal-entry';
import {
  bearerCalls,
  eachRequest,
  everyTokenUsed,
  SPEC,
  tokenReuse,
  usersGrantRequests,
  usersRequests,
  USERS_SPEC,
  type ConformanceRule,
} from './kit';
import { TOKEN_RENEWAL_MARGIN_MS } from './token';

const usersErrorDescription = (e: JournalEntry): string | null => {
  const errors = (e.response.body as { Errors?: { description?: unknown }[] } | null)?.Errors;
  return typeof errors?.[0]?.description === 'string' ? errors[0].description : null;
};

export const usersRules: readonly ConformanceRule[] = [
  {
    id: 'users-grant-scope',
    level: 'MUST',
    basis: 'specification',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Token request: scope is mandatory and must include https://auth.<cid-env>.signin.nhs.uk/Users.retrieve`,
    title: 'Users Endpoint V2 tokens are requested with a scope that includes Users.retrieve',
    fix: `Send scope with the Users.retrieve scope first, then only the data scopes you are approved for, e.g. "https://auth.sandpit.signin.nhs.uk/${USERS_RETRIEVE} profile".`,
    check: eachRequest(usersGrantRequests, (e, context) => {
      const scope = e.request.form?.scope?.[0];
      if (scope === undefined || scope === '') return 'no scope was sent';
      const base = context.tokenUrls[0]?.replace(/\/token$/, '') ?? '';
      return scope.split(' ').some((value) => canonicalScope(value, base) === USERS_RETRIEVE)
        ? null
        : `scope "${scope}" has no Users.retrieve`;
    }),
  },
  {
    id: 'users-scopes-approved',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Scopes: approved per client at onboarding; the granted scope is the requested scopes the client is approved for`,
    title: 'A client asks only for the scopes it is approved for',
    fix: 'Request exactly the scopes agreed at onboarding; compare the granted scope in the token response with what you asked for.',
    check: eachRequest(usersGrantRequests, (e) => {
      const requested = e.request.form?.scope?.[0] ?? '';
      if (e.outcome === 'invalid_scope')
        return `scope "${requested}" was refused: ${JSON.stringify((e.response.body as Record<string, unknown>).error_description ?? null)}`;
      const granted = e.issuedToken?.scope;
      if (granted === undefined) return null;
      const dropped = requested.split(' ').filter((value) => !granted.split(' ').includes(value));
      return dropped.length ? `asked for ${dropped.join(', ')}, which the client is not approved for` : null;
    }),
  },
  {
    id: 'users-token-per-interface',
    level: 'MUST',
    basis: 'specification',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Token request (JWT-bearer grant with scope) and ${SPEC}, Token endpoint (client credentials): each interface has its own token`,
    title: 'Users lookups use a Users Endpoint V2 token, provision calls a provisioning token',
    fix: 'Keep two tokens: one from the JWT-bearer grant (with scope) for /v2/Users, one from client_credentials for /provision-account.',
    check: eachRequest(bearerCalls, (e) => {
      if (e.endpoint === 'users' && usersErrorDescription(e) === 'No scope was present in the request')
        return 'a provisioning token (no scope) was sent to /v2/Users';
      if (e.endpoint === 'provision' && e.response.status === 403) return 'a Users Endpoint V2 token was sent to /provision-account';
      return null;
    }),
  },
  {
    id: 'users-filter-valid',
    level: 'MUST',
    basis: 'specification',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Request: filter on nhsnumber or email with eq, quoted values, and/or, at most 5 expressions`,
    title: 'Every lookup sends one filter in the subset the specification allows',
    fix: 'Send filter=nhsnumber eq "<10 digits>" (or email eq "<address>"), URL-encoded, joined with and/or, at most five comparisons.',
    check: eachRequest(usersRequests, (e) =>
      e.response.status === 400 ? `refused: ${usersErrorDescription(e) ?? `HTTP ${e.response.status}`}` : null,
    ),
  },
  {
    id: 'users-scope-sufficient',
    level: 'SHOULD',
    basis: 'specification',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Table 14 (Users.retrieve: "If this scope is not requested, then invalid request") and Table 10's 403 rows`,
    title: 'Lookups are made with a token whose scopes the endpoint accepts',
    fix: 'Request Users.retrieve with every Users token, and only scopes you are approved for.',
    check: eachRequest(usersRequests, (e) => {
      const description = usersErrorDescription(e);
      return e.response.status === 403 && description !== 'No scope was present in the request'
        ? `refused: ${description ?? 'HTTP 403'}`
        : null;
    }),
  },
  {
    id: 'users-token-used',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Token request: a token is fetched in order to look users up`,
    title: 'Every Users Endpoint V2 token requested is used',
    fix: 'Request a Users token when you are about to look a patient up, and reuse it while it is valid.',
    check: everyTokenUsed(usersGrantRequests, usersRequests, 'a lookup'),
  },
  {
    id: 'users-token-reused-while-valid',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    appliesTo: 'users',
    section: `${USERS_SPEC}, Token request: the token's expires_in is its lifetime (reuse while valid, as ${SPEC}'s overall flow step 6 says of provisioning tokens)`,
    title: 'A valid Users Endpoint V2 token is reused instead of fetching one per lookup',
    fix: `Cache the Users token and reuse it until less than ${TOKEN_RENEWAL_MARGIN_MS / 1000} s of its lifetime remain or a lookup is refused with 401.`,
    check: tokenReuse(usersGrantRequests, usersRequests, TOKEN_RENEWAL_MARGIN_MS),
  },
];
