import { Hono } from 'hono';
import type { MailpitClient } from 'mailpit-api';
import { adminError } from '../http/admin-errors';
import { admin, pathParam, type PathItems } from '../http/openapi';

/**
 * DELETE /_sandbox/mail and DELETE /_sandbox/mail/{id}: captured email cleared through the Mailpit
 * API, so the same call works with the embedded capture and with an external Mailpit.
 */
const MESSAGE_ID = /^[A-Za-z0-9-]{1,64}$/;

export function mailAdminRoutes(capture: MailpitClient) {
  return new Hono()
    .delete('/mail', async (c) => {
      await capture.deleteMessages();
      return c.json({ deleted: 'all' });
    })
    .delete('/mail/:id', async (c) => {
      const id = c.req.param('id');
      if (!MESSAGE_ID.test(id)) return adminError(c, 400, 'invalid_request', 'a message id is letters, digits and hyphens');
      await capture.deleteMessages({ IDs: [id] });
      return c.json({ deleted: id });
    });
}

export const mailAdminPaths = (): PathItems => ({
  '/mail': {
    delete: admin('Delete every captured email (embedded capture or external Mailpit)', { answers: { '200': 'deleted' } }),
  },
  '/mail/{id}': {
    delete: admin('Delete one captured email by its Mailpit message ID', {
      parameters: [pathParam('id')],
      answers: { '200': 'deleted' },
      errors: [400],
    }),
  },
});
