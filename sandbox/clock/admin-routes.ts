import { Hono } from 'hono';
import * as z from 'zod';
import type { SandboxClock } from './clock';
import { readAdminInput } from '../http/admin-errors';
import { admin, type PathItems } from '../http/openapi';

/** Time travel: read, advance, set and reset the sandbox clock. */
const ClockChange = z.union(
  [
    z
      .object({
        advance_seconds: z
          .number()
          .finite()
          .min(-10 * 365 * 86400)
          .max(10 * 365 * 86400),
      })
      .strict(),
    z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
    z.object({ reset: z.literal(true) }).strict(),
  ],
  { error: 'give one of {"advance_seconds": n}, {"set": "ISO-8601 time"}, {"reset": true}' },
);

export function clockAdminRoutes(clock: SandboxClock) {
  const view = () => ({
    now: new Date(clock.nowMs()).toISOString(),
    offset_seconds: clock.offsetMs / 1000,
    real_time: clock.offsetMs === 0,
  });
  return new Hono()
    .get('/clock', (c) => c.json(view()))
    .post('/clock', async (c) => {
      const read = await readAdminInput(c, ClockChange);
      if (!read.ok) return read.response;
      const change = read.input;
      if ('advance_seconds' in change) clock.advance(change.advance_seconds * 1000);
      else if ('set' in change) clock.set(Date.parse(change.set));
      else clock.reset();
      return c.json(view());
    });
}

export const clockAdminPaths = (): PathItems => ({
  '/clock': {
    get: admin('Sandbox time', { answers: { '200': 'now, offset' } }),
    post: admin('Time travel: advance, set or reset', { body: ClockChange, answers: { '200': 'now, offset' }, errors: [400] }),
  },
});
