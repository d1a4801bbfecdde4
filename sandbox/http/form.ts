import type { Context } from 'hono';

/**
 * Strict application/x-www-form-urlencoded decoding (WHATWG URL standard, minus its leniency):
 * invalid percent-escapes are an error rather than being passed through, and each parameter's
 * values are kept so that duplicates can be refused (RFC 6749 §3.1: parameters MUST NOT be
 * included more than once).
 */
export type FormDecoding = { ok: true; params: Map<string, string[]> } | { ok: false; description: string };

const INVALID_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

export function decodeForm(body: string): FormDecoding {
  const params = new Map<string, string[]>();
  if (body === '') return { ok: true, params };
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    if (INVALID_ESCAPE.test(pair)) return { ok: false, description: 'the form body contains an invalid percent-encoding' };
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replaceAll('+', ' '));
      value = decodeURIComponent(rawValue.replaceAll('+', ' '));
    } catch {
      return { ok: false, description: 'the form body contains an invalid percent-encoding (not UTF-8)' };
    }
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return { ok: true, params };
}

/**
 * `decodeForm` of a request's body, decoded once per request: the token route and the journal's
 * description of the same exchange both need it (issue #31), as they share the one reading of
 * the body (readTextWithin). Any other text is decoded afresh.
 */
export function decodeRequestForm(c: Context, body: string): FormDecoding {
  const known = decodedBodies.get(c.req.raw);
  if (known?.body === body) return known.decoding;
  const decoding = decodeForm(body);
  decodedBodies.set(c.req.raw, { body, decoding });
  return decoding;
}

const decodedBodies = new WeakMap<Request, { body: string; decoding: FormDecoding }>();

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
