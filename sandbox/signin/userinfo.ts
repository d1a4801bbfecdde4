import type { Accounts } from '../accounts/accounts';
import { demographicsOf } from '../accounts/demographics';
import type { Pds } from '../pds/pds';
import { SIGN_IN_SCOPES, type SignInScope } from './sign-in-scopes';
import { verifySignInAccessToken, type SignInTokenSettings } from './sign-in-tokens';
import { userInfoClaims } from './user-claims';
import type { ClientUserMetadata } from './userinfo-metadata';
import { readVtr, votLevel } from './vectors-of-trust';

/**
 * UserInfo (CID-IS-F v2.1 §3.6): the access token from signing in buys the claims its scopes
 * release, read from the account and PDS as they are now, and the relying party's own
 * `client_user_metadata` (userinfo-metadata.ts); `sub` is the ID token's. Errors as
 * RFC 6750 §3.1 names them: 401 `invalid_token`, 403 `insufficient_scope` (a token without `openid`).
 */
export type UserInfoOutcome =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; status: 401 | 403; error: 'invalid_token' | 'insufficient_scope'; description: string };

export async function userInfo(
  token: string,
  deps: { tokens: SignInTokenSettings; accounts: Accounts; pds: Pds; metadata: ClientUserMetadata },
): Promise<UserInfoOutcome> {
  const verdict = await verifySignInAccessToken(deps.tokens, token);
  if (!verdict.ok) return { ok: false, status: 401, error: 'invalid_token', description: verdict.description };
  if (!verdict.scopes.includes('openid'))
    return { ok: false, status: 403, error: 'insufficient_scope', description: 'the access token was not granted the openid scope' };
  const account = deps.accounts.get(verdict.accountId);
  if (!account || account.status !== 'active')
    return { ok: false, status: 401, error: 'invalid_token', description: 'the NHS login account is no longer active' };
  const vot = readVtr(JSON.stringify([verdict.vot]));
  if (!vot.ok) return { ok: false, status: 401, error: 'invalid_token', description: 'the access token carries no valid vot' };
  const patient = demographicsOf(account, deps.pds);
  const scopes = verdict.scopes.filter((scope): scope is SignInScope => (SIGN_IN_SCOPES as readonly string[]).includes(scope));
  const claims = userInfoClaims({
    account,
    patient,
    scopes,
    level: votLevel(vot.vectors[0]!),
    credentials: vot.vectors[0]!.credentials,
    gpLinkages: deps.accounts.gpLinkages,
    clientUserMetadata: deps.metadata.get(verdict.clientId, account.id),
  });
  return { ok: true, claims };
}
