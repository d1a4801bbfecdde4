import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import './context-variables';

/**
 * Answers with JSON and leaves the answered value on the context, so middleware that reports on
 * exchanges (the journal) can read what was said without reading the response stream back:
 * @hono/node-server sends a plain JSON answer straight from memory, and cloning it to read it
 * would force it down the slow streaming path.
 */
export function answerJson(
  c: Context,
  value: Record<string, unknown>,
  status: ContentfulStatusCode,
  headers: Record<string, string> = {},
): Response {
  c.set('answeredJson', value);
  return c.json(value, status, headers);
}

/** What answerJson answered on this context, if it did. */
export const answeredJson = (c: Context): Record<string, unknown> | undefined => c.get('answeredJson');
