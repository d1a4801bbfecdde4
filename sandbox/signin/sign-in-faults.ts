import * as z from 'zod';
import { AUTHORIZATION_ERRORS } from './authorization-request';
import type { IdTokenFault } from './sign-in-tokens';
import { FaultQueue, type QueuedFault } from '../test-interface/fault-queue';

/**
 * Faults a relying party must survive, queued per endpoint from the admin API
 * (`POST /_sandbox/signin-faults`), each for the next `count` calls (default 1), in the queue the
 * provisioning faults use too (test-interface/fault-queue.ts):
 *
 * - `/authorize`: `error-redirect` (back with `error`, default `server_error`, and the state), `delay`;
 * - `/token` (authorization_code grant): an `expired-id-token`, a `wrongly-signed-id-token` (a key
 *   the JWKS does not list), a `missing-claim` (no `vot`), a `wrong-nonce`; `delay`;
 * - `/userinfo`: `server-error` (HTTP 500), `delay`.
 */
export const SIGN_IN_FAULT_ENDPOINTS = ['authorize', 'token', 'userinfo'] as const;
export type SignInFaultEndpoint = (typeof SIGN_IN_FAULT_ENDPOINTS)[number];

const ID_TOKEN_FAULTS = ['expired-id-token', 'wrongly-signed-id-token', 'missing-claim', 'wrong-nonce'] as const;
/** The kinds each endpoint can be given (the console offers them grouped by endpoint). */
export const SIGN_IN_FAULT_KINDS: Record<SignInFaultEndpoint, readonly string[]> = {
  authorize: ['error-redirect', 'delay'],
  token: [...ID_TOKEN_FAULTS, 'delay'],
  userinfo: ['server-error', 'delay'],
};

export const SignInFaultRequest = z
  .object({
    endpoint: z.enum(SIGN_IN_FAULT_ENDPOINTS),
    kind: z.enum(['error-redirect', 'server-error', 'delay', ...ID_TOKEN_FAULTS]),
    error: z.enum(AUTHORIZATION_ERRORS).optional().describe('for error-redirect: the error sent back (default server_error)'),
    count: z.number().int().positive().max(1000).optional(),
    delay_ms: z.number().int().positive().max(120_000).optional(),
  })
  .strict()
  .refine((f) => SIGN_IN_FAULT_KINDS[f.endpoint].includes(f.kind), {
    message: `kinds per endpoint: ${Object.entries(SIGN_IN_FAULT_KINDS)
      .map(([endpoint, kinds]) => `${endpoint}: ${kinds.join(', ')}`)
      .join('; ')}`,
    path: ['kind'],
  })
  .refine((f) => f.kind !== 'delay' || f.delay_ms !== undefined, { message: 'delay_ms is required for kind delay', path: ['delay_ms'] });
export type SignInFaultRequest = z.infer<typeof SignInFaultRequest>;

export type QueuedSignInFault = QueuedFault<SignInFaultRequest>;

export class SignInFaults extends FaultQueue<SignInFaultRequest> {
  constructor() {
    super(1);
  }

  /** The first queued fault for this endpoint among these kinds, consumed; null when none. */
  take(endpoint: SignInFaultEndpoint, kinds: readonly string[]): QueuedSignInFault | null {
    return this.takeFirst((f) => f.endpoint === endpoint && kinds.includes(f.kind));
  }

  nextIdTokenFault(): IdTokenFault | null {
    return (this.take('token', ID_TOKEN_FAULTS)?.kind as IdTokenFault | undefined) ?? null;
  }
}
