import { answerJson } from './answer-json';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { readJsonObject } from './json-body';

/** The admin API's one error shape: `{error, description}` with a stable error word. */
export const adminError = (c: Context, status: ContentfulStatusCode, error: string, description: string) =>
  answerJson(c, { error, description }, status);

/** A zod failure as one ASCII line naming each field. */
const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');

/**
 * Reads an admin request body as a JSON object and parses it with `schema`. Returns the parsed
 * input, or the admin error response to send (so every admin route refuses bad input alike).
 * The size is bounded before this runs, by `adminBodyLimit` on the whole admin API.
 */
export async function readAdminInput<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ ok: true; input: z.output<S> } | { ok: false; response: Response }> {
  const body = await readJsonObject(c, Number.POSITIVE_INFINITY);
  if (!body.ok) return { ok: false, response: adminError(c, body.status, 'invalid_request', body.description) };
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { ok: false, response: adminError(c, 400, 'invalid_request', describeIssues(parsed.error)) };
  return { ok: true, input: parsed.data };
}

/** hono's own body limit for the admin API and the console, answering in the admin error shape. */
export const adminBodyLimit = (maxBytes: number): MiddlewareHandler =>
  bodyLimit({ maxSize: maxBytes, onError: (c) => adminError(c, 413, 'invalid_request', `request body is larger than ${maxBytes} bytes`) });
