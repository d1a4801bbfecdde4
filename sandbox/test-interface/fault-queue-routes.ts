// A fault queue's part of the test interface: list (GET), queue one (POST), clear (DELETE), at one
// path, with its OpenAPI description; the same for every surface that has faults.
import { Hono } from 'hono';
import type * as z from 'zod';
import { withAdminInput } from '../http/admin-handlers';
import { admin } from '../http/openapi';
import type { FaultFrequency, FaultQueue } from './fault-queue';

// The return type is written out: the inferred one is too long for the declaration build (TS7056).
export const faultQueueRoutes = <R extends FaultFrequency>(path: string, queue: FaultQueue<R>, schema: z.ZodType<R>): Hono =>
  new Hono()
    .get(path, (c) => c.json({ faults: queue.list() }))
    .post(
      path,
      withAdminInput(schema, (c, input) => c.json(queue.add(input), 201)),
    )
    .delete(path, (c) => {
      queue.clear();
      return c.json({ faults: [] });
    });

/** The three operations' descriptions: what is listed, what queuing one does, what clearing says. */
export const faultQueuePaths = (
  schema: z.ZodType,
  summaries: { list: string; listed: string; add: string; added: string; clear: string; cleared: string },
) => ({
  get: admin(summaries.list, { answers: { '200': summaries.listed } }),
  post: admin(summaries.add, { body: schema, answers: { '201': summaries.added }, errors: [400] }),
  delete: admin(summaries.clear, { answers: { '200': summaries.cleared } }),
});
