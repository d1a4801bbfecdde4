import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AcceptComposed } from './capture/intake';

/**
 * How a queued email leaves the sandbox (outbox.ts decides when). Both ways compose the message
 * with nodemailer, so the capture keeps the same raw source, headers and MIME parts either way:
 * - in process, to the embedded capture: the composed message is handed to it directly, with no
 *   SMTP socket per mail (issue #31: a new TCP connection per invitation was a quarter of the time
 *   under load, and the sockets ran out), together with the parts it was composed from, so the
 *   capture need not parse it back; composed by nodemailer's MailComposer, what its transports use,
 *   without a transport's stream around it;
 * - over SMTP, to an external Mailpit (`MAIL_CAPTURE=external`): a pooled transport, a few
 *   connections kept open and reused.
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

const SENDER = 'NHS login (sandbox) <no-reply@login.sandbox.example.com>';

const mailOptions = (email: OutgoingEmail): SendMailOptions => ({
  from: SENDER,
  to: email.to,
  subject: email.subject,
  text: email.text,
  html: email.html,
  headers: email.provisioningId ? { 'X-Provisioning-Id': email.provisioningId } : {},
});

export function inProcessDelivery(accept: AcceptComposed): Delivery {
  return {
    async deliver(email) {
      const mime = new MailComposer(mailOptions(email)).compile();
      const raw = await mime.build();
      const { from, to } = mime.getEnvelope();
      await accept({ raw, envelope: { ...(from ? { from } : {}), to }, subject: email.subject, text: email.text, html: email.html });
    },
    close: () => undefined,
  };
}

export function smtpDelivery(smtp: { host: string; port: number }, connections: number): Delivery {
  const transport: Transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: connections,
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
  });
  return {
    deliver: async (email) => void (await transport.sendMail(mailOptions(email))),
    close: () => transport.close(),
  };
}
