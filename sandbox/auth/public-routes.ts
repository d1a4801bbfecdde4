import { Hono, type Context } from 'hono';
import { answerJson } from '../http/answer-json';
import '../http/context-variables';
import { decodeRequestForm, mediaType } from '../http/form';
import { FORBIDDEN_KEYS, readTextWithin } from '../http/json-body';
import { exchangeToken, type TokenExchangeDeps } from './token-exchange';
import type { SigningKey } from './signing-key';
import { serverMetadata } from './server-metadata';
import { refuseOtherMethods, refusedOperations } from '../http/method-not-allowed';
import { content, json, object, ok, str, type PathItems } from '../http/openapi';
import {
  AuthorizationCodeGrantForm,
  JwtBearerGrantForm,
  OAUTH_ERROR_CODES,
  RefreshTokenGrantForm,
  TokenRequestForm,
} from './token-request';

/** RFC 6749 §5.1/§5.2: token responses must not be cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** Where the token endpoint is served (its URL is the assertion's `aud`). */
export const TOKEN_PATH = '/token';

export function tokenRoutes(
  deps: TokenExchangeDeps & {
    signingKey: SigningKey;
    bodyLimitBytes: number;
    /** The discovery document, when signing in widens it into OpenID Connect's (sandbox/signin/discovery.ts). */
    metadata?: (issuer: string) => Record<string, unknown>;
  },
) {
  const metadata = deps.metadata ?? serverMetadata;
  const app = new Hono();

  app.post(TOKEN_PATH, async (c) => {
    const outcome = await handleTokenRequest(c, deps);
    if (outcome.ok) c.set('clientId', outcome.clientId);
    if (!outcome.ok) {
      const body = { error: outcome.error, error_description: outcome.description };
      // CID-IS-P Table 5 / RFC 6749 §5.2: every token error is 400, except an attempt to
      // authenticate through the Authorization header, which is 401 with a challenge in its scheme.
      const challenge = 'challengeScheme' in outcome ? outcome.challengeScheme : undefined;
      if (challenge !== undefined) {
        return answerJson(c, body, 401, { ...NO_STORE, 'WWW-Authenticate': `${challenge} realm="token"` });
      }
      return answerJson(c, body, 400, NO_STORE);
    }
    return answerJson(
      c,
      {
        access_token: outcome.token.accessToken,
        token_type: 'Bearer',
        expires_in: outcome.token.expiresIn,
        ...(outcome.token.scope === undefined ? {} : { scope: outcome.token.scope }),
        ...(outcome.token.refreshToken === undefined ? {} : { refresh_token: outcome.token.refreshToken }),
        ...(outcome.token.idToken === undefined ? {} : { id_token: outcome.token.idToken }),
      },
      200,
      NO_STORE,
    );
  });

  refuseOtherMethods(
    app,
    [TOKEN_PATH],
    'POST',
    (c) => ({
      error: 'invalid_request',
      error_description: `${c.req.method} is not supported: the token endpoint takes POST (RFC 6749 §3.2)`,
    }),
    NO_STORE,
  );

  app.get('/.well-known/jwks.json', (c) => c.json({ keys: [deps.signingKey.publicJwk] }));
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    app.get(path, (c) => c.json(metadata(deps.tokens.issuer)));
  }
  return app;
}

/**
 * The scheme of an Authorization header (RFC 9110 §11.6.2: a token before the credentials), or
 * null without one. Anything that is not a valid scheme token is answered as Basic, the scheme
 * RFC 6749 §2.3.1 names for client credentials in that header.
 */
function authorizationScheme(header: string | undefined): string | null {
  if (header === undefined) return null;
  const scheme = header.trim().split(/\s+/, 1)[0] ?? '';
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(scheme) ? scheme : 'Basic';
}

// Module-level, not made per request: under tsx each new closure's name is defined anew (client-assertion.ts).
const invalid = (description: string) => ({ ok: false as const, error: 'invalid_request' as const, description });

async function handleTokenRequest(c: Context, deps: TokenExchangeDeps & { bodyLimitBytes: number }) {
  if (mediaType(c.req.header('content-type')) !== 'application/x-www-form-urlencoded') {
    return invalid('Content-Type must be application/x-www-form-urlencoded');
  }
  const body = await readTextWithin(c, deps.bodyLimitBytes);
  if (body === null) return invalid(`request body is larger than ${deps.bodyLimitBytes} bytes`);
  const form = decodeRequestForm(c, body);
  if (!form.ok) return invalid(form.description);
  const forbidden = [...form.params.keys()].find((name) => FORBIDDEN_KEYS.has(name));
  if (forbidden) return invalid(`the parameter name "${forbidden}" is not allowed`);
  return exchangeToken(form.params, { authorizationScheme: authorizationScheme(c.req.header('authorization')) }, deps);
}

const metadata = (summary: string) => ({
  get: { tags: ['specification'], summary, responses: { '200': ok('issuer, token_endpoint, jwks_uri, …') } },
});

export const tokenPaths = (): PathItems => ({
  [TOKEN_PATH]: {
    post: {
      tags: ['specification'],
      summary: 'Exchange an RS512-signed JWT for an access token (RFC 7523)',
      description:
        'Two grants: `client_credentials` with the JWT as client authentication (RFC 7523 §2.2), for Provision Account; ' +
        '`urn:ietf:params:oauth:grant-type:jwt-bearer` with the JWT as the grant and a `scope` (RFC 7523 §2.1), for Users Endpoint V2. ' +
        'A bad JWT is `invalid_client` in the first and `invalid_grant` in the second.',
      requestBody: {
        required: true,
        ...content(
          { oneOf: [json(TokenRequestForm), json(JwtBearerGrantForm), json(AuthorizationCodeGrantForm), json(RefreshTokenGrantForm)] },
          'application/x-www-form-urlencoded',
        ),
      },
      responses: {
        '200': ok(
          'access token; `Cache-Control: no-store`. `scope` (the granted scopes) only for the JWT-bearer grant',
          object({ access_token: str, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' }, scope: str }, [
            'access_token',
            'token_type',
            'expires_in',
          ]),
        ),
        '400': ok(
          'RFC 6749 §5.2 error (the spec answers every token error with 400)',
          object({ error: { type: 'string', enum: [...OAUTH_ERROR_CODES] }, error_description: str }, ['error']),
        ),
      },
    },
    ...refusedOperations('Not offered: the token endpoint is POST only (RFC 6749 §3.2)', {
      description: '`invalid_request` with `Allow: POST`',
      ...content(object({ error: { const: 'invalid_request' }, error_description: str })),
    }),
  },
  '/.well-known/oauth-authorization-server': metadata('Authorization server metadata (RFC 8414)'),
  '/.well-known/openid-configuration': metadata('The same metadata, where OpenID Connect libraries look for it'),
  '/.well-known/jwks.json': {
    get: {
      tags: ['specification'],
      summary: "The sandbox's public signing keys (JWKS)",
      responses: { '200': ok('JWK set', object({ keys: { type: 'array' } })) },
    },
  },
});
