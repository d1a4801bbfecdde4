import { z } from 'zod';

/**
 * The token request form (CID-IS-P v1.0 "Token endpoint"; RFC 6749 §4.4.2 with RFC 7523 §2.2
 * client authentication), defined once: the route parses with it, the OpenAPI document describes
 * it, the conformance rules judge a client's form by it and the reference client builds it.
 */
export const CLIENT_CREDENTIALS_GRANT = 'client_credentials';
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export const TokenRequestForm = z
  .object({
    grant_type: z.literal(CLIENT_CREDENTIALS_GRANT),
    client_assertion_type: z.literal(JWT_BEARER_ASSERTION_TYPE),
    client_assertion: z
      .string()
      .min(1)
      .describe('RS512-signed JWT: iss = sub = client id, aud = the token URL, exp at most 300 s ahead, a unique jti'),
    client_id: z
      .string()
      .min(1)
      .optional()
      .describe("Optional (RFC 7521 §4.2); when sent it must equal the assertion's iss. Sent by many OAuth libraries, e.g. openid-client."),
  })
  // RFC 6749 §3.2: the server ignores parameters it does not recognise.
  .loose();
export type TokenRequestForm = z.infer<typeof TokenRequestForm>;

/** The parameters the specification defines, in the order a conformant client sends them. */
export const TOKEN_REQUEST_PARAMETERS = Object.keys(TokenRequestForm.shape) as (keyof typeof TokenRequestForm.shape)[];
/** The ones it must always send. */
export const REQUIRED_TOKEN_PARAMETERS = TOKEN_REQUEST_PARAMETERS.filter(
  (name) => !TokenRequestForm.shape[name].safeParse(undefined).success,
);

/** The form a conformant GP system sends for a signed assertion. */
export const tokenRequestBody = (assertion: string): URLSearchParams =>
  new URLSearchParams({
    grant_type: CLIENT_CREDENTIALS_GRANT,
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion,
  } satisfies TokenRequestForm);

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

export type TokenFormReading = { ok: true; form: TokenRequestForm } | { ok: false; error: OAuthErrorCode; description: string };

/**
 * Reads a decoded form against the schema and names the first problem as RFC 6749 §5.2 does:
 * a missing or repeated parameter (§3.1: parameters MUST NOT be included more than once) is
 * `invalid_request`, another grant type `unsupported_grant_type`, another assertion type
 * `invalid_client` (RFC 7521 §4.2: the client could not be authenticated).
 */
export function readTokenForm(params: ReadonlyMap<string, readonly string[]>): TokenFormReading {
  for (const name of REQUIRED_TOKEN_PARAMETERS) {
    const values = params.get(name);
    if (!values || values[0] === '') return { ok: false, error: 'invalid_request', description: `${name} is required` };
  }
  for (const name of TOKEN_REQUEST_PARAMETERS) {
    if ((params.get(name)?.length ?? 0) > 1) return { ok: false, error: 'invalid_request', description: `${name} must not be repeated` };
  }
  const single = Object.fromEntries([...params].map(([name, values]) => [name, values[0]]));
  const parsed = TokenRequestForm.safeParse(single);
  if (parsed.success) return { ok: true, form: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  if (field === 'grant_type')
    return { ok: false, error: 'unsupported_grant_type', description: `grant_type must be ${CLIENT_CREDENTIALS_GRANT}` };
  if (field === 'client_assertion_type')
    return { ok: false, error: 'invalid_client', description: `client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}` };
  return { ok: false, error: 'invalid_request', description: `${field}: ${issue.message}` };
}
