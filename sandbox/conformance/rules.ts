import { isJwtMediaType } from '../auth/client-assertion';
import { canonicalScope, USERS_RETRIEVE } from '../auth/scopes';
import {
  CLIENT_CREDENTIALS_GRANT,
  grantParameters,
  GRANT_TYPES,
  JWT_BEARER_ASSERTION_TYPE,
  JWT_BEARER_GRANT,
  readTokenForm,
  type GrantType,
} from '../auth/token-request';
import type { OdsCodeRule } from '../config/config';
import { mediaType } from '../http/form';
import type { DecodedAssertion, JournalEntry } from '../journal/journal-entry';
import { PENDING_WINDOW_MS } from '../provisioning/eligibility';
import { FINAL_REFUSAL_CODES } from '../provisioning/outcome-codes';
import { PROVISION_FIELDS, provisionRequestSchema, unknownProvisionFields } from '../provisioning/request-schema';

/**
 * The conformance rules: what the specification (CID-IS-P v1.0), the RFCs it builds on, and the
 * sandbox's documented expectations ask of a GP system's own traffic. One table: the checker, the
 * reports, the docs and the tests (one sloppy-client test per rule) all read it. Each rule looks
 * at one client's verified requests, oldest first, and names every request that breaks it.
 *
 * Levels: MUST where the specification or an RFC it cites says so; SHOULD where it says "should"
 * or says nothing and the rule is the sandbox's expectation of a well-behaved client. Every rule
 * says which (`basis`), and a SHOULD deviation can be justified (justifications.ts).
 *
 * Clocks (clock.ts): what the client could know is judged by real time (its assertion's exp, its
 * token's remaining life as `expires_in` told it). How long a client waited before sending again
 * counts on either clock, whichever moved more: the sandbox clock moves only by time travel,
 * which a GP system cannot do, and moves the state that caused the refusal on with it. A request
 * that arrived before an answer was delivered was in flight, and is never blamed for ignoring it.
 */
export const RULES_VERSION = '3';

export type RuleLevel = 'MUST' | 'SHOULD';
/** Where a rule comes from: the specification's words, a standard it cites, or the sandbox's expectation. */
export type RuleBasis = 'specification' | 'standard' | 'sandbox-expectation';

export interface RuleContext {
  /** Token URLs an assertion's `aud` may name. */
  tokenUrls: readonly string[];
  maxAssertionLifetimeSeconds: number;
  /** Leeway for clock skew, as the token endpoint allows it (CLOCK_TOLERANCE). */
  clockToleranceSeconds: number;
  odsCodeRule: OdsCodeRule;
  /** Real time when the report is made. */
  nowMs: number;
  /** The outcome codes the scenario catalogue shows how to provoke (coverage is measured against them). */
  catalogueCodes: readonly string[];
}

export interface Offence {
  entry: JournalEntry;
  why: string;
}

export interface RuleCheck {
  /** Requests (or answers) the rule looked at: 0 means it was not exercised. */
  evidence: number;
  offences: Offence[];
}

export interface ConformanceRule {
  id: string;
  level: RuleLevel;
  basis: RuleBasis;
  /** Where the requirement comes from, and what that source actually says. */
  section: string;
  title: string;
  fix: string;
  /**
   * `users`: a Users Endpoint V2 rule, judged only for a client that used that interface (a
   * JWT-bearer grant or a lookup); for any other client it is not applicable, not missing evidence.
   */
  appliesTo?: 'users';
  check(entries: readonly JournalEntry[], context: RuleContext): RuleCheck;
}

const SPEC = 'CID-IS-P v1.0';
const USERS_SPEC = 'Users Endpoint V2 v1.1';
/** A token with less than this left may be replaced without reproach. */
export const TOKEN_RENEWAL_MARGIN_MS = 30_000;
/** The least back-off after 11000 when the answer names no Retry-After. */
export const MIN_RETRY_BACKOFF_MS = 1_000;
/** More requests than this for one patient within POLLING_WINDOW_MS is polling. */
export const POLLING_LIMIT = 3;
export const POLLING_WINDOW_MS = 60_000;

const tokenRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'token');
/** The grant a token request asked for, when it named one this endpoint offers. */
export const grantOf = (e: JournalEntry): GrantType | null => {
  const grant = e.request.form?.grant_type?.[0];
  return grant !== undefined && (GRANT_TYPES as string[]).includes(grant) ? (grant as GrantType) : null;
};
/** Token requests for Provision Account: every one but an explicit JWT-bearer grant. */
const provisioningTokenRequests = (entries: readonly JournalEntry[]) =>
  tokenRequests(entries).filter((e) => grantOf(e) !== JWT_BEARER_GRANT);
const usersGrantRequests = (entries: readonly JournalEntry[]) => tokenRequests(entries).filter((e) => grantOf(e) === JWT_BEARER_GRANT);
const provisionRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'provision');
const usersRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'users');
/** Calls to a resource endpoint with a bearer token: provisioning and Users lookups. */
const bearerCalls = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'provision' || e.endpoint === 'users');
/** Whether a client used Users Endpoint V2 at all (so its rules apply). */
export const usesUsersEndpoint = (entries: readonly JournalEntry[]) =>
  usersGrantRequests(entries).length + usersRequests(entries).length > 0;
const usersErrorDescription = (e: JournalEntry): string | null => {
  const errors = (e.response.body as { Errors?: { description?: unknown }[] } | null)?.Errors;
  return typeof errors?.[0]?.description === 'string' ? errors[0].description : null;
};
const decoded = (e: JournalEntry): DecodedAssertion | null =>
  e.request.assertion && 'claims' in e.request.assertion ? e.request.assertion : null;
const withAssertion = (entries: readonly JournalEntry[]) => tokenRequests(entries).filter((e) => decoded(e) !== null);
const jsonObjectBody = (e: JournalEntry): Record<string, unknown> | null =>
  typeof e.request.body === 'object' && e.request.body !== null && !Array.isArray(e.request.body)
    ? (e.request.body as Record<string, unknown>)
    : null;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** When the client's token, issued in `issuing`, expires by the client's own clock. */
const clientExpiryMs = (issuing: JournalEntry) => issuing.answeredAtMs + (issuing.issuedToken?.expiresInSeconds ?? 0) * 1000;
/** How long after `answer` was delivered `later` was sent, on whichever clock moved more; null when it was already in flight. */
const sentAfter = (answer: JournalEntry, later: JournalEntry): number | null =>
  later.order.arrived < answer.order.answered
    ? null
    : Math.max(later.atMs - answer.answeredAtMs, later.sandboxAtMs - answer.sandboxAnsweredAtMs, 0);

/** A rule judged request by request: `why` returns the reason a request breaks it, or null. */
function eachRequest(
  select: (entries: readonly JournalEntry[]) => JournalEntry[],
  why: (entry: JournalEntry, context: RuleContext) => string | null,
) {
  return (entries: readonly JournalEntry[], context: RuleContext): RuleCheck => {
    const looked = select(entries);
    const offences = looked.flatMap((entry) => {
      const reason = why(entry, context);
      return reason ? [{ entry, why: reason }] : [];
    });
    return { evidence: looked.length, offences };
  };
}

/**
 * A rule about what the client sent after an answer: `isAnswer` finds the answers, `tooSoon`
 * judges each provision request sent after one (never one already in flight). Every offending
 * request is named once, against the first answer it ignored.
 */
function afterAnswer(
  isAnswer: (e: JournalEntry) => boolean,
  tooSoon: (answer: JournalEntry, later: JournalEntry, afterMs: number) => string | null,
) {
  return (entries: readonly JournalEntry[]): RuleCheck => {
    const provisions = provisionRequests(entries);
    const answers = provisions.filter(isAnswer);
    const offences = new Map<number, Offence>();
    for (const answer of answers) {
      for (const later of provisions) {
        if (later.seq <= answer.seq || offences.has(later.seq)) continue;
        const afterMs = sentAfter(answer, later);
        const why = afterMs === null ? null : tooSoon(answer, later, afterMs);
        if (why) offences.set(later.seq, { entry: later, why });
      }
    }
    return { evidence: answers.length, offences: [...offences.values()].sort((a, b) => a.entry.seq - b.entry.seq) };
  };
}

/** Every token issued by `issuing` requests is presented by some `using` request; the newest is excused while it can still be used. */
function everyTokenUsed(
  issuing: (entries: readonly JournalEntry[]) => JournalEntry[],
  using: (entries: readonly JournalEntry[]) => JournalEntry[],
  useName: string,
) {
  return (entries: readonly JournalEntry[], context: RuleContext): RuleCheck => {
    const used = new Set(using(entries).map((e) => e.presentedToken?.fingerprint));
    const issued = issuing(entries).filter((e) => e.issuedToken);
    const judged = issued.filter((e) => e !== issued.at(-1) || clientExpiryMs(e) <= context.nowMs);
    const offences = judged
      .filter((e) => !used.has(e.issuedToken!.fingerprint))
      .map((entry) => ({ entry, why: `this token was never used for ${useName}` }));
    return { evidence: judged.length, offences };
  };
}

export const conformanceRules: readonly ConformanceRule[] = [
  {
    id: 'assertion-alg-rs512',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion header: "alg: RS512"; RFC 7518 §3.3`,
    title: 'The client assertion is signed with RS512',
    fix: 'Sign the assertion with your registered RSA key using RS512 (RSASSA-PKCS1-v1_5 with SHA-512).',
    check: eachRequest(withAssertion, (e) =>
      decoded(e)!.header.alg === 'RS512' ? null : `header alg is ${JSON.stringify(decoded(e)!.header.alg)}`,
    ),
  },
  {
    id: 'assertion-typ-jwt',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion header: "typ: JWT"; RFC 7515 §4.1.9 (application/jwt is the same media type)`,
    title: 'The client assertion header says typ "JWT"',
    fix: 'Set the protected header typ to "JWT".',
    check: eachRequest(withAssertion, (e) =>
      isJwtMediaType(decoded(e)!.header.typ) ? null : `header typ is ${JSON.stringify(decoded(e)!.header.typ)}`,
    ),
  },
  {
    id: 'assertion-iss-sub-client-id',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: "iss: client id", "sub: client id"; RFC 7523 §3`,
    title: 'iss and sub are both the client id',
    fix: 'Put your client id in both iss and sub.',
    check: eachRequest(withAssertion, (e) => {
      const { iss, sub } = decoded(e)!.claims;
      return iss === e.clientId && sub === e.clientId
        ? null
        : `iss ${JSON.stringify(iss)} and sub ${JSON.stringify(sub)}, client id ${e.clientId}`;
    }),
  },
  {
    id: 'assertion-aud-token-url',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: "aud: the token endpoint URL"; RFC 7523 §3`,
    title: 'aud is the token endpoint URL',
    fix: 'Set aud to the token endpoint URL as a single string (the sandbox tolerates an array containing it; the real service may not).',
    check: eachRequest(withAssertion, (e, context) => {
      const aud = decoded(e)!.claims.aud;
      if (typeof aud === 'string' && context.tokenUrls.includes(aud)) return null;
      return Array.isArray(aud)
        ? `aud is an array ${JSON.stringify(aud)}, not the token URL`
        : `aud is ${JSON.stringify(aud)}, expected ${context.tokenUrls.join(' or ')}`;
    }),
  },
  {
    id: 'assertion-exp-present',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: exp is mandatory; RFC 7523 §3 item 4`,
    title: 'exp is present and still in the future when the assertion arrives (by real time)',
    fix: 'Set exp to a moment shortly after now, by your own clock, when you sign each assertion.',
    check: eachRequest(withAssertion, (e, context) => {
      const exp = decoded(e)!.claims.exp;
      if (typeof exp !== 'number') return 'exp is missing or not a number';
      const aheadMs = exp * 1000 - e.atMs;
      return aheadMs <= -context.clockToleranceSeconds * 1000 ? `exp had already passed when it arrived (${seconds(-aheadMs)} ago)` : null;
    }),
  },
  {
    id: 'assertion-exp-short',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Token endpoint: exp "should be kept short", no number given; the maximum (ASSERTION_MAX_LIFETIME, 300 s) is the sandbox's choice, borrowed from the NHS API platform's signed-JWT rule`,
    title: 'exp is at most five minutes ahead',
    fix: 'Set exp at most 300 s after now (a few seconds is plenty).',
    check: eachRequest(
      (entries) => withAssertion(entries).filter((e) => typeof decoded(e)!.claims.exp === 'number'),
      (e, context) => {
        const aheadMs = (decoded(e)!.claims.exp as number) * 1000 - e.atMs;
        const limitMs = (context.maxAssertionLifetimeSeconds + context.clockToleranceSeconds) * 1000;
        return aheadMs > limitMs ? `exp is ${seconds(aheadMs)} ahead, more than ${context.maxAssertionLifetimeSeconds} s` : null;
      },
    ),
  },
  {
    id: 'assertion-jti-unique',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: "jti: unique ... used to block replays"; RFC 7523 §3 item 7`,
    title: 'Every assertion has its own jti',
    fix: 'Generate a fresh random jti (e.g. a UUID) for every assertion; never resend one.',
    check: (entries) => {
      const seen = new Map<string, number>();
      const looked = withAssertion(entries);
      const offences: Offence[] = [];
      for (const entry of looked) {
        const jti = decoded(entry)!.claims.jti;
        if (typeof jti !== 'string' || jti === '') offences.push({ entry, why: 'jti is missing' });
        else if (seen.has(jti)) offences.push({ entry, why: `jti ${JSON.stringify(jti)} was already used in request #${seen.get(jti)}` });
        else seen.set(jti, entry.seq);
      }
      return { evidence: looked.length, offences };
    },
  },
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
    check: (entries) => {
      const issued = provisioningTokenRequests(entries).filter((e) => e.issuedToken);
      const refused = new Set(
        provisionRequests(entries)
          .filter((e) => e.response.status === 401 && e.presentedToken)
          .map((e) => e.presentedToken!.fingerprint),
      );
      const offences: Offence[] = [];
      for (let i = 1; i < issued.length; i++) {
        const previous = issued[i - 1]!;
        const leftMs = clientExpiryMs(previous) - issued[i]!.atMs;
        if (leftMs > TOKEN_RENEWAL_MARGIN_MS && !refused.has(previous.issuedToken!.fingerprint)) {
          offences.push({
            entry: issued[i]!,
            why: `a new token was requested while the previous one had ${seconds(leftMs)} left and had not been refused`,
          });
        }
      }
      return { evidence: Math.max(0, issued.length - 1), offences };
    },
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
  {
    id: 'provision-json',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Provision Account, request body (JSON)`,
    title: 'Provision requests are a JSON object with Content-Type application/json',
    fix: 'Send the body as a JSON object with Content-Type: application/json.',
    check: eachRequest(provisionRequests, (e) => {
      if (mediaType(e.request.contentType ?? undefined) !== 'application/json')
        return `Content-Type is ${JSON.stringify(e.request.contentType)}`;
      return jsonObjectBody(e) ? null : 'the body is not a JSON object';
    }),
  },
  {
    id: 'provision-mandatory-fields',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Provision Account, request body: every key mandatory`,
    title: 'Every mandatory field is sent',
    fix: `Always send ${PROVISION_FIELDS.join(', ')}.`,
    // Judged on JSON bodies only: a body that is not JSON breaks provision-json, once.
    check: eachRequest(
      (entries) => provisionRequests(entries).filter((e) => jsonObjectBody(e)),
      (e) => {
        const missing = PROVISION_FIELDS.filter((f) => jsonObjectBody(e)![f] === undefined);
        return missing.length ? `missing ${missing.join(', ')}` : null;
      },
    ),
  },
  {
    id: 'provision-field-formats',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Provision Account, request body field rules (the ODS code shape: README, "Decisions")`,
    title: 'Each field has its specified format',
    fix: 'Validate before sending: NHS number check digit, YYYY-MM-DD real date, E.164 mobile with country code, ODS code shape, valid email.',
    check: eachRequest(
      (entries) => provisionRequests(entries).filter((e) => jsonObjectBody(e)),
      (e, context) => {
        const body = jsonObjectBody(e)!;
        const present = Object.fromEntries(PROVISION_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
        const today = new Date(e.sandboxAtMs).toISOString().slice(0, 10);
        const parsed = provisionRequestSchema({ odsCodeRule: context.odsCodeRule, today: () => today }).safeParse(present);
        const problems = parsed.success
          ? []
          : parsed.error.issues.filter((i) => present[String(i.path[0])] !== undefined).map((i) => i.message);
        return problems.length ? problems.join('; ') : null;
      },
    ),
  },
  {
    id: 'provision-no-unknown-fields',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Provision Account, request body (five keys; extras are not defined)`,
    title: 'No fields beyond the specified ones',
    fix: `Send only ${PROVISION_FIELDS.join(', ')}.`,
    check: eachRequest(
      (entries) => provisionRequests(entries).filter((e) => jsonObjectBody(e)),
      (e) => {
        const unknown = unknownProvisionFields(jsonObjectBody(e)!);
        return unknown.length ? `unknown field(s) ${unknown.join(', ')}` : null;
      },
    ),
  },
  {
    id: 'backoff-after-11011',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11011 "too many requests from the ODS code" (no wait stated); RFC 9110 §10.2.3 Retry-After, sent with it`,
    title: 'After 11011 the ODS code waits out Retry-After before sending again',
    fix: 'On 11011, stop sending for that ODS code until Retry-After seconds have passed.',
    check: afterAnswer(
      (e) => e.outcome === '11011',
      (answer, later, afterMs) => {
        const waitMs = (answer.response.retryAfterSeconds ?? 1) * 1000;
        return later.odsCode === answer.odsCode && afterMs < waitMs
          ? `sent for ${later.odsCode} ${seconds(afterMs)} after 11011 (Retry-After ${waitMs / 1000} s)`
          : null;
      },
    ),
  },
  {
    id: 'backoff-after-11000',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11000 "service not available" (no wait stated); RFC 9110 §10.2.3 Retry-After, sent with it`,
    title: 'After 11000 the client waits Retry-After (at least a second) before sending again',
    fix: 'Retry after the Retry-After delay (at least a second, growing with each failure), not immediately.',
    check: afterAnswer(
      (e) => e.outcome === '11000',
      (answer, _later, afterMs) => {
        const waitMs = Math.max((answer.response.retryAfterSeconds ?? 0) * 1000, MIN_RETRY_BACKOFF_MS);
        return afterMs < waitMs ? `sent ${seconds(afterMs)} after 11000 (wait at least ${waitMs / 1000} s)` : null;
      },
    ),
  },
  {
    id: 'no-resubmit-while-pending',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11003 "user already has a pending provision account request from within last 7 days"`,
    title: 'After 11003 the patient is not sent again while the invitation that caused it is live',
    fix: 'Tell the user an invitation is already pending; send the patient again only after it has lapsed (7 days from the first request).',
    check: afterAnswer(
      (e) => e.outcome === '11003',
      (answer, later) =>
        later.nhsNumber === answer.nhsNumber && later.sandboxAtMs < (answer.pendingUntilSandboxMs ?? answer.sandboxAtMs + PENDING_WINDOW_MS)
          ? `sent ${later.nhsNumber} again while the invitation behind 11003 (request #${answer.seq}) was still pending`
          : null,
    ),
  },
  {
    id: 'no-resubmit-after-11005',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, error 11005 "user already has a P9 account"`,
    title: 'A patient answered 11005 is not sent again',
    fix: 'Tell the user the patient already has a fully verified NHS login; do not send the patient again.',
    check: afterAnswer(
      (e) => e.outcome === '11005',
      (answer, later) =>
        later.nhsNumber === answer.nhsNumber ? `sent ${later.nhsNumber} again after 11005 (request #${answer.seq})` : null,
    ),
  },
  {
    id: 'no-unchanged-resend-after-refusal',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, errors 11010, 11021 and "unable to provision" codes: the same request gets the same answer`,
    title: 'A refused request is not sent again unchanged',
    fix: 'Show the user why the request was refused and let them correct it; never resend the same request.',
    check: afterAnswer(
      (e) => FINAL_REFUSAL_CODES.has(e.outcome),
      (answer, later) =>
        later.request.bodyDigest === answer.request.bodyDigest
          ? `the request refused with ${answer.outcome} (#${answer.seq}) was sent again unchanged`
          : null,
    ),
  },
  {
    id: 'no-polling-one-patient',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Actors and overall flow: one provision call per patient, its answer final`,
    title: `No more than ${POLLING_LIMIT} provision calls for one patient within ${POLLING_WINDOW_MS / 1000} s`,
    fix: 'Send a patient once and act on the answer; do not poll the endpoint for a change.',
    check: (entries) => {
      const byPatient = new Map<string, JournalEntry[]>();
      for (const e of provisionRequests(entries)) if (e.nhsNumber) byPatient.set(e.nhsNumber, [...(byPatient.get(e.nhsNumber) ?? []), e]);
      const offences: Offence[] = [];
      for (const [nhsNumber, calls] of byPatient) {
        calls.forEach((call, i) => {
          const earlier = calls[i - POLLING_LIMIT];
          const spanMs = earlier && Math.max(call.atMs - earlier.atMs, call.sandboxAtMs - earlier.sandboxAtMs);
          if (spanMs !== undefined && spanMs < POLLING_WINDOW_MS) {
            offences.push({ entry: call, why: `call ${POLLING_LIMIT + 1} for ${nhsNumber} within ${seconds(spanMs)}` });
          }
        });
      }
      return { evidence: byPatient.size, offences: offences.sort((a, b) => a.entry.seq - b.entry.seq) };
    },
  },
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
    section: `${USERS_SPEC}, Errors (403): Users.retrieve is mandatory and profile is needed for every other data scope`,
    title: 'Lookups are made with a token whose scopes the endpoint accepts',
    fix: 'Request Users.retrieve, and profile whenever you request any other data scope.',
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
];

/** The rule ids, for checking a justification file against the table. */
export const ruleById: ReadonlyMap<string, ConformanceRule> = new Map(conformanceRules.map((rule) => [rule.id, rule]));
