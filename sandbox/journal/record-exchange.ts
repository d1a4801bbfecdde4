import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { BEARER_CREDENTIALS } from '../auth/bearer';
import type { Clock } from '../clock/clock';
import { decodeForm, mediaType } from '../http/form';
import { answeredJson } from '../http/answer-json';
import { readTextWithin } from '../http/json-body';
import type { DecodedAssertion, JournalEndpoint, JournalEntry } from './journal-entry';
import type { RequestJournal } from './request-journal';

/**
 * Middleware that writes each token or provisioning exchange to the journal after it has been
 * answered, so the route code stays unaware of it. It keeps the body as the route read it
 * (bounded) and the response, and only what the conformance rules need — never a secret.
 */
const MAX_BODY_COPY = 64 * 1024;

export const fingerprint = (secret: string): string => `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;

export function journalExchanges(
  journal: RequestJournal,
  clock: Clock,
  endpoint: JournalEndpoint,
  bodyLimitBytes: number,
): MiddlewareHandler {
  return async (c, next) => {
    const atMs = clock.nowMs();
    await next();
    // The route has read the body (or refused it unread); the journal gets the same reading.
    const requestText = ((await readTextWithin(c, bodyLimitBytes)) ?? `[body over the ${bodyLimitBytes}-byte limit, not kept]`).slice(
      0,
      MAX_BODY_COPY,
    );
    // What the route answered; only an answer given some other way is read back from the response.
    const answered = answeredJson(c);
    const response = answered !== undefined ? answered : parseJson(await c.res.clone().text());
    const base = {
      at: new Date(atMs).toISOString(),
      atMs,
      endpoint,
      method: c.req.method,
      path: c.req.path,
    };
    const details =
      endpoint === 'token'
        ? describeTokenExchange(c.req.header('content-type'), c.req.header('authorization'), requestText, c.res.status, response, atMs)
        : describeProvisionExchange(
            c.req.header('content-type'),
            c.req.header('authorization'),
            c.req.header('prefer'),
            requestText,
            c.res.status,
            response,
            c.get('clientId'),
          );
    const retryAfter = Number(c.res.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) details.response.retryAfterSeconds = retryAfter;
    journal.record({ ...base, ...details });
  };
}

type Described = Omit<JournalEntry, 'seq' | 'at' | 'atMs' | 'endpoint' | 'method' | 'path'>;

/** The credential in an Authorization header: the bearer token, or whatever follows the scheme. */
const credentialIn = (header: string): string => BEARER_CREDENTIALS.exec(header)?.[1] ?? header.replace(/^\S*\s*/, '');

function describeAuthorization(header: string | undefined): JournalEntry['request']['authorization'] {
  if (header === undefined) return { raw: 'absent' };
  return {
    scheme: header.split(' ')[0] ?? '',
    fingerprint: fingerprint(credentialIn(header)),
    wellFormed: BEARER_CREDENTIALS.test(header),
  };
}

function decodeAssertion(jwt: string): DecodedAssertion | { undecodable: true } {
  try {
    return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
  } catch {
    return { undecodable: true };
  }
}

function describeTokenExchange(
  contentType: string | undefined,
  authorization: string | undefined,
  text: string,
  status: number,
  response: unknown,
  atMs: number,
): Described {
  const form: Record<string, string[]> = {};
  let assertion: JournalEntry['request']['assertion'];
  const decoded = mediaType(contentType) === 'application/x-www-form-urlencoded' ? decodeForm(text) : null;
  if (decoded?.ok) {
    for (const [name, values] of decoded.params) {
      if (name === '__proto__') continue;
      form[name] = name === 'client_assertion' ? values.map(() => '[signed JWT: header and claims below, signature not kept]') : values;
    }
    const jwt = decoded.params.get('client_assertion')?.[0];
    if (jwt) assertion = decodeAssertion(jwt);
  }
  // A client that sends JSON instead of a form is still attributed by the assertion it carries.
  const json = decoded?.ok ? undefined : parseJson(text);
  const jsonFields = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (!assertion && typeof jsonFields.client_assertion === 'string') assertion = decodeAssertion(jsonFields.client_assertion);
  const claims = assertion && 'claims' in assertion ? assertion.claims : undefined;
  const namedClient = form.client_id?.[0] ?? (typeof jsonFields.client_id === 'string' ? jsonFields.client_id : null);
  const clientId = typeof claims?.iss === 'string' ? claims.iss : namedClient;
  const body = (response ?? {}) as Record<string, unknown>;
  const issued = status === 200 && typeof body.access_token === 'string';
  return {
    clientId,
    request: {
      contentType: contentType ?? null,
      authorization: describeAuthorization(authorization),
      ...(decoded?.ok ? { form } : { bodyText: text.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]+/g, '[JWT]').slice(0, 2048) }),
      ...(assertion ? { assertion } : {}),
    },
    response: { status, body: issued ? { ...body, access_token: fingerprint(body.access_token as string) } : body },
    outcome: issued ? 'issued' : typeof body.error === 'string' ? body.error : `http-${status}`,
    ...(issued
      ? { issuedToken: { fingerprint: fingerprint(body.access_token as string), expiresAtMs: atMs + Number(body.expires_in) * 1000 } }
      : {}),
  };
}

function describeProvisionExchange(
  contentType: string | undefined,
  authorization: string | undefined,
  prefer: string | undefined,
  text: string,
  status: number,
  response: unknown,
  verifiedClientId: string | undefined,
): Described {
  const token = authorization === undefined ? '' : credentialIn(authorization);
  let presented: { sub?: string; exp?: number } = {};
  try {
    presented = token ? decodeJwt(token) : {};
  } catch {
    // Not a JWT: nothing to attribute the request by.
  }
  const body = parseJson(text);
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const answer = (response ?? {}) as Record<string, unknown>;
  return {
    clientId: verifiedClientId ?? (typeof presented.sub === 'string' ? presented.sub : null),
    ...(typeof fields.ods_code === 'string' ? { odsCode: fields.ods_code } : {}),
    ...(typeof fields.nhs_number === 'string' ? { nhsNumber: fields.nhs_number } : {}),
    request: {
      contentType: contentType ?? null,
      authorization: describeAuthorization(authorization),
      ...(prefer ? { prefer } : {}),
      ...(body === undefined ? { bodyText: text.slice(0, 2048) } : { body }),
    },
    response: { status, body: response },
    outcome: typeof answer.code === 'string' ? answer.code : typeof answer.error === 'string' ? answer.error : `http-${status}`,
    ...(token
      ? {
          presentedToken: {
            fingerprint: fingerprint(token),
            ...(typeof presented.exp === 'number' ? { expiresAtMs: presented.exp * 1000 } : {}),
          },
        }
      : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
