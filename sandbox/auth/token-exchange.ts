import type { AccessTokenSettings, IssuedAccessToken } from './access-token';
import { issueAccessToken } from './access-token';
import { verifyClientAssertion, type AssertionPolicy, type AssertionVerdict } from './client-assertion';
import type { ClientRegistry } from './client-registry';
import type { ReplayCache } from './replay-cache';
import type { Clock } from '../clock/clock';
import { readTokenForm, type OAuthErrorCode } from './token-request';

/**
 * The token endpoint's domain: a decoded form in, an access token or an RFC 6749 §5.2 error out.
 */
export type TokenOutcome =
  | { ok: true; token: IssuedAccessToken; clientId: string; assertion: AssertionVerdict }
  | { ok: false; error: OAuthErrorCode; description: string; clientId?: string; assertion?: AssertionVerdict };

export interface TokenExchangeDeps {
  clients: ClientRegistry;
  replay: ReplayCache;
  /** The real clock: assertions are judged by the GP system's time, not the sandbox's. */
  realClock: Clock;
  policy: AssertionPolicy;
  tokens: AccessTokenSettings;
}

export async function exchangeClientAssertion(
  params: ReadonlyMap<string, readonly string[]>,
  request: { hasAuthorizationHeader: boolean },
  deps: TokenExchangeDeps,
): Promise<TokenOutcome> {
  const read = readTokenForm(params);
  if (!read.ok) return read;
  const { form } = read;
  // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
  if (request.hasAuthorizationHeader || params.has('client_secret')) {
    return {
      ok: false,
      error: 'invalid_request',
      description: 'authenticate with client_assertion only: no Authorization header or client_secret',
    };
  }
  const verdict = verifyClientAssertion(form.client_assertion, deps);
  if (!verdict.ok) {
    const clientId = typeof verdict.claims?.iss === 'string' ? verdict.claims.iss : undefined;
    return { ok: false, error: 'invalid_client', description: verdict.description, clientId, assertion: verdict };
  }
  // RFC 7521 §4.2: client_id is optional; when present it must identify the client the assertion authenticates.
  if (form.client_id !== undefined && form.client_id !== verdict.client.clientId) {
    return {
      ok: false,
      error: 'invalid_client',
      description: `client_id ${form.client_id} does not match the assertion's iss ${verdict.client.clientId}`,
      clientId: verdict.client.clientId,
      assertion: verdict,
    };
  }
  const token = await issueAccessToken(verdict.client.clientId, deps.tokens);
  return { ok: true, token, clientId: verdict.client.clientId, assertion: verdict };
}
