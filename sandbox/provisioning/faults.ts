import * as z from 'zod';
import { FaultQueue, type QueuedFault } from '../test-interface/fault-queue';

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

export type ActiveFault = QueuedFault<FaultRequest>;

export type InjectedFault = { kind: FaultKind; delayMs?: number } | null;

export class FaultInjector extends FaultQueue<FaultRequest> {
  constructor(random: () => number = Math.random) {
    super(null, random);
  }

  /** The fault that applies to this call, if any (consumes one of its count). */
  next(): InjectedFault {
    const fault = this.takeFirst(() => true);
    return fault && { kind: fault.kind, delayMs: fault.delay_ms };
  }
}
