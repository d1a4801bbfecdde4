// Rules on the client assertion (CID-IS-P v1.0, Token endpoint; RFC 7523 §3): its header and claims.
import { isJwtMediaType } from '../../auth/client-assertion';
import type { DecodedAssertion, JournalEntry } from '../../journal/journal-entry';
import { eachRequest, refusedBecause, seconds, SPEC, tokenRequests, type ConformanceRule, type Offence } from './kit';

export const decoded = (e: JournalEntry): DecodedAssertion | null =>
  e.request.assertion && 'claims' in e.request.assertion ? e.request.assertion : null;
const withAssertion = (entries: readonly JournalEntry[]) => tokenRequests(entries).filter((e) => decoded(e) !== null);

/** The lifetime the `assertion-exp-short` SHOULD expects, whatever the token endpoint accepts. */
const SHORT_ASSERTION_SECONDS = 300;

/**
 * Why the token endpoint refused an assertion (its error_description), per rule: a refused token
 * request fails the rule its refusal names, visibly, even where the claims the journal kept look
 * fine to the rule's own check (the endpoint may judge by another clock or a stricter reading).
 */
export const ASSERTION_REFUSALS = {
  'assertion-alg-rs512': /alg must be RS512/,
  'assertion-typ-jwt': /typ must be JWT/,
  'assertion-iss-sub-client-id': /iss must be|sub must equal/,
  'assertion-aud-token-url': /aud must be/,
  'assertion-exp-present': /exp must be a NumericDate|has expired/,
  'assertion-exp-short': /exp must be at most/,
  'assertion-jti-unique': /jti .*already been used|jti must be/,
} as const;
const ANY_NAMED_REFUSAL = new RegExp(
  Object.values(ASSERTION_REFUSALS)
    .map((r) => r.source)
    .join('|'),
);
/** A rule's own check, or the refusal that names it. */
const orRefused =
  (rule: keyof typeof ASSERTION_REFUSALS, why: (e: JournalEntry, context: Parameters<ConformanceRule['check']>[1]) => string | null) =>
  (e: JournalEntry, context: Parameters<ConformanceRule['check']>[1]) =>
    why(e, context) ?? refusedBecause(e, ASSERTION_REFUSALS[rule]);
/** A rule judged on each request's decoded assertion, or failed by the refusal that names it. */
const eachAssertion = (
  rule: keyof typeof ASSERTION_REFUSALS,
  why: (assertion: DecodedAssertion, e: JournalEntry, context: Parameters<ConformanceRule['check']>[1]) => string | null,
) =>
  eachRequest(
    withAssertion,
    orRefused(rule, (e, context) => why(decoded(e)!, e, context)),
  );

/** Why an assertion's `aud` is not the token endpoint URL as a single string, or null when it is. */
export function audienceProblem(assertion: DecodedAssertion, tokenUrls: readonly string[]): string | null {
  const aud = assertion.claims.aud;
  if (typeof aud === 'string' && tokenUrls.includes(aud)) return null;
  return Array.isArray(aud)
    ? `aud is an array ${JSON.stringify(aud)}, not the token URL`
    : `aud is ${JSON.stringify(aud)}, expected ${tokenUrls.join(' or ')}`;
}

export const assertionRules: readonly ConformanceRule[] = [
  {
    id: 'assertion-alg-rs512',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion header: "alg: RS512"; RFC 7518 §3.3`,
    title: 'The client assertion is signed with RS512',
    fix: 'Sign the assertion with your registered RSA key using RS512 (RSASSA-PKCS1-v1_5 with SHA-512).',
    check: eachAssertion('assertion-alg-rs512', ({ header }) =>
      header.alg === 'RS512' ? null : `header alg is ${JSON.stringify(header.alg)}`,
    ),
  },
  {
    id: 'assertion-typ-jwt',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion header: "typ: JWT"; RFC 7515 §4.1.9 (application/jwt is the same media type)`,
    title: 'The client assertion header says typ "JWT"',
    fix: 'Set the protected header typ to "JWT".',
    check: eachAssertion('assertion-typ-jwt', ({ header }) =>
      isJwtMediaType(header.typ) ? null : `header typ is ${JSON.stringify(header.typ)}`,
    ),
  },
  {
    id: 'assertion-iss-sub-client-id',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: "iss: client id", "sub: client id"; RFC 7523 §3`,
    title: 'iss and sub are both the client id',
    fix: 'Put your client id in both iss and sub.',
    check: eachAssertion('assertion-iss-sub-client-id', ({ claims: { iss, sub } }, e) =>
      iss === e.clientId && sub === e.clientId
        ? null
        : `iss ${JSON.stringify(iss)} and sub ${JSON.stringify(sub)}, client id ${e.clientId}`,
    ),
  },
  {
    id: 'assertion-aud-token-url',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: "aud: the token endpoint URL"; RFC 7523 §3`,
    title: 'aud is the token endpoint URL',
    fix: 'Set aud to the token endpoint URL as a single string (the sandbox tolerates an array containing it; the real service may not).',
    check: eachAssertion('assertion-aud-token-url', (assertion, _e, context) => audienceProblem(assertion, context.tokenUrls)),
  },
  {
    id: 'assertion-exp-present',
    level: 'MUST',
    basis: 'specification',
    section: `${SPEC}, Token endpoint, client assertion claims: exp is mandatory; RFC 7523 §3 item 4`,
    title: 'exp is present and still in the future when the assertion arrives (by real time)',
    fix: 'Set exp to a moment shortly after now, by your own clock, when you sign each assertion.',
    check: eachAssertion('assertion-exp-present', ({ claims: { exp } }, e, context) => {
      if (typeof exp !== 'number') return 'exp is missing or not a number';
      const aheadMs = exp * 1000 - e.atMs;
      return aheadMs <= -context.clockToleranceSeconds * 1000 ? `exp had already passed when it arrived (${seconds(-aheadMs)} ago)` : null;
    }),
  },
  {
    id: 'assertion-exp-short',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section: `${SPEC}, Table 13: exp SHOULD be "appropriate to the security and efficiency context", no number given; five minutes is the sandbox's expectation, borrowed from the NHS API platform's signed-JWT rule (the token endpoint accepts up to ASSERTION_MAX_LIFETIME)`,
    title: 'exp is at most five minutes ahead',
    fix: 'Set exp at most 300 s after now (a few seconds is plenty).',
    check: eachRequest(
      (entries) => withAssertion(entries).filter((e) => typeof decoded(e)!.claims.exp === 'number'),
      (e, context) => {
        const aheadMs = (decoded(e)!.claims.exp as number) * 1000 - e.atMs;
        const limitMs = (SHORT_ASSERTION_SECONDS + context.clockToleranceSeconds) * 1000;
        return aheadMs > limitMs
          ? `exp is ${seconds(aheadMs)} ahead, more than ${SHORT_ASSERTION_SECONDS} s`
          : refusedBecause(e, ASSERTION_REFUSALS['assertion-exp-short']);
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
        const refused = refusedBecause(entry, ASSERTION_REFUSALS['assertion-jti-unique']);
        if (typeof jti !== 'string' || jti === '') offences.push({ entry, why: 'jti is missing' });
        else if (refused) offences.push({ entry, why: refused });
        else if (seen.has(jti)) offences.push({ entry, why: `jti ${JSON.stringify(jti)} was already used in request #${seen.get(jti)}` });
        else seen.set(jti, entry.seq);
      }
      return { evidence: looked.length, offences };
    },
  },
  {
    id: 'assertion-iat-not-future',
    level: 'SHOULD',
    basis: 'sandbox-expectation',
    section:
      "RFC 7519 §4.1.6 (iat, when present, is when the JWT was issued); the token endpoint accepts a future iat, and the 60 s expectation is the sandbox's own (docs/decisions.md)",
    title: 'iat, when sent, is not ahead of the time the assertion is sent',
    fix: "Set iat from your server's clock at signing (keep it synchronised with NTP).",
    check: eachRequest(withAssertion, (e) => {
      const iat = decoded(e)!.claims.iat;
      if (iat !== undefined && (typeof iat !== 'number' || iat * 1000 - e.atMs > 60_000))
        return `iat ${JSON.stringify(iat)} is ahead of the arrival time`;
      return null;
    }),
  },
  {
    id: 'assertion-accepted',
    level: 'SHOULD',
    basis: 'specification',
    section: `${SPEC}, Token endpoint: the assertion is validated and a token issued only for a valid one; RFC 7523 §3.1 (invalid_client / invalid_grant)`,
    title: "The token endpoint accepts the client's assertions (refusals no other assertion rule names)",
    fix: 'Read the error_description of the refusal and correct the assertion (kid, crit, nbf, size, compact form).',
    check: eachRequest(
      (entries) => tokenRequests(entries).filter((e) => !e.issuedToken),
      (e) => (refusedBecause(e, ANY_NAMED_REFUSAL) ? null : refusedBecause(e, /client_assertion|assertion/)),
    ),
  },
];
