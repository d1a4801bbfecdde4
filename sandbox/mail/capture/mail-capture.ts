import type { Clock } from '../../clock/clock';
import { listenHttp } from '../../server';
import type { Store } from '../../store/store';
import { Mailbox } from './mailbox';
import { mailpitApi } from './mailpit-api';
import { startSmtpListener, type SmtpStats } from './smtp-listener';

/**
 * The embedded, Mailpit-compatible capture: an SMTP listener and the Mailpit API on its own port
 * (Mailpit's defaults 1025 and 8025, so a real Mailpit is a drop-in replacement).
 */
export interface RunningCapture {
  smtpPort: number;
  httpPort: number;
  mailbox: Mailbox;
  close(): Promise<void>;
}

export async function startMailCapture(opts: {
  host: string;
  smtpPort: number;
  httpPort: number;
  maxMessages: number;
  store: Store;
  clock: Clock;
}): Promise<RunningCapture> {
  const mailbox = new Mailbox(opts.store, opts.maxMessages);
  const stats: SmtpStats = { accepted: 0, acceptedSize: 0, rejected: 0 };
  const smtp = await startSmtpListener({
    host: opts.host,
    port: opts.smtpPort,
    maxMessageBytes: 10 * 1024 * 1024,
    mailbox,
    clock: opts.clock,
    stats,
  });
  const app = mailpitApi(mailbox, stats, Date.now());
  const http = await listenHttp(app.fetch, { host: opts.host, port: opts.httpPort });
  return {
    smtpPort: smtp.port,
    httpPort: http.port,
    mailbox,
    close: async () => {
      await Promise.all([smtp.close(), http.close()]);
    },
  };
}
