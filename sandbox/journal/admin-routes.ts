import { Hono } from 'hono';
import { adminError } from '../http/admin-errors';
import type { RequestJournal } from './request-journal';
import { operation, query, type PathItems } from '../http/openapi';

/**
 * GET /_sandbox/journal?client_id=&unattributed=true&since=&limit= (newest first; `since` is real time),
 * POST /_sandbox/journal/reset?client_id=
 */
export function journalAdminRoutes(journal: RequestJournal) {
  return new Hono()
    .get('/journal', (c) => {
      const since = c.req.query('since');
      const sinceMs = since === undefined ? undefined : Date.parse(since);
      if (sinceMs !== undefined && Number.isNaN(sinceMs))
        return adminError(c, 400, 'invalid_request', `since must be an ISO 8601 time (got ${JSON.stringify(since)})`);
      const limitText = c.req.query('limit') ?? '500';
      const limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 20_000)
        return adminError(c, 400, 'invalid_request', 'limit must be an integer from 1 to 20000');
      const clientId = c.req.query('client_id');
      const unattributed = c.req.query('unattributed') === 'true';
      const entries = journal
        .query({ ...(clientId ? { clientId } : {}), unattributed, ...(sinceMs !== undefined ? { sinceMs } : {}), limit })
        .reverse();
      return c.json({ entries, clients: journal.clients(), integrity: journal.integrity });
    })
    .post('/journal/reset', async (c) => {
      const clientId = c.req.query('client_id');
      const removed = await journal.reset(clientId || undefined);
      return c.json({ reset: true, ...(clientId ? { client_id: clientId } : {}), removed });
    });
}

export const journalAdminPaths = (): PathItems => ({
  '/journal': {
    get: operation('conformance', 'Journalled token and provisioning requests, newest first', {
      parameters: [
        query('client_id', 'only requests verified as this client'),
        query('unattributed', '`true`: only requests no verified identity ties to a client'),
        query('since', 'ISO 8601 time (real time)'),
        query('limit', '1-20000, default 500'),
      ],
      answers: { '200': 'entries, clients, integrity' },
      errors: [400],
    }),
  },
  '/journal/reset': {
    post: operation('conformance', "Forget a client's (or every) journalled request", {
      parameters: [query('client_id', 'only this client')],
      answers: { '200': 'removed count' },
    }),
  },
});
