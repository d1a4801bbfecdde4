import { hash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { BEARER_CREDENTIALS } from '../auth/bearer';
import type { Identifier, Identity } from '../auth/identify';
import type { SandboxClock } from '../clock/clock';
import { isoTime } from '../clock/iso-time';
import { decodeRequestForm, mediaType } from '../http/form';
import { answeredJson } from '../http/answer-json';
import { parseRequestJson, readTextWithin } from '../http/json-body';
import { redactParams, redactText, redactValue } from '../text/redact';
import { boundedCopy, canonicalJson } from './bounded-copy';
import { maskedFilter, maskedQuery, shapeOf } from './url-query';
import type { DecodedAssertion, JournalEndpoint, JournalEntry } from './journal-entry';
import type { RequestJournal } from './request-journal';

/**
 * Middleware that writes each token or provisioning exchange to the journal after it has been
 * answered, so the route code stays unaware of it. It keeps a bounded copy of what the request
 * said and what was answered, whom a verified signature ties it to, and the two clocks' times.
 */
export const fingerprint = (secret: string): string => {
  if (secret !== lastFingerprinted?.secret)
    lastFingerprinted = { secret, fingerprint: `sha256:${hash('sha256', secret, 'hex').slice(0, 16)}` };
  return lastFingerprinted.fingerprint;
};
/**
 * The last credential fingerprinted: a GP system sends the same access token with every
 * provisioning call, and a token exchange fingerprints the token it issued twice (its record and
 * its answer). Comparing the string costs far less than hashing it again (issue #31).
 */
let lastFingerprinted: { secret: string; fingerprint: string } | undefined;

export interface JournalDeps {
  journal: RequestJournal;
  clock: SandboxClock;
  identify: Identifier;
  bodyLimitBytes: number;
  /**
   * For an 11003 answer: sandbox time until which the pending invitation that caused it is live
   * (conformance evidence: re-sending the patient before then is pointless). Provisioning knows.
   */
  pendingInvitationUntilMs?: (nhsNumber: string) => number | undefined;
  /** Values never written down wherever they appear (the admin token). */
  secrets?: readonly string[];
}

export function journalExchanges(endpoint: JournalEndpoint, deps: JournalDeps): MiddlewareHandler {
  return async (c, next) => {
    const atMs = deps.clock.real.nowMs();
    const sandboxAtMs = deps.clock.nowMs();
    const arrived = deps.journal.tick();
    await next();
    const answered = deps.journal.tick();
    // The route has read the body (or refused it unread); the journal gets the same reading.
    const requestText = (await readTextWithin(c, deps.bodyLimitBytes)) ?? `[body over the ${deps.bodyLimitBytes}-byte limit, not kept]`;
    // What the route answered; only an answer given some other way is read back from the response.
    const response = answeredJson(c) ?? parseJson(await c.res.clone().text());
    // Sign-in grants reach the one token endpoint; they are journalled as sign-in traffic.
    const journalled = endpoint === 'token' && SIGN_IN_GRANT.test(requestText) ? 'signin' : endpoint;
    const described = redactRequest(DESCRIBE[journalled](c, requestText, response, deps.identify), deps.secrets ?? []);
    const retryAfter = Number(c.res.headers.get('retry-after'));
    const pendingUntil =
      described.outcome === '11003' && described.nhsNumber ? deps.pendingInvitationUntilMs?.(described.nhsNumber) : undefined;
    deps.journal.record({
      at: isoTime(atMs),
      atMs,
      answeredAtMs: deps.clock.real.nowMs(),
      sandboxAtMs,
      sandboxAnsweredAtMs: deps.clock.nowMs(),
      order: { arrived, answered },
      endpoint: journalled,
      method: c.req.method,
      path: c.req.path,
      remoteAddress: remoteAddress(c),
      ...described,
      response: {
        status: c.res.status,
        body: boundedCopy(described.response),
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      },
      ...(pendingUntil === undefined ? {} : { pendingUntilSandboxMs: pendingUntil }),
    });
  };
}

type Described = Pick<
  JournalEntry,
  'clientId' | 'identity' | 'request' | 'outcome' | 'issuedToken' | 'presentedToken' | 'odsCode' | 'nhsNumber'
> & {
  response: unknown;
};

/**
 * The client's address, or null for a request made in-process (`app.request`, the tests and an
 * embedding application), which has no socket. Asked first rather than caught: getConnInfo throws
 * a TypeError there, and building its stack trace was 4 % of an in-process provisioning's CPU.
 */
function remoteAddress(c: Context): string | null {
  if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return null;
  return getConnInfo(c).remote.address ?? null;
}

/**
 * An Authorization header as the journal keeps it, and the credential it carries: the bearer
 * token, or whatever follows the scheme. The header is matched and the credential hashed once
 * (an access token is some 800 characters, and every provisioning call carries one).
 */
function describeAuthorization(header: string | undefined): {
  authorization: JournalEntry['request']['authorization'];
  credential: string;
} {
  if (header === undefined) return { authorization: { raw: 'absent' }, credential: '' };
  const bearer = BEARER_CREDENTIALS.exec(header);
  const credential = bearer?.[1] ?? header.replace(/^\S*\s*/, '');
  return {
    authorization: { scheme: (header.split(' ')[0] ?? '').slice(0, 32), fingerprint: fingerprint(credential), wellFormed: bearer !== null },
    credential,
  };
}

const digestOf = (text: string) => `sha256:${hash('sha256', text, 'hex')}`;

/** Who sent it: the verified client, or no one, with the identity the request claimed. */
function attribution(
  verifiedClientId: string | undefined,
  identify: () => Identity,
  claimedClientId: string | null,
): Pick<JournalEntry, 'clientId' | 'identity'> {
  const identity: Identity = verifiedClientId ? { clientId: verifiedClientId, verifiedBy: 'assertion-signature' } : identify();
  return {
    clientId: identity.clientId,
    identity: identity.clientId === null ? { ...identity, claimedClientId: claimedClientId?.slice(0, 128) ?? null } : identity,
  };
}

// Module-level helpers, not closures made per call: under tsx each new closure's name is defined anew (bounded-copy.ts).
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text64 = (value: unknown) => (typeof value === 'string' ? { value: value.slice(0, 64) } : null);

function decodeAssertion(jwt: string): DecodedAssertion | { undecodable: true } {
  const [header, claims] = jwt
    .split('.')
    .slice(0, 2)
    .map((part) => parseJson(Buffer.from(part, 'base64url').toString('utf8')));
  return isObject(header) && isObject(claims)
    ? { header: boundedCopy(header) as Record<string, unknown>, claims: boundedCopy(claims) as Record<string, unknown> }
    : { undecodable: true };
}

function describeTokenExchange(c: Context, text: string, response: unknown, identify: Identifier): Described {
  const contentType = c.req.header('content-type');
  const decoded = mediaType(contentType) === 'application/x-www-form-urlencoded' ? decodeRequestForm(c, text) : null;
  const params = decoded?.ok ? decoded.params : new Map<string, string[]>();
  // A client that sends JSON instead of a form is still identified by the assertion it carries.
  const json = decoded?.ok ? undefined : parseJson(text);
  const jsonFields = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  // client_assertion (client-credentials grant) or assertion (JWT-bearer grant): the same signed JWT.
  const jwt = ASSERTION_PARAMETERS.map(
    (name) => params.get(name)?.[0] ?? (typeof jsonFields[name] === 'string' ? jsonFields[name] : undefined),
  ).find((value) => value !== undefined);
  const assertion = jwt === undefined ? undefined : decodeAssertion(jwt);
  const claims = assertion && 'claims' in assertion ? assertion.claims : undefined;
  const form = Object.fromEntries(
    [...params].map(([name, values]) => [
      name,
      ASSERTION_PARAMETERS.includes(name)
        ? values.map(() => '[signed JWT: header and claims below, signature not kept]')
        : SECRET_PARAMETERS.includes(name)
          ? values.map(fingerprint)
          : values,
    ]),
  );
  const answer = (response ?? {}) as Record<string, unknown>;
  const issued = c.res.status === 200 && typeof answer.access_token === 'string';
  const claimed = typeof claims?.iss === 'string' ? claims.iss : (params.get('client_id')?.[0] ?? null);
  return {
    ...attribution(
      issued ? c.get('clientId') : undefined,
      () => (jwt === undefined ? { clientId: null, unverified: 'no client assertion' } : identify.assertionSigner(jwt)),
      claimed,
    ),
    request: {
      contentType: contentType?.slice(0, 200) ?? null,
      authorization: describeAuthorization(c.req.header('authorization')).authorization,
      ...(decoded?.ok ? { form: boundedCopy(form) as Record<string, string[]> } : { bodyText: redactJwts(text).slice(0, 2048) }),
      ...(assertion ? { assertion } : {}),
      bodyDigest: digestOf(text),
    },
    response: issued ? withoutSecrets(answer) : answer,
    outcome: issued ? 'issued' : typeof answer.error === 'string' ? answer.error : `http-${c.res.status}`,
    ...(issued
      ? {
          issuedToken: {
            fingerprint: fingerprint(answer.access_token as string),
            expiresInSeconds: Number(answer.expires_in),
            ...(typeof answer.scope === 'string' ? { scope: answer.scope.slice(0, 1024) } : {}),
          },
        }
      : {}),
  };
}

/** Who presented the bearer token of a provisioning or Users call, and what the token was. */
function bearerExchange(c: Context, identify: Identifier) {
  const { authorization, credential: token } = describeAuthorization(c.req.header('authorization'));
  const verified = c.get('clientId');
  const identity: Identity = verified
    ? { clientId: verified, verifiedBy: 'access-token' }
    : token
      ? identify.accessTokenHolder(token)
      : { clientId: null, unverified: 'no Authorization header' };
  return {
    clientId: identity.clientId,
    identity: identity.clientId === null ? { ...identity, claimedClientId: null } : identity,
    authorization,
    ...(token && 'fingerprint' in authorization ? { presentedToken: { fingerprint: authorization.fingerprint } } : {}),
  };
}

function describeProvisionExchange(c: Context, text: string, response: unknown, identify: Identifier): Described {
  const { authorization, ...bearer } = bearerExchange(c, identify);
  const parsed = parseRequestJson(c, text);
  const body = parsed.ok ? parsed.value : undefined;
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const answer = (response ?? {}) as Record<string, unknown>;
  const ods = text64(fields.ods_code);
  const nhs = text64(fields.nhs_number);
  return {
    ...bearer,
    ...(ods ? { odsCode: ods.value } : {}),
    ...(nhs ? { nhsNumber: nhs.value } : {}),
    request: {
      contentType: c.req.header('content-type')?.slice(0, 200) ?? null,
      authorization,
      ...(c.req.header('prefer') ? { prefer: c.req.header('prefer')!.slice(0, 200) } : {}),
      ...(body === undefined ? { bodyText: text.slice(0, 2048) } : { body: boundedCopy(body) }),
      ...urlQueryOf(c),
      bodyDigest: digestOf(text),
      // The same JSON re-serialised (key order, spacing, escapes) is the same request.
      ...contentDigestOf(body),
    },
    response,
    outcome: typeof answer.code === 'string' ? answer.code : typeof answer.error === 'string' ? answer.error : `http-${c.res.status}`,
  };
}

/** A Users Endpoint V2 lookup: the query it asked (bounded), the answer's count, never the people found. */
function describeUsersExchange(c: Context, text: string, response: unknown, identify: Identifier): Described {
  const { authorization, ...bearer } = bearerExchange(c, identify);
  // The filter's structure, its values reduced to their shapes: who was looked up is personal data.
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URL(c.req.url).searchParams)
    (query[name.slice(0, 64)] ??= []).push(name === 'filter' ? maskedFilter(value) : `<${shapeOf(name, value)}>`);
  const answer = (response ?? {}) as Record<string, unknown>;
  return {
    ...bearer,
    request: {
      contentType: c.req.header('content-type')?.slice(0, 200) ?? null,
      authorization,
      query: boundedCopy(query) as Record<string, string[]>,
      ...urlQueryOf(c),
      ...(text ? { bodyText: text.slice(0, 2048) } : {}),
      bodyDigest: digestOf(text),
    },
    // The people found are personal data and no evidence of the client's conduct: only the count is kept.
    response: c.res.status === 200 ? { totalResults: answer.totalResults } : answer,
    outcome: c.res.status === 200 ? 'listed' : `http-${c.res.status}`,
  };
}

/** The digest of a parsed JSON body in canonical form; none for a body too deep to re-serialise. */
function contentDigestOf(body: unknown): { contentDigest?: string } {
  if (body === undefined) return {};
  try {
    return { contentDigest: digestOf(canonicalJson(body)) };
  } catch {
    return {};
  }
}

/** The query string, masked (url-query.ts): names and value shapes, never values. */
const urlQueryOf = (c: Context) => {
  const masked = maskedQuery(c.req.url);
  return masked ? { urlQuery: masked } : {};
};

const ASSERTION_PARAMETERS = ['client_assertion', 'assertion'];
/** Sign-in secrets a request carries (the code, the refresh token, the PKCE verifier): kept as fingerprints only. */
const SECRET_PARAMETERS = ['code', 'refresh_token', 'code_verifier'];
/** Tokens an answer carries: kept as fingerprints only. */
const SECRET_ANSWERS = ['access_token', 'refresh_token', 'id_token'];
const SIGN_IN_GRANT = /(?:^|&)grant_type=(?:authorization_code|refresh_token)(?:&|$)/;

const withoutSecrets = (answer: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(answer).map(([name, value]) => [
      name,
      SECRET_ANSWERS.includes(name) && typeof value === 'string' ? fingerprint(value) : value,
    ]),
  );

/**
 * Sign-in traffic: the token endpoint's sign-in grants as token exchanges (secrets fingerprinted);
 * /authorize and /userinfo with their parameters and answer, never a code, a token or the
 * person's claims. Nothing there is signed by the client, so they are attributed to no one.
 */
function describeSignInExchange(c: Context, text: string, response: unknown, identify: Identifier): Described {
  if (c.req.path === '/token') return { ...describeTokenExchange(c, text, response, identify), ...redeemedGrant(c, text) };
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URL(c.req.url).searchParams) (query[name.slice(0, 64)] ??= []).push(value);
  const decoded = mediaType(c.req.header('content-type')) === 'application/x-www-form-urlencoded' ? decodeRequestForm(c, text) : null;
  const form = decoded?.ok ? Object.fromEntries(decoded.params) : undefined;
  const location = c.res.headers.get('location');
  const back = location && /^https?:/.test(location) ? new URL(location) : null;
  const answer = (response ?? {}) as Record<string, unknown>;
  const claimed = query.client_id?.[0] ?? form?.client_id?.[0] ?? null;
  const outcome = back
    ? (back.searchParams.get('error') ?? (back.searchParams.has('code') ? 'code' : 'redirect'))
    : location
      ? 'sign-in'
      : typeof answer.error === 'string'
        ? answer.error
        : c.res.status === 200
          ? 'answered'
          : `http-${c.res.status}`;
  return {
    clientId: null,
    identity: {
      clientId: null,
      unverified: 'nothing in a sign-in request is signed by the client',
      claimedClientId: claimed?.slice(0, 128) ?? null,
    },
    request: {
      contentType: c.req.header('content-type')?.slice(0, 200) ?? null,
      authorization: describeAuthorization(c.req.header('authorization')).authorization,
      query: boundedCopy(query) as Record<string, string[]>,
      ...(form ? { form: boundedCopy(form) as Record<string, string[]> } : {}),
      bodyDigest: digestOf(text),
    },
    // The person's claims are personal data, not evidence of the relying party's conduct.
    response:
      c.res.status === 200 && c.req.path === '/userinfo'
        ? { claims: Object.keys(answer) }
        : back
          ? { redirectedTo: back.origin + back.pathname, error: back.searchParams.get('error') }
          : answer,
    outcome,
  };
}

/**
 * The code or refresh token a sign-in grant redeems, as a fingerprint (the form keeps it redacted):
 * the evidence that a relying party used a code twice or an old refresh token (rules/relying-party.ts).
 */
function redeemedGrant(c: Context, text: string): Pick<Described, 'presentedToken'> {
  const form = decodeRequestForm(c, text);
  const grant = form.ok ? form.params.get('grant_type')?.[0] : undefined;
  const secret = form.ok && grant ? form.params.get(grant === 'authorization_code' ? 'code' : 'refresh_token')?.[0] : undefined;
  return secret ? { presentedToken: { fingerprint: fingerprint(secret) } } : {};
}

const DESCRIBE: Record<JournalEndpoint, (c: Context, text: string, response: unknown, identify: Identifier) => Described> = {
  token: describeTokenExchange,
  provision: describeProvisionExchange,
  users: describeUsersExchange,
  signin: describeSignInExchange,
};

/**
 * Nothing secret in the journal (issue #28): a query's or a form's access_token, password, code…
 * and anything JWT-shaped or the admin token, wherever in the request it was sent.
 */
function redactRequest(described: Described, secrets: readonly string[]): Described {
  const request = { ...described.request } as Record<string, unknown>;
  if (request.form) request.form = redactParams(request.form as Record<string, string[]>, secrets);
  if (request.query) request.query = redactParams(request.query as Record<string, string[]>, secrets);
  if (typeof request.bodyText === 'string') request.bodyText = redactText(request.bodyText, secrets);
  if (typeof request.prefer === 'string') request.prefer = redactText(request.prefer, secrets);
  if (request.body !== undefined) request.body = redactValue(request.body, secrets);
  return { ...described, request: request as Described['request'] };
}

const redactJwts = (text: string) => text.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]+/g, '[JWT]');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
