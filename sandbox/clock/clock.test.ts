import { describe, expect, it } from 'vitest';
import { SandboxClock, nowSeconds } from './clock';

describe('SandboxClock', () => {
  const realAt = (ms: number) => () => ms;

  it('reads real time until it is moved', () => {
    expect(new SandboxClock(realAt(1_000_000)).nowMs()).toBe(1_000_000);
  });

  it('advances, sets and resets relative to real time', () => {
    let real = 1_000_000;
    const clock = new SandboxClock(() => real);
    clock.advance(301_000);
    expect(clock.nowMs()).toBe(1_301_000);
    real += 5_000; // sandbox time keeps running after travel
    expect(clock.nowMs()).toBe(1_306_000);
    clock.set(Date.UTC(2030, 0, 1));
    expect(new Date(clock.nowMs()).toISOString()).toBe('2030-01-01T00:00:00.000Z');
    clock.reset();
    expect(clock.nowMs()).toBe(real);
    expect(nowSeconds(clock)).toBe(Math.floor(real / 1000));
  });
});
