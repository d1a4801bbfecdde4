import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { readJsonObject } from './json-body';

/** The admin API's one error shape: `{error, description}` with a stable error word. */
export const adminError = (c: Context, status: ContentfulStatusCode, error: string, description: string) =>
  c.json({ error, description }, status);

/** A zod failure as one ASCII line naming each field. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');

/**
 * Reads an admin request body as a JSON object and parses it with `schema`. Returns the parsed
 * input, or the admin error response to send (so every admin route refuses bad input alike).
 */
export async function readAdminInput<S extends z.ZodType>(c: Context, schema: S, limitBytes: number): Promise<{ ok: true; input: z.output<S> } | { ok: false; response: Response }> {
  const body = await readJsonObject(c, limitBytes);
  if (!body.ok) return { ok: false, response: adminError(c, body.status, 'invalid_request', body.description) };
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { ok: false, response: adminError(c, 400, 'invalid_request', describeIssues(parsed.error)) };
  return { ok: true, input: parsed.data };
}
