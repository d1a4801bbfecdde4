import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { readJsonObject } from '../../http/json-body';
import { CAPTURED_HTML_HEADERS, linksOpenInNewTab } from '../captured-html';
import { toMessage, toSummary, type CapturedMessage, type MessageMeta } from './captured-message';
import type { Mailbox } from './mailbox';
import { searchMessages, TOO_MANY_TERMS } from './search';
import type { IntakeStats } from './intake';

/**
 * The part of Mailpit's REST API v1 that testers use, answering exactly as Mailpit's own swagger
 * definition says (test/contracts/mailpit-api-v1.swagger.json): snake_case list envelopes,
 * PascalCase messages, plain-text errors, newest first. Fetching a message marks it read. Anything
 * else answers 501 in plain text rather than a wrong shape.
 */
const MAILPIT_VERSION = 'v1.21.0-sandbox';

const plain = (c: Context, status: 200 | 400 | 404 | 501, text: string) => c.text(text, status);

const Paging = z.object({
  start: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(50),
});

const ReadStatusBody = z.object({ IDs: z.array(z.string()).optional(), Read: z.boolean().default(false), Search: z.string().optional() });
const DeleteBody = z.object({ IDs: z.array(z.string()).optional() });

export function mailpitApi(mailbox: Mailbox, stats: IntakeStats, startedAtMs: number) {
  const app = new Hono();

  const envelope = (matching: MessageMeta[], start: number, limit: number) => {
    const all = mailbox.list();
    return {
      total: all.length,
      unread: all.filter((m) => !m.Read).length,
      messages_count: matching.length,
      messages_unread: matching.filter((m) => !m.Read).length,
      start,
      tags: [],
      messages: matching.slice(start, start + limit).map(toSummary),
    };
  };
  /** The messages a query matches, or the 400 answer for a query too costly to run. */
  const search = (c: Context, query: string): MessageMeta[] | Response =>
    searchMessages(mailbox.list(), query) ?? plain(c, 400, TOO_MANY_TERMS);
  const found = async (c: Context): Promise<CapturedMessage | Response> => {
    const meta = mailbox.get(c.req.param('ID') ?? '');
    return (meta && (await mailbox.full(meta))) ?? plain(c, 404, 'message not found');
  };

  app.get('/api/v1/info', (c) =>
    c.json({
      Version: MAILPIT_VERSION,
      LatestVersion: MAILPIT_VERSION,
      Database: 'embedded (sandbox store)',
      DatabaseSize: mailbox.totalBytes,
      Messages: mailbox.list().length,
      Unread: mailbox.list().filter((m) => !m.Read).length,
      Tags: {},
      RuntimeStats: {
        Memory: process.memoryUsage().rss,
        MessagesDeleted: mailbox.deletedSinceStart,
        SMTPAccepted: stats.accepted,
        SMTPAcceptedSize: stats.acceptedSize,
        SMTPRejected: stats.rejected,
        SMTPIgnored: 0,
        Uptime: Math.floor((Date.now() - startedAtMs) / 1000),
      },
    }),
  );

  app.get('/api/v1/messages', (c) => {
    const paging = Paging.safeParse(c.req.query());
    if (!paging.success) return plain(c, 400, 'invalid start or limit');
    return c.json(envelope(mailbox.list(), paging.data.start, paging.data.limit));
  });

  app.put('/api/v1/messages', async (c) => {
    const body = await readJsonObject(c, 1024 * 1024);
    if (!body.ok) return plain(c, 400, body.description);
    const request = ReadStatusBody.safeParse(body.value);
    if (!request.success) return plain(c, 400, 'invalid request body');
    const { IDs, Read, Search } = request.data;
    const matching = IDs && IDs.length > 0 ? IDs : Search ? search(c, Search) : mailbox.list();
    if (matching instanceof Response) return matching;
    await mailbox.setRead(
      matching.map((m) => (typeof m === 'string' ? m : m.ID)),
      Read,
    );
    return plain(c, 200, 'ok');
  });

  app.delete('/api/v1/messages', async (c) => {
    let ids: string[] | undefined;
    if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding')) {
      const body = await readJsonObject(c, 1024 * 1024);
      if (!body.ok) return plain(c, 400, body.description);
      const request = DeleteBody.safeParse(body.value);
      if (!request.success) return plain(c, 400, 'invalid request body');
      ids = request.data.IDs;
    }
    await mailbox.delete(ids && ids.length > 0 ? ids : mailbox.list().map((m) => m.ID));
    return plain(c, 200, 'ok');
  });

  app.get('/api/v1/search', (c) => {
    const query = c.req.query('query');
    if (!query) return plain(c, 400, 'no search query');
    const paging = Paging.safeParse(c.req.query());
    if (!paging.success) return plain(c, 400, 'invalid start or limit');
    const matching = search(c, query);
    return matching instanceof Response ? matching : c.json(envelope(matching, paging.data.start, paging.data.limit));
  });

  app.delete('/api/v1/search', async (c) => {
    const query = c.req.query('query');
    if (!query) return plain(c, 400, 'no search query');
    const matching = search(c, query);
    if (matching instanceof Response) return matching;
    await mailbox.delete(matching.map((m) => m.ID));
    return plain(c, 200, 'ok');
  });

  app.get('/api/v1/tags', (c) => c.json([]));

  app.get('/api/v1/message/:ID', async (c) => {
    const message = await found(c);
    if (message instanceof Response) return message;
    await mailbox.setRead([message.ID], true);
    return c.json(toMessage(message));
  });

  app.get('/api/v1/message/:ID/headers', async (c) => {
    const message = await found(c);
    if (message instanceof Response) return message;
    return c.json(Object.fromEntries(Object.entries(message.Headers).sort(([a], [b]) => a.localeCompare(b))));
  });

  app.get('/api/v1/message/:ID/raw', async (c) => {
    const message = await found(c);
    if (message instanceof Response) return message;
    return c.text(message.Raw, 200, { 'content-type': 'message/rfc822' });
  });

  app.get('/view/:file', async (c) => {
    const file = /^(.+)\.(html|txt)$/.exec(c.req.param('file'));
    if (!file) return plain(c, 404, 'not found');
    const meta = mailbox.get(file[1]!);
    const message = meta && (await mailbox.full(meta));
    if (!message) return plain(c, 404, 'message not found');
    if (file[2] === 'txt') return c.text(message.Text);
    if (!message.HTML) return plain(c, 404, 'message has no HTML part');
    return c.html(linksOpenInNewTab(message.HTML), 200, CAPTURED_HTML_HEADERS);
  });

  app.all('/api/v1/*', (c) =>
    plain(
      c,
      501,
      `${c.req.method} ${c.req.path} is not implemented by the sandbox's embedded capture; use a real Mailpit (MAIL_CAPTURE=external) for it`,
    ),
  );
  app.notFound((c) => plain(c, 404, 'not found'));
  return app;
}
