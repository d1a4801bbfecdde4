import { randomUUID } from 'node:crypto';
import { encodeWords, foldLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap } from 'nodemailer/lib/qp';
import type { OutgoingEmail } from './delivery';

/**
 * The sandbox's own email as a MIME message: a text and an HTML alternative, both quoted-printable
 * UTF-8. Written here, not by nodemailer's MailComposer (issue #31: its stream pipeline took about
 * 1 ms of CPU per invitation, more than the rest of the mail path together); the encodings are
 * still nodemailer's (quoted-printable, encoded words). What it writes is plain: the sender, one
 * recipient (an ASCII address, as provisioning checks), a subject, a Message-ID and a Date.
 */
export interface ComposedMime {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  /** The parts as a reader decoding the message gets them back: line ends as LF. */
  text: string;
  html: string;
}

const SENDER = { name: 'NHS login', address: 'no-reply@login.sandbox.example.com' } as const;
const MESSAGE_ID_DOMAIN = SENDER.address.slice(SENDER.address.indexOf('@') + 1);

/** A subject that is not plain ASCII goes as encoded words (RFC 2047), a long one folded (RFC 5322). */
const subjectLine = (subject: string) => foldLines(`Subject: ${isPlainText(subject) ? subject : encodeWords(subject, 'Q', 52, true)}`, 76);

/** Quoted-printable with CRLF line ends and lines of at most 76 characters (RFC 2045). */
const encodedBody = (text: string) => wrap(quotedPrintable(text.replace(/\n/g, '\r\n')), 76);
const lfLineEnds = (text: string) => text.replace(/\r\n?/g, '\n');

export function composeMime(email: OutgoingEmail, nowMs: number): ComposedMime {
  // "=_" never occurs in quoted-printable text ("=" starts only "=XX" or a soft line break), so the
  // boundary cannot appear inside either part.
  const boundary = `=_${randomUUID()}`;
  const headers = [
    `From: ${SENDER.name} <${SENDER.address}>`,
    `To: ${email.to}`,
    subjectLine(email.subject),
    `Message-ID: <${randomUUID()}@${MESSAGE_ID_DOMAIN}>`,
    `Date: ${new Date(nowMs).toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    ...(email.provisioningId ? [`X-Provisioning-ID: ${email.provisioningId}`] : []),
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
  ];
  const text = lfLineEnds(email.text);
  const html = lfLineEnds(email.html);
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', encodedBody(body)].join(
      '\r\n',
    );
  const raw = [...headers, '', part('text/plain', text), part('text/html', html), `--${boundary}--`, ''].join('\r\n');
  return { raw: Buffer.from(raw), envelope: { from: SENDER.address, to: [email.to] }, text, html };
}
