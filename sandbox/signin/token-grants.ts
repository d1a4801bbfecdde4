import type { Accounts } from '../accounts/accounts';
import { demographicsOf } from '../accounts/demographics';
import type { AuthorizationCodeGrantForm, OAuthErrorCode, RefreshTokenGrantForm } from '../auth/token-request';
import { readScopeParameter } from '../auth/scopes';
import type { Clock } from '../clock/clock';
import type { Pds } from '../pds/pds';
import type { Store } from '../store/store';
import type { AuthorizationCodes, SignInGrant } from './authorization-codes';
import type { RefreshTokens } from './refresh-tokens';
import { signAccessToken, signIdToken, type IdTokenFault, type SignInTokenSettings } from './sign-in-tokens';
import { idTokenUserClaims, userInfoClaims, type ReleaseContext } from './user-claims';
import { votLevel } from './vectors-of-trust';
import type { SignInScope } from './sign-in-scopes';

/**
 * The token endpoint's sign-in grants (CID-IS-F v2.1 §3.5), after the client has been
 * authenticated by the one RS512 assertion check every grant shares (auth/token-exchange.ts):
 *
 * - `authorization_code`: the code is redeemed once, by the client it was issued to, with the
 *   redirect URI it was issued for; the answer carries an ID token, an access token and a
 *   refresh token.
 * - `refresh_token`: the latest refresh token buys a new access token and a new refresh token
 *   (rotation); `scope` may narrow the access token, never widen it. No ID token (§3.5).
 *
 * Errors are RFC 6749 §5.2 codes; the route answers every one with HTTP 400 (§3.5).
 */
export interface SignInGrantTokens {
  accessToken: string;
  expiresIn: number;
  jti: string;
  scope: string;
  idToken?: string;
  refreshToken: string;
}

export type SignInGrantOutcome = { ok: true; token: SignInGrantTokens } | { ok: false; error: OAuthErrorCode; description: string };

export interface SignInGrantDeps {
  store: Store;
  clock: Clock;
  accounts: Accounts;
  pds: Pds;
  codes: AuthorizationCodes;
  refreshTokens: RefreshTokens;
  tokens: SignInTokenSettings;
  /** A fault queued for the next ID token, if any (faults.ts). */
  nextIdTokenFault?: () => IdTokenFault | null;
  /** A queued slow answer, if any (faults.ts). */
  slowDown?: () => Promise<void>;
}

const invalidGrant = (description: string): SignInGrantOutcome => ({ ok: false, error: 'invalid_grant', description });

export class SignInGrants {
  constructor(private readonly deps: SignInGrantDeps) {}

  async authorizationCode(clientId: string, form: AuthorizationCodeGrantForm): Promise<SignInGrantOutcome> {
    const { store, clock, codes, refreshTokens } = this.deps;
    await this.deps.slowDown?.();
    const redeemed = await store.transact(() => {
      const nowMs = clock.nowMs();
      const redemption = codes.redeem(form.code, clientId, form.redirect_uri, form.code_verifier, nowMs);
      if (!redemption.ok) {
        // RFC 6749 §4.1.2: a code used twice revokes what it was exchanged for.
        if (redemption.replayedFamily) refreshTokens.revokeFamily(redemption.replayedFamily, nowMs);
        return redemption;
      }
      const refreshToken = refreshTokens.issue(grantOf(redemption.record), redemption.record.family, nowMs);
      return { ...redemption, refreshToken };
    });
    if (!redeemed.ok) return invalidGrant(redeemed.description);
    const { record, refreshToken } = redeemed;
    const context = this.#release(record);
    if (!context) return invalidGrant('the NHS login account is no longer active');
    const access = await signAccessToken(this.deps.tokens, record, nhsNumberReleased(context));
    const idToken = await signIdToken(this.deps.tokens, record, idTokenUserClaims(context), this.deps.nextIdTokenFault?.() ?? null);
    return { ok: true, token: { ...access, scope: record.scopes.join(' '), idToken, refreshToken } };
  }

  async refreshToken(clientId: string, form: RefreshTokenGrantForm): Promise<SignInGrantOutcome> {
    const { store, clock, refreshTokens } = this.deps;
    await this.deps.slowDown?.();
    let narrowed: SignInScope[] | null = null;
    const spent = await store.transact(() => {
      const nowMs = clock.nowMs();
      // RFC 6749 §6: a narrower scope only; checked before the token is spent, so a refusal costs nothing.
      const known = refreshTokens.find(form.refresh_token);
      if (known && known.clientId === clientId && form.scope !== undefined) {
        const asked = readScopeParameter(form.scope);
        if (!asked.ok) return { ok: false as const, error: 'invalid_scope' as const, description: asked.description };
        const wider = asked.values.filter((value) => !(known.scopes as string[]).includes(value));
        if (wider.length)
          return {
            ok: false as const,
            error: 'invalid_scope' as const,
            description: `scope may only narrow the original grant: ${wider.join(' ')} was not granted`,
          };
        narrowed = known.scopes.filter((scope) => asked.values.includes(scope));
      }
      const use = refreshTokens.spend(form.refresh_token, clientId, nowMs);
      if (!use.ok) return { ...use, error: 'invalid_grant' as const };
      return { ...use, refreshToken: refreshTokens.issue(grantOf(use.record), use.record.family, nowMs) };
    });
    if (!spent.ok) return { ok: false, error: spent.error, description: spent.description };
    const grant = { ...grantOf(spent.record), scopes: narrowed ?? spent.record.scopes };
    const context = this.#release(grant);
    if (!context) return invalidGrant('the NHS login account is no longer active');
    const access = await signAccessToken(this.deps.tokens, grant, nhsNumberReleased(context));
    return { ok: true, token: { ...access, scope: grant.scopes.join(' '), refreshToken: spent.refreshToken } };
  }

  #release(grant: SignInGrant): ReleaseContext | null {
    const account = this.deps.accounts.get(grant.accountId);
    if (!account || account.status !== 'active') return null;
    const patient = demographicsOf(account, this.deps.pds);
    return {
      account,
      patient,
      scopes: grant.scopes,
      level: votLevel(grant.vot),
      credentials: grant.vot.credentials,
      gpLinkages: this.deps.accounts.gpLinkages,
    };
  }
}

const grantOf = (record: SignInGrant): SignInGrant => ({
  clientId: record.clientId,
  accountId: record.accountId,
  scopes: record.scopes,
  vot: record.vot,
  authTimeMs: record.authTimeMs,
});

/** The access token carries the NHS number when the ID token may (profile released it). */
const nhsNumberReleased = (context: ReleaseContext): string | undefined => {
  const claims = userInfoClaims(context);
  return typeof claims.nhs_number === 'string' ? claims.nhs_number : undefined;
};
