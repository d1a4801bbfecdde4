/**
 * Sliding-window rate limit per key (ODS code): at most `max` hits in any `windowMs`. Kept in
 * memory: a restart forgives, which suits a sandbox. Returns how long until the next hit is allowed.
 */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export class SlidingWindowLimiter {
  readonly #hits = new Map<string, number[]>();

  /** Records a hit; returns 0 if allowed, otherwise the milliseconds until one would be. */
  hit(key: string, nowMs: number, { max, windowMs }: RateLimit): number {
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    if (recent.length >= max) {
      this.#hits.set(key, recent);
      return recent[0]! + windowMs - nowMs;
    }
    recent.push(nowMs);
    this.#hits.set(key, recent);
    return 0;
  }

  /** Fills the key's window, as if `max` hits had just been made. */
  exhaust(key: string, nowMs: number, limit: RateLimit): void {
    while (this.hit(key, nowMs, limit) === 0);
  }

  clear(): void {
    this.#hits.clear();
  }
}
