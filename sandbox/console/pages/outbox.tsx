// Captured emails and texts.
import type { OutboxStatus } from '../../mail/outbox';
import type { TextMessage } from '../../sms/sms-outbox';
import { CAPTURED_HTML_SANDBOX } from '../../mail/captured-html';
import { AdminForm, ConsolePage } from '../layout';
import { ConsoleTable, InputField, LogTime, when } from '../components';

export interface ConsoleEmail {
  id: string;
  to: string;
  subject: string;
  created: string;
  links: string[];
}

/** Queue depth and delivery lag (issue #31): how far behind the capture the sandbox's outgoing mail is. */
function MailQueueLine({ queue }: { queue: OutboxStatus }) {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    <p class="muted" data-mail-queue={queue.queued}>
      Waiting for delivery: {queue.queued} of at most {queue.capacity} emails
      {queue.queued > 0 ? `, the oldest for ${seconds(queue.oldestQueuedMs)}` : ''}.{' '}
      {queue.lastDeliveryLagMs === null ? '' : `Last delivered ${seconds(queue.lastDeliveryLagMs)} after it was queued. `}
      Delivered since start: {queue.delivered}; retries {queue.retried}; refused for good {queue.failed}.
    </p>
  );
}

export function OutboxPage(props: {
  to: string;
  emails: ConsoleEmail[];
  texts: TextMessage[];
  queue: OutboxStatus;
  inboxUrl: string;
  version: string;
}) {
  return (
    <ConsolePage title="Outbox" current="/console/outbox">
      <div data-live-version={props.version}>
        <form method="get" action="/console/outbox" class="field-row">
          <InputField id="to" label="Recipient (email or mobile)" width={20} value={props.to} />
          <button class="nhsuk-button" type="submit">
            Filter
          </button>
        </form>
        <p class="muted">
          Refreshes by itself when mail or a text arrives. Every message, with its headers and raw source, is also in the{' '}
          <a href={`${props.inboxUrl}/`}>mail capture's inbox</a>.
        </p>
        <MailQueueLine queue={props.queue} />
        <AdminForm action="/_sandbox/mail" method="DELETE" label="Clear emails" secondary />
        <AdminForm action="/_sandbox/sms" method="DELETE" label="Clear text messages" secondary />
        <h2>Text messages ({props.texts.length})</h2>
        <ConsoleTable headings={['sent', 'to', 'message']}>
          <tbody>
            {props.texts.map((t) => (
              <tr data-sms>
                <td>
                  <LogTime at={t.sentAt} />
                </td>
                <td>{t.to}</td>
                <td>{t.body}</td>
              </tr>
            ))}
          </tbody>
        </ConsoleTable>
        <h2>Emails ({props.emails.length})</h2>
        {props.emails.map((e) => (
          <section data-email={e.id}>
            <h3>{e.subject}</h3>
            <p class="muted">
              to {e.to} · {when(e.created)}
            </p>
            {e.links.map((link) => (
              <p>
                Link: <a href={link}>{link}</a>
              </p>
            ))}
            <p class="row-actions">
              <a href={`${props.inboxUrl}/view/${e.id}?view=headers`}>Headers</a>
              <a href={`${props.inboxUrl}/view/${e.id}?view=raw`}>Raw source</a>
            </p>
            <iframe
              class="email"
              title={`Email: ${e.subject}`}
              sandbox={CAPTURED_HTML_SANDBOX}
              src={`/console/outbox/${e.id}/html`}
            ></iframe>
            <AdminForm action={`/_sandbox/mail/${e.id}`} method="DELETE" label="Delete this email" secondary />
          </section>
        ))}
      </div>
    </ConsolePage>
  );
}
