import type { Collection, Store } from '../store/store';
import type { AuthorizationRequest } from './authorization-request';
import { digestOf, newSecret } from './secrets';
import type { AccountGuard, SignInState } from './sign-in-machine';
import type { Credential } from './vectors-of-trust';

/**
 * What the sign-in keeps between requests, server-side; the browser holds only random ids in
 * cookies (HttpOnly, SameSite=Lax: the relying party's redirect to /authorize is a top-level
 * cross-site navigation, which Lax lets through and a cross-site POST does not), never a secret
 * that means anything by itself.
 *
 * - A **sign-in in progress** (`nhslogin_signin`): the authorization request being answered, the
 *   journey's state and the CSRF token of its forms.
 * - A **single sign-on session** (`nhslogin_session`): who signed in, when (`auth_time`) and with
 *   which credentials; a later authorization request is answered without asking again.
 * - An **account guard** per account: the counters behind the lockouts.
 */
export const SIGN_IN_COOKIE = 'nhslogin_signin';
export const SESSION_COOKIE = 'nhslogin_session';

export interface SignInInProgress {
  digest: string;
  csrfToken: string;
  request: AuthorizationRequest;
  state: SignInState;
  startedAtMs: number;
}

export interface SsoSession {
  digest: string;
  accountId: string;
  authTimeMs: number;
  credentials: Credential[];
  expiresAtMs: number;
}

export class SignInRecords {
  readonly inProgress: Collection<SignInInProgress>;
  readonly sessions: Collection<SsoSession>;
  readonly guards: Collection<AccountGuard>;

  constructor(store: Store) {
    this.inProgress = store.collection<SignInInProgress>('signInsInProgress');
    this.sessions = store.collection<SsoSession>('signInSessions');
    this.sessions.defineIndex('byAccount', (s) => s.accountId);
    this.guards = store.collection<AccountGuard>('signInGuards');
  }

  /** Starts a sign-in for this request; call inside a store transaction. Returns the cookie value. */
  startSignIn(request: AuthorizationRequest, state: SignInState, nowMs: number): string {
    const id = newSecret();
    const digest = digestOf(id);
    this.inProgress.put(digest, { digest, csrfToken: newSecret(), request, state, startedAtMs: nowMs });
    return id;
  }

  signIn(id: string | undefined): SignInInProgress | undefined {
    return id ? this.inProgress.get(digestOf(id)) : undefined;
  }

  /** Starts a single sign-on session; call inside a store transaction. Returns the cookie value. */
  startSession(session: Omit<SsoSession, 'digest'>): string {
    const id = newSecret();
    const digest = digestOf(id);
    this.sessions.put(digest, { digest, ...session });
    return id;
  }

  /** The live session this cookie names, judged on the sandbox clock. */
  session(id: string | undefined, nowMs: number): SsoSession | undefined {
    const session = id ? this.sessions.get(digestOf(id)) : undefined;
    return session && session.expiresAtMs > nowMs ? session : undefined;
  }
}
