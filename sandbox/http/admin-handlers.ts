// The test interface's repeated handler shapes, as handlers a route file mounts itself
// (`.get('/things/:id', getOne(…))`): hono still types each route's path from its own call.
import type { Context } from 'hono';
import type * as z from 'zod';
import { adminError, readAdminInput } from './admin-errors';

type Answer = Response | Promise<Response>;

/** A handler that parses the admin request body with `schema`, answering the admin 400 when it does not fit. */
export const withAdminInput =
  <S extends z.ZodType>(schema: S, handle: (c: Context, input: z.output<S>) => Answer) =>
  async (c: Context): Promise<Response> => {
    const read = await readAdminInput(c, schema);
    return read.ok ? handle(c, read.input) : read.response;
  };

/** A handler for one thing named by the path parameter `param`: its view, or the admin 404 (`no <what> <key>`). */
export const getOne =
  <T>(param: string, find: (key: string) => T | undefined, view: (found: T) => object, what: string) =>
  (c: Context): Response => {
    const key = c.req.param(param) ?? '';
    const found = find(key);
    return found === undefined ? adminError(c, 404, 'not_found', `no ${what} ${key}`) : c.json(view(found));
  };
