import { fingerprint } from './record-exchange';

/**
 * A request's query string as the journal keeps it: parameter NAMES (bounded) and, for each value,
 * only what it looked like: a token, an NHS number, a date, an email address, a phone number, or
 * something else, with its length. Values themselves are never kept (a token or a patient's
 * details must not enter the journal through a URL); a token-shaped value is kept only as the
 * same fingerprint an Authorization header gets, so a rule can tell whether it was an issued token.
 */
export type ValueShape = 'token' | 'nhs-number' | 'date' | 'email' | 'phone' | 'other' | 'empty';

export interface MaskedParameter {
  name: string;
  shape: ValueShape;
  length: number;
  /** Only for a token-shaped value. */
  fingerprint?: string;
}

export interface MaskedQuery {
  /** Characters in the raw query string (after `?`). */
  length: number;
  params: MaskedParameter[];
  /** More parameters than were kept. */
  truncated: boolean;
}

const MAX_PARAMS = 20;
const MAX_NAME_CHARS = 64;
const TOKEN_NAMES = /^(access_?token|token|bearer|id_?token|auth(orization)?|jwt|assertion|client_assertion)$/i;

export function shapeOf(name: string, value: string): ValueShape {
  const v = value.trim();
  if (v === '') return 'empty';
  if (/^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(v) || (TOKEN_NAMES.test(name) && v.length >= 16)) return 'token';
  if (/^\d{3}[ -]?\d{3}[ -]?\d{4}$/.test(v)) return 'nhs-number';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(v)) return 'date';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'email';
  if (/^\+?[\d ()-]{8,18}$/.test(v) && v.replace(/\D/g, '').length >= 8) return 'phone';
  return 'other';
}

/** The masked query of a URL, or undefined when it has none. */
export function maskedQuery(url: string): MaskedQuery | undefined {
  // Without a "?" there is no query: the URL is not parsed (most calls; issue #31).
  if (!url.includes('?')) return undefined;
  const raw = new URL(url).search.slice(1);
  if (raw === '') return undefined;
  const params: MaskedParameter[] = [];
  let count = 0;
  for (const [name, value] of new URLSearchParams(raw)) {
    count++;
    if (params.length >= MAX_PARAMS) continue;
    const shape = shapeOf(name, value);
    params.push({
      name: name.slice(0, MAX_NAME_CHARS),
      shape,
      length: value.length,
      ...(shape === 'token' ? { fingerprint: fingerprint(value) } : {}),
    });
  }
  return { length: raw.length, params, truncated: count > params.length };
}

/** A Users Endpoint V2 filter with every quoted value replaced by its shape: the structure without the people. */
export const maskedFilter = (filter: string): string =>
  filter
    .slice(0, 2048)
    .replace(/"((?:[^"\\]|\\.)*)"/g, (_all, value: string) => `"<${shapeOf('', value)}>"`)
    // Unquoted values (a malformed filter) are masked too.
    .replace(/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, '<nhs-number>')
    .replace(/[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+/g, '<email>')
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<date>');
