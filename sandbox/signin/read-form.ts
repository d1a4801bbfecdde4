import type { Context } from 'hono';
import { decodeForm, mediaType } from '../http/form';
import { FORBIDDEN_KEYS, readTextWithin } from '../http/json-body';

/**
 * A form body as parameter → values, strictly decoded (http/form.ts), bounded in size. Null when
 * the body is not an urlencoded form, too large, or badly encoded.
 */
export async function readFormParams(c: Context, limitBytes: number): Promise<Map<string, string[]> | null> {
  if (mediaType(c.req.header('content-type')) !== 'application/x-www-form-urlencoded') return null;
  const text = await readTextWithin(c, limitBytes);
  if (text === null) return null;
  const decoded = decodeForm(text);
  if (!decoded.ok) return null;
  for (const name of FORBIDDEN_KEYS) decoded.params.delete(name);
  return decoded.params;
}

/** A page's fields: a field sent twice counts as missing. */
export const singleValued = (params: ReadonlyMap<string, readonly string[]>): Record<string, string | undefined> =>
  Object.fromEntries([...params].map(([name, values]) => [name, values.length === 1 ? values[0] : undefined]));

/** A query string as parameter → values, for GET /authorize. */
export function queryParams(url: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URL(url).searchParams) {
    if (FORBIDDEN_KEYS.has(name)) continue;
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return params;
}
