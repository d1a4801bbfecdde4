import { describe, expect, it } from 'vitest';
import { digestCode, newJourney, transition, type JourneyEvent, type JourneyLimits, type JourneyState } from './journey-machine';

/** The claiming state machine on its own: every transition and limit, time given explicitly. */
const MIN = 60_000;
const limits: JourneyLimits = {
  dobCheck: false,
  maxWrongDobs: 3,
  codeTtlMs: 5 * MIN,
  maxWrongCodes: 3,
  maxCodeSends: 3,
  maxLinkOpens: 4,
  maxWrongPasswords: 3,
  lockoutMs: 15 * MIN,
  inactivityMs: 15 * MIN,
};
const T0 = Date.UTC(2026, 0, 1);
const pending = { status: 'pending' as const, expiresAtMs: T0 + 7 * 24 * 60 * MIN };
const open: JourneyEvent = { type: 'open-link', invitation: pending };
const send = (code = '123456'): JourneyEvent => ({ type: 'send-code', digest: digestCode(code) });

/** Applies events in order, each `gapMs` after the previous one. */
function run(events: JourneyEvent[], { from = newJourney('inv-1', T0), gapMs = 1000 } = {}) {
  let state: JourneyState = from;
  let now = T0;
  let notice: string | undefined;
  for (const event of events) {
    now += gapMs;
    ({ state, notice } = transition(state, event, now, limits));
  }
  return { state, notice, now };
}

const toPassword: JourneyEvent[] = [
  open,
  send(),
  { type: 'submit-code', code: '123456', recheck: null },
  { type: 'answer-details', answer: 'yes' },
];

describe('journey state machine', () => {
  it('walks the happy path: start → security-code → confirm-details → password → done', () => {
    const steps = [
      open,
      send(),
      { type: 'submit-code', code: '123456', recheck: null },
      { type: 'answer-details', answer: 'yes' },
      { type: 'submit-password', passwordAccepted: true, recheck: null },
    ] as JourneyEvent[];
    const seen = steps.map((_, i) => run(steps.slice(0, i + 1)).state.step);
    expect(seen).toEqual(['start', 'security-code', 'confirm-details', 'password', 'done']);
  });

  it('keeps only a digest of the code', () => {
    const { state } = run([open, send('654321')]);
    expect(JSON.stringify(state)).not.toContain('654321');
  });

  it.each([
    ['claimed', { status: 'claimed' as const, expiresAtMs: pending.expiresAtMs }],
    ['superseded', { status: 'superseded' as const, expiresAtMs: pending.expiresAtMs }],
    ['past its expiry', { status: 'pending' as const, expiresAtMs: T0 }],
  ])('stops with invitation-expired when the invitation is %s', (_name, invitation) => {
    expect(run([{ type: 'open-link', invitation }]).state).toMatchObject({ step: 'stopped', stop: 'invitation-expired' });
  });

  it('locks after more link opens than allowed within the window, and not when they are spread out', () => {
    expect(run(Array(4).fill(open)).state.step).toBe('start');
    expect(run(Array(5).fill(open)).state).toMatchObject({
      step: 'stopped',
      stop: 'too-many-link-opens',
      lockedUntilMs: T0 + 5000 + 15 * MIN,
    });
    expect(run(Array(8).fill(open), { gapMs: 5 * MIN }).state.step).toBe('start');
  });

  it('refuses a wrong code with a notice, then locks at the limit', () => {
    const wrong: JourneyEvent = { type: 'submit-code', code: '000000', recheck: null };
    expect(run([open, send(), wrong])).toMatchObject({ notice: 'wrong-code', state: { step: 'security-code', wrongCodes: 1 } });
    expect(run([open, send(), wrong, wrong, wrong]).state).toMatchObject({ step: 'stopped', stop: 'too-many-wrong-codes' });
  });

  it('treats a code older than its lifetime as expired, neither right nor wrong', () => {
    const sent = run([open, send()]);
    const late = transition(sent.state, { type: 'submit-code', code: '123456', recheck: null }, sent.now + 5 * MIN + 1, limits);
    expect(late).toMatchObject({ notice: 'code-expired', state: { step: 'security-code', wrongCodes: 0 } });
    const inTime = transition(sent.state, { type: 'submit-code', code: '123456', recheck: null }, sent.now + 5 * MIN, limits);
    expect(inTime.state.step).toBe('confirm-details');
  });

  it('replaces the code on resend, and locks when codes are requested too often', () => {
    const resent = run([open, send('111111'), send('222222')]);
    expect(transition(resent.state, { type: 'submit-code', code: '111111', recheck: null }, resent.now + 1, limits).notice).toBe(
      'wrong-code',
    );
    expect(transition(resent.state, { type: 'submit-code', code: '222222', recheck: null }, resent.now + 1, limits).state.step).toBe(
      'confirm-details',
    );
    expect(run([open, send(), send(), send()]).state.step).toBe('security-code');
    expect(run([open, send(), send(), send(), send()]).state).toMatchObject({ step: 'stopped', stop: 'too-many-codes-requested' });
  });

  const toDetails: JourneyEvent[] = [open, send(), { type: 'submit-code', code: '123456', recheck: null }];

  it('stops on "not my details" with a way back to change the answer, and only from that stop', () => {
    const { state } = run([...toDetails, { type: 'answer-details', answer: 'no' }]);
    expect(state).toMatchObject({ step: 'stopped', stop: 'details-not-mine' });
    expect(state.lockedUntilMs).toBeUndefined();
    expect(run([...toDetails, { type: 'answer-details', answer: 'no' }, { type: 'change-answer' }]).state).toMatchObject({
      step: 'confirm-details',
      stop: undefined,
    });
    const locked = run([
      ...toPassword,
      ...Array.from({ length: 3 }, () => ({ type: 'submit-password', passwordAccepted: false, recheck: null }) as const),
    ]);
    expect(transition(locked.state, { type: 'change-answer' }, locked.now + 1, limits)).toMatchObject({
      notice: 'out-of-step',
      state: { step: 'stopped' },
    });
    expect(run([...toDetails, { type: 'change-answer' }])).toMatchObject({ notice: 'out-of-step', state: { step: 'confirm-details' } });
  });

  it('asks for the date of birth after the code only when configured to, and locks after the wrong ones', () => {
    const withDob = { ...limits, dobCheck: true };
    let state = newJourney('inv-1', T0);
    let now = T0;
    for (const event of [open, send(), { type: 'submit-code', code: '123456', recheck: null }] as JourneyEvent[])
      state = transition(state, event, (now += 1000), withDob).state;
    expect(state.step).toBe('date-of-birth');
    const wrong = transition(state, { type: 'submit-dob', matches: false }, (now += 1000), withDob);
    expect(wrong).toMatchObject({ notice: 'wrong-dob', state: { step: 'date-of-birth', wrongDobs: 1 } });
    expect(transition(wrong.state, { type: 'submit-dob', matches: true }, (now += 1000), withDob).state.step).toBe('confirm-details');
    let locked = wrong.state;
    for (let i = 0; i < 2; i++) locked = transition(locked, { type: 'submit-dob', matches: false }, (now += 1000), withDob).state;
    expect(locked).toMatchObject({ step: 'stopped', stop: 'too-many-wrong-dobs' });
    expect(locked.lockedUntilMs).toBe(now + withDob.lockoutMs);
    expect(run(toDetails).state.step).toBe('confirm-details');
  });

  it('shows advice on "some are wrong", then continues to the password', () => {
    const advised = run([...toDetails, { type: 'answer-details', answer: 'some-wrong' }]);
    expect(advised.state.step).toBe('details-advice');
    expect(transition(advised.state, { type: 'continue-after-advice' }, advised.now + 1, limits).state.step).toBe('password');
    expect(run([...toDetails, { type: 'continue-after-advice' }]).notice).toBe('out-of-step');
  });

  it('counts wrong passwords and locks at the limit', () => {
    const wrong: JourneyEvent = { type: 'submit-password', passwordAccepted: false, recheck: null };
    expect(run([...toPassword, wrong])).toMatchObject({ notice: 'wrong-password', state: { step: 'password', wrongPasswords: 1 } });
    expect(run([...toPassword, wrong, wrong, wrong]).state).toMatchObject({ step: 'stopped', stop: 'too-many-wrong-passwords' });
  });

  it('stops with the PDS re-check problem only once the password is right', () => {
    const wrongWithProblem: JourneyEvent = { type: 'submit-password', passwordAccepted: false, recheck: 'deceased-no-account' };
    expect(run([...toPassword, wrongWithProblem]).state.step).toBe('password');
    expect(run([...toPassword, { type: 'submit-password', passwordAccepted: true, recheck: 'details-changed' }]).state).toMatchObject({
      step: 'stopped',
      stop: 'details-changed',
    });
  });

  it('ends the session after the inactivity limit, judged by the time given', () => {
    const atCode = run([open, send()]);
    expect(transition(atCode.state, { type: 'view' }, atCode.now + 15 * MIN, limits).state.step).toBe('security-code');
    expect(transition(atCode.state, { type: 'view' }, atCode.now + 15 * MIN + 1, limits).state).toMatchObject({
      step: 'stopped',
      stop: 'session-timed-out',
    });
  });

  it('ignores events that do not belong to the current step', () => {
    const atStart = run([open]);
    for (const event of [
      { type: 'submit-code', code: '123456', recheck: null },
      { type: 'answer-details', answer: 'yes' },
      { type: 'submit-password', passwordAccepted: true, recheck: null },
    ] as JourneyEvent[]) {
      const moved = transition(atStart.state, event, atStart.now + 1, limits);
      expect(moved).toEqual({ state: atStart.state, notice: 'out-of-step' });
    }
    const done = run([...toPassword, { type: 'submit-password', passwordAccepted: true, recheck: null }]);
    expect(transition(done.state, send(), done.now + 1, limits).state).toBe(done.state);
  });

  it('holds a lockout against reopening the link, then starts afresh with counters cleared', () => {
    const wrong: JourneyEvent = { type: 'submit-code', code: '000000', recheck: null };
    const locked = run([open, send(), wrong, wrong, wrong]);
    const during = transition(locked.state, open, locked.now + 15 * MIN - 1, limits);
    expect(during.state).toBe(locked.state);
    const after = transition(locked.state, open, locked.now + 15 * MIN, limits);
    expect(after.state).toMatchObject({ step: 'start', wrongCodes: 0, codeSendsMs: [], wrongPasswords: 0 });
    expect(after.state.lockedUntilMs).toBeUndefined();
  });

  it('restarts from the start page when the link is reopened after a stop that is not a lockout', () => {
    const stopped = run([open, send(), { type: 'submit-code', code: '123456', recheck: null }, { type: 'answer-details', answer: 'no' }]);
    expect(transition(stopped.state, open, stopped.now + 1, limits).state).toMatchObject({ step: 'start', stop: undefined });
  });
});
