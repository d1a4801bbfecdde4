// The kit every route file describes its paths with for the OpenAPI 3.1 document (docs/openapi.ts
// assembles them): JSON Schema from the zod schemas the routes validate with, and the shapes that
// recur (a JSON answer, the admin error, a path or query parameter, an operation).
import * as z from 'zod';

/**
 * OpenAPI path items, keyed by path. Each route file gives its own as a function, called when the
 * document is asked for: described at start-up, the zod-to-JSON-Schema conversions took about 15 ms
 * of the main thread (3 % of the built package's start-up, in its CPU profile) that the first
 * request never needed (issue #31).
 */
export type PathItems = Record<string, Record<string, unknown>>;

export const json = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
export const content = (schema: Record<string, unknown>, type = 'application/json') => ({ content: { [type]: { schema } } });
export const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
export const str = { type: 'string' };
export const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, ...content(schema) });
export const adminError = {
  description: 'invalid input or unknown item: `{error, description}`',
  ...content(object({ error: str, description: str })),
};
export const pathParam = (name: string, extra: { description?: string; pattern?: string } = {}) => ({
  name,
  in: 'path',
  required: true,
  schema: extra.pattern ? { type: 'string', pattern: extra.pattern } : str,
  ...(extra.description ? { description: extra.description } : {}),
});
export const query = (name: string, description: string) => ({ name, in: 'query', required: false, schema: str, description });
export const nhsNumberParam = pathParam('nhsNumber', { pattern: '^[0-9]{10}$' });

/**
 * One operation: its tag and summary, parameters, a JSON body validated by `body`, its answers
 * (a description means a JSON object) and the statuses answered with the admin error.
 */
export function operation(
  tag: string,
  summary: string,
  o: {
    parameters?: unknown[];
    body?: z.ZodType;
    answers?: Record<string, string | Record<string, unknown>>;
    errors?: number[];
  } = {},
) {
  return {
    tags: [tag],
    summary,
    ...(o.parameters ? { parameters: o.parameters } : {}),
    ...(o.body ? { requestBody: { required: true, ...content(json(o.body)) } } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(o.answers ?? {}).map(([status, d]) => [status, typeof d === 'string' ? ok(d) : d])),
      ...Object.fromEntries((o.errors ?? []).map((status) => [String(status), adminError])),
    },
  };
}
/** An operation of the test interface (`/_sandbox`). */
export const admin = (summary: string, o: Parameters<typeof operation>[2] = {}) => operation('admin', summary, o);

/**
 * A collection of `thing`s in the test interface: GET lists them (narrowed by `filters`, query
 * parameters), POST adds one (400 when it does not fit `body`, 409 when it exists already).
 */
export const adminCollection = (thing: string, body: z.ZodType, list: string, add: string, filters?: unknown[]) => ({
  get: admin(list, { parameters: filters, answers: { '200': `${thing}s` } }),
  post: admin(add, { body, answers: { '201': `the ${thing}` }, errors: [400, 409] }),
});
