import * as z from 'zod';

/**
 * The token request forms, defined once: the route parses with them, the OpenAPI document
 * describes them, the conformance rules judge a client's form by them and the reference client
 * builds them. Two grants share the endpoint:
 * - Provision Account (CID-IS-P v1.0 "Token endpoint"): RFC 6749 §4.4.2 client credentials with
 *   RFC 7523 §2.2 client authentication by a signed JWT;
 * - Users Endpoint V2 (v1.1 "Token request"): the same signed JWT used as the grant itself
 *   (RFC 7523 §2.1), with a mandatory `scope`.
 */
export const CLIENT_CREDENTIALS_GRANT = 'client_credentials';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const SIGNED_JWT = 'RS512-signed JWT: iss = sub = client id, aud = the token URL, exp at most 300 s ahead, a unique jti';

/** A grant's form: its `grant_type` and its own fields. RFC 6749 §3.2: the server ignores parameters it does not recognise. */
const grantForm = <G extends string, F extends z.ZodRawShape>(grantType: G, fields: F) =>
  z.object({ grant_type: z.literal(grantType), ...fields }).loose();

/** RFC 7523 §2.2: the client authenticates with an assertion it signed (every grant but the JWT-bearer one). */
const clientAuthentication = {
  client_assertion_type: z.literal(JWT_BEARER_ASSERTION_TYPE),
  client_assertion: z.string().min(1).describe(SIGNED_JWT),
  client_id: z
    .string()
    .min(1)
    .optional()
    .describe("Optional (RFC 7521 §4.2); when sent it must equal the assertion's iss. Sent by many OAuth libraries, e.g. openid-client."),
};

export const TokenRequestForm = grantForm(CLIENT_CREDENTIALS_GRANT, clientAuthentication);
export type TokenRequestForm = z.infer<typeof TokenRequestForm>;

export const JwtBearerGrantForm = grantForm(JWT_BEARER_GRANT, {
  assertion: z.string().min(1).describe(SIGNED_JWT),
  scope: z.string().min(1).describe('Space-delimited; must include Users.retrieve (https://auth.<env>.signin.nhs.uk/Users.retrieve)'),
});
export type JwtBearerGrantForm = z.infer<typeof JwtBearerGrantForm>;

/**
 * Signing in (CID-IS-F v2.1 §3.5): the authorization code grant and the refresh grant, the client
 * authenticated by the same RS512 assertion as the client-credentials grant.
 */
export const AUTHORIZATION_CODE_GRANT = 'authorization_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';

export const AuthorizationCodeGrantForm = grantForm(AUTHORIZATION_CODE_GRANT, {
  code: z.string().min(1).max(512).describe('The code from the authorization response: single use, 10 minutes'),
  redirect_uri: z.string().min(1).max(2048).describe('The redirect_uri of the authorization request, exactly'),
  ...clientAuthentication,
  code_verifier: z
    .string()
    .min(43)
    .max(128)
    .optional()
    .describe('PKCE (RFC 7636): required when the authorization request sent a code_challenge'),
});
export type AuthorizationCodeGrantForm = z.infer<typeof AuthorizationCodeGrantForm>;

export const RefreshTokenGrantForm = grantForm(REFRESH_TOKEN_GRANT, {
  refresh_token: z.string().min(1).max(512).describe('The latest refresh token: each use returns a new one (rotation)'),
  ...clientAuthentication,
  scope: z.string().min(1).optional().describe('Optional: narrower than the original grant, never wider'),
});
export type RefreshTokenGrantForm = z.infer<typeof RefreshTokenGrantForm>;

const GRANT_FORMS = {
  [CLIENT_CREDENTIALS_GRANT]: TokenRequestForm,
  [JWT_BEARER_GRANT]: JwtBearerGrantForm,
  [AUTHORIZATION_CODE_GRANT]: AuthorizationCodeGrantForm,
  [REFRESH_TOKEN_GRANT]: RefreshTokenGrantForm,
} as const;
export type GrantType = keyof typeof GRANT_FORMS;
export const GRANT_TYPES = Object.keys(GRANT_FORMS) as GrantType[];

/**
 * Each grant's parameters, in the order a conformant client sends them, and the ones it must always
 * send: read from the schemas once, not on every token request, where trying each field's schema
 * on `undefined` (a failed zod parse builds its issues) cost about 6 µs a request; reading the
 * form is now under 1 µs (issue #31).
 */
const PARAMETERS = {} as Record<GrantType, { names: readonly string[]; required: readonly string[] }>;
for (const grant of GRANT_TYPES) {
  const fields = Object.entries(GRANT_FORMS[grant].shape as Record<string, z.ZodType>);
  PARAMETERS[grant] = {
    names: fields.map(([name]) => name),
    required: fields.filter(([, schema]) => !schema.safeParse(undefined).success).map(([name]) => name),
  };
}

/** The parameters a grant's form defines, in the order a conformant client sends them. */
export const grantParameters = (grant: GrantType): string[] => [...PARAMETERS[grant].names];

/** The form a conformant GP system sends for a signed assertion (Provision Account). */
export const tokenRequestBody = (assertion: string): URLSearchParams =>
  new URLSearchParams({
    grant_type: CLIENT_CREDENTIALS_GRANT,
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion,
  } satisfies TokenRequestForm);

/** The form a conformant GP system sends for a Users Endpoint V2 token. */
export const jwtBearerGrantBody = (assertion: string, scopes: readonly string[]): URLSearchParams =>
  new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion, scope: scopes.join(' ') } satisfies JwtBearerGrantForm);

/** RFC 6749 §5.2 error codes, the only `error` values the token endpoint answers with. */
export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

export type TokenFormReading =
  | { ok: true; grant: typeof CLIENT_CREDENTIALS_GRANT; form: TokenRequestForm }
  | { ok: true; grant: typeof JWT_BEARER_GRANT; form: JwtBearerGrantForm }
  | { ok: true; grant: typeof AUTHORIZATION_CODE_GRANT; form: AuthorizationCodeGrantForm }
  | { ok: true; grant: typeof REFRESH_TOKEN_GRANT; form: RefreshTokenGrantForm }
  | { ok: false; error: OAuthErrorCode; description: string };

/**
 * Reads a decoded form against its grant's schema and names the first problem as RFC 6749 §5.2
 * does: a grant this endpoint does not offer is `unsupported_grant_type`; a missing or repeated
 * parameter (§3.1: parameters MUST NOT be included more than once) is `invalid_request`; another
 * assertion type `invalid_client` (RFC 7521 §4.2: the client could not be authenticated).
 */
export function readTokenForm(params: ReadonlyMap<string, readonly string[]>): TokenFormReading {
  const grantValues = params.get('grant_type');
  if (!grantValues || grantValues[0] === '') return { ok: false, error: 'invalid_request', description: 'grant_type is required' };
  if (grantValues.length > 1) return { ok: false, error: 'invalid_request', description: 'grant_type must not be repeated' };
  const grant = grantValues[0]!;
  if (!Object.hasOwn(GRANT_FORMS, grant)) {
    return { ok: false, error: 'unsupported_grant_type', description: `grant_type must be ${GRANT_TYPES.join(' or ')}` };
  }
  const grantType = grant as GrantType;
  for (const name of PARAMETERS[grantType].required) {
    const values = params.get(name);
    if (!values || values[0] === '') return { ok: false, error: 'invalid_request', description: `${name} is required` };
  }
  for (const name of PARAMETERS[grantType].names) {
    if ((params.get(name)?.length ?? 0) > 1) return { ok: false, error: 'invalid_request', description: `${name} must not be repeated` };
  }
  const single = Object.fromEntries([...params].map(([name, values]) => [name, values[0]]));
  const parsed = GRANT_FORMS[grantType].safeParse(single);
  if (parsed.success) return { ok: true, grant: grantType, form: parsed.data } as TokenFormReading;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  if (field === 'client_assertion_type')
    return { ok: false, error: 'invalid_client', description: `client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}` };
  return { ok: false, error: 'invalid_request', description: `${field}: ${issue.message}` };
}
