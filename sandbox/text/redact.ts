import { setOwn } from './set-own';

/**
 * What a log, the journal or a console page must never show (issue #28): claim tokens, the admin
 * token, access tokens and assertions (any JWT), security codes, session ids and passwords.
 * Applied wherever a path, a query or a header can carry one, before anything is written down.
 */
export const REDACTED = '[redacted]';

/** Journey pages under /claim/ that are not a claim token. */
const CLAIM_PAGES = new Set([
  'start',
  'security-code',
  'date-of-birth',
  'confirm-details',
  'details-advice',
  'password',
  'done',
  'stopped',
  'resend',
  'change',
]);

/** A JWS (three parts) or JWE (five), or a JWT-looking head of one: `eyJ` is `{"` in base64url. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,4}/g;
/** A long opaque value (claim tokens, session ids and CSRF tokens are 43 base64url characters). */
const OPAQUE = /^[A-Za-z0-9_~+/=-]{40,}$/;
/** A security code: six digits on their own. */
const SIX_DIGITS = /^\d{6}$/;

/** Query, form and header names whose values are secret whatever they look like. */
const SECRET_NAMES =
  /^(access_token|refresh_token|id_token|token|code|security_code|password|confirm_password|client_secret|csrf|session|admin_token|x-sandbox-admin-token|authorization|cookie)$/i;

/** Free text (a body, a header value): JWTs and the given secrets (the admin token) replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  // Looked for before replacing: most text has neither, and is then returned as it is.
  let out = text.includes('eyJ') ? text.replace(JWT_LIKE, '[JWT]') : text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A path: each segment that is (or carries) a secret replaced, the shape of the path kept. */
export function redactPath(path: string, secrets: readonly string[] = []): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (segment === '') return segment;
      if (i === 2 && segments[1] === 'claim' && !CLAIM_PAGES.has(segment)) return REDACTED;
      if (secrets.some((secret) => secret && segment.includes(secret))) return REDACTED;
      if (OPAQUE.test(segment) || SIX_DIGITS.test(segment)) return REDACTED;
      return segment.replace(JWT_LIKE, '[JWT]');
    })
    .join('/');
}

/** Named values (a query, a form): secret names' values replaced, the rest as free text. */
export function redactParams(params: Record<string, string[]>, secrets: readonly string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(params)) {
    out[name] = SECRET_NAMES.test(name) ? values.map(() => REDACTED) : values.map((value) => redactText(value, secrets));
  }
  return out;
}

/**
 * A parsed JSON value: secret names' values replaced, every string redacted as free text. What
 * needs no redaction is returned as it is, not copied (most bodies carry no secret).
 */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) {
    const items = value.map((item) => redactValue(item, secrets));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const redacted = entries.map(([name, item]) => (SECRET_NAMES.test(name) ? REDACTED : redactValue(item, secrets)));
    if (redacted.every((item, i) => item === entries[i]![1])) return value;
    // A `__proto__` key sent in JSON stays a plain key of the copy.
    const out: Record<string, unknown> = {};
    entries.forEach(([name], i) => setOwn(out, name, redacted[i]));
    return out;
  }
  return value;
}
