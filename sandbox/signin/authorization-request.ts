import * as z from 'zod';
import { readScopeParameter } from '../auth/scopes';
import { redirectUriRegistered } from './redirect-uri';
import { grantSignInScopes, type SignInScope } from './sign-in-scopes';
import { achievable, readVtr, type Vector } from './vectors-of-trust';

/**
 * The authorization request (CID-IS-F v2.1 §3.4.1), GET query or POST form alike, read in the
 * order that keeps the one promise that matters most: an error goes back to the relying party only
 * once its `client_id` and `redirect_uri` are known to belong together (§3.4.5, RFC 6749 §4.1.2.1);
 * before that the person sees an error page and is never redirected anywhere.
 */
export const AUTHORIZATION_ERRORS = [
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'sso_login_required',
  'login_required',
  'interaction_required',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
] as const;
export type AuthorizationError = (typeof AUTHORIZATION_ERRORS)[number];

/** What the request asks for, once read: everything the sign-in and the code need. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string;
  scopes: SignInScope[];
  vectors: Vector[];
  prompt: 'none' | 'login' | null;
  /** `allow_registration=false` hides "create an NHS login" links. */
  allowRegistration: boolean;
  /** PKCE (RFC 7636), S256 only: verified when sent, never required (a sandbox choice: the EIS is silent). */
  codeChallenge: string | null;
}

export type AuthorizationReading =
  /** Shown to the person as a page; nothing is redirected (unknown client, unregistered redirect_uri). */
  | { kind: 'refused'; description: string }
  /** Back to the relying party with `error` (§3.4.5). */
  | { kind: 'error'; redirectUri: string; state: string | null; error: AuthorizationError; description: string }
  | { kind: 'valid'; request: AuthorizationRequest };

export interface RelyingParty {
  clientId: string;
  name: string;
  redirectUris: readonly string[];
  im1Approved: boolean;
}

const MAX_VALUE = 2048;
const text = z.string().min(1).max(MAX_VALUE);

/** The parameters the sandbox reads once client and redirect URI are settled (§3.4.1 table). */
export const AuthorizationParameters = z
  .object({
    client_id: text,
    redirect_uri: text,
    response_type: z.string().max(MAX_VALUE).optional(),
    scope: z.string().max(MAX_VALUE).optional(),
    state: z.string().max(MAX_VALUE).optional(),
    nonce: z.string().max(MAX_VALUE).optional(),
    response_mode: z.string().max(MAX_VALUE).optional(),
    display: z.string().max(MAX_VALUE).optional(),
    prompt: z.string().max(MAX_VALUE).optional(),
    vtr: z.string().max(MAX_VALUE).optional(),
    allow_registration: z.string().max(MAX_VALUE).optional(),
    code_challenge: z.string().max(MAX_VALUE).optional(),
    code_challenge_method: z.string().max(MAX_VALUE).optional(),
  })
  // §3.4.1: max_age, ui_locales, id_token_hint, login_hint, acr_values are "not currently supported": ignored.
  .loose();

export function readAuthorizationRequest(
  params: ReadonlyMap<string, readonly string[]>,
  lookUp: (clientId: string) => RelyingParty | undefined,
): AuthorizationReading {
  const one = (name: string) => params.get(name)?.[0];
  const clientId = one('client_id');
  if (!clientId) return { kind: 'refused', description: 'The link has no client_id: it does not say which service sent you here.' };
  if ((params.get('client_id')?.length ?? 0) > 1) return { kind: 'refused', description: 'The link names client_id more than once.' };
  const client = lookUp(clientId);
  if (!client)
    return { kind: 'refused', description: `No service with client_id ${JSON.stringify(clientId.slice(0, 100))} is registered.` };
  const redirectUri = one('redirect_uri');
  if (!redirectUri) return { kind: 'refused', description: 'The link has no redirect_uri: it does not say where to send you back to.' };
  if ((params.get('redirect_uri')?.length ?? 0) > 1) return { kind: 'refused', description: 'The link names redirect_uri more than once.' };
  // §3.4.1, §7.3: an exact match of a registered URI; anything else is never redirected to.
  if (!redirectUriRegistered(redirectUri, client.redirectUris))
    return {
      kind: 'refused',
      description: `The redirect_uri ${JSON.stringify(redirectUri.slice(0, 200))} is not registered for ${client.name}.`,
    };

  // From here on, errors go back to the relying party, with its state when it sent one (§3.4.5).
  const stateValues = params.get('state');
  const state = stateValues?.length === 1 && stateValues[0] ? stateValues[0] : null;
  const error = (code: AuthorizationError, description: string): AuthorizationReading => ({
    kind: 'error',
    redirectUri,
    state,
    error: code,
    description,
  });
  // RFC 6749 §3.1: request parameters MUST NOT be included more than once.
  const repeated = [...params].find(([, values]) => values.length > 1);
  if (repeated) return error('invalid_request', `${repeated[0]} must not be repeated`);
  const parsed = AuthorizationParameters.safeParse(Object.fromEntries([...params].map(([name, values]) => [name, values[0]])));
  if (!parsed.success) return error('invalid_request', `${String(parsed.error.issues[0]!.path[0])}: ${parsed.error.issues[0]!.message}`);
  const p = parsed.data;
  // OIDC Core §6: request objects are not supported (§3.4.5 names the errors).
  if (params.has('request')) return error('request_not_supported', 'request objects are not supported');
  if (params.has('request_uri')) return error('request_uri_not_supported', 'request_uri is not supported');
  if (params.has('registration')) return error('registration_not_supported', 'the registration parameter is not supported');
  // §2.1, §3.4.1: the authorization code flow only.
  if (!p.response_type) return error('invalid_request', 'response_type is required (code)');
  if (p.response_type !== 'code')
    return error('unsupported_response_type', 'response_type must be code: NHS login offers the authorization code flow only');
  if (!p.scope) return error('invalid_request', 'scope is required and must contain openid');
  const scopeValues = readScopeParameter(p.scope);
  if (!scopeValues.ok) return error('invalid_scope', scopeValues.description);
  const scopes = grantSignInScopes(scopeValues.values, client);
  if (!scopes.ok) return error(scopes.error, scopes.description);
  // §3.4.1: state and nonce are both mandatory (the iGov profile).
  if (!p.state) return error('invalid_request', 'state is required');
  if (!p.nonce) return error('invalid_request', 'nonce is required');
  if (p.response_mode !== undefined && p.response_mode !== 'query') return error('invalid_request', 'response_mode must be query');
  if (p.display !== undefined && p.display !== 'page' && p.display !== 'touch')
    return error('invalid_request', 'display must be page or touch');
  if (p.prompt !== undefined && p.prompt !== 'none' && p.prompt !== 'login')
    return error('invalid_request', 'prompt must be none or login (the values NHS login supports)');
  const vtr = readVtr(p.vtr);
  if (!vtr.ok) return error('invalid_request', vtr.description);
  // The sandbox signs in with a password and a texted code (Cp, Cd): it has no NHS App key (Ck) or FIDO (Cm).
  if (!vtr.vectors.some((vector) => achievable(vector)))
    return error(
      'invalid_request',
      `no vector in vtr can be met: the sandbox signs in with a password and a texted security code (Cp, Cd), not ${vtr.vectors.map((v) => v.text).join(', ')}`,
    );
  if (p.code_challenge !== undefined) {
    if (p.code_challenge_method !== 'S256') return error('invalid_request', 'code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge)) return error('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
  }
  return {
    kind: 'valid',
    request: {
      clientId,
      redirectUri,
      state: p.state,
      nonce: p.nonce,
      scopes: scopes.granted,
      vectors: vtr.vectors,
      prompt: p.prompt ?? null,
      allowRegistration: p.allow_registration !== 'false',
      codeChallenge: p.code_challenge ?? null,
    },
  };
}

/** The redirect back to the relying party: its URI (never with a query, §7.3) plus the answer. */
export function redirectTo(redirectUri: string, answer: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(answer)) if (value !== null && value !== undefined) query.set(name, value);
  return `${redirectUri}?${query.toString()}`;
}

export const errorRedirect = (reading: Extract<AuthorizationReading, { kind: 'error' }>): string =>
  redirectTo(reading.redirectUri, { error: reading.error, error_description: reading.description, state: reading.state });
