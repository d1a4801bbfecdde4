import type { Transporter } from 'nodemailer';
import type { AcceptComposed } from './capture/intake';
import { composeMime } from './mime';

/**
 * How a queued email leaves the sandbox (outbox.ts decides when). Both ways send the same MIME
 * message (mime.ts), so the capture keeps the same raw source, headers and parts either way:
 * - in process, to the embedded capture: the message is handed to it directly, with no SMTP socket
 *   per mail (issue #31: a new TCP connection per invitation was a quarter of the time under load,
 *   and the sockets ran out), together with the parts it was composed from, so the capture need not
 *   parse it back;
 * - over SMTP, to an external Mailpit (`MAIL_CAPTURE=external`): a pooled transport, a few
 *   connections kept open and reused.
 * The Date header is real time, when the message leaves (the sandbox clock may have been moved).
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which provisioning request the message belongs to (an X- header, for tracing). */
  provisioningId?: string;
}

export interface Delivery {
  /** Resolves once the receiver has the message; rejects otherwise (an SMTP 5xx carries `responseCode`). */
  deliver(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * Messages handed to the embedded capture at once. Each waits for two fsyncs (its body, then its
 * metadata) and the outbox's removal for a third, a few ms each here: with 8 at a time delivery
 * stayed near 8 messages per commit and fell behind provisioning (issue #31). Those in flight are
 * already in memory (the outbox holds them), so many at once cost little.
 */
export const IN_PROCESS_AT_ONCE = 256;

export function inProcessDelivery(accept: AcceptComposed): Delivery {
  return {
    deliver: (email) => accept(composeMime(email, Date.now())),
    close: () => undefined,
  };
}

export function smtpDelivery(smtp: { host: string; port: number }, connections: number): Delivery {
  // Imported when an external capture is configured, not at start-up: nodemailer is 300 KB of the
  // built package's main chunk, which V8 parses before the first request even when the embedded
  // capture (the default) never uses it (issue #31).
  const transport: Promise<Transporter> = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({
      pool: true,
      maxConnections: connections,
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5000,
    }),
  );
  return {
    deliver: async (email) => {
      const { raw, envelope } = composeMime(email, Date.now());
      // A copy: nodemailer's envelope type has an index signature, which the capture's interface lacks.
      await (await transport).sendMail({ raw, envelope: { ...envelope } });
    },
    close: () => void transport.then((opened) => opened.close()),
  };
}
