// Rules on token requests and on how access tokens are used (form, parameters, expiry, reuse).
import {
  CLIENT_CREDENTIALS_GRANT,
  grantParameters,
  JWT_BEARER_ASSERTION_TYPE,
  JWT_BEARER_GRANT,
  readTokenForm,
} from '../../auth/token-request';
import { mediaType } from '../../http/form';
import {
  bearerCalls,
  clientExpiryMs,
  eachRequest,
  everyTokenUsed,
  grantOf,
  provisioningTokenRequests,
  provisionRequests,
  seconds,
  SPEC,
  tokenRequests,
  tokenReuse,
  USERS_SPEC,
  type ConformanceRule,
} from './kit';
import type { JournalEntry } from '../../journal/journal-entry';

/** A token with less than this left may be replaced without reproach. */
export const TOKEN_RENEWAL_MARGIN_MS = 30_000;

export const tokenRules: readonly ConformanceRule[] = [
  {
    id: 'token-request-form-encoded',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, request: application/x-www-form-urlencoded; RFC 6749 §4.4.2`,
    title: 'Token requests are application/x-www-form-urlencoded',
    fix: 'Send the token request body form-encoded with Content-Type: application/x-www-form-urlencoded.',
    check: eachRequest(tokenRequests, (e) =>
      mediaType(e.request.contentType ?? undefined) === 'application/x-www-form-urlencoded'
        ? null
        : `Content-Type is ${JSON.stringify(e.request.contentType)}`,
    ),
  },
  {
    id: 'token-request-parameters',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, request: all three parameters mandatory; ${USERS_SPEC}, Token request: grant_type, assertion, scope; RFC 6749 §3.1 (no repeats); RFC 7521 §4.2 (client_id optional, equal to iss)`,
    title: 'The specified parameters, once each, with the specified values',
    fix: `Provisioning: send grant_type=${CLIENT_CREDENTIALS_GRANT}, client_assertion_type=${JWT_BEARER_ASSERTION_TYPE} and client_assertion, once each (client_id optional, equal to iss). Users Endpoint V2: grant_type=${JWT_BEARER_GRANT}, assertion and scope.`,
    check: eachRequest(
      (entries) => tokenRequests(entries).filter((e) => e.request.form),
      (e) => {
        const read = readTokenForm(new Map(Object.entries(e.request.form!)));
        if (!read.ok) return read.description;
        if (read.grant !== CLIENT_CREDENTIALS_GRANT) return null;
        return read.form.client_id !== undefined && read.form.client_id !== e.clientId
          ? `client_id ${read.form.client_id} is not the client ${e.clientId}`
          : null;
      },
    ),
  },
  {
    id: 'token-request-no-extra-parameters',
    level: 'SHOULD',
    basis: 'standard',
    section: 'RFC 6749 §3.2: the server ignores unrecognised parameters, so sending them does nothing',
    title: 'No parameters beyond the specified ones',
    fix: `Send only ${grantParameters(CLIENT_CREDENTIALS_GRANT).join(', ')} (provisioning) or ${grantParameters(JWT_BEARER_GRANT).join(', ')} (Users Endpoint V2).`,
    check: eachRequest(
      (entries) => tokenRequests(entries).filter((e) => e.request.form),
      (e) => {
        const known = grantParameters(grantOf(e) ?? CLIENT_CREDENTIALS_GRANT);
        const extra = Object.keys(e.request.form!).filter((name) => !known.includes(name));
        return extra.length ? `unexpected ${extra.join(', ')}` : null;
      },
    ),
  },
  {
    id: 'token-request-no-header-credentials',
    level: 'MUST',
    basis: 'standard',
    section: 'RFC 6749 §2.3: a client MUST NOT use more than one authentication method in a request',
    title: 'Token requests carry no credentials in headers',
    fix: 'Authenticate with the client assertion only: no Authorization header on the token request.',
    check: eachRequest(tokenRequests, (e) =>
      'raw' in e.request.authorization ? null : `Authorization: ${e.request.authorization.scheme} … was sent`,
    ),
  },
  {
    id: 'bearer-header-form',
    level: 'MUST',
    basis: 'standard',
    section: `${SPEC}, Provision Account: an RFC 6750 bearer token; RFC 6750 §2.1 (credentials = "Bearer" 1*SP b64token, scheme case-insensitive)`,
    title: 'Provision and Users calls send Authorization: Bearer <access token>',
    fix: 'Send the access token as "Authorization: Bearer <access_token>".',
    check: eachRequest(bearerCalls, (e) => {
      const auth = e.request.authorization;
      if ('raw' in auth) return 'no Authorization header';
      return auth.wellFormed ? null : `Authorization header is "${auth.scheme} …", not "Bearer <token>"`;
    }),
  },
  {
    id: 'bearer-token-one-method',
    level: 'MUST',
    basis: 'standard',
    section: 'RFC 6750 §2: "Clients MUST NOT use more than one method to transmit the token in each request"',
    title: 'A call with an Authorization header carries no token in its URL as well',
    fix: 'Send the access token in the Authorization header only; never add it to the query string.',
    check: eachRequest(bearerCalls, (e) => {
      const inUrl = tokensInUrl(e);
      return inUrl.length && !('raw' in e.request.authorization)
        ? `the token was sent twice: in the Authorization header and in the URL (${inUrl.join(', ')})`
        : null;
    }),
  },
  {
    id: 'no-token-in-url',
    level: 'SHOULD',
    basis: 'standard',
    section:
      'RFC 6750 §5.3: "Bearer tokens SHOULD NOT be passed in page URLs (for example, as query string parameters)"; §2.3 (the query method is a last resort)',
    title: 'No token in the URL of a provision or Users call',
    fix: 'Remove the token from the query string: URLs end up in logs, proxies and browser histories.',
    check: eachRequest(bearerCalls, (e) => {
      const inUrl = tokensInUrl(e);
      return inUrl.length ? `a token-shaped value in the URL: ${inUrl.join(', ')}` : null;
    }),
  },
  {
    id: 'no-expired-token-use',
    level: 'MUST',
    basis: 'standard',
    section: `${SPEC}, Token endpoint: expires_in gives the token's lifetime; RFC 6750 §3.1 (an expired token is invalid_token)`,
    title: 'An access token is never used after the lifetime its expires_in announced',
    fix: 'Note expires_in when the token arrives and fetch a new token before it runs out, by your own clock.',
    check: (entries) => {
      const issuedBy = new Map(tokenRequests(entries).flatMap((e) => (e.issuedToken ? [[e.issuedToken.fingerprint, e] as const] : [])));
      const judged = bearerCalls(entries).filter((e) => e.presentedToken && issuedBy.has(e.presentedToken.fingerprint));
      const offences = judged.flatMap((entry) => {
        const lateMs = entry.atMs - clientExpiryMs(issuedBy.get(entry.presentedToken!.fingerprint)!);
        return lateMs >= 0 ? [{ entry, why: `the token had expired ${seconds(lateMs)} before, by the expires_in it came with` }] : [];
      });
      return { evidence: judged.length, offences };
    },
  },
  {
    id: 'token-reused-while-valid',
    level: 'SHOULD',
    basis: 'specification',
    section: `${SPEC}, Actors and overall flow, step 6: "the same access token may be reused ... while it is valid"`,
    title: 'A valid access token is reused instead of fetching one per provision call',
    fix: `Cache the access token and reuse it until less than ${TOKEN_RENEWAL_MARGIN_MS / 1000} s of its lifetime remain or it is refused.`,
    check: tokenReuse(provisioningTokenRequests, provisionRequests, TOKEN_RENEWAL_MARGIN_MS),
  },
  {
    id: 'token-used',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Actors and overall flow: a token is fetched in order to call Provision Account`,
    title: 'Every access token requested is used',
    fix: 'Request a token only when you are about to provision, and use it.',
    check: everyTokenUsed(provisioningTokenRequests, provisionRequests, 'a provision call'),
  },
];

/** The query parameters of a call whose values looked like a token (names only: the journal never keeps values). */
const tokensInUrl = (e: JournalEntry): string[] =>
  (e.request.urlQuery?.params ?? []).filter((p) => p.shape === 'token').map((p) => `?${p.name}=…`);
