import type { IdentityLevel } from '../accounts/account';
import type { Accounts } from '../accounts/accounts';
import type { RegisteredClient } from '../auth/client-registry';
import type { Store } from '../store/store';
import { relyingParty } from './relying-parties';
import type { SignInRecords } from './sign-in-sessions';
import { grantableScopes } from './sign-in-scopes';
import type { Credential } from './vectors-of-trust';

/**
 * What the console and the admin API show of signing in: who holds a single sign-on session now
 * (on the sandbox clock), and each registered client as a relying party. A session is named by the
 * SHA-256 of its cookie, which the store already keeps: it ends the session, never resumes it.
 */
export interface SignedInSession {
  id: string;
  accountId: string;
  email: string | undefined;
  nhsNumber: string | undefined;
  /** The account's identity level (the ID token's identity_proofing_level). */
  level: IdentityLevel | undefined;
  credentials: Credential[];
  signedInAtMs: number;
  expiresAtMs: number;
}

export function signedInSessions(deps: { records: SignInRecords; accounts: Accounts; nowMs: number }): SignedInSession[] {
  return deps.records.sessions
    .values()
    .filter((session) => session.expiresAtMs > deps.nowMs)
    .sort((a, b) => b.authTimeMs - a.authTimeMs)
    .map((session) => {
      const account = deps.accounts.get(session.accountId);
      return {
        id: session.digest,
        accountId: session.accountId,
        email: account?.email,
        nhsNumber: account?.nhsNumber,
        level: account?.identityLevel,
        credentials: session.credentials,
        signedInAtMs: session.authTimeMs,
        expiresAtMs: session.expiresAtMs,
      };
    });
}

/** Ends a session: its browser is asked to sign in again. False when there was no such session. */
export async function endSignedInSession(deps: { records: SignInRecords; store: Store }, id: string): Promise<boolean> {
  if (!deps.records.sessions.has(id)) return false;
  await deps.store.transact(() => deps.records.sessions.delete(id));
  return true;
}

/** A registered client as a relying party: its redirect URIs and the scopes it may be granted (sign-in-scopes.ts). */
export function relyingPartyOverview(client: RegisteredClient) {
  const party = relyingParty(client);
  return { ...party, scopes: grantableScopes(party) };
}
