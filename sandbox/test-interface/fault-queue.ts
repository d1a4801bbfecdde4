// Faults queued through the test interface for the next calls to fail in a chosen way: one queue
// for every surface that has them (provisioning/faults.ts, signin/sign-in-faults.ts), each fault
// numbered, applying to its next `count` calls (or until cleared) with an optional chance per call.

/** What every queued fault request may say about how often it applies. */
export interface FaultFrequency {
  count?: number | undefined;
  /** Chance (0-1] that a call is affected (default 1). */
  probability?: number | undefined;
}

export type QueuedFault<R extends FaultFrequency> = R & { id: number; remaining: number | null };

export class FaultQueue<R extends FaultFrequency> {
  #faults: QueuedFault<R>[] = [];
  #nextId = 1;

  /** `countless`: how many calls a fault without `count` applies to (null: until cleared). */
  constructor(
    private readonly countless: number | null,
    private readonly random: () => number = Math.random,
  ) {}

  add(request: R): QueuedFault<R> {
    const fault = { ...request, id: this.#nextId++, remaining: request.count ?? this.countless };
    this.#faults.push(fault);
    return fault;
  }

  list(): QueuedFault<R>[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.#faults = [];
  }

  /** The first queued fault that matches and, by its chance, applies to this call, with one of its count consumed; null when none. */
  takeFirst(matches: (fault: R) => boolean): QueuedFault<R> | null {
    for (const fault of this.#faults) {
      if (!matches(fault)) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      if (fault.remaining !== null && --fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
      return { ...fault };
    }
    return null;
  }
}
