// Relying-party rules (appliesTo: 'signin'): what NHS login's sign-in interface (CID-IS-F v2.1) and
// the RFCs it builds on ask of a service that signs people in, judged from its journalled
// authorization requests and its sign-in grants at the token endpoint.
import type { JournalEntry } from '../../journal/journal-entry';
import { audienceProblem, decoded } from './assertion';
import { eachRequest, signInRequests, SIGN_IN_SPEC, type ConformanceRule, type Offence, type RuleCheck } from './kit';

/** The value of a parameter the authorization request sent, in its query or (POST) its form. */
const parameter = (e: JournalEntry, name: string): string | undefined => e.request.query?.[name]?.[0] ?? e.request.form?.[name]?.[0];

const grants = (entries: readonly JournalEntry[], grant: 'authorization_code' | 'refresh_token') =>
  signInRequests(entries, '/token').filter((e) => e.request.form?.grant_type?.[0] === grant);

/** Each grant presenting a code or refresh token (by fingerprint) presented before is an offence. */
const presentedOnce =
  (grant: 'authorization_code' | 'refresh_token', why: (first: JournalEntry) => string) =>
  (entries: readonly JournalEntry[]): RuleCheck => {
    const looked = grants(entries, grant).filter((e) => e.presentedToken);
    const first = new Map<string, JournalEntry>();
    const offences: Offence[] = [];
    for (const entry of looked) {
      const earlier = first.get(entry.presentedToken!.fingerprint);
      if (earlier) offences.push({ entry, why: why(earlier) });
      else first.set(entry.presentedToken!.fingerprint, entry);
    }
    return { evidence: looked.length, offences };
  };

export const relyingPartyRules: readonly ConformanceRule[] = [
  {
    id: 'rp-state-and-nonce',
    level: 'MUST',
    basis: 'specification',
    section: `${SIGN_IN_SPEC} §3.4.1, authorization request: state and nonce are both mandatory (iGov profile)`,
    title: 'Every authorization request sends state and nonce',
    fix: 'Send a fresh, unguessable state and nonce with every authorization request; check state on the way back and nonce in the ID token.',
    appliesTo: 'signin',
    check: eachRequest(
      (entries) => signInRequests(entries, '/authorize'),
      (e) => {
        const missing = ['state', 'nonce'].filter((name) => !parameter(e, name));
        return missing.length ? `no ${missing.join(' and no ')} was sent` : null;
      },
    ),
  },
  {
    id: 'rp-code-used-once',
    level: 'MUST',
    basis: 'standard',
    section: `RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once"; ${SIGN_IN_SPEC} §3.4: a code is single-use`,
    title: 'An authorization code is redeemed once',
    fix: 'Redeem each code once, straight after the redirect; never retry a code grant with the same code (start a new authorization request instead).',
    appliesTo: 'signin',
    check: presentedOnce('authorization_code', (first) => `this code was already redeemed by request #${first.seq}`),
  },
  {
    id: 'rp-refresh-token-latest',
    level: 'MUST',
    basis: 'specification',
    section: `${SIGN_IN_SPEC} §3.5, token request: a refresh presents "the latest valid refresh token" (refresh tokens rotate); RFC 6749 §6`,
    title: 'A refresh token is used once: the one the last refresh returned replaces it',
    fix: 'Store the refresh_token each refresh answer returns and discard the one you sent; sending an old one again is refused and ends the sign-in.',
    appliesTo: 'signin',
    check: presentedOnce(
      'refresh_token',
      (first) => `this refresh token was already used by request #${first.seq}; use the one that answer returned`,
    ),
  },
  {
    id: 'rp-assertion-aud-token-url',
    level: 'MUST',
    basis: 'specification',
    section: `${SIGN_IN_SPEC} §3.5 and §7.1–7.2, client assertion: aud is the token endpoint URL; RFC 7523 §3`,
    title: 'The client assertion of a sign-in grant has aud = the token endpoint URL',
    fix: 'Set aud to the token endpoint URL as a single string. openid-client v6 puts the issuer there: override it (modifyAssertion).',
    appliesTo: 'signin',
    check: eachRequest(
      (entries) => signInRequests(entries, '/token').filter((e) => decoded(e) !== null),
      (e, context) => audienceProblem(decoded(e)!, context.tokenUrls),
    ),
  },
  {
    id: 'rp-code-grant-redirect-uri',
    level: 'MUST',
    basis: 'standard',
    section: `RFC 6749 §4.1.3: redirect_uri is REQUIRED when the authorization request included it (${SIGN_IN_SPEC} §3.4.1 makes it mandatory there); ${SIGN_IN_SPEC} §3.5`,
    title: 'A code grant sends the redirect_uri the authorization request used',
    fix: 'Send redirect_uri with the authorization_code grant, identical to the one in the authorization request.',
    appliesTo: 'signin',
    check: eachRequest(
      (entries) => grants(entries, 'authorization_code'),
      (e) => (e.request.form?.redirect_uri?.[0] ? null : 'no redirect_uri was sent with the code'),
    ),
  },
];
