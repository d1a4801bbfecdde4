/**
 * Sliding-window rate limit per key (ODS code): at most `max` hits in any `windowMs`. Kept in
 * memory: a restart forgives, which suits a sandbox. Returns how long until the next hit is allowed.
 *
 * Constant cost per hit (issue #31: filtering every hit's window cost 1 ms at 45,000 hits): each
 * key keeps only its last `max` allowed hits, in a ring. A hit is allowed when fewer than `max`
 * were made, or when the oldest of the last `max` has left the window; that oldest one is also
 * when the next hit will be allowed. The same answers as counting the whole window, exactly.
 */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** The last `max` allowed hits of one key, oldest at `next` once the ring is full. */
interface HitRing {
  times: number[];
  next: number;
  max: number;
}

export class SlidingWindowLimiter {
  readonly #hits = new Map<string, HitRing>();

  /** Records a hit; returns 0 if allowed, otherwise the milliseconds until one would be. */
  hit(key: string, nowMs: number, { max, windowMs }: RateLimit): number {
    const ring = this.#ringOf(key, max);
    if (ring.times.length < max) {
      ring.times.push(nowMs);
      return 0;
    }
    const oldest = ring.times[ring.next]!;
    if (oldest > nowMs - windowMs) return oldest + windowMs - nowMs;
    ring.times[ring.next] = nowMs;
    ring.next = (ring.next + 1) % max;
    return 0;
  }

  /** Fills the key's window, as if `max` hits had just been made. */
  exhaust(key: string, nowMs: number, limit: RateLimit): void {
    while (this.hit(key, nowMs, limit) === 0);
  }

  clear(): void {
    this.#hits.clear();
  }

  /** The key's ring; when its limit has changed since the last hit, re-laid oldest first with the newest `max` hits kept. */
  #ringOf(key: string, max: number): HitRing {
    let ring = this.#hits.get(key);
    if (!ring || ring.max !== max) {
      const inOrder = ring ? [...ring.times.slice(ring.next), ...ring.times.slice(0, ring.next)] : [];
      this.#hits.set(key, (ring = { times: inOrder.slice(-max), next: 0, max }));
    }
    return ring;
  }
}
