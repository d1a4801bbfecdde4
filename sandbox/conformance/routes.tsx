import { Hono } from 'hono';
import { adminError } from '../http/admin-errors';
import type { RequestJournal } from '../journal/request-journal';
import { assessClient, type ConformanceReport } from './assess';
import { renderHtml } from './report-page';
import { renderJunit } from './render-junit';
import { renderText } from './render-text';
import type { RuleContext } from './rules';

/**
 * GET /_sandbox/conformance/{clientId}[?since=ISO&format=html|json|junit|text]: the live report
 * (HTML by default, for the dashboard). GET /_sandbox/conformance lists the clients seen.
 */
export function conformanceRoutes(journal: RequestJournal, context: () => RuleContext) {
  const formats = {
    html: (r: ConformanceReport) => new Response(renderHtml(r), { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    json: (r: ConformanceReport) => Response.json(r),
    junit: (r: ConformanceReport) => new Response(renderJunit(r), { headers: { 'content-type': 'application/xml; charset=utf-8' } }),
    text: (r: ConformanceReport) => new Response(renderText(r), { headers: { 'content-type': 'text/plain; charset=utf-8' } }),
  };
  return new Hono()
    .get('/conformance', (c) => c.json({ clients: journal.clients() }))
    .get('/conformance/:clientId', (c) => {
      const format = c.req.query('format') ?? 'html';
      if (!(format in formats)) return adminError(c, 400, 'invalid_request', `format must be one of ${Object.keys(formats).join(', ')}`);
      const since = c.req.query('since');
      const sinceMs = since === undefined ? undefined : Date.parse(since);
      if (sinceMs !== undefined && Number.isNaN(sinceMs))
        return adminError(c, 400, 'invalid_request', `since must be an ISO 8601 time (got ${JSON.stringify(since)})`);
      const clientId = c.req.param('clientId');
      const entries = journal.query({ clientId, ...(sinceMs !== undefined ? { sinceMs } : {}) });
      return formats[format as keyof typeof formats](assessClient(clientId, entries, context(), since ?? null));
    });
}
