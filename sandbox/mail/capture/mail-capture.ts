import { Hono, type MiddlewareHandler } from 'hono';
import type { Clock } from '../../clock/clock';
import { listenHttp } from '../../server';
import type { Store } from '../../store/store';
import { Mailbox } from './mailbox';
import { memoryBodies } from './message-bodies';
import { openBodyLog } from './body-log';
import path from 'node:path';
import { inboxRoutes } from './inbox-routes';
import { mailpitApi } from './mailpit-api';
import { messageIntake, type AcceptComposed, type IntakeStats } from './intake';
import { startSmtpListener } from './smtp-listener';

/**
 * The embedded, Mailpit-compatible capture: an SMTP listener, and the Mailpit API with an inbox to
 * read in a browser on its own port (Mailpit's defaults 1025 and 8025, so a real Mailpit is a
 * drop-in replacement).
 */
export interface RunningCapture {
  smtpPort: number;
  httpPort: number;
  mailbox: Mailbox;
  /** Takes a message in without SMTP or parsing: how the sandbox's own outbox delivers (issue #31). */
  acceptComposed: AcceptComposed;
  close(): Promise<void>;
}

export async function startMailCapture(opts: {
  host: string;
  smtpPort: number;
  httpPort: number;
  maxMessages: number;
  maxBytes: number;
  /** Where message bodies are kept; null keeps them in memory. */
  dataDir: string | null;
  store: Store;
  clock: Clock;
  /** Guards in front of the Mailpit API: the same host allow-list and admin token as the sandbox. */
  guards: MiddlewareHandler[];
  headersTimeoutMs: number;
}): Promise<RunningCapture> {
  // Dead space in the body log is held to a quarter of the byte bound, so the folder stays near it.
  const bodies = opts.dataDir ? await openBodyLog(path.join(opts.dataDir, 'mail'), { maxDeadBytes: opts.maxBytes / 4 }) : memoryBodies();
  const mailbox = await Mailbox.open(opts.store, bodies, { maxMessages: opts.maxMessages, maxBytes: opts.maxBytes });
  const stats: IntakeStats = { accepted: 0, acceptedSize: 0, rejected: 0 };
  const { accept, acceptComposed } = messageIntake(mailbox, opts.clock, stats);
  // SMTP listens on loopback only, whatever HOST says: the sandbox's own mailer is the only sender
  // it needs, and a capture reachable from the network would take anyone's mail.
  const smtp = await startSmtpListener({
    host: '127.0.0.1',
    port: opts.smtpPort,
    maxMessageBytes: 10 * 1024 * 1024,
    accept,
    stats,
  });
  const app = new Hono();
  for (const guard of opts.guards) app.use('*', guard);
  app.route('/', inboxRoutes(mailbox));
  app.route('/', mailpitApi(mailbox, stats, Date.now()));
  const http = await listenHttp(app.fetch, { host: opts.host, port: opts.httpPort, headersTimeoutMs: opts.headersTimeoutMs });
  return {
    smtpPort: smtp.port,
    httpPort: http.port,
    mailbox,
    acceptComposed,
    close: async () => {
      await Promise.all([smtp.close(), http.close()]);
      await bodies.close();
    },
  };
}
