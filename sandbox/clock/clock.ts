/**
 * Two clocks, both injected, never Date.now() in domain code:
 *
 * - the **sandbox clock** (`SandboxClock`) moves with time travel. Every domain rule follows it:
 *   access-token lifetime, the 7-day pending rule, rate-limit windows, invitation expiry,
 *   security codes, lockouts, claim sessions.
 * - the **real clock** (`SandboxClock.real`) is the GP system's own: a supplier's server cannot
 *   know the sandbox travelled. What the GP system computes from its own clock is judged by it:
 *   the client assertion's `exp`/`nbf`/`iat` and the `jti` replay window, and the conformance
 *   rules about what the client could know (its token's remaining life, how long it waited).
 */
export interface Clock {
  /** Milliseconds since the epoch, in sandbox time. */
  nowMs(): number;
}

const systemTime = (): number => Date.now();

/**
 * Real time plus an offset that time travel changes. Travelling never freezes the clock: once
 * moved, sandbox time keeps running at the real rate from the new point.
 */
export class SandboxClock implements Clock {
  #offsetMs = 0;

  /** The real clock this one runs from (time travel never moves it). */
  readonly real: Clock;

  constructor(private readonly realNowMs: () => number = systemTime) {
    this.real = { nowMs: realNowMs };
  }

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
