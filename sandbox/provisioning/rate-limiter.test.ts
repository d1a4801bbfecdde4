import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, type RateLimit } from './rate-limiter';

/** The documented rule, counted the slow way: at most `max` allowed hits in any `windowMs`. */
function countingLimiter() {
  const allowed = new Map<string, number[]>();
  return (key: string, nowMs: number, { max, windowMs }: RateLimit) => {
    const recent = (allowed.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    allowed.set(key, recent);
    if (recent.length >= max) return recent[0]! + windowMs - nowMs;
    recent.push(nowMs);
    return 0;
  };
}

describe('per-ODS rate limiter', () => {
  it('answers exactly as counting the whole window does, hit by hit, for keys with different limits', () => {
    const limiter = new SlidingWindowLimiter();
    const counting = countingLimiter();
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let nowMs = 0;
    for (let i = 0; i < 20_000; i++) {
      nowMs += Math.floor(random() * 40);
      const key = random() < 0.5 ? 'A12345' : 'B12345';
      const limit = key === 'A12345' ? { max: 5, windowMs: 1000 } : { max: 12, windowMs: 700 };
      expect(limiter.hit(key, nowMs, limit), `hit ${i}`).toBe(counting(key, nowMs, limit));
    }
  });
});
