import { constants, verify, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, type CompactJWSHeaderParameters } from 'jose';
import type { Clock } from '../clock/clock';
import type { ClientRegistry, RegisteredClient } from './client-registry';
import type { ReplayCache } from './replay-cache';

/**
 * Client authentication with a JWT assertion (RFC 7523 §2.2 and §3, as profiled by the NHS login
 * Provision Account spec). Each rule has a name; a failure says which rule and what was expected,
 * and the token endpoint turns every failure into `invalid_client` (RFC 6749 §5.2).
 */
export type AssertionRule =
  | 'assertion-size'
  | 'compact-jws'
  | 'header-json'
  | 'alg-rs512'
  | 'typ-jwt'
  | 'claims-json'
  | 'iss-present'
  | 'sub-equals-iss'
  | 'client-registered'
  | 'kid-known'
  | 'crit-understood'
  | 'signature'
  | 'aud-token-url'
  | 'exp-present'
  | 'exp-in-future'
  | 'exp-not-unreasonably-far'
  | 'nbf-reached'
  | 'jti-present'
  | 'jti-unique';

export interface AssertionPolicy {
  /** Accepted `aud` values: the sandbox's token URL, and the real one only if configured. */
  audiences: string[];
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
}

export interface AssertionClaims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iat?: unknown;
  jti?: unknown;
  [claim: string]: unknown;
}

export type AssertionVerdict =
  | { ok: true; client: RegisteredClient; header: CompactJWSHeaderParameters; claims: AssertionClaims }
  | { ok: false; rule: AssertionRule; description: string; header?: unknown; claims?: AssertionClaims };

/**
 * The spec requires typ "JWT". RFC 7515 §4.1.9: typ is a media type, compared case-insensitively,
 * whose "application/" prefix may be left out, so "application/jwt" is the same type.
 */
export const isJwtMediaType = (typ: unknown): boolean => typeof typ === 'string' && ['jwt', 'application/jwt'].includes(typ.toLowerCase());

// Module-level, not a closure made per call: under tsx (npm start, the bench) each new closure's
// name is defined anew, about half a microsecond a request on the token endpoint (issue #31).
const fail = (rule: AssertionRule, description: string, header?: unknown, claims?: AssertionClaims): AssertionVerdict => ({
  ok: false,
  rule,
  description,
  header,
  claims,
});

const MAX_ASSERTION_CHARS = 8192;
const MAX_JTI_CHARS = 256;

export async function verifyClientAssertion(
  assertion: string,
  deps: { clients: ClientRegistry; replay: ReplayCache; realClock: Clock; policy: AssertionPolicy },
): Promise<AssertionVerdict> {
  // Bounded before anything is decoded: a real assertion is well under 2 KiB, and each jti is
  // remembered for the assertion's life, so neither may be made large.
  if (assertion.length > MAX_ASSERTION_CHARS)
    return fail('assertion-size', `client_assertion must be at most ${MAX_ASSERTION_CHARS} characters`);
  // RFC 7515 §7.1 compact serialization: three base64url segments. A JWE has five and is refused.
  const segments = assertion.split('.');
  if (segments.length !== 3 || !segments.every((s, i) => (i === 2 ? /^[A-Za-z0-9_-]*$/ : /^[A-Za-z0-9_-]+$/).test(s))) {
    return fail(
      'compact-jws',
      `client_assertion must be a signed JWT in JWS compact form (three base64url segments${segments.length === 5 ? '; an encrypted JWT (JWE) is not accepted' : ''})`,
    );
  }
  let header: CompactJWSHeaderParameters;
  try {
    header = decodeProtectedHeader(assertion) as CompactJWSHeaderParameters;
  } catch {
    return fail('header-json', 'client_assertion header is not a base64url-encoded JSON object');
  }
  // The spec: alg RS512 only. Checked before anything else so `none` and HMAC-with-public-key
  // confusion attacks never reach a verifier.
  if (header.alg !== 'RS512') {
    return fail('alg-rs512', `client_assertion alg must be RS512 (got ${JSON.stringify(header.alg ?? null)})`, header);
  }
  if (!isJwtMediaType(header.typ)) {
    return fail('typ-jwt', `client_assertion typ must be JWT (got ${JSON.stringify(header.typ ?? null)})`, header);
  }
  let claims: AssertionClaims;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segments[1]!, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    claims = parsed as AssertionClaims;
  } catch {
    return fail('claims-json', 'client_assertion payload is not a JSON object', header);
  }
  // RFC 7523 §3 items 1-2: iss and sub are both the client id.
  if (typeof claims.iss !== 'string' || claims.iss === '') {
    return fail('iss-present', 'client_assertion iss must be the client id', header, claims);
  }
  if (claims.sub !== claims.iss) {
    return fail('sub-equals-iss', `client_assertion sub must equal iss (${claims.iss})`, header, claims);
  }
  const client = deps.clients.get(claims.iss);
  if (!client) {
    return fail('client-registered', `client_assertion iss ${claims.iss} is not a registered client`, header, claims);
  }
  // Keys come only from the registry: jku, x5u, jwk and x5c headers are never used (RFC 8725 §3.10).
  let candidates = client.publicJwks.map((jwk, i) => ({ jwk, key: deps.clients.keysFor(client)[i]! }));
  if (typeof header.kid === 'string' && client.publicJwks.some((jwk) => jwk.kid)) {
    candidates = candidates.filter(({ jwk }) => jwk.kid === header.kid);
    if (candidates.length === 0) {
      return fail(
        'kid-known',
        `client_assertion kid ${JSON.stringify(header.kid)} matches no key registered for ${client.clientId}`,
        header,
        claims,
      );
    }
  }
  // RFC 7515 §4.1.11: a crit header names extensions the recipient must understand; this
  // verifier understands none, so any crit is refused.
  if (header.crit !== undefined) {
    return fail(
      'crit-understood',
      `client_assertion crit ${JSON.stringify(header.crit)} names extensions this service does not understand`,
      header,
      claims,
    );
  }
  // RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-512 over "header.payload", with node:crypto on
  // libuv's thread pool, where the access token is signed too: verifying here took the event loop
  // about 30 µs an assertion, handing it over about 11 µs (issue #31). The jti is remembered only
  // after, in one synchronous step with its check, so the same assertion sent many times at once
  // still earns one token.
  const signingInput = Buffer.from(`${segments[0]}.${segments[1]}`);
  const signature = Buffer.from(segments[2]!, 'base64url');
  let verified = false;
  for (const { key } of candidates) {
    if (key === null || !(await verifiesOffThread(signingInput, key, signature))) continue;
    verified = true;
    break;
  }
  if (!verified) {
    return fail('signature', `client_assertion signature does not verify with the key registered for ${client.clientId}`, header, claims);
  }
  // RFC 7523 §3 item 3: aud identifies this authorization server (its token endpoint URL).
  // RFC 7519 §4.1.3 allows an array; one containing the token URL is accepted (the conformance
  // checker flags it, since the spec shows a single string).
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => typeof aud === 'string' && deps.policy.audiences.includes(aud))) {
    return fail(
      'aud-token-url',
      `client_assertion aud must be ${deps.policy.audiences.join(' or ')} (got ${JSON.stringify(claims.aud ?? null)})`,
      header,
      claims,
    );
  }
  // The GP system signs with its own (real) clock: time travel must not lock it out.
  const now = deps.realClock.nowMs() / 1000;
  const tolerance = deps.policy.clockToleranceSeconds;
  // RFC 7523 §3 item 4: exp is mandatory and must not have passed.
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    return fail('exp-present', 'client_assertion exp must be a NumericDate (seconds since the epoch)', header, claims);
  }
  if (claims.exp <= now - tolerance) {
    return fail('exp-in-future', `client_assertion has expired (exp ${claims.exp}, now ${Math.floor(now)})`, header, claims);
  }
  // CID-IS-P Table 13 leaves exp a SHOULD with no maximum; RFC 7523 §3 lets a server refuse one
  // "unreasonably far in the future", which ASSERTION_MAX_LIFETIME (a day by default) draws.
  // Shorter lifetimes are a SHOULD the conformance checker judges, never a refusal here.
  if (claims.exp - now > deps.policy.maxLifetimeSeconds + tolerance) {
    return fail(
      'exp-not-unreasonably-far',
      `client_assertion exp must be at most ${deps.policy.maxLifetimeSeconds} s ahead, anything later being unreasonably far in the future (RFC 7523 §3; got ${Math.round(claims.exp - now)} s)`,
      header,
      claims,
    );
  }
  // RFC 7523 §3 item 5: an nbf, when present, is honoured. An iat is informational (RFC 7519
  // §4.1.6): §3 item 6 lets a server refuse only one unreasonably far in the past, which the
  // exp and replay rules already bound, so a client clock running fast is no refusal here.
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now + tolerance)) {
    return fail('nbf-reached', `client_assertion is not valid yet (nbf ${JSON.stringify(claims.nbf)})`, header, claims);
  }
  // RFC 7523 §3 item 7 and the spec: a jti, used once.
  if (typeof claims.jti !== 'string' || claims.jti === '' || claims.jti.length > MAX_JTI_CHARS) {
    return fail('jti-present', `client_assertion jti must be a unique string of at most ${MAX_JTI_CHARS} characters`, header, claims);
  }
  if (!deps.replay.remember(`${client.clientId}\u0000${claims.jti}`, (claims.exp + tolerance) * 1000, deps.realClock.nowMs())) {
    return fail('jti-unique', `client_assertion jti ${claims.jti} has already been used`, header, claims);
  }
  return { ok: true, client, header, claims };
}

const verifiesOffThread = (input: Buffer, key: KeyObject, signature: Buffer) =>
  new Promise<boolean>((resolve, reject) =>
    verify('sha512', input, { key, padding: constants.RSA_PKCS1_PADDING }, signature, (error, ok) => (error ? reject(error) : resolve(ok))),
  );
