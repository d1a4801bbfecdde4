import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Collection, Store } from '../store/store';

/**
 * Server-side claiming sessions. The browser holds only an unguessable id (256 bits) in an
 * HttpOnly, SameSite=Strict cookie; the store keeps its SHA-256, the invitation it is bound to and
 * the session's CSRF token. Opening the email link again starts a new session and ends every
 * other session of that invitation, so an old tab or a copied cookie stops working.
 * Inactivity is the journey's business (journey-machine.ts), judged by the sandbox clock.
 */
export interface ClaimSession {
  /** SHA-256 of the session id: the record's key. */
  digest: string;
  invitationId: string;
  csrfToken: string;
  startedAtMs: number;
}

export const SESSION_COOKIE = 'claim_session';

const digest = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

export class ClaimSessions {
  readonly #sessions: Collection<ClaimSession>;

  constructor(store: Store) {
    this.#sessions = store.collection<ClaimSession>('claimSessions');
    this.#sessions.defineIndex('byInvitation', (s) => s.invitationId);
  }

  /** Starts the invitation's only session; call inside a store transaction. Returns the cookie value. */
  start(invitationId: string, nowMs: number): string {
    for (const old of this.#sessions.findBy('byInvitation', invitationId)) this.#sessions.delete(old.digest);
    const sessionId = randomBytes(32).toString('base64url');
    const key = digest(sessionId);
    this.#sessions.put(key, { digest: key, invitationId, csrfToken: randomBytes(32).toString('base64url'), startedAtMs: nowMs });
    return sessionId;
  }

  find(sessionId: string | undefined): ClaimSession | undefined {
    return sessionId ? this.#sessions.get(digest(sessionId)) : undefined;
  }

  /** Whether a submitted form carries the session's CSRF token (constant-time comparison). */
  static csrfMatches(session: ClaimSession, submitted: string | undefined): boolean {
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(submitted ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
