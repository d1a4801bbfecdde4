import type { JournalEntry } from '../journal/journal-entry';

/**
 * The authorization requests a relying party's report judges. Nothing in one is signed by the
 * client (a browser brings it), so the journal attributes it to no one. The report counts one as
 * this client's when it names the client and the sandbox accepted that client and redirect URI
 * together: the answer went back to a redirect URI registered for it, or on to the sign-in pages.
 * A request naming an unregistered redirect URI, which anyone could make up, is never held
 * against the client. Returned with the client's verified requests, in journal order.
 */
export function withAuthorizationRequests(
  clientId: string,
  verified: readonly JournalEntry[],
  unattributed: readonly JournalEntry[],
): JournalEntry[] {
  const accepted = unattributed.filter(
    (e) =>
      e.endpoint === 'signin' &&
      e.path === '/authorize' &&
      e.identity.claimedClientId === clientId &&
      (e.outcome === 'sign-in' || (e.response.body as { redirectedTo?: unknown } | null)?.redirectedTo !== undefined),
  );
  return accepted.length ? [...verified, ...accepted].sort((a, b) => a.seq - b.seq) : [...verified];
}
