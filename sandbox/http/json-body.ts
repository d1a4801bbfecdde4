import type { Context } from 'hono';
import { mediaType } from './form';

/**
 * Reads a request body that must be a JSON object. Every way it can be wrong becomes a reason
 * the caller maps to its own error shape; nothing here throws.
 */
export type JsonObjectBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415; description: string };

export async function readJsonObject(c: Context, limitBytes: number): Promise<JsonObjectBody> {
  const type = mediaType(c.req.header('content-type'));
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    return {
      ok: false,
      status: 415,
      description: `Content-Type must be application/json (got ${JSON.stringify(c.req.header('content-type') ?? '')})`,
    };
  }
  const text = await readTextWithin(c, limitBytes);
  if (text === null) return { ok: false, status: 413, description: `request body is larger than ${limitBytes} bytes` };
  const parsed = parseRequestJson(c, text);
  if (!parsed.ok) {
    return {
      ok: false,
      status: 400,
      description: `request body is not valid JSON (${parsed.error.message.replace(/[^\x20-\x7e]/g, '?')})`,
    };
  }
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, description: 'request body must be a JSON object' };
  }
  const forbidden = forbiddenKeyIn(value);
  if (forbidden) return { ok: false, status: 400, description: `request body must not contain the key "${forbidden}"` };
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * `JSON.parse` of a request's body, parsed once per request: the provisioning route and the
 * journal's description of the same exchange both need it (issue #31), as they share the one
 * reading of the body (readTextWithin). Neither changes what it is given. Any other text is
 * parsed afresh.
 */
export function parseRequestJson(c: Context, text: string): JsonParsing {
  const known = parsedBodies.get(c.req.raw);
  if (known?.text === text) return known.parsing;
  let parsing: JsonParsing;
  try {
    parsing = { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    parsing = { ok: false, error: error as Error };
  }
  parsedBodies.set(c.req.raw, { text, parsing });
  return parsing;
}

type JsonParsing = { ok: true; value: unknown } | { ok: false; error: Error };
const parsedBodies = new WeakMap<Request, { text: string; parsing: JsonParsing }>();

/**
 * Keys no request of ours ever needs and prototype-pollution attempts always use. Refused
 * anywhere in a body (a documented choice: RFC 6749 §3.2 would have unknown form parameters
 * ignored, but these names are never legitimate).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function forbiddenKeyIn(value: unknown, depth = 0): string | null {
  if (typeof value !== 'object' || value === null || depth > 32) return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = forbiddenKeyIn((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The body as text, or null when it exceeds the limit (checked while streaming, not after). An
 * oversized body is still read and thrown away (up to DRAIN_LIMIT_BYTES) so the client, which
 * may still be sending, receives the refusal instead of a connection reset.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

export function readTextWithin(c: Context, limitBytes: number): Promise<string | null> {
  // A body can be read once; a middleware (the journal) and the route share the one reading.
  let reading = bodies.get(c.req.raw);
  if (!reading) bodies.set(c.req.raw, (reading = readOnce(c, limitBytes)));
  return reading;
}

const bodies = new WeakMap<Request, Promise<string | null>>();

async function readOnce(c: Context, limitBytes: number): Promise<string | null> {
  const declared = c.req.header('content-length') === undefined ? NaN : Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await readUpTo(c.req.raw.body, 0, DRAIN_LIMIT_BYTES);
    return null;
  }
  // A declared length within the limit bounds the body (the HTTP parser enforces it), so the
  // whole body can be taken at once: @hono/node-server then reads it straight from the socket
  // without building a web stream, which costs more than the rest of a small request.
  if (Number.isFinite(declared) && c.req.header('transfer-encoding') === undefined) {
    const text = await c.req.raw.text();
    return Buffer.byteLength(text) > limitBytes ? null : text;
  }
  const { text, exceeded } = await readUpTo(c.req.raw.body, limitBytes, DRAIN_LIMIT_BYTES);
  return exceeded ? null : text;
}

/** Reads a body stream up to `limitBytes`, keeps reading and discarding up to `drainBytes`, then cancels the rest. */
async function readUpTo(
  body: ReadableStream<Uint8Array> | null,
  limitBytes: number,
  drainBytes = limitBytes,
): Promise<{ text: string; exceeded: boolean }> {
  if (!body) return { text: '', exceeded: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limitBytes) chunks.push(value);
    else if (size - value.byteLength < limitBytes) chunks.push(value.subarray(0, limitBytes - (size - value.byteLength)));
    if (size > drainBytes) {
      reader.cancel().catch(() => undefined);
      break;
    }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  return { text, exceeded: size > limitBytes };
}
