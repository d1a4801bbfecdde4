import type { IdentityLevel, NhsLoginAccount } from '../accounts/account';
import type { Accounts } from '../accounts/accounts';
import { verifyPassword } from '../accounts/password';
import { digestCode } from '../claim/journey-machine';
import type { Clock } from '../clock/clock';
import { normalisePhone, toNationalFormat } from '../pds/patient';
import type { SmsOutbox } from '../sms/sms-outbox';
import type { Store } from '../store/store';
import { AuthorizationCodes } from './authorization-codes';
import { errorRedirect, readAuthorizationRequest, redirectTo, type AuthorizationRequest, type RelyingParty } from './authorization-request';
import { SignInRecords, type SignInInProgress, type SsoSession } from './sign-in-sessions';
import {
  newGuard,
  newSignIn,
  transition,
  type SignInEvent,
  type SignInLimits,
  type SignInNotice,
  type SignInStopId,
} from './sign-in-machine';
import { chooseVot, lowestLevelAsked, SANDBOX_CREDENTIALS } from './vectors-of-trust';

/**
 * Signing in, the use case: answers an authorization request (single sign-on, prompt, errors),
 * walks a person through email, password and a texted security code, and sends them back to the
 * relying party with a code. No HTTP here: the routes turn its answers into pages, cookies and
 * redirects.
 */
export type SignInView =
  | { step: 'email'; serviceName: string; allowRegistration: boolean }
  | { step: 'password'; email: string; attemptsLeft?: number }
  | { step: 'security-code'; maskedMobile: string; attemptsLeft?: number }
  /** Signed in, but the account's identity level is below every level the service asked for. */
  | { step: 'level-too-low'; serviceName: string; accountLevel: IdentityLevel; levelAsked: IdentityLevel }
  | { step: 'stopped'; stop: SignInStopId; lockedUntilMs?: number; serviceName: string };

export interface SignInAnswer {
  view?: SignInView;
  notice?: SignInNotice;
  /** Back to the relying party: the whole URL. */
  redirect?: string;
  /** A new single sign-on session: the cookie value to set. */
  sessionId?: string;
}

export type AuthorizeAnswer =
  | { kind: 'refused'; description: string }
  | { kind: 'redirect'; url: string }
  | { kind: 'sign-in'; signInId: string; clientOrigin: string };

export interface SignInDeps {
  store: Store;
  clock: Clock;
  accounts: Accounts;
  sms: SmsOutbox;
  relyingParty: (clientId: string) => RelyingParty | undefined;
  limits: SignInLimits;
  sessionTtlMs: number;
  /** The next texted security code (random, or STATIC_OTP's: test-data/security-code.ts). */
  newSecurityCode: () => string;
}

/** The mobile as the person sees it on the page: all but its last three digits hidden. */
const maskMobile = (e164: string): string => {
  const national = toNationalFormat(e164);
  return `${'•'.repeat(Math.max(0, national.length - 3))}${national.slice(-3)}`;
};

const attemptsLeft = (wrong: number, max: number) => (wrong ? { attemptsLeft: Math.max(0, max - wrong) } : {});

export class SignIn {
  readonly records: SignInRecords;
  readonly codes: AuthorizationCodes;

  constructor(private readonly deps: SignInDeps) {
    this.records = new SignInRecords(deps.store);
    this.codes = new AuthorizationCodes(deps.store);
  }

  /**
   * An authorization request (§3.4.1) from a browser that may hold a session. With a live session
   * that meets a requested vector, the code goes straight back (single sign-on); `prompt=login`
   * always asks again; `prompt=none` never asks: no usable session is `sso_login_required` (§3.4.5).
   */
  async authorize(params: ReadonlyMap<string, readonly string[]>, sessionId: string | undefined): Promise<AuthorizeAnswer> {
    const reading = readAuthorizationRequest(params, this.deps.relyingParty);
    if (reading.kind === 'refused') return reading;
    if (reading.kind === 'error') return { kind: 'redirect', url: errorRedirect(reading) };
    const { request } = reading;
    return this.deps.store.transact(() => {
      const nowMs = this.deps.clock.nowMs();
      const session = request.prompt === 'login' ? undefined : this.#usableSession(sessionId, nowMs);
      const single = session ? this.#finish(request, session, nowMs) : null;
      if (single) return { kind: 'redirect' as const, url: single };
      if (request.prompt === 'none')
        return {
          kind: 'redirect' as const,
          url: redirectTo(request.redirectUri, {
            error: 'sso_login_required',
            error_description: 'prompt=none and the person has no NHS login session that meets the request',
            state: request.state,
          }),
        };
      const signInId = this.records.startSignIn(request, newSignIn(nowMs), nowMs);
      return { kind: 'sign-in' as const, signInId, clientOrigin: new URL(request.redirectUri).origin };
    });
  }

  signIn(id: string | undefined): SignInInProgress | undefined {
    return this.records.signIn(id);
  }

  look(signIn: SignInInProgress): Promise<SignInAnswer> {
    return this.#dispatch(signIn, { type: 'view' });
  }

  submitEmail(signIn: SignInInProgress, email: string): Promise<SignInAnswer> {
    const account = this.deps.accounts.byEmail(email)[0];
    return this.#dispatch(signIn, { type: 'submit-email', email, accountId: account?.id ?? null });
  }

  /** The slow hash runs first; the step itself is one synchronous transaction. */
  async submitPassword(signIn: SignInInProgress, password: string): Promise<SignInAnswer> {
    const account = this.#account(signIn);
    const accepted = account ? await verifyPassword(password, account.passwordHash) : false;
    const answer = await this.#dispatch(signIn, {
      type: 'submit-password',
      accepted,
      account: account ? { active: account.status === 'active', hasMobile: account.mobile !== undefined } : null,
    });
    // Right password: the code goes to the account's verified mobile straight away.
    if (answer.view?.step === 'security-code' && answer.notice === undefined) return this.sendCode(signIn);
    return answer;
  }

  async sendCode(signIn: SignInInProgress): Promise<SignInAnswer> {
    const code = this.deps.newSecurityCode();
    const answer = await this.#dispatch(signIn, { type: 'send-code', digest: digestCode(code) });
    const account = this.#account(signIn);
    if (answer.notice === 'code-sent' && account?.mobile) {
      const minutes = Math.round(this.deps.limits.codeTtlMs / 60_000);
      await this.deps.sms.send(
        normalisePhone(account.mobile),
        `Your NHS login security code is ${code}. It expires in ${minutes} minutes. Do not share this code with anyone.`,
      );
    }
    return answer;
  }

  submitCode(signIn: SignInInProgress, code: string): Promise<SignInAnswer> {
    return this.#dispatch(signIn, { type: 'submit-code', code });
  }

  /**
   * "Return to the service" from a page that cannot go on (identity level too low, a stop): back
   * to the relying party with `access_denied` (§3.4.5; the EIS names no error for a declined uplift).
   */
  async giveUp(signIn: SignInInProgress): Promise<SignInAnswer> {
    const { request } = signIn;
    const signedIn = this.records.inProgress.get(signIn.digest)?.state.step === 'authenticated';
    await this.deps.store.transact(() => this.records.inProgress.delete(signIn.digest));
    const description = signedIn
      ? 'the NHS login identity level is below the level the service asked for, and the person did not prove their identity'
      : 'the person did not finish signing in';
    return { redirect: redirectTo(request.redirectUri, { error: 'access_denied', error_description: description, state: request.state }) };
  }

  #account(signIn: SignInInProgress): NhsLoginAccount | undefined {
    const current = this.records.inProgress.get(signIn.digest) ?? signIn;
    return current.state.accountId ? this.deps.accounts.get(current.state.accountId) : undefined;
  }

  #usableSession(sessionId: string | undefined, nowMs: number): SsoSession | undefined {
    const session = this.records.session(sessionId, nowMs);
    const account = session && this.deps.accounts.get(session.accountId);
    return account?.status === 'active' ? session : undefined;
  }

  /** A code for this request from this session, or null when the account's level meets no requested vector. Inside a transaction. */
  #finish(request: AuthorizationRequest, session: SsoSession, nowMs: number): string | null {
    const account = this.deps.accounts.get(session.accountId)!;
    const vot = chooseVot(request.vectors, account.identityLevel, session.credentials);
    if (!vot) return null;
    const code = this.codes.issue(
      {
        clientId: request.clientId,
        accountId: account.id,
        scopes: request.scopes,
        vot,
        authTimeMs: session.authTimeMs,
        redirectUri: request.redirectUri,
        nonce: request.nonce,
        codeChallenge: request.codeChallenge,
      },
      nowMs,
    );
    return redirectTo(request.redirectUri, { code, state: request.state });
  }

  /** One synchronous step: read, apply the event, store, and on success finish the sign-in. */
  async #dispatch(signIn: SignInInProgress, event: SignInEvent): Promise<SignInAnswer> {
    const { store, clock, limits } = this.deps;
    return store.transact((): SignInAnswer => {
      const nowMs = clock.nowMs();
      const current = this.records.inProgress.get(signIn.digest);
      if (!current) return { view: { step: 'stopped', stop: 'session-timed-out', serviceName: this.#serviceName(signIn.request) } };
      const accountId = event.type === 'submit-email' ? event.accountId : current.state.accountId;
      const guard = (accountId && this.records.guards.get(accountId)) || newGuard();
      const moved = transition(current.state, guard, event, nowMs, limits);
      if (moved.notice !== 'out-of-step') {
        this.records.inProgress.put(current.digest, { ...current, state: moved.state });
        if (accountId && moved.guard !== guard) this.records.guards.put(accountId, moved.guard);
      }
      const notice = moved.notice ? { notice: moved.notice } : {};
      if (moved.state.step !== 'authenticated' || current.state.step === 'authenticated')
        return { view: this.#viewOf({ ...current, state: moved.state }, moved.guard), ...notice };
      // Just signed in: a single sign-on session, then the code back to the service.
      const account = this.deps.accounts.get(moved.state.accountId!)!;
      const sessionId = this.records.startSession({
        accountId: account.id,
        authTimeMs: nowMs,
        credentials: [...SANDBOX_CREDENTIALS],
        expiresAtMs: nowMs + this.deps.sessionTtlMs,
      });
      const session = this.records.session(sessionId, nowMs)!;
      const redirect = this.#finish(current.request, session, nowMs);
      if (!redirect) return { view: this.#viewOf({ ...current, state: moved.state }, moved.guard), sessionId };
      this.records.inProgress.delete(current.digest);
      return { redirect, sessionId };
    });
  }

  #serviceName(request: AuthorizationRequest): string {
    return this.deps.relyingParty(request.clientId)?.name ?? request.clientId;
  }

  #viewOf(signIn: SignInInProgress, guard: ReturnType<typeof newGuard>): SignInView {
    const { state, request } = signIn;
    const serviceName = this.#serviceName(request);
    const account = state.accountId ? this.deps.accounts.get(state.accountId) : undefined;
    const { limits } = this.deps;
    switch (state.step) {
      case 'email':
        return { step: 'email', serviceName, allowRegistration: request.allowRegistration };
      case 'password':
        return {
          step: 'password',
          email: state.email ?? '',
          ...attemptsLeft(state.accountId ? guard.wrongPasswords : state.wrongPasswords, limits.maxWrongPasswords),
        };
      case 'security-code':
        return {
          step: 'security-code',
          maskedMobile: maskMobile(account?.mobile ?? ''),
          ...attemptsLeft(guard.wrongCodes, limits.maxWrongCodes),
        };
      case 'authenticated':
        return {
          step: 'level-too-low',
          serviceName,
          accountLevel: account?.identityLevel ?? 'P0',
          levelAsked: lowestLevelAsked(request.vectors),
        };
      case 'stopped':
        return {
          step: 'stopped',
          stop: state.stop ?? 'session-timed-out',
          serviceName,
          ...(state.lockedUntilMs !== undefined ? { lockedUntilMs: state.lockedUntilMs } : {}),
        };
    }
  }
}
