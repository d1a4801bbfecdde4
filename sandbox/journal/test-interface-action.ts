import type { Context, MiddlewareHandler } from 'hono';
import { ADMIN_TOKEN_HEADER } from '../admin/guard';
import type { SandboxClock } from '../clock/clock';
import { readTextWithin } from '../http/json-body';
import { boundedCopy } from './bounded-copy';
import type { RequestJournal } from './request-journal';

/**
 * Every change made through the test interface (clock moves, resets, set-ups, faults, new
 * patients, journal resets), journalled with who made it and when on both clocks: a verdict
 * that depends on time must show who moved the clock. The plan runner says who it is with
 * `X-Sandbox-Plan-Run: <run id>`, a random id it never gives its driver; a report counts a clock
 * move as the plan's own only when it names that run (`run.id`), so a GP system that moves the
 * clock itself cannot pass the move off as the plan's.
 */
export const PLAN_RUN_HEADER = 'x-sandbox-plan-run';

export type ActionCaller =
  | { kind: 'plan-runner'; runId: string }
  /** The admin token in a header or as an HTTP Basic password. */
  | { kind: 'admin-token' }
  /** No admin token is configured: anyone on the loopback. */
  | { kind: 'open' };

export interface TestInterfaceAction {
  kind: 'test-interface';
  seq: number;
  at: string;
  atMs: number;
  sandboxAtMs: number;
  /** On the journal's monotonic counter, between the requests before and after it. */
  order: number;
  method: string;
  path: string;
  status: number;
  caller: ActionCaller;
  /** How far the action moved the sandbox clock (offset after minus before), in ms. */
  clockDeltaMs: number;
  /** The set-up asked for (bounded; only for the routes listed in DETAILED, never a password or key). */
  detail?: unknown;
  chain: string;
}

/** Routes whose request body says what was set up and carries nothing secret. */
const DETAILED = /^\/(clock|reset|faults|invitations|rate-limits|journal\/reset|conformance-plan\/runs|test-data\/[a-z-]+)$/;
/** Read-only POSTs: a report with justifications is a question, not a change. */
const READ_ONLY = /^\/conformance\//;

export function callerOf(c: Context): ActionCaller {
  const runId = c.req.header(PLAN_RUN_HEADER);
  if (runId) return { kind: 'plan-runner', runId: runId.slice(0, 64) };
  if (c.req.header(ADMIN_TOKEN_HEADER) || /^Basic /i.test(c.req.header('authorization') ?? '')) return { kind: 'admin-token' };
  return { kind: 'open' };
}

/** Middleware for the test interface (after its guard): journals each change once it is answered. */
export function journalTestInterface(journal: RequestJournal, clock: SandboxClock, prefix: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const path = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : c.req.path;
    if (READ_ONLY.test(path)) return next();
    const offsetBefore = clock.offsetMs;
    const atMs = clock.real.nowMs();
    let detail: unknown;
    if (DETAILED.test(path)) {
      try {
        // The one shared reading of the body (json-body.ts): the route reads the same text.
        detail = boundedCopy(JSON.parse((await readTextWithin(c, Number.POSITIVE_INFINITY)) ?? ''));
      } catch {
        detail = undefined;
      }
    }
    await next();
    journal.recordAction({
      at: new Date(atMs).toISOString(),
      atMs,
      sandboxAtMs: clock.nowMs(),
      method: c.req.method,
      path: path.slice(0, 200),
      status: c.res.status,
      caller: callerOf(c),
      clockDeltaMs: clock.offsetMs - offsetBefore,
      ...(detail === undefined ? {} : { detail }),
    });
  };
}
