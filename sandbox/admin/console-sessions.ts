import { createHash, randomBytes } from 'node:crypto';

/**
 * Console sign-in sessions (issue #28): the browser holds a random id (256 bits) in an HttpOnly,
 * SameSite=Strict cookie scoped to `/console`; this process keeps only its SHA-256, in memory,
 * with when it started and was last used. The admin token itself never leaves the process.
 *
 * Browsers send a host's cookies to every port of it, so a page on another port of 127.0.0.1 may
 * be handed this id: it opens console pages only (the admin API refuses it), until sign-out,
 * `idleMs` without use or `maxAgeMs` after sign-in, whichever comes first. At most `maxSessions`
 * live at once (the oldest ends first), so signing in over and over cannot grow memory.
 * Real time, not the sandbox clock: moving the clock must not sign anyone out.
 */
export const CONSOLE_SESSION_COOKIE = 'sandbox_console';
export const CONSOLE_COOKIE_PATH = '/console';

interface Session {
  startedMs: number;
  lastUsedMs: number;
}

const digest = (id: string) => createHash('sha256').update(id).digest('hex');

export class ConsoleSessions {
  readonly #sessions = new Map<string, Session>();

  constructor(
    readonly limits: { idleMs: number; maxAgeMs: number; maxSessions: number } = {
      idleMs: 30 * 60_000,
      maxAgeMs: 8 * 3600_000,
      maxSessions: 50,
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session; returns the cookie value. */
  start(): string {
    const id = randomBytes(32).toString('base64url');
    const nowMs = this.now();
    this.#sessions.set(digest(id), { startedMs: nowMs, lastUsedMs: nowMs });
    // Map order is insertion order: the first key is the oldest session.
    while (this.#sessions.size > this.limits.maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
    return id;
  }

  /** Whether this cookie value is a live session; using it keeps it alive (within its maximum age). */
  use(id: string | undefined): boolean {
    if (!id || id.length > 100) return false;
    const key = digest(id);
    const session = this.#sessions.get(key);
    if (!session) return false;
    const nowMs = this.now();
    if (nowMs - session.lastUsedMs > this.limits.idleMs || nowMs - session.startedMs > this.limits.maxAgeMs) {
      this.#sessions.delete(key);
      return false;
    }
    session.lastUsedMs = nowMs;
    return true;
  }

  revoke(id: string | undefined): void {
    if (id) this.#sessions.delete(digest(id));
  }

  get size(): number {
    return this.#sessions.size;
  }
}
