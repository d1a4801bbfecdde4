import { codeMatchesDigest as codeMatches } from './secrets';

/**
 * Signing in as one pure state machine, like the claiming journey's (claim/journey-machine.ts):
 * a state, an event and the sandbox time in; the next state and a notice for the page out.
 *
 *   email ──▶ password ──right──▶ security-code ──right code──▶ authenticated
 *                │ wrong (limit)      │ wrong (limit), resends (limit)
 *                ▼                    ▼
 *              stopped (lockouts carry lockedUntilMs)
 *
 * Two records move: the sign-in in progress (one per browser, `SignInState`) and the account's
 * guard (`AccountGuard`, one per account, durable), which holds the counters, so starting a new
 * sign-in never buys new attempts: the claiming journey's limits and lockout, per account.
 */
export type SignInStep = 'email' | 'password' | 'security-code' | 'authenticated' | 'stopped';

export type SignInStopId =
  'too-many-wrong-passwords' | 'too-many-wrong-codes' | 'too-many-codes-requested' | 'session-timed-out' | 'account-disabled' | 'no-mobile';

export interface SignInLimits {
  codeTtlMs: number;
  maxWrongCodes: number;
  maxCodeSends: number;
  maxWrongPasswords: number;
  lockoutMs: number;
  inactivityMs: number;
}

export interface SignInState {
  step: SignInStep;
  email?: string;
  /** The account the email belongs to; absent for an unknown email (found out only at the password). */
  accountId?: string;
  code?: { digest: string; sentAtMs: number };
  stop?: SignInStopId;
  lockedUntilMs?: number;
  /** Wrong passwords for an email no account has: counted here, there is no account to guard. */
  wrongPasswords: number;
  lastActivityMs: number;
}

export interface AccountGuard {
  wrongPasswords: number;
  wrongCodes: number;
  codeSendsMs: number[];
  lockedUntilMs?: number;
  lockedFor?: SignInStopId;
}

export type SignInEvent =
  | { type: 'view' }
  | { type: 'submit-email'; email: string; accountId: string | null }
  /** The service checked the password; `account` is what the page may act on once it is right. */
  | { type: 'submit-password'; accepted: boolean; account: { active: boolean; hasMobile: boolean } | null }
  | { type: 'send-code'; digest: string }
  | { type: 'submit-code'; code: string };

export type SignInNotice = 'wrong-password' | 'wrong-code' | 'code-expired' | 'code-sent' | 'out-of-step';

export interface SignInTransition {
  state: SignInState;
  guard: AccountGuard;
  notice?: SignInNotice;
}

export const newSignIn = (nowMs: number): SignInState => ({ step: 'email', wrongPasswords: 0, lastActivityMs: nowMs });
export const newGuard = (): AccountGuard => ({ wrongPasswords: 0, wrongCodes: 0, codeSendsMs: [] });

export function transition(
  state: SignInState,
  guardBefore: AccountGuard,
  event: SignInEvent,
  nowMs: number,
  limits: SignInLimits,
): SignInTransition {
  // A lockout that has run out is forgotten, counters and all (as the claiming journey does).
  const guard = guardBefore.lockedUntilMs !== undefined && nowMs >= guardBefore.lockedUntilMs ? newGuard() : guardBefore;
  const at = (next: Partial<SignInState>, nextGuard: AccountGuard = guard, notice?: SignInNotice): SignInTransition => ({
    state: { ...state, ...next, lastActivityMs: nowMs },
    guard: nextGuard,
    ...(notice ? { notice } : {}),
  });
  const stopped = (stop: SignInStopId, lockedUntilMs?: number, nextGuard: AccountGuard = guard) =>
    at({ step: 'stopped', stop, code: undefined, ...(lockedUntilMs === undefined ? {} : { lockedUntilMs }) }, nextGuard);
  const lock = (stop: SignInStopId, counters: Partial<AccountGuard>) => {
    const until = nowMs + limits.lockoutMs;
    return stopped(stop, until, { ...guard, ...counters, lockedUntilMs: until, lockedFor: stop });
  };

  if (state.step === 'stopped' || state.step === 'authenticated') return { state, guard: guardBefore, notice: 'out-of-step' };
  if (nowMs - state.lastActivityMs > limits.inactivityMs) return stopped('session-timed-out');
  // A locked account stays locked whatever this browser does.
  const locked = guard.lockedUntilMs !== undefined && event.type !== 'view' && event.type !== 'submit-email';
  if (locked) return stopped(guard.lockedFor ?? 'too-many-wrong-passwords', guard.lockedUntilMs);

  switch (event.type) {
    case 'view':
      return at({});
    case 'submit-email':
      if (state.step !== 'email') return { state, guard: guardBefore, notice: 'out-of-step' };
      return at({ step: 'password', email: event.email, ...(event.accountId ? { accountId: event.accountId } : {}) });
    case 'submit-password': {
      if (state.step !== 'password') return { state, guard: guardBefore, notice: 'out-of-step' };
      if (!event.accepted || !event.account) {
        if (!state.accountId) {
          const wrongPasswords = state.wrongPasswords + 1;
          if (wrongPasswords >= limits.maxWrongPasswords)
            return at({ step: 'stopped', stop: 'too-many-wrong-passwords', lockedUntilMs: nowMs + limits.lockoutMs, wrongPasswords });
          return at({ wrongPasswords }, guard, 'wrong-password');
        }
        const wrongPasswords = guard.wrongPasswords + 1;
        if (wrongPasswords >= limits.maxWrongPasswords) return lock('too-many-wrong-passwords', { wrongPasswords });
        return at({}, { ...guard, wrongPasswords }, 'wrong-password');
      }
      if (!event.account.active) return stopped('account-disabled');
      if (!event.account.hasMobile) return stopped('no-mobile');
      return at({ step: 'security-code' }, { ...guard, wrongPasswords: 0 });
    }
    case 'send-code': {
      if (state.step !== 'security-code') return { state, guard: guardBefore, notice: 'out-of-step' };
      const sends = guard.codeSendsMs.filter((t) => nowMs - t < limits.lockoutMs);
      if (sends.length >= limits.maxCodeSends) return lock('too-many-codes-requested', { codeSendsMs: sends });
      return at({ code: { digest: event.digest, sentAtMs: nowMs } }, { ...guard, codeSendsMs: [...sends, nowMs] }, 'code-sent');
    }
    case 'submit-code': {
      if (state.step !== 'security-code' || !state.code) return { state, guard: guardBefore, notice: 'out-of-step' };
      // An expired code is neither right nor wrong: the person is asked to send a new one.
      if (nowMs - state.code.sentAtMs > limits.codeTtlMs) return at({}, guard, 'code-expired');
      if (codeMatches(event.code, state.code.digest)) return at({ step: 'authenticated', code: undefined }, { ...guard, wrongCodes: 0 });
      const wrongCodes = guard.wrongCodes + 1;
      if (wrongCodes >= limits.maxWrongCodes) return lock('too-many-wrong-codes', { wrongCodes });
      return at({}, { ...guard, wrongCodes }, 'wrong-code');
    }
  }
}
