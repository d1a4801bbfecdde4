import { Hono } from 'hono';
import { adminError } from '../http/admin-errors';
import type { SmsOutbox } from './sms-outbox';
import { admin, query, type PathItems } from '../http/openapi';

/** GET /_sandbox/sms[?to=], GET /_sandbox/sms/latest?to=, DELETE /_sandbox/sms. */
export function smsAdminRoutes(outbox: SmsOutbox) {
  return new Hono()
    .get('/sms', (c) => c.json({ messages: outbox.list(c.req.query('to')) }))
    .get('/sms/latest', (c) => {
      const latest = outbox.list(c.req.query('to'))[0];
      return latest
        ? c.json(latest)
        : adminError(c, 404, 'not_found', `no text message${c.req.query('to') ? ` to ${c.req.query('to')}` : ''}`);
    })
    .delete('/sms', async (c) => {
      await outbox.clear();
      return c.json({ deleted: true });
    });
}

export const smsAdminPaths = (): PathItems => ({
  '/sms': {
    get: admin('Text messages sent (security codes), newest first', {
      parameters: [query('to', 'E.164 mobile')],
      answers: { '200': 'messages' },
    }),
    delete: admin('Empty the SMS outbox', { answers: { '200': 'deleted' } }),
  },
  '/sms/latest': {
    get: admin('The newest text message', { parameters: [query('to', 'E.164 mobile')], answers: { '200': 'message' }, errors: [404] }),
  },
});
