/**
 * The sandbox clock. Every time-dependent rule (token expiry, the 7-day pending rule, rate-limit
 * windows, invitation expiry, passcode lifetimes) reads time from a Clock, never from Date.now(),
 * so that time travel moves all of them together.
 */
export interface Clock {
  /** Milliseconds since the epoch, in sandbox time. */
  nowMs(): number;
}

export const systemTime = (): number => Date.now();

/**
 * Real time plus an offset that time travel changes. Travelling never freezes the clock: once
 * moved, sandbox time keeps running at the real rate from the new point.
 */
export class SandboxClock implements Clock {
  #offsetMs = 0;

  constructor(private readonly realNowMs: () => number = systemTime) {}

  nowMs(): number {
    return this.realNowMs() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves sandbox time forward (or back, with a negative value) by the given milliseconds. */
  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Sets sandbox time to the given instant; it keeps running from there. */
  set(instantMs: number): void {
    this.#offsetMs = instantMs - this.realNowMs();
  }

  /** Back to real time. */
  reset(): void {
    this.#offsetMs = 0;
  }
}

export const nowSeconds = (clock: Clock): number => Math.floor(clock.nowMs() / 1000);
