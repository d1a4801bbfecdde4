/**
 * One request to the token or provisioning endpoint as the conformance checker sees it. Secrets
 * never enter it: an Authorization header is reduced to a fingerprint of the token, an access
 * token in a response likewise, and a client assertion to its decoded header and claims (never
 * its signature).
 */
export type JournalEndpoint = 'token' | 'provision';

export interface DecodedAssertion {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface JournalEntry {
  seq: number;
  at: string;
  atMs: number;
  endpoint: JournalEndpoint;
  /** The client the request is attributed to: verified where possible, else as the request claims. */
  clientId: string | null;
  odsCode?: string;
  nhsNumber?: string;
  method: string;
  path: string;
  request: {
    contentType: string | null;
    /** `Authorization` reduced to its scheme and a fingerprint of the credential. */
    authorization: { raw: 'absent' } | { scheme: string; fingerprint: string; wellFormed: boolean };
    prefer?: string;
    /** Form parameters (token endpoint), the assertion's value replaced by a marker. */
    form?: Record<string, string[]>;
    assertion?: DecodedAssertion | { undecodable: true };
    /** The JSON body (provisioning), or the start of a body that is not JSON. */
    body?: unknown;
    bodyText?: string;
  };
  response: { status: number; body: unknown; retryAfterSeconds?: number };
  /** `issued` or the OAuth error (token); the `code` or `http-<status>` (provisioning). */
  outcome: string;
  /** A token the sandbox issued in this answer. */
  issuedToken?: { fingerprint: string; expiresAtMs: number };
  /** The token presented with a provisioning call, decoded without trusting it. */
  presentedToken?: { fingerprint: string; expiresAtMs?: number };
}
