import type { OdsCodeRule } from '../config/config';
import { mediaType } from '../http/form';
import type { DecodedAssertion, JournalEntry } from '../journal/journal-entry';
import { PROVISION_FIELDS, provisionRequestSchema, unknownProvisionFields } from '../provisioning/request-schema';
import { CLIENT_CREDENTIALS_GRANT, JWT_BEARER_ASSERTION_TYPE, readTokenForm, TOKEN_REQUEST_PARAMETERS } from '../auth/token-request';

/**
 * The conformance rules: what the specification (CID-IS-P v1.0) and the RFCs it builds on ask of
 * the GP system's own traffic. One table; the checker, the report, the docs and the tests (one
 * sloppy-client test per rule) all read it. Each rule looks at one client's journal, oldest
 * first, and names every request that breaks it with the reason.
 */
export type RuleLevel = 'MUST' | 'SHOULD';

export interface RuleContext {
  /** Token URLs an assertion's `aud` may name. */
  tokenUrls: readonly string[];
  maxAssertionLifetimeSeconds: number;
  /** Leeway for clock skew, as the token endpoint allows it (CLOCK_TOLERANCE). */
  clockToleranceSeconds: number;
  odsCodeRule: OdsCodeRule;
  /** Sandbox time when the report is made. */
  nowMs: number;
  /** The outcome codes the scenario catalogue shows how to provoke (coverage is measured against them). */
  catalogueCodes: readonly string[];
}

export interface Offence {
  entry: JournalEntry;
  why: string;
}

export interface RuleCheck {
  /** Requests the rule looked at. */
  evidence: number;
  offences: Offence[];
}

export interface ConformanceRule {
  id: string;
  level: RuleLevel;
  /** Where the requirement comes from. */
  section: string;
  title: string;
  fix: string;
  check(entries: readonly JournalEntry[], context: RuleContext): RuleCheck;
}

const SPEC_TOKEN = 'CID-IS-P v1.0, Token endpoint';
const SPEC_PROVISION = 'CID-IS-P v1.0, Provision Account endpoint';
/** How soon a re-submission counts as "immediately" (no Retry-After to go by). */
export const RESUBMIT_WINDOW_MS = 60_000;
/** The least back-off after 11000 when the answer names no Retry-After. */
export const MIN_RETRY_BACKOFF_MS = 1_000;
/** A token with less than this left may be replaced without reproach. */
export const TOKEN_RENEWAL_MARGIN_MS = 30_000;

const tokenRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'token');
const provisionRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'provision');
const decoded = (e: JournalEntry): DecodedAssertion | null =>
  e.request.assertion && 'claims' in e.request.assertion ? e.request.assertion : null;
const withAssertion = (entries: readonly JournalEntry[]) => tokenRequests(entries).filter((e) => e.request.assertion !== undefined);

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

/** A rule about what the client did after an answer: `after` finds the answers, `tooSoon` the follow-ups. */
function afterAnswer(isAnswer: (e: JournalEntry) => boolean, tooSoon: (answer: JournalEntry, later: JournalEntry) => string | null) {
  return (entries: readonly JournalEntry[]): RuleCheck => {
    const provisions = provisionRequests(entries);
    const answers = provisions.filter(isAnswer);
    const offences: Offence[] = [];
    for (const answer of answers) {
      const next = provisions.find((later) => later.seq > answer.seq && tooSoon(answer, later) !== null);
      if (next) offences.push({ entry: next, why: tooSoon(answer, next)! });
    }
    return { evidence: answers.length, offences };
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const conformanceRules: readonly ConformanceRule[] = [
  {
    id: 'assertion-alg-rs512',
    level: 'MUST',
    section: `${SPEC_TOKEN}: client assertion header; RFC 7518 §3.3`,
    title: 'The client assertion is a JWS signed with RS512',
    fix: 'Sign the assertion with your registered RSA key using RS512 (RSASSA-PKCS1-v1_5 with SHA-512).',
    check: eachRequest(withAssertion, (e) => {
      const a = decoded(e);
      if (!a) return 'client_assertion is not a compact JWS';
      return a.header.alg === 'RS512' ? null : `header alg is ${JSON.stringify(a.header.alg)}`;
    }),
  },
  {
    id: 'assertion-typ-jwt',
    level: 'MUST',
    section: `${SPEC_TOKEN}: client assertion header; RFC 7515 §4.1.9`,
    title: 'The client assertion header says typ "JWT"',
    fix: 'Set the protected header typ to "JWT".',
    check: eachRequest(withAssertion, (e) => {
      const typ = decoded(e)?.header.typ;
      return typeof typ === 'string' && typ.toUpperCase() === 'JWT' ? null : `header typ is ${JSON.stringify(typ)}`;
    }),
  },
  {
    id: 'assertion-iss-sub-client-id',
    level: 'MUST',
    section: `${SPEC_TOKEN}: client assertion claims; RFC 7523 §3`,
    title: 'iss and sub are both the client id',
    fix: 'Put your client id in both iss and sub.',
    check: eachRequest(withAssertion, (e) => {
      const c = decoded(e)?.claims;
      if (!c) return 'no claims to read';
      return typeof c.iss === 'string' && c.iss === c.sub ? null : `iss ${JSON.stringify(c.iss)} and sub ${JSON.stringify(c.sub)} differ`;
    }),
  },
  {
    id: 'assertion-aud-token-url',
    level: 'MUST',
    section: `${SPEC_TOKEN}: client assertion claims; RFC 7523 §3`,
    title: 'aud is the token endpoint URL',
    fix: 'Set aud to the token endpoint URL as a single string (the sandbox tolerates an array containing it; the real service may not).',
    check: eachRequest(withAssertion, (e, context) => {
      const aud = decoded(e)?.claims.aud;
      if (typeof aud === 'string' && context.tokenUrls.includes(aud)) return null;
      return Array.isArray(aud)
        ? `aud is an array ${JSON.stringify(aud)}, not the token URL`
        : `aud is ${JSON.stringify(aud)}, expected ${context.tokenUrls.join(' or ')}`;
    }),
  },
  {
    id: 'assertion-exp-short-lived',
    level: 'MUST',
    section: `${SPEC_TOKEN}: client assertion claims; RFC 7523 §3`,
    title: 'exp is present, in the future and at most five minutes ahead',
    fix: 'Set exp to a few seconds or minutes after now (at most 300 s) when you sign each assertion.',
    check: eachRequest(withAssertion, (e, context) => {
      const exp = decoded(e)?.claims.exp;
      if (typeof exp !== 'number') return 'exp is missing or not a number';
      const aheadMs = exp * 1000 - e.atMs;
      if (aheadMs <= 0) return `exp had already passed when it was sent (${seconds(-aheadMs)} ago)`;
      return aheadMs > (context.maxAssertionLifetimeSeconds + context.clockToleranceSeconds) * 1000
        ? `exp is ${seconds(aheadMs)} ahead, more than ${context.maxAssertionLifetimeSeconds} s`
        : null;
    }),
  },
  {
    id: 'assertion-jti-unique',
    level: 'MUST',
    section: `${SPEC_TOKEN}: client assertion claims; RFC 7523 §3`,
    title: 'Every assertion has its own jti',
    fix: 'Generate a fresh random jti (e.g. a UUID) for every assertion; never resend one.',
    check: (entries) => {
      const seen = new Map<string, number>();
      const looked = withAssertion(entries);
      const offences: Offence[] = [];
      for (const entry of looked) {
        const jti = decoded(entry)?.claims.jti;
        if (typeof jti !== 'string' || jti === '') {
          offences.push({ entry, why: 'jti is missing' });
        } else if (seen.has(jti)) {
          offences.push({ entry, why: `jti ${JSON.stringify(jti)} was already used in request #${seen.get(jti)}` });
        } else {
          seen.set(jti, entry.seq);
        }
      }
      return { evidence: looked.length, offences };
    },
  },
  {
    id: 'token-request-form-encoded',
    level: 'MUST',
    section: `${SPEC_TOKEN}: request; RFC 6749 §4.4.2`,
    title: 'Token requests are application/x-www-form-urlencoded',
    fix: 'Send the token request body form-encoded with Content-Type: application/x-www-form-urlencoded.',
    check: eachRequest(tokenRequests, (e) =>
      mediaType(e.request.contentType ?? undefined) === 'application/x-www-form-urlencoded'
        ? null
        : `Content-Type is ${JSON.stringify(e.request.contentType)}`,
    ),
  },
  {
    id: 'token-request-exact-parameters',
    level: 'MUST',
    section: `${SPEC_TOKEN}: request; RFC 7523 §2.2; RFC 6749 §3.1`,
    title: 'The specified parameters, once each, with the specified values, and no others',
    fix: `Send grant_type=${CLIENT_CREDENTIALS_GRANT}, client_assertion_type=${JWT_BEARER_ASSERTION_TYPE} and client_assertion (client_id optional, equal to iss), and nothing else.`,
    check: eachRequest(tokenRequests, (e) => {
      const form = e.request.form;
      if (!form) return null; // judged by token-request-form-encoded
      const read = readTokenForm(new Map(Object.entries(form)));
      const unexpected = Object.keys(form).filter((name) => !(TOKEN_REQUEST_PARAMETERS as string[]).includes(name));
      const problems = [...(read.ok ? [] : [read.description]), ...unexpected.map((name) => `unexpected ${name}`)];
      return problems.length ? problems.join('; ') : null;
    }),
  },
  {
    id: 'token-request-no-header-credentials',
    level: 'MUST',
    section: `${SPEC_TOKEN}: request; RFC 6749 §2.3`,
    title: 'Token requests carry no credentials in headers',
    fix: 'Authenticate with the client assertion only: no Authorization header on the token request.',
    check: eachRequest(tokenRequests, (e) =>
      'raw' in e.request.authorization ? null : `Authorization: ${e.request.authorization.scheme} … was sent`,
    ),
  },
  {
    id: 'bearer-header-form',
    level: 'MUST',
    section: `${SPEC_PROVISION}: authorisation; RFC 6750 §2.1`,
    title: 'Provision calls send Authorization: Bearer <access token>',
    fix: 'Send the access token exactly as "Authorization: Bearer <access_token>".',
    check: eachRequest(provisionRequests, (e) => {
      const auth = e.request.authorization;
      if ('raw' in auth) return 'no Authorization header';
      return auth.wellFormed ? null : `Authorization header is "${auth.scheme} …", not "Bearer <token>"`;
    }),
  },
  {
    id: 'no-expired-token-use',
    level: 'MUST',
    section: `${SPEC_PROVISION}: authorisation (token lifetime 300 s); RFC 6750 §3.1`,
    title: 'Expired access tokens are never used',
    fix: 'Track expires_in and fetch a new token before the old one expires.',
    check: eachRequest(provisionRequests, (e) => {
      const expiresAtMs = e.presentedToken?.expiresAtMs;
      return expiresAtMs !== undefined && expiresAtMs <= e.atMs ? `the token had expired ${seconds(e.atMs - expiresAtMs)} before` : null;
    }),
  },
  {
    id: 'token-reused-while-valid',
    level: 'SHOULD',
    section: 'CID-IS-P v1.0, Actors and overall flow (step 6: the token may be reused while valid)',
    title: 'A valid access token is reused instead of fetching one per provision call',
    fix: `Cache the access token and reuse it until less than ${TOKEN_RENEWAL_MARGIN_MS / 1000} s of its lifetime remain.`,
    check: (entries) => {
      const issued = tokenRequests(entries).filter((e) => e.issuedToken);
      const offences: Offence[] = [];
      for (let i = 1; i < issued.length; i++) {
        const previous = issued[i - 1]!.issuedToken!;
        const leftMs = previous.expiresAtMs - issued[i]!.atMs;
        if (leftMs > TOKEN_RENEWAL_MARGIN_MS)
          offences.push({ entry: issued[i]!, why: `a new token was requested while the previous one had ${seconds(leftMs)} left` });
      }
      return { evidence: Math.max(0, issued.length - 1), offences };
    },
  },
  {
    id: 'token-used',
    level: 'SHOULD',
    section: 'CID-IS-P v1.0, Actors and overall flow',
    title: 'Every access token requested is used',
    fix: 'Request a token only when you are about to provision, and use it.',
    check: (entries, context) => {
      const used = new Set(provisionRequests(entries).map((e) => e.presentedToken?.fingerprint));
      const issued = tokenRequests(entries).filter((e) => e.issuedToken);
      // The newest token is excused while it can still be used.
      const judged = issued.filter((e) => e.issuedToken!.expiresAtMs <= context.nowMs || e !== issued.at(-1));
      const offences = judged
        .filter((e) => !used.has(e.issuedToken!.fingerprint))
        .map((entry) => ({ entry, why: 'this token was never used for a provision call' }));
      return { evidence: judged.length, offences };
    },
  },
  {
    id: 'provision-json',
    level: 'MUST',
    section: `${SPEC_PROVISION}: request body (JSON)`,
    title: 'Provision requests are JSON with Content-Type application/json',
    fix: 'Send the body as a JSON object with Content-Type: application/json.',
    check: eachRequest(provisionRequests, (e) => {
      if (mediaType(e.request.contentType ?? undefined) !== 'application/json')
        return `Content-Type is ${JSON.stringify(e.request.contentType)}`;
      return e.request.body !== undefined && typeof e.request.body === 'object' && e.request.body !== null && !Array.isArray(e.request.body)
        ? null
        : 'the body is not a JSON object';
    }),
  },
  {
    id: 'provision-mandatory-fields',
    level: 'MUST',
    section: `${SPEC_PROVISION}: request body (every key mandatory)`,
    title: 'Every mandatory field is sent',
    fix: `Always send ${PROVISION_FIELDS.join(', ')}.`,
    check: eachRequest(provisionRequests, (e) => {
      const body = e.request.body as Record<string, unknown> | undefined;
      const missing = PROVISION_FIELDS.filter((f) => !body || typeof body !== 'object' || body[f] === undefined);
      return missing.length ? `missing ${missing.join(', ')}` : null;
    }),
  },
  {
    id: 'provision-field-formats',
    level: 'MUST',
    section: `${SPEC_PROVISION}: request body field rules`,
    title: 'Each field has its specified format',
    fix: 'Validate before sending: NHS number check digit, YYYY-MM-DD real date, E.164 mobile with country code, ODS code shape, valid email.',
    check: eachRequest(provisionRequests, (e, context) => {
      const body = e.request.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
      const present = Object.fromEntries(Object.entries(body).filter(([k]) => (PROVISION_FIELDS as readonly string[]).includes(k)));
      const today = new Date(e.atMs).toISOString().slice(0, 10);
      const parsed = provisionRequestSchema({ odsCodeRule: context.odsCodeRule, today: () => today }).safeParse(present);
      const problems = parsed.success
        ? []
        : parsed.error.issues.filter((i) => present[String(i.path[0])] !== undefined).map((i) => i.message);
      return problems.length ? problems.join('; ') : null;
    }),
  },
  {
    id: 'provision-no-unknown-fields',
    level: 'SHOULD',
    section: `${SPEC_PROVISION}: request body`,
    title: 'No fields beyond the specified ones',
    fix: `Send only ${PROVISION_FIELDS.join(', ')}.`,
    check: eachRequest(provisionRequests, (e) => {
      const body = e.request.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
      const unknown = unknownProvisionFields(body as Record<string, unknown>);
      return unknown.length ? `unknown field(s) ${unknown.join(', ')}` : null;
    }),
  },
  {
    id: 'backoff-after-11011',
    level: 'SHOULD',
    section: `${SPEC_PROVISION}: error 11011 (too many requests from the ODS code)`,
    title: 'After 11011 the ODS code waits out the window before sending again',
    fix: 'On 11011, stop sending for that ODS code until Retry-After seconds have passed.',
    check: afterAnswer(
      (e) => e.outcome === '11011',
      (answer, later) => {
        const waitMs = (answer.response.retryAfterSeconds ?? 1) * 1000;
        return later.odsCode === answer.odsCode && later.atMs - answer.atMs < waitMs
          ? `sent for ${later.odsCode} ${seconds(later.atMs - answer.atMs)} after 11011 (Retry-After ${waitMs / 1000} s)`
          : null;
      },
    ),
  },
  {
    id: 'no-resubmit-after-11003-11005',
    level: 'SHOULD',
    section: `${SPEC_PROVISION}: errors 11003 (pending request) and 11005 (already P9)`,
    title: 'After 11003 or 11005 the same patient is not sent again straight away',
    fix: 'Tell the user the invitation is pending or the patient already has a P9 login; do not resubmit.',
    check: afterAnswer(
      (e) => e.outcome === '11003' || e.outcome === '11005',
      (answer, later) =>
        later.nhsNumber === answer.nhsNumber && later.atMs - answer.atMs < RESUBMIT_WINDOW_MS
          ? `re-sent ${later.nhsNumber} ${seconds(later.atMs - answer.atMs)} after ${answer.outcome}`
          : null,
    ),
  },
  {
    id: 'backoff-after-11000',
    level: 'SHOULD',
    section: `${SPEC_PROVISION}: error 11000 (service not available)`,
    title: 'After 11000 retries back off',
    fix: 'Retry after the Retry-After delay (or at least a second, growing with each failure), not immediately.',
    check: afterAnswer(
      (e) => e.outcome === '11000',
      (answer, later) => {
        const waitMs = Math.max((answer.response.retryAfterSeconds ?? 0) * 1000, MIN_RETRY_BACKOFF_MS);
        return later.atMs - answer.atMs < waitMs
          ? `retried ${seconds(later.atMs - answer.atMs)} after 11000 (wait at least ${waitMs / 1000} s)`
          : null;
      },
    ),
  },
];
