import type { NhsLoginAccount } from '../accounts/account';
import type { Accounts } from '../accounts/accounts';
import { hashPassword, verifyPassword } from '../accounts/password';
import { BUSY, PasswordWork } from '../accounts/password-work';
import type { Clock } from '../clock/clock';
import type { Config } from '../config/config';
import type { Pds } from '../pds/pds';
import { normalisePhone, toNationalFormat, type PatientRecord } from '../pds/patient';
import { nhsCalendarDate } from '../text/nhs-dates';
import type { Provisioning } from '../provisioning/provisioning';
import type { ProvisioningRecord } from '../provisioning/provisioning-record';
import type { SmsOutbox } from '../sms/sms-outbox';
import type { Collection, Store } from '../store/store';
import { ClaimSessions, type ClaimSession } from './claim-sessions';
import type { ClaimStopId } from './claim-stops';
import {
  digestCode,
  newJourney,
  transition,
  type AnswerToDetails,
  type JourneyEvent,
  type JourneyLimits,
  type JourneyNotice,
  type JourneyState,
} from './journey-machine';
import { recheckInvitation } from './invitation-recheck';
import { securityCodeSource } from '../test-data/security-code';

/**
 * The claiming use case: looks up what the state machine needs (invitation, PDS, account,
 * password check), feeds it one event, stores the result and carries out what it decided —
 * send a security code, create or raise the account, mark the invitation claimed, send the
 * confirmation email. No HTTP here: routes turn a ClaimAnswer into a page.
 */
/** The NHS record as the patient is shown it: name, date of birth in words, NHS number masked. */
export interface RecordShown {
  name: string;
  birthDate: string;
  maskedNhsNumber: string;
}

export type ClaimView =
  | { step: 'start'; kind: 'create' | 'uplift' }
  | { step: 'security-code'; maskedMobile: string; attemptsLeft?: number; sendsLeft?: number }
  | { step: 'date-of-birth'; attemptsLeft?: number }
  | ({ step: 'confirm-details' } & RecordShown)
  | ({ step: 'details-advice' } & RecordShown)
  | { step: 'password'; kind: 'create' | 'uplift'; email: string; attemptsLeft?: number }
  | { step: 'done'; kind: 'create' | 'uplift'; email: string }
  /** `record`: shown again on the not-my-details stop, as the prototype's error/wrong-details.html does. */
  | { step: 'stopped'; stop: ClaimStopId; lockedUntilMs?: number; record?: RecordShown };

export interface ClaimAnswer {
  view: ClaimView;
  notice?: JourneyNotice;
  /** Refused unread: too much password work at once (this session's or everyone's); try again shortly. */
  busy?: true;
}

export interface ClaimJourneyDeps {
  config: Config;
  clock: Clock;
  store: Store;
  pds: Pds;
  accounts: Accounts;
  provisioning: Provisioning;
  sms: SmsOutbox;
  /** Sends the "you have set up an NHS login" email; never awaited by the journey. */
  sendConfirmation: (invitation: ProvisioningRecord) => void;
}

const journeyLimits = (config: Config): JourneyLimits => ({
  codeTtlMs: config.claimCodeTtlSeconds * 1000,
  maxWrongCodes: config.claimMaxWrongCodes,
  maxCodeSends: config.claimMaxCodeSends,
  maxLinkOpens: config.claimMaxLinkOpens,
  maxWrongPasswords: config.claimMaxWrongPasswords,
  dobCheck: config.claimDobCheck,
  maxWrongDobs: config.claimMaxWrongDobs,
  lockoutMs: config.claimLockoutSeconds * 1000,
  inactivityMs: config.claimInactivitySeconds * 1000,
});

const recordShown = (patient: PatientRecord): RecordShown => ({
  name: `${patient.givenNames.join(' ')} ${patient.familyName}`,
  birthDate: nhsCalendarDate(patient.birthDate),
  maskedNhsNumber: `••• ••• ${patient.nhsNumber.slice(-4)}`,
});
const maskMobile = (e164: string): string => {
  const national = toNationalFormat(e164);
  return `${'•'.repeat(national.length - 3)}${national.slice(-3)}`;
};
/** Tries left before a lockout, shown once the patient has had one wrong (nothing before: no alarm on a first visit). */
const attemptsLeft = (wrong: number | undefined, max: number) => (wrong ? { attemptsLeft: Math.max(0, max - wrong) } : {});

export class ClaimJourneys {
  readonly journeys: Collection<JourneyState>;
  readonly sessions: ClaimSessions;
  readonly limits: JourneyLimits;
  /** The bound on password hashing (and its count of hashes run). */
  readonly passwordWork = new PasswordWork();
  /** Password submissions being worked on, by session: a second one while the first runs shares its answer. */
  readonly #submitting = new Map<string, Promise<ClaimAnswer>>();
  readonly #newSecurityCode: () => string;

  constructor(private readonly deps: ClaimJourneyDeps) {
    this.journeys = deps.store.collection<JourneyState>('claimJourneys');
    this.sessions = new ClaimSessions(deps.store);
    this.limits = journeyLimits(deps.config);
    this.#newSecurityCode = securityCodeSource(deps.config.staticOtp);
  }

  /** The patient followed the email link: a new session when the journey may (re)start. */
  async openLink(claimToken: string): Promise<ClaimAnswer & { sessionId?: string }> {
    const record = this.deps.provisioning.byClaimToken(claimToken);
    // An unknown token looks exactly like an expired one: nothing tells a guesser which tokens exist.
    if (!record) return { view: { step: 'stopped', stop: 'invitation-expired' } };
    let sessionId: string | undefined;
    const answer = await this.#dispatch(
      record.id,
      () => ({ type: 'open-link', invitation: record }),
      (state, nowMs) => {
        if (state.step === 'start') sessionId = this.sessions.start(record.id, nowMs);
      },
    );
    return { ...answer, ...(sessionId ? { sessionId } : {}) };
  }

  session(sessionId: string | undefined): ClaimSession | undefined {
    return this.sessions.find(sessionId);
  }

  look(session: ClaimSession): Promise<ClaimAnswer> {
    return this.#dispatch(session.invitationId, () => ({ type: 'view' }));
  }

  /** "Continue" on the start page and "send the code again" alike. */
  async sendCode(session: ClaimSession): Promise<ClaimAnswer> {
    const code = this.#newSecurityCode();
    const answer = await this.#dispatch(session.invitationId, () => ({ type: 'send-code', digest: digestCode(code) }));
    if (answer.notice === 'code-sent') {
      const record = this.#invitation(session.invitationId);
      const mobile = this.deps.pds.get(record.nhsNumber)?.mobile ?? record.pdsMobile ?? record.phone;
      const minutes = Math.round(this.limits.codeTtlMs / 60_000);
      await this.deps.sms.send(
        normalisePhone(mobile),
        `Your NHS login security code is ${code}. It expires in ${minutes} minutes. Do not share this code with anyone.`,
        record.id,
      );
    }
    return answer;
  }

  /** A right code moves on only if the invitation still stands (the re-check, before any password page). */
  submitCode(session: ClaimSession, code: string): Promise<ClaimAnswer> {
    return this.#dispatch(session.invitationId, () => ({ type: 'submit-code', code, recheck: this.#recheck(session.invitationId) }));
  }

  answerDetails(session: ClaimSession, answer: AnswerToDetails): Promise<ClaimAnswer> {
    return this.#dispatch(session.invitationId, () => ({ type: 'answer-details', answer }));
  }

  /** The date of birth typed (YYYY-MM-DD), compared with the PDS record as it is now. */
  submitDateOfBirth(session: ClaimSession, dob: string): Promise<ClaimAnswer> {
    const record = this.#invitation(session.invitationId);
    const matches = this.deps.pds.get(record.nhsNumber)?.birthDate === dob;
    return this.#dispatch(session.invitationId, () => ({ type: 'submit-dob', matches }));
  }

  continueAfterAdvice(session: ClaimSession): Promise<ClaimAnswer> {
    return this.#dispatch(session.invitationId, () => ({ type: 'continue-after-advice' }));
  }

  changeAnswer(session: ClaimSession): Promise<ClaimAnswer> {
    return this.#dispatch(session.invitationId, () => ({ type: 'change-answer' }));
  }

  /**
   * The password page: a new password (create, already validated by the form) or the existing
   * account's password (uplift). Issue #28: the journey must be at the password step before any
   * hashing (a flood at another step costs nothing); a session has one submission worked on at a
   * time, and any sent meanwhile (a double click, or a flood) gets that one's answer without a hash
   * of its own; and the hash runs within PasswordWork's bounds on everyone (429 beyond them).
   */
  submitPassword(session: ClaimSession, password: string): Promise<ClaimAnswer> {
    const pending = this.#submitting.get(session.digest);
    if (pending) return pending;
    const answer = this.#submitPassword(session, password).finally(() => this.#submitting.delete(session.digest));
    this.#submitting.set(session.digest, answer);
    return answer;
  }

  /** The hash runs before the synchronous step, so two submissions cannot both finish: the second finds the journey done. */
  async #submitPassword(session: ClaimSession, password: string): Promise<ClaimAnswer> {
    const { accounts, pds } = this.deps;
    const record = this.#invitation(session.invitationId);
    const before = await this.look(session);
    if (before.view.step !== 'password') return before;
    const account = record.accountId ? accounts.get(record.accountId) : undefined;
    const hashed = await this.passwordWork.run(session.digest, async () =>
      record.outcome === 'create'
        ? { newHash: await hashPassword(password), passwordAccepted: true }
        : { newHash: null, passwordAccepted: account ? await verifyPassword(password, account.passwordHash) : false },
    );
    if (hashed === BUSY) return { ...before, busy: true };
    const { newHash, passwordAccepted } = hashed;
    const answer = await this.#dispatch(
      record.id,
      (): JourneyEvent => ({
        type: 'submit-password',
        passwordAccepted,
        recheck: this.#recheck(record.id),
      }),
      (state, nowMs) => {
        if (state.step !== 'done') return;
        const patient = pds.get(record.nhsNumber)!;
        const now = new Date(nowMs).toISOString();
        const mobile = normalisePhone(patient.mobile!);
        const existing = record.accountId ? accounts.get(record.accountId) : undefined;
        const account: NhsLoginAccount = existing
          ? { ...existing, nhsNumber: record.nhsNumber, mobile, identityLevel: 'P9', updatedAt: now }
          : {
              id: accounts.newId(),
              nhsNumber: record.nhsNumber,
              email: record.email,
              mobile,
              identityLevel: 'P9',
              status: 'active',
              passwordHash: newHash!,
              createdAt: now,
              updatedAt: now,
            };
        accounts.put(account);
        this.deps.provisioning.markClaimed(record.id, nowMs);
      },
    );
    if (answer.view.step === 'done' && answer.notice === undefined) this.deps.sendConfirmation(record);
    return answer;
  }

  /**
   * One synchronous step: read the journey, apply the event, store it, run `onStep` (writes that
   * must land with the step, e.g. the account), then wait until all of it is durable.
   */
  async #dispatch(
    invitationId: string,
    event: (state: JourneyState) => JourneyEvent,
    onStep?: (state: JourneyState, nowMs: number) => void,
  ): Promise<ClaimAnswer> {
    const { store, clock } = this.deps;
    const { state, notice } = await store.transact(() => {
      const nowMs = clock.nowMs();
      const before = this.journeys.get(invitationId) ?? newJourney(invitationId, nowMs);
      const moved = transition(before, event(before), nowMs, this.limits);
      if (moved.state !== before) this.journeys.put(invitationId, moved.state);
      if (moved.notice !== 'out-of-step') onStep?.(moved.state, nowMs);
      return moved;
    });
    return { view: this.#viewOf(state), ...(notice ? { notice } : {}) };
  }

  /** The invitation re-checked against PDS and the accounts as they are now (invitation-recheck.ts). */
  #recheck(invitationId: string): ClaimStopId | null {
    const { pds, accounts } = this.deps;
    const record = this.#invitation(invitationId);
    return recheckInvitation(record, {
      trace: pds.trace(record.nhsNumber),
      account: accounts.byNhsNumber(record.nhsNumber),
      accountsWithEmail: accounts.byEmail(record.email),
    });
  }

  #invitation(id: string): ProvisioningRecord {
    const record = this.deps.provisioning.requests.get(id);
    if (!record) throw new Error(`claim session refers to unknown invitation ${id}`);
    return record;
  }

  /** After a code was sent again: how many more sends before the lockout (sends within the lockout window count). */
  #sendsLeft(state: JourneyState): { sendsLeft?: number } {
    const nowMs = this.deps.clock.nowMs();
    const recent = state.codeSendsMs.filter((t) => nowMs - t < this.limits.lockoutMs).length;
    return recent > 1 ? { sendsLeft: Math.max(0, this.limits.maxCodeSends - recent) } : {};
  }

  #viewOf(state: JourneyState): ClaimView {
    const record = this.#invitation(state.invitationId);
    const patient = this.deps.pds.get(record.nhsNumber);
    switch (state.step) {
      case 'start':
        return { step: 'start', kind: record.outcome };
      case 'security-code':
        return {
          step: 'security-code',
          maskedMobile: maskMobile(patient?.mobile ?? record.pdsMobile ?? record.phone),
          ...attemptsLeft(state.wrongCodes, this.limits.maxWrongCodes),
          ...this.#sendsLeft(state),
        };
      case 'confirm-details':
      case 'details-advice':
        return patient ? { step: state.step, ...recordShown(patient) } : { step: 'stopped', stop: 'no-pds-record' };
      case 'date-of-birth':
        return { step: 'date-of-birth', ...attemptsLeft(state.wrongDobs, this.limits.maxWrongDobs) };
      case 'password':
        return {
          step: 'password',
          kind: record.outcome,
          email: record.email,
          ...(record.outcome === 'uplift' ? attemptsLeft(state.wrongPasswords, this.limits.maxWrongPasswords) : {}),
        };
      case 'done':
        return { step: 'done', kind: record.outcome, email: record.email };
      case 'stopped':
        return {
          step: 'stopped',
          stop: state.stop ?? 'technical-failure',
          ...(state.lockedUntilMs !== undefined ? { lockedUntilMs: state.lockedUntilMs } : {}),
          ...(state.stop === 'details-not-mine' && patient ? { record: recordShown(patient) } : {}),
        };
    }
  }
}
