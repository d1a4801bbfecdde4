import type { AccessTokenSettings, IssuedAccessToken } from './access-token';
import { issueAccessToken } from './access-token';
import { verifyClientAssertion, type AssertionPolicy, type AssertionVerdict } from './client-assertion';
import type { ClientRegistry, RegisteredClient } from './client-registry';
import type { ReplayCache } from './replay-cache';
import type { Clock } from '../clock/clock';
import { canonicalScope, readScopeParameter } from './scopes';
import {
  CLIENT_CREDENTIALS_GRANT,
  JWT_BEARER_GRANT,
  readTokenForm,
  type AuthorizationCodeGrantForm,
  type GrantType,
  type OAuthErrorCode,
  type RefreshTokenGrantForm,
} from './token-request';

/**
 * The token endpoint's domain: a decoded form in, an access token or an RFC 6749 §5.2 error out.
 * Both grants verify the signed JWT with the one set of rules (client-assertion.ts); they differ
 * in the error a bad JWT earns and in scope.
 */
export type TokenOutcome =
  | { ok: true; grant: GrantType; token: IssuedAccessToken & SignInTokens; clientId: string; assertion: AssertionVerdict }
  | {
      ok: false;
      error: OAuthErrorCode;
      description: string;
      clientId?: string;
      assertion?: AssertionVerdict;
      /** The scheme of an `Authorization` header the client tried to authenticate with: answered 401 with a challenge. */
      challengeScheme?: string;
    };

/** What the sign-in grants add to an access token. */
export interface SignInTokens {
  idToken?: string;
  refreshToken?: string;
}

/**
 * The sign-in grants (authorization_code, refresh_token), handed in by the composition root so the
 * token endpoint stays one endpoint with one client check (sandbox/signin/token-grants.ts).
 */
export interface SignInGrantHandler {
  authorizationCode(clientId: string, form: AuthorizationCodeGrantForm): Promise<SignInGrantResult>;
  refreshToken(clientId: string, form: RefreshTokenGrantForm): Promise<SignInGrantResult>;
}
export type SignInGrantResult =
  { ok: true; token: IssuedAccessToken & SignInTokens & { scope: string } } | { ok: false; error: OAuthErrorCode; description: string };

export interface TokenExchangeDeps {
  /** Signing in; without it the sign-in grants are unsupported_grant_type. */
  signInGrants?: SignInGrantHandler;
  clients: ClientRegistry;
  replay: ReplayCache;
  /** The real clock: assertions are judged by the GP system's time, not the sandbox's. */
  realClock: Clock;
  policy: AssertionPolicy;
  tokens: AccessTokenSettings;
}

export async function exchangeToken(
  params: ReadonlyMap<string, readonly string[]>,
  request: { authorizationScheme: string | null },
  deps: TokenExchangeDeps,
): Promise<TokenOutcome> {
  // CID-IS-P Table 5 and RFC 6749 §5.2 (invalid_client): a client that attempted to authenticate
  // through the Authorization header MUST get 401 with a WWW-Authenticate challenge for its scheme.
  if (request.authorizationScheme !== null) {
    return {
      ok: false,
      error: 'invalid_client',
      description: 'authenticate with the signed JWT in the form only, not with an Authorization header',
      challengeScheme: request.authorizationScheme,
    };
  }
  const read = readTokenForm(params);
  if (!read.ok) return read;
  // RFC 6749 §2.3 and §5.2 (invalid_request: "utilizes more than one mechanism for authenticating
  // the client"): a client secret beside the signed JWT is a second method.
  if (params.has('client_secret')) {
    return {
      ok: false,
      error: 'invalid_request',
      description: 'authenticate with the signed JWT only: no client_secret',
    };
  }
  const jwt = read.grant === JWT_BEARER_GRANT ? read.form.assertion : read.form.client_assertion;
  const verdict = await verifyClientAssertion(jwt, deps);
  if (!verdict.ok) {
    const clientId = typeof verdict.claims?.iss === 'string' ? verdict.claims.iss : undefined;
    // RFC 7523 §2.2 (client authentication): invalid_client; §3.1 (the JWT as a grant): invalid_grant.
    const error = read.grant === JWT_BEARER_GRANT ? 'invalid_grant' : 'invalid_client';
    const description =
      read.grant === JWT_BEARER_GRANT ? verdict.description.replace('client_assertion', 'assertion') : verdict.description;
    return { ok: false, error, description, clientId, assertion: verdict };
  }
  const client = verdict.client;
  if (read.grant !== JWT_BEARER_GRANT) {
    // RFC 7521 §4.2: client_id is optional; when present it must identify the client the assertion authenticates.
    if (read.form.client_id !== undefined && read.form.client_id !== client.clientId) {
      return refused(verdict, 'invalid_client', `client_id ${read.form.client_id} does not match the assertion's iss ${client.clientId}`);
    }
  }
  if (read.grant === CLIENT_CREDENTIALS_GRANT) {
    const token = await issueAccessToken(client.clientId, deps.tokens);
    return { ok: true, grant: read.grant, token, clientId: client.clientId, assertion: verdict };
  }
  if (read.grant !== JWT_BEARER_GRANT) {
    if (!deps.signInGrants) return refused(verdict, 'unsupported_grant_type', `grant_type ${read.grant} is not offered here`);
    const issued =
      read.grant === 'authorization_code'
        ? await deps.signInGrants.authorizationCode(client.clientId, read.form)
        : await deps.signInGrants.refreshToken(client.clientId, read.form);
    if (!issued.ok) return refused(verdict, issued.error, issued.description);
    return { ok: true, grant: read.grant, token: issued.token, clientId: client.clientId, assertion: verdict };
  }
  const granted = grantScopes(read.form.scope, client, deps.tokens.issuer.replace(/\/$/, ''));
  if (!granted.ok) return refused(verdict, 'invalid_scope', granted.description);
  const token = await issueAccessToken(client.clientId, deps.tokens, granted.scope);
  return { ok: true, grant: read.grant, token, clientId: client.clientId, assertion: verdict };
}

/**
 * A refusal of a client whose assertion verified. Module-level, not a closure made per request:
 * under tsx each new closure's name is defined anew (client-assertion.ts).
 */
const refused = (verdict: Extract<AssertionVerdict, { ok: true }>, error: OAuthErrorCode, description: string): TokenOutcome => ({
  ok: false,
  error,
  description,
  clientId: verdict.client.clientId,
  assertion: verdict,
});

/**
 * Users Endpoint V2 v1.1: the granted scope is the requested scopes the client is approved for,
 * in the spelling the client sent. RFC 6749 §5.2 `invalid_scope` for a malformed or unknown scope
 * value, or when none of the requested scopes is approved.
 */
function grantScopes(
  scopeParameter: string,
  client: RegisteredClient,
  sandboxBaseUrl: string,
): { ok: true; scope: string } | { ok: false; description: string } {
  const requested = readScopeParameter(scopeParameter);
  if (!requested.ok) return requested;
  const unknown = requested.values.filter((value) => canonicalScope(value, sandboxBaseUrl) === null);
  if (unknown.length) return { ok: false, description: `unknown scope ${unknown.map((v) => JSON.stringify(v)).join(', ')}` };
  const granted = requested.values.filter((value) => client.approvedScopes.includes(canonicalScope(value, sandboxBaseUrl)!));
  if (granted.length === 0) {
    return {
      ok: false,
      description: `Requested scopes: ${requested.values.join(' ')} did not match the clients approved scopes: ${client.approvedScopes.join(' ')}`,
    };
  }
  return { ok: true, scope: granted.join(' ') };
}
