/**
 * Bounds the expensive password work (scrypt: ~64 MiB and tens of milliseconds on the thread pool
 * that also signs access tokens) so that no claim session can starve the rest (issue #28): one
 * hash at a time per session, at most `concurrent` at once overall with `queued` more waiting;
 * anything beyond is refused at once ("busy"), never queued without bound. `started` counts the
 * hashes actually run, for the tests that prove a refused request costs none.
 */
export const BUSY = Symbol('busy');

export class PasswordWork {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #inFlight = new Set<string>();
  started = 0;
  /** The most hashes ever running at once. */
  peak = 0;

  constructor(readonly limits: { concurrent: number; queued: number } = { concurrent: 2, queued: 8 }) {}

  /** Runs `work` for `key` (a session) within the bounds, or answers BUSY without running it. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T | typeof BUSY> {
    if (this.#inFlight.has(key)) return BUSY;
    if (this.#running >= this.limits.concurrent && this.#waiting.length >= this.limits.queued) return BUSY;
    this.#inFlight.add(key);
    try {
      if (this.#running >= this.limits.concurrent) await new Promise<void>((resume) => this.#waiting.push(resume));
      else this.#running++;
      this.started++;
      this.peak = Math.max(this.peak, this.#running);
      try {
        return await work();
      } finally {
        // Hand the slot to the next in line, or give it back.
        const next = this.#waiting.shift();
        if (next) next();
        else this.#running--;
      }
    } finally {
      this.#inFlight.delete(key);
    }
  }
}
