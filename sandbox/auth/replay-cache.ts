/**
 * Remembers client-assertion `jti`s until the assertion they came with expires (RFC 7523 §3,
 * item 7: the server may keep a list of used jtis to prevent replay). Kept in memory: an
 * assertion lives at most a few minutes, so after a restart a replay window of that length
 * reopens — documented in docs/decisions.md.
 */
export class ReplayCache {
  readonly #expiries = new Map<string, number>();
  #nextSweepMs = 0;

  /** Records the jti; returns false when it was already seen and has not expired. */
  remember(key: string, expiresAtMs: number, nowMs: number): boolean {
    this.#sweep(nowMs);
    const known = this.#expiries.get(key);
    if (known !== undefined && known > nowMs) return false;
    this.#expiries.set(key, expiresAtMs);
    return true;
  }

  clear(): void {
    this.#expiries.clear();
  }

  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + 10_000;
    for (const [key, expiry] of this.#expiries) if (expiry <= nowMs) this.#expiries.delete(key);
  }
}
