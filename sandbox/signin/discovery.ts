import { serverMetadata } from '../auth/server-metadata';
import { USERS_RETRIEVE } from '../auth/scopes';
import { SCOPE_CLAIMS, SIGN_IN_SCOPES } from './sign-in-scopes';

/**
 * The OpenID Connect discovery document (`/.well-known/openid-configuration`), with the fields
 * NHS login's sandpit publishes (the EIS lists none): issuer, the authorization, token, userinfo
 * and JWKS endpoints, the scopes and claims, `code` only, public subjects, RS512 for ID tokens and
 * client assertions, `private_key_jwt`. `issuer` is byte for byte the `iss` of every token.
 *
 * Left out on purpose: the FIDO UAF endpoints (not emulated) and `code_challenge_methods_supported`
 * (the sandpit publishes none; PKCE S256 is verified when sent). Kept from the sandbox's RFC 8414
 * document: `grant_types_supported` (the sandpit has none; openid-client reads it), and the Users
 * Endpoint V2 scope. `/.well-known/oauth-authorization-server` serves the same document.
 */
export const ID_TOKEN_CLAIMS = ['iss', 'aud', 'sub', 'exp', 'iat', 'jti', 'nonce', 'auth_time', 'vot', 'vtm'];

export function openIdConfiguration(issuer: string): Record<string, unknown> {
  const base = issuer.replace(/\/$/, '');
  const oauth = serverMetadata(issuer);
  const userClaims = Object.values(SCOPE_CLAIMS).flatMap((rule) => rule.claims);
  return {
    issuer,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: oauth.token_endpoint,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: oauth.jwks_uri,
    scopes_supported: [...SIGN_IN_SCOPES, USERS_RETRIEVE],
    response_types_supported: ['code'],
    grant_types_supported: oauth.grant_types_supported,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS512'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS512'],
    claims_supported: [...new Set([...ID_TOKEN_CLAIMS, ...userClaims])],
    service_documentation: oauth.service_documentation,
  };
}
