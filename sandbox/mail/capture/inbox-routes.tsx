import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import * as z from 'zod';
import { decodeForm } from '../../http/form';
import { readTextWithin } from '../../http/json-body';
import { sameOriginForms } from '../../http/same-origin-forms';
import { assetRoutes } from '../../ui/assets';
import { INBOX_CSS, INBOX_JS, INBOX_SCRIPT_PATH, INBOX_STYLES_PATH, InboxPage, MESSAGE_VIEWS, MessagePage } from './inbox';
import type { Mailbox } from './mailbox';
import { searchMessages, TOO_MANY_TERMS } from './search';

/**
 * HTTP adapter for the inbox pages (inbox.tsx). The pages are the capture's own: nothing framed,
 * nothing loaded from elsewhere, forms only from the same origin. Deleting goes through the same
 * Mailbox calls as Mailpit's `DELETE /api/v1/…`.
 */
const INBOX_PAGE_SIZE = 50;
const FORM_LIMIT_BYTES = 16 * 1024;

const MAX_QUERY_CHARACTERS = 2000;
const InboxQuery = z.object({
  q: z.string().max(MAX_QUERY_CHARACTERS).default(''),
  start: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
const ViewQuery = z.object({ view: z.enum(MESSAGE_VIEWS).catch('html') });

const pageHeaders = secureHeaders({
  strictTransportSecurity: false,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
});

export function inboxRoutes(mailbox: Mailbox) {
  const app = new Hono();
  const matching = (query: string) => searchMessages(mailbox.list(), query);
  const tooManyTerms = (c: Context) => c.text(TOO_MANY_TERMS, 400);

  app.use('/', pageHeaders);
  app.use('/view/:ID{[A-Za-z0-9]+}', pageHeaders);
  for (const path of ['/delete', '/view/*']) app.use(path, sameOriginForms());
  app.route('/', assetRoutes());

  app.get(INBOX_STYLES_PATH, (c) => c.body(INBOX_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get(INBOX_SCRIPT_PATH, (c) => c.body(INBOX_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  app.get('/', (c) => {
    const query = InboxQuery.safeParse(c.req.query());
    if (!query.success) return c.text(`a search is at most ${MAX_QUERY_CHARACTERS} characters`, 400);
    const { q, start } = query.data;
    const found = matching(q);
    if (!found) return tooManyTerms(c);
    const all = mailbox.list();
    return c.html(
      <InboxPage
        messages={found.slice(start, start + INBOX_PAGE_SIZE)}
        matching={found.length}
        total={all.length}
        newestId={all[0]?.ID ?? ''}
        query={q}
        start={start}
        limit={INBOX_PAGE_SIZE}
      />,
    );
  });

  app.get('/view/:ID{[A-Za-z0-9]+}', async (c) => {
    const meta = mailbox.get(c.req.param('ID'));
    const message = meta && (await mailbox.full(meta));
    if (!message) return c.text('message not found', 404);
    await mailbox.setRead([message.ID], true);
    return c.html(<MessagePage message={message} view={ViewQuery.parse(c.req.query()).view} />);
  });

  app.post('/view/:ID{[A-Za-z0-9]+}/delete', async (c) => {
    await mailbox.delete([c.req.param('ID')]);
    return c.redirect('/', 303);
  });

  app.post('/delete', async (c) => {
    const text = await readTextWithin(c, FORM_LIMIT_BYTES);
    const form = text === null ? null : decodeForm(text);
    if (!form?.ok) return c.text('the form could not be read', 400);
    const q = form.params.get('q')?.[0] ?? '';
    if (q.length > MAX_QUERY_CHARACTERS) return c.text(`a search is at most ${MAX_QUERY_CHARACTERS} characters`, 400);
    const found = matching(q);
    if (!found) return tooManyTerms(c);
    await mailbox.delete(found.map((m) => m.ID));
    return c.redirect('/', 303);
  });
  return app;
}
