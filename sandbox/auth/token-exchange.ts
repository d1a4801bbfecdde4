import { z } from 'zod';
import type { AccessTokenSettings, IssuedAccessToken } from './access-token';
import { issueAccessToken } from './access-token';
import { verifyClientAssertion, type AssertionPolicy, type AssertionVerdict } from './client-assertion';
import type { ClientRegistry } from './client-registry';
import type { ReplayCache } from './replay-cache';
import type { Clock } from '../clock/clock';

/**
 * The token endpoint's domain: a decoded form in, an access token or an RFC 6749 §5.2 error out.
 */
export const GRANT_TYPE = 'client_credentials';
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const REQUIRED_PARAMETERS = ['grant_type', 'client_assertion_type', 'client_assertion'] as const;

/** The token request form as the OpenAPI document states it; built from the constants the exchange checks. */
export const TokenRequestForm = z
  .object({
    grant_type: z.literal(GRANT_TYPE),
    client_assertion_type: z.literal(JWT_BEARER_ASSERTION_TYPE),
    client_assertion: z.string().describe('RS512-signed JWT: iss = sub = client id, aud = the token URL, exp at most 300 s ahead, a unique jti'),
  })
  .strict();


export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

export type TokenOutcome =
  | { ok: true; token: IssuedAccessToken; clientId: string; assertion: AssertionVerdict }
  | { ok: false; error: OAuthErrorCode; description: string; clientId?: string; assertion?: AssertionVerdict };

export interface TokenExchangeDeps {
  clients: ClientRegistry;
  replay: ReplayCache;
  clock: Clock;
  policy: AssertionPolicy;
  tokens: AccessTokenSettings;
}

export async function exchangeClientAssertion(
  params: Map<string, string[]>,
  request: { hasAuthorizationHeader: boolean },
  deps: TokenExchangeDeps,
): Promise<TokenOutcome> {
  for (const name of REQUIRED_PARAMETERS) {
    const values = params.get(name);
    if (!values || values[0] === '') return { ok: false, error: 'invalid_request', description: `${name} is required` };
    // RFC 6749 §3.1: request parameters MUST NOT be included more than once.
    if (values.length > 1) return { ok: false, error: 'invalid_request', description: `${name} must not be repeated` };
  }
  const single = (name: string) => params.get(name)![0]!;
  if (single('grant_type') !== GRANT_TYPE) {
    return { ok: false, error: 'unsupported_grant_type', description: `grant_type must be ${GRANT_TYPE}` };
  }
  // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
  if (request.hasAuthorizationHeader || params.has('client_secret') || params.has('client_id')) {
    return {
      ok: false,
      error: 'invalid_request',
      description: 'authenticate with client_assertion only: no Authorization header, client_id or client_secret',
    };
  }
  if (single('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
    return { ok: false, error: 'invalid_client', description: `client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}` };
  }
  const verdict = await verifyClientAssertion(single('client_assertion'), deps);
  if (!verdict.ok) {
    const clientId = typeof verdict.claims?.iss === 'string' ? verdict.claims.iss : undefined;
    return { ok: false, error: 'invalid_client', description: verdict.description, clientId, assertion: verdict };
  }
  const token = await issueAccessToken(verdict.client.clientId, deps.tokens);
  return { ok: true, token, clientId: verdict.client.clientId, assertion: verdict };
}
