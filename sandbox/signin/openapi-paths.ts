import * as z from 'zod';
import { AUTHORIZATION_ERRORS, AuthorizationParameters } from './authorization-request';
import { SCOPE_CLAIMS } from './sign-in-scopes';
import { ClientUserMetadataUpdate } from './userinfo-metadata';

/**
 * Signing in, in the OpenAPI document (docs/openapi.ts): the authorization endpoint (a browser
 * navigation, documented for its parameters and redirects) and UserInfo (GET, POST, and PATCH of
 * client_user_metadata). The sign-in pages under
 * /signin are for people, not API, and are left out like the claiming journey's.
 */
const schema = (s: z.ZodType) =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const str = { type: 'string' };

/** Described when the document is asked for, not at start-up (issue #31). */
const authorizeParameters = () =>
  Object.entries((AuthorizationParameters.shape as Record<string, z.ZodType>) ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce'].includes(name),
    schema: schema(s),
  }));

const authorizeResponses = {
  '302': {
    description:
      'Back to the redirect URI with `code` and `state`, or with `error` (' +
      AUTHORIZATION_ERRORS.map((e) => `\`${e}\``).join(', ') +
      '), `error_description` and `state` (CID-IS-F §3.4.5); or on to the sign-in pages (`/signin/email`)',
  },
  '400': {
    description: 'An HTML page, never a redirect: unknown client_id, or a redirect_uri not registered for it',
    content: { 'text/html': { schema: str } },
  },
};

const claims = [...new Set(Object.values(SCOPE_CLAIMS).flatMap((rule) => rule.claims))];
const bearerError = (description: string) => ({
  description,
  headers: { 'WWW-Authenticate': { schema: str, description: 'Bearer realm="userinfo", error="…"' } },
  content: { 'application/json': { schema: { type: 'object', properties: { error: str, error_description: str }, required: ['error'] } } },
});
const invalidToken = bearerError('`invalid_token`: missing, malformed, expired or not from signing in');
const userInfoOperation = (summary: string) => ({
  tags: ['sign-in'],
  summary,
  security: [{ bearer: [] }],
  responses: {
    '200': {
      description: 'The claims the access token’s scopes release (absent claims are omitted, never null)',
      content: {
        'application/json': {
          schema: { type: 'object', properties: Object.fromEntries(['sub', ...claims].map((claim) => [claim, {}])), required: ['sub'] },
        },
      },
    },
    '401': invalidToken,
    '403': bearerError('`insufficient_scope`: the token was not granted `openid`'),
  },
});

export function signInPaths(): Record<string, unknown> {
  return {
    '/authorize': {
      get: {
        tags: ['sign-in'],
        summary: 'Start signing in (authorization code flow, CID-IS-F §3.4)',
        description:
          'A browser navigation: state and nonce mandatory, redirect_uri an exact match of a registered one, scope with openid, ' +
          'vtr (default ["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]), prompt none|login, allow_registration, PKCE S256 verified when sent.',
        parameters: authorizeParameters(),
        responses: authorizeResponses,
      },
      post: {
        tags: ['sign-in'],
        summary: 'Start signing in, the parameters as a form',
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: schema(AuthorizationParameters) } } },
        responses: authorizeResponses,
      },
    },
    '/userinfo': {
      get: userInfoOperation('The signed-in person’s claims (CID-IS-F §3.6)'),
      post: userInfoOperation('The same, as POST'),
      patch: {
        tags: ['sign-in'],
        summary: 'Keep the relying party’s client_user_metadata about the signed-in person (CID-IS-F §3.6)',
        description:
          'Returned by later UserInfo answers to this relying party only, under the client_metadata scope. "" clears it; "auto" has the sandbox generate a value (a random UUID: what NHS login generates is unstated).',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: schema(ClientUserMetadataUpdate) } } },
        responses: {
          '204': { description: 'Kept (or cleared); no body' },
          '400': bearerError('`invalid_request`: not JSON, or not exactly {client_user_metadata: string of at most 1024 characters}'),
          '401': invalidToken,
          '403': bearerError('`insufficient_scope`: the token was not granted `client_metadata`'),
        },
      },
    },
  };
}
