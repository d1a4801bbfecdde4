import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClaimStopId } from './claim-stops';

/**
 * The claiming journey as one state machine: its steps, the events that move it, the limits that
 * stop it. Pure: given a state, an event and the sandbox time it returns the next state (and a
 * notice for the page), never touching a store, a clock or the network. The claim service feeds
 * it facts it looked up (PDS re-check, password check) and carries out what it decides.
 *
 *   start ──continue──▶ security-code ──right code──▶ confirm-details ──yes──▶ password ──▶ done
 *                          │  ▲ resend     │ re-check    │  ▲      │ some wrong   ▲   │ wrong password
 *                          │  │            ▼ refused  no │  │ go   ▼              │   ▼ (limit) or
 *                          ▼  │         stopped          ▼  │ back details-advice ─┘  stopped re-check refused
 *                        stopped (a ClaimStopId; lockouts carry lockedUntilMs)     (continue)
 *
 * The invitation is re-checked (invitation-recheck.ts) as soon as the right code is typed — the
 * seed's order: code, then "their details are checked again against PDS", then the password — and
 * again when the patient finishes.
 *
 * With CLAIM_DOB_CHECK the patient types their date of birth between the code and the details
 * (the prototype's alternative branch; too many wrong dates lock with CID1134).
 * After the prototype (claim-journey-notes, second reading): "no, these are not my details"
 * stops with CID11023 but offers a way back to change the answer; "some are wrong" shows the
 * advice (CID11023) and lets the patient continue.
 *
 * One journey per invitation, stored durably, so limits survive a new session: reopening the
 * email link starts a new session but not a new allowance of codes or passwords while locked.
 */
export type JourneyStep =
  'start' | 'security-code' | 'date-of-birth' | 'confirm-details' | 'details-advice' | 'password' | 'done' | 'stopped';

export interface JourneyLimits {
  codeTtlMs: number;
  maxWrongCodes: number;
  maxCodeSends: number;
  maxLinkOpens: number;
  maxWrongPasswords: number;
  /** Ask for the date of birth after the code (off by default; the prototype's alternative branch). */
  dobCheck: boolean;
  maxWrongDobs: number;
  lockoutMs: number;
  inactivityMs: number;
}

export interface JourneyState {
  invitationId: string;
  step: JourneyStep;
  /** Why the journey stopped (step `stopped`). */
  stop?: ClaimStopId;
  /** Until when a lockout stop holds. */
  lockedUntilMs?: number;
  /** The security code in force: only its digest is kept. */
  code?: { digest: string; sentAtMs: number };
  /** Counters for the limits; cleared when a lockout ends. */
  codeSendsMs: number[];
  linkOpensMs: number[];
  wrongCodes: number;
  wrongPasswords: number;
  /** Absent in journeys stored before the date-of-birth step existed. */
  wrongDobs?: number;
  lastActivityMs: number;
}

export type AnswerToDetails = 'yes' | 'no' | 'some-wrong';

export type JourneyEvent =
  /** The patient opened the email link (a new session). */
  | { type: 'open-link'; invitation: { status: 'pending' | 'claimed' | 'superseded'; expiresAtMs: number } }
  /** Continue from the start page, or "send the code again": `digest` is the new code's. */
  | { type: 'send-code'; digest: string }
  /** `recheck`: the invitation's re-check as it stands now, applied only when the code is right. */
  | { type: 'submit-code'; code: string; recheck: ClaimStopId | null }
  | { type: 'answer-details'; answer: AnswerToDetails }
  /** The date of birth typed (with CLAIM_DOB_CHECK); the service compared it with PDS. */
  | { type: 'submit-dob'; matches: boolean }
  /** "Continue" on the advice shown after "some of my details are wrong". */
  | { type: 'continue-after-advice' }
  /** "Go back and change your answer" after "these are not my details". */
  | { type: 'change-answer' }
  /** A journey page was looked at: counts as activity, or finds the session idle too long. */
  | { type: 'view' }
  /** The password page was submitted with a well-formed form; the service checked the rest (and re-checked the invitation). */
  | { type: 'submit-password'; passwordAccepted: boolean; recheck: ClaimStopId | null };

/** What the page should tell the patient after an event that did not move the journey on. */
export type JourneyNotice = 'wrong-code' | 'code-expired' | 'code-sent' | 'wrong-dob' | 'wrong-password' | 'out-of-step';

export interface Transition {
  state: JourneyState;
  notice?: JourneyNotice;
}

export const digestCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** Constant-time comparison of a typed code with the stored digest. */
function codeMatches(code: string, digest: string): boolean {
  const typed = Buffer.from(digestCode(code), 'hex');
  const stored = Buffer.from(digest, 'hex');
  return typed.length === stored.length && timingSafeEqual(typed, stored);
}

export function newJourney(invitationId: string, nowMs: number): JourneyState {
  return { invitationId, step: 'start', codeSendsMs: [], linkOpensMs: [], wrongCodes: 0, wrongPasswords: 0, lastActivityMs: nowMs };
}

const isLocked = (state: JourneyState, nowMs: number): boolean =>
  state.step === 'stopped' && state.lockedUntilMs !== undefined && nowMs < state.lockedUntilMs;

export function transition(state: JourneyState, event: JourneyEvent, nowMs: number, limits: JourneyLimits): Transition {
  const at = (next: Partial<JourneyState>, notice?: JourneyNotice): Transition => ({
    state: { ...state, ...next, lastActivityMs: nowMs },
    ...(notice ? { notice } : {}),
  });
  const stopped = (stop: ClaimStopId, lockout = false): Transition =>
    at({
      step: 'stopped',
      stop,
      ...(lockout ? { lockedUntilMs: nowMs + limits.lockoutMs } : { lockedUntilMs: undefined }),
      code: undefined,
    });

  if (event.type === 'open-link') {
    const { invitation } = event;
    if (invitation.status !== 'pending' || nowMs >= invitation.expiresAtMs) return stopped('invitation-expired');
    // A lockout holds whatever the patient does, and reopening the link does not count as a use.
    if (isLocked(state, nowMs)) return { state };
    const lockEnded = state.lockedUntilMs !== undefined;
    const fresh = lockEnded ? { codeSendsMs: [], linkOpensMs: [], wrongCodes: 0, wrongPasswords: 0, wrongDobs: 0 } : {};
    const opens = [...(lockEnded ? [] : state.linkOpensMs), nowMs].filter((t) => nowMs - t < limits.lockoutMs);
    if (opens.length > limits.maxLinkOpens) return stopped('too-many-link-opens', true);
    return at({ ...fresh, step: 'start', stop: undefined, lockedUntilMs: undefined, code: undefined, linkOpensMs: opens });
  }

  // Everything below happens within a session: the journey must be live and not idle too long.
  const canGoBack = event.type === 'change-answer' && state.step === 'stopped' && state.stop === 'details-not-mine';
  if ((state.step === 'stopped' && !canGoBack) || state.step === 'done') return { state, notice: 'out-of-step' };
  if (nowMs - state.lastActivityMs > limits.inactivityMs) return stopped('session-timed-out');

  switch (event.type) {
    case 'view':
      return at({});
    case 'send-code': {
      if (state.step !== 'start' && state.step !== 'security-code') return { state, notice: 'out-of-step' };
      const sends = state.codeSendsMs.filter((t) => nowMs - t < limits.lockoutMs);
      if (sends.length >= limits.maxCodeSends) return stopped('too-many-codes-requested', true);
      return at({ step: 'security-code', code: { digest: event.digest, sentAtMs: nowMs }, codeSendsMs: [...sends, nowMs] }, 'code-sent');
    }
    case 'submit-code': {
      if (state.step !== 'security-code' || !state.code) return { state, notice: 'out-of-step' };
      // An expired code is neither right nor wrong: the patient is asked to send a new one.
      if (nowMs - state.code.sentAtMs > limits.codeTtlMs) return at({}, 'code-expired');
      if (codeMatches(event.code, state.code.digest)) {
        if (event.recheck) return stopped(event.recheck);
        return at({ step: limits.dobCheck ? 'date-of-birth' : 'confirm-details', code: undefined, wrongCodes: 0 });
      }
      const wrongCodes = state.wrongCodes + 1;
      if (wrongCodes >= limits.maxWrongCodes) return stopped('too-many-wrong-codes', true);
      return at({ wrongCodes }, 'wrong-code');
    }
    case 'answer-details': {
      if (state.step !== 'confirm-details') return { state, notice: 'out-of-step' };
      if (event.answer === 'no') return stopped('details-not-mine');
      if (event.answer === 'some-wrong') return at({ step: 'details-advice' });
      return at({ step: 'password' });
    }
    case 'submit-dob': {
      if (state.step !== 'date-of-birth') return { state, notice: 'out-of-step' };
      if (event.matches) return at({ step: 'confirm-details', wrongDobs: 0 });
      const wrongDobs = (state.wrongDobs ?? 0) + 1;
      if (wrongDobs >= limits.maxWrongDobs) return stopped('too-many-wrong-dobs', true);
      return at({ wrongDobs }, 'wrong-dob');
    }
    case 'continue-after-advice':
      return state.step === 'details-advice' ? at({ step: 'password' }) : { state, notice: 'out-of-step' };
    case 'change-answer':
      return canGoBack ? at({ step: 'confirm-details', stop: undefined }) : { state, notice: 'out-of-step' };
    case 'submit-password': {
      if (state.step !== 'password') return { state, notice: 'out-of-step' };
      if (!event.passwordAccepted) {
        const wrongPasswords = state.wrongPasswords + 1;
        if (wrongPasswords >= limits.maxWrongPasswords) return stopped('too-many-wrong-passwords', true);
        return at({ wrongPasswords }, 'wrong-password');
      }
      if (event.recheck) return stopped(event.recheck);
      return at({ step: 'done' });
    }
  }
}
