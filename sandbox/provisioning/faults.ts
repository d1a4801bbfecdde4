import { z } from 'zod';

/**
 * Fault injection for integrators: make the next N provision calls (or a share of them) fail in a
 * chosen way. (A single call's answer is chosen with `Prefer: code=…` instead: forced-outcome.ts.)
 */
const FaultKind = z.enum(['11000', '500', 'delay', 'drop']);
export type FaultKind = z.infer<typeof FaultKind>;

export const FaultRequest = z
  .object({
    kind: FaultKind,
    /** How many calls it applies to (default: until cleared). */
    count: z.number().int().positive().max(1_000_000).optional(),
    /** Chance (0-1] that a call is affected (default 1). */
    probability: z.number().gt(0).max(1).optional(),
    /** For `delay`: milliseconds to wait before answering normally. */
    delay_ms: z.number().int().positive().max(120_000).optional(),
  })
  .strict()
  .refine((f) => f.kind !== 'delay' || f.delay_ms !== undefined, { message: 'delay_ms is required for kind delay', path: ['delay_ms'] });
export type FaultRequest = z.infer<typeof FaultRequest>;

export interface ActiveFault extends FaultRequest {
  id: number;
  remaining: number | null;
}

export type InjectedFault = { kind: FaultKind; delayMs?: number } | null;

export class FaultInjector {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(request: FaultRequest): ActiveFault {
    const fault = { ...request, id: this.#nextId++, remaining: request.count ?? null };
    this.#faults.push(fault);
    return fault;
  }

  list(): ActiveFault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.#faults = [];
  }

  /** The fault that applies to this call, if any (consumes one of its count). */
  next(): InjectedFault {
    for (const fault of this.#faults) {
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      if (fault.remaining !== null && --fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
      return { kind: fault.kind, delayMs: fault.delay_ms };
    }
    return null;
  }
}
