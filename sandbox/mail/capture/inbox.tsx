import type { Child } from 'hono/jsx';
import { linksIn } from '../../text/links';
import { nhsDateTime } from '../../text/nhs-dates';
import { HtmlDocument } from '../../ui/html-document';
import { CAPTURED_HTML_SANDBOX } from '../captured-html';
import type { CapturedMessage, MailAddress, MessageMeta } from './captured-message';

/**
 * The capture's own inbox at `/` on its port, where Mailpit users look for it: the list (search,
 * paging, newest first, refreshing itself), and each message with its HTML, text, headers and raw
 * source, and a delete button. Rendered on the server with hono's JSX, which escapes every value;
 * the message's HTML is only ever shown through `/view/{ID}.html`, which answers under a CSP sandbox
 * (no script, opaque origin; links open in a new tab) inside a sandboxed frame.
 */
export const INBOX_SCRIPT_PATH = '/inbox/assets/inbox.js';
export const INBOX_STYLES_PATH = '/inbox/assets/inbox.css';
export const MESSAGE_VIEWS = ['html', 'text', 'headers', 'raw'] as const;
export type MessageView = (typeof MESSAGE_VIEWS)[number];

const VIEW_LABELS: Record<MessageView, string> = { html: 'HTML', text: 'Text', headers: 'Headers', raw: 'Raw' };

const messages = (count: number) => `${count} ${count === 1 ? 'message' : 'messages'}`;
const address = (a: MailAddress) => (a.Name ? `${a.Name} <${a.Address}>` : a.Address);
const received = (m: MessageMeta) => nhsDateTime(Date.parse(m.Created));

/** An address kept whole on its line (it moves to the next line rather than break), broken only when longer than a line. */
function Address(props: { of: MailAddress }) {
  const { Name, Address: email } = props.of;
  const whole = (
    <span class="address" data-address>
      {Name ? `<${email}>` : email}
    </span>
  );
  return Name ? (
    <>
      {Name} {whole}
    </>
  ) : (
    whole
  );
}

function InboxShell(props: { title: string; children: Child }) {
  return (
    <HtmlDocument title={`${props.title} – sandbox mail capture`} stylesheets={[INBOX_STYLES_PATH]} scripts={[INBOX_SCRIPT_PATH]}>
      <header class="inbox-header">
        <a href="/">Sandbox mail capture</a>
        <span>Mailpit-compatible · every message here is test data</span>
      </header>
      <main class="inbox-main" id="maincontent">
        {props.children}
      </main>
    </HtmlDocument>
  );
}

export function InboxPage(props: {
  messages: MessageMeta[];
  matching: number;
  total: number;
  /** The newest message of all, searched for or not: what the page's refresh compares with. */
  newestId: string;
  query: string;
  start: number;
  limit: number;
}) {
  const { start, limit, query } = props;
  const page = (from: number) => `/?${new URLSearchParams({ ...(query ? { q: query } : {}), start: String(from) }).toString()}`;
  return (
    <InboxShell title="Inbox">
      <h1>Inbox</h1>
      <form method="get" action="/" class="inbox-search" role="search">
        <label class="nhsuk-label" for="q">
          Search (words, <code>to:</code>, <code>from:</code>, <code>subject:</code>, <code>is:unread</code>)
        </label>
        <input class="nhsuk-input nhsuk-input--width-30" id="q" name="q" type="search" value={query} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Search
        </button>
      </form>
      <p role="status" data-count>
        {query ? `${props.matching} of ${messages(props.total)} ${props.matching === 1 ? 'matches' : 'match'}` : messages(props.total)}
      </p>
      <table class="inbox" data-inbox data-total={String(props.total)} data-latest={props.newestId}>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
          </tr>
        </thead>
        <tbody>
          {props.messages.map((m) => (
            <tr data-message={m.ID} class={m.Read ? undefined : 'unread'}>
              <td data-label="Received">{received(m)}</td>
              <td data-label="From">
                <Address of={m.From} />
              </td>
              <td data-label="To">
                {m.To.map((a, i) => (
                  <>
                    {i > 0 && ', '}
                    <Address of={a} />
                  </>
                ))}
              </td>
              <td data-label="Subject">
                <a href={`/view/${m.ID}`}>{m.Subject || '(no subject)'}</a>
                {m.Read ? null : <span class="nhsuk-u-visually-hidden"> (unread)</span>}
                <div class="snippet">{m.Snippet}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="inbox-paging" aria-label="Pages">
        {start > 0 && <a href={page(Math.max(0, start - limit))}>Newer messages</a>}
        {start + limit < props.matching && <a href={page(start + limit)}>Older messages</a>}
      </nav>
      {props.matching > 0 && (
        <form method="post" action="/delete">
          <input type="hidden" name="q" value={query} />
          <button class="nhsuk-button nhsuk-button--warning" type="submit">
            {query
              ? props.matching === 1
                ? 'Delete the matching message'
                : `Delete the ${props.matching} matching messages`
              : 'Delete all messages'}
          </button>
        </form>
      )}
    </InboxShell>
  );
}

export function MessagePage(props: { message: CapturedMessage; view: MessageView }) {
  const m = props.message;
  const links = linksIn(m.Text);
  return (
    <InboxShell title={m.Subject || '(no subject)'}>
      <a class="nhsuk-back-link" href="/">
        Back to the inbox
      </a>
      <h1>{m.Subject || '(no subject)'}</h1>
      <dl class="nhsuk-summary-list">
        {(
          [
            ['From', address(m.From)],
            ['To', m.To.map(address).join(', ')],
            ['Received', received(m)],
            ['Size', `${m.Size} bytes`],
          ] as const
        ).map(([key, value]) => (
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">{key}</dt>
            <dd class="nhsuk-summary-list__value">{value}</dd>
          </div>
        ))}
        {links.length > 0 && (
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Links</dt>
            <dd class="nhsuk-summary-list__value">
              {links.map((link) => (
                <p>
                  <a href={link} data-link>
                    {link}
                  </a>
                </p>
              ))}
            </dd>
          </div>
        )}
      </dl>
      <nav class="message-views" aria-label="Message views">
        {MESSAGE_VIEWS.map((view) => (
          <a href={`/view/${m.ID}?view=${view}`} aria-current={view === props.view ? 'page' : undefined}>
            {VIEW_LABELS[view]}
          </a>
        ))}
      </nav>
      <section aria-label={VIEW_LABELS[props.view]} data-view={props.view}>
        {props.view === 'html' &&
          (m.HTML ? (
            <iframe class="message-html" title={`${m.Subject} (HTML)`} src={`/view/${m.ID}.html`} sandbox={CAPTURED_HTML_SANDBOX}></iframe>
          ) : (
            <p>This message has no HTML part.</p>
          ))}
        {props.view === 'text' && <pre>{m.Text}</pre>}
        {props.view === 'headers' && (
          <table class="inbox">
            <tbody>
              {Object.entries(m.Headers)
                .sort(([a], [b]) => a.localeCompare(b))
                .flatMap(([name, values]) =>
                  values.map((value) => (
                    <tr>
                      <th scope="row">{name}</th>
                      <td>{value}</td>
                    </tr>
                  )),
                )}
            </tbody>
          </table>
        )}
        {props.view === 'raw' && <pre>{m.Raw}</pre>}
      </section>
      <form method="post" action={`/view/${m.ID}/delete`}>
        <button class="nhsuk-button nhsuk-button--warning" type="submit">
          Delete this message
        </button>
      </form>
    </InboxShell>
  );
}

export const INBOX_CSS = `
body{margin:0}.inbox-header{background:#005eb8;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
.inbox-header a{color:#fff;font-weight:700;font-size:20px}.inbox-main{padding:16px 24px}
.inbox-search{display:flex;gap:8px 12px;align-items:flex-end;flex-wrap:wrap;margin-bottom:16px}.inbox-search .nhsuk-label{width:100%;margin:0}
.inbox-search .nhsuk-input,.inbox-search .nhsuk-button{margin:0}
table.inbox{border-collapse:collapse;width:100%;background:#fff;font-size:16px}
table.inbox th,table.inbox td{border-bottom:1px solid #d8dde0;padding:8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
tr.unread td{font-weight:700}.snippet{font-weight:400;color:#4c6272;font-size:14px}
.inbox-paging{display:flex;gap:24px;margin:16px 0}
.message-views{display:flex;gap:4px;margin:16px 0;border-bottom:2px solid #d8dde0}
.message-views a{padding:8px 16px}.message-views a[aria-current]{background:#fff;font-weight:700;border:2px solid #d8dde0;border-bottom:none}
iframe.message-html{width:100%;height:640px;border:1px solid #d8dde0;background:#fff}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;padding:12px;font-size:14px}
.address{display:inline-block;max-width:100%;white-space:nowrap}
@media (max-width:40em),print{.address{white-space:normal;overflow-wrap:anywhere}.inbox-header,.inbox-main{padding-left:16px;padding-right:16px}
table.inbox thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.inbox,table.inbox tbody,table.inbox tr,table.inbox th,table.inbox td{display:block}
table.inbox tr{border-bottom:2px solid #d8dde0;padding:6px 0}table.inbox th,table.inbox td{border:0;padding:2px 8px}
table.inbox td[data-label]::before{content:attr(data-label) ": ";font-weight:700;color:#4c6272}}`;

/**
 * The list notices new mail by itself: every two seconds it asks the API for the newest message
 * and reloads when the count or the newest one changed (same search, same page). Without script
 * the page is the same, and reloading it is enough.
 */
export const INBOX_JS = `
const inbox = document.querySelector('table[data-inbox]');
if (inbox) {
  setInterval(async () => {
    const response = await fetch('/api/v1/messages?limit=1').catch(() => null);
    if (!response || !response.ok) return;
    const answer = await response.json();
    const latest = answer.messages.length ? answer.messages[0].ID : '';
    if (String(answer.total) !== inbox.dataset.total || latest !== inbox.dataset.latest) location.reload();
  }, 2000);
}`;
