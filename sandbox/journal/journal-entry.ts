import type { Identity } from '../auth/identify';
import type { MaskedQuery } from './url-query';

/**
 * One request to the token, provisioning, Users or sign-in endpoints (`signin`: /authorize, /userinfo
 * and the token endpoint's authorization_code and refresh_token grants, kept apart so the
 * provisioning conformance rules never judge them) as the conformance checker sees it. Secrets
 * never enter it: an Authorization header is reduced to a fingerprint of the credential, an
 * access token in a response likewise, and a client assertion to its decoded header and claims
 * (never its signature). Everything the request said is a bounded copy (bounded-copy.ts).
 *
 * Two clocks (clock.ts): `atMs`/`answeredAtMs` are real time, what the GP system's own clock
 * saw; `sandboxAtMs`/`sandboxAnsweredAtMs` are sandbox time, what the domain rules used.
 */
export const JOURNAL_ENDPOINTS = ['token', 'provision', 'users', 'signin'] as const;
export type JournalEndpoint = (typeof JOURNAL_ENDPOINTS)[number];

export interface DecodedAssertion {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface JournalEntry {
  seq: number;
  /** Real time the request arrived (ISO 8601 and ms). */
  at: string;
  atMs: number;
  /** Real time the answer was handed to the connection: later requests are judged from here. */
  answeredAtMs: number;
  sandboxAtMs: number;
  sandboxAnsweredAtMs: number;
  /**
   * Arrival and answer on one monotonic counter: clocks tie within a millisecond, the counter
   * never does. A request that arrived before another's answer was handed over was in flight.
   */
  order: { arrived: number; answered: number };
  endpoint: JournalEndpoint;
  method: string;
  path: string;
  /** The client a verified signature ties the request to; null when nothing verified (unattributed). */
  clientId: string | null;
  identity: Identity & { claimedClientId?: string | null };
  /** The peer's address, for unattributed traffic. */
  remoteAddress: string | null;
  odsCode?: string;
  nhsNumber?: string;
  request: {
    contentType: string | null;
    /** `Authorization` reduced to its scheme and a fingerprint of the credential. */
    authorization: { raw: 'absent' } | { scheme: string; fingerprint: string; wellFormed: boolean };
    prefer?: string;
    /** Form parameters (token endpoint), the assertion's value replaced by a marker. */
    form?: Record<string, string[]>;
    assertion?: DecodedAssertion | { undecodable: true };
    /** The query string's parameters (Users endpoint), each value masked to its shape (the filter keeps its structure). */
    query?: Record<string, string[]>;
    /** The query string of a provision or Users call: parameter names and value shapes, never values (url-query.ts). */
    urlQuery?: MaskedQuery;
    /** The JSON body (provisioning), or the start of a body that is not JSON. */
    body?: unknown;
    bodyText?: string;
    /** SHA-256 of the body as sent: the same digest twice is the same request sent again. */
    bodyDigest: string;
    /** SHA-256 of the parsed JSON body in canonical form: the same content however it was serialised. */
    contentDigest?: string;
  };
  response: { status: number; body: unknown; retryAfterSeconds?: number };
  /** `issued` or the OAuth error (token); the `code` or `http-<status>` (provisioning); `listed` or `http-<status>` (Users). */
  outcome: string;
  /** A token the sandbox issued in this answer; the client learns it expires `expiresIn` s after `answeredAtMs`. */
  issuedToken?: { fingerprint: string; expiresInSeconds: number; /** granted scope (Users Endpoint V2 tokens) */ scope?: string };
  /** The credential presented with a provisioning or Users call, or the code or refresh token a sign-in grant redeems. */
  presentedToken?: { fingerprint: string };
  /** For 11003: sandbox time until which the pending invitation that caused it is live. */
  pendingUntilSandboxMs?: number;
  /** Hash chain over the whole journal: SHA-256 of the previous entry's `chain` and this entry. */
  chain: string;
}
