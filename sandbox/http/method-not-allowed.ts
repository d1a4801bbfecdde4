import type { Context, Hono } from 'hono';
import { answerJson } from './answer-json';

/**
 * RFC 9110 §15.5.6: a path that exists but not for this method answers 405 with `Allow`, not 404,
 * so a client that sent GET by mistake learns what to send instead. The body keeps the shape of
 * the endpoint's own errors (`body`), which each caller gives.
 */
const OTHER_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'] as const;

export function refuseOtherMethods(
  app: Hono,
  paths: string[],
  allow: 'POST',
  body: (c: Context) => Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  app.on([...OTHER_METHODS], paths, (c) => answerJson(c, body(c), 405, { ...headers, Allow: allow }));
}

/** The OpenAPI operations for those methods, so the document lists every route the server answers. */
export const refusedOperations = (summary: string, response: Record<string, unknown>) =>
  Object.fromEntries(
    OTHER_METHODS.map((method) => [method.toLowerCase(), { tags: ['specification'], summary, responses: { '405': response } }]),
  );
