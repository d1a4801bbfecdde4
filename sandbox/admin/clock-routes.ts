import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxClock } from '../clock/clock';
import { readJsonObject } from '../http/json-body';
import { adminError, describeIssues } from '../http/admin-errors';

/** Time travel: read, advance, set and reset the sandbox clock. */
export const ClockChange = z.union([
  z.object({ advance_seconds: z.number().finite().min(-10 * 365 * 86400).max(10 * 365 * 86400) }).strict(),
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ reset: z.literal(true) }).strict(),
]);

export function clockRoutes(clock: SandboxClock) {
  const view = () => ({ now: new Date(clock.nowMs()).toISOString(), offset_seconds: clock.offsetMs / 1000, real_time: clock.offsetMs === 0 });
  return new Hono()
    .get('/clock', (c) => c.json(view()))
    .post('/clock', async (c) => {
      const body = await readJsonObject(c, 4096);
      if (!body.ok) return adminError(c, body.status, 'invalid_request', body.description);
      const change = ClockChange.safeParse(body.value);
      if (!change.success) {
        return adminError(c, 400, 'invalid_request', `give one of {"advance_seconds": n}, {"set": "ISO-8601 time"}, {"reset": true}: ${describeIssues(change.error)}`);
      }
      if ('advance_seconds' in change.data) clock.advance(change.data.advance_seconds * 1000);
      else if ('set' in change.data) clock.set(Date.parse(change.data.set));
      else clock.reset();
      return c.json(view());
    });
}
