// Rules on the client assertion (CID-IS-P v1.0, Token endpoint; RFC 7523 §3): its header and claims.
import { isJwtMediaType } from '../../auth/client-assertion';
import type { DecodedAssertion, JournalEntry } from '../../journal/journal-entry';
import { eachRequest, seconds, SPEC, tokenRequests, type ConformanceRule, type Offence } from './kit';

const decoded = (e: JournalEntry): DecodedAssertion | null =>
  e.request.assertion && 'claims' in e.request.assertion ? e.request.assertion : null;
const withAssertion = (entries: readonly JournalEntry[]) => tokenRequests(entries).filter((e) => decoded(e) !== null);

/** The lifetime the `assertion-exp-short` SHOULD expects, whatever the token endpoint accepts. */
const SHORT_ASSERTION_SECONDS = 300;

export const assertionRules: readonly ConformanceRule[] = [
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
    section: `${SPEC}, Table 13: exp SHOULD be "appropriate to the security and efficiency context", no number given; five minutes is the sandbox's expectation, borrowed from the NHS API platform's signed-JWT rule (the token endpoint accepts up to ASSERTION_MAX_LIFETIME)`,
    title: 'exp is at most five minutes ahead',
    fix: 'Set exp at most 300 s after now (a few seconds is plenty).',
    check: eachRequest(
      (entries) => withAssertion(entries).filter((e) => typeof decoded(e)!.claims.exp === 'number'),
      (e, context) => {
        const aheadMs = (decoded(e)!.claims.exp as number) * 1000 - e.atMs;
        const limitMs = (SHORT_ASSERTION_SECONDS + context.clockToleranceSeconds) * 1000;
        return aheadMs > limitMs ? `exp is ${seconds(aheadMs)} ahead, more than ${SHORT_ASSERTION_SECONDS} s` : null;
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
];
