import { USERS_SCOPES } from './scopes';
import { GRANT_TYPES } from './token-request';

/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414), served at
 * `/.well-known/oauth-authorization-server` and, the same document, at
 * `/.well-known/openid-configuration`, so client libraries (openid-client's `discovery()`,
 * Authlib, Spring, .NET) find the token endpoint, the keys and what authentication is accepted.
 * The sandbox issues no ID tokens and has no authorization endpoint: only what it does is listed.
 */
export function serverMetadata(issuer: string): Record<string, unknown> {
  const base = issuer.replace(/\/$/, '');
  return {
    issuer,
    token_endpoint: `${base}/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    // client_credentials (Provision Account) and the JWT-bearer grant (Users Endpoint V2).
    grant_types_supported: GRANT_TYPES,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS512'],
    response_types_supported: [],
    scopes_supported: USERS_SCOPES,
    service_documentation: `${base}/docs`,
  };
}
