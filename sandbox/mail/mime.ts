import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWords, foldLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap } from 'nodemailer/lib/qp';
import type { ComposedMessage, MailAddress } from './capture/captured-message';
import type { OutgoingEmail } from './delivery';

/**
 * The sandbox's own email as a MIME message: a text and an HTML alternative in UTF-8. Written here,
 * not by nodemailer's MailComposer (issue #31: its stream pipeline took about 1 ms of CPU per
 * invitation, more than the rest of the mail path together); the encodings are still nodemailer's
 * (quoted-printable, encoded words). What it writes is plain: the sender, one recipient (an ASCII
 * address, as provisioning checks), a subject, a Message-ID and a Date. Composing it yields what a
 * reader parsing it gets back (header lines, addresses, parts), so the capture need not parse it.
 */
const SENDER: MailAddress = { Name: 'NHS login', Address: 'no-reply@login.sandbox.example.com' };
const MESSAGE_ID_DOMAIN = SENDER.Address.slice(SENDER.Address.indexOf('@') + 1);

/** A subject that is not plain ASCII goes as encoded words (RFC 2047), a long one folded (RFC 5322). */
const subjectLine = (subject: string) => foldLines(`Subject: ${isPlainText(subject) ? subject : encodeWords(subject, 'Q', 52, true)}`, 76);

/**
 * An address as it stands, with nothing an address parser would read as a name, a group or a
 * comment: what provisioning accepts (a dot-atom address, request-schema.ts). Anything else is read
 * back by nodemailer's address parser, which is what mailparser uses.
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/;
const recipients = (to: string): MailAddress[] =>
  PLAIN_ADDRESS.test(to) ? [{ Name: '', Address: to }] : addressparser(to).map((a) => ({ Name: a.name, Address: a.address ?? '' }));

/**
 * A part that is printable ASCII in lines of at most 998 octets goes as it is, `7bit` (RFC 2045
 * §2.7, RFC 5322 §2.1.1): every invitation does, and quoted-printable encoding its text and HTML
 * was half the CPU the mail path spent on the main thread (about 60 µs per invitation, issue #31).
 * Any other part goes quoted-printable, lines of at most 76 characters (RFC 2045 §6.7).
 */
const NOT_PRINTABLE_ASCII = /[^\t\n\x20-\x7e]/;
const MAX_LINE = 998;
function goesAsItIs(body: string): boolean {
  if (NOT_PRINTABLE_ASCII.test(body)) return false;
  for (let start = 0; ;) {
    const end = body.indexOf('\n', start);
    if ((end === -1 ? body.length : end) - start > MAX_LINE) return false;
    if (end === -1) return true;
    start = end + 1;
  }
}
const lfLineEnds = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
const crlfLineEnds = (text: string) => text.replace(/\n/g, '\r\n');

export function composeMime(email: OutgoingEmail, nowMs: number): ComposedMessage {
  // The boundary cannot appear inside either part: "=_" never occurs in quoted-printable text ("="
  // starts only "=XX" or a soft line break), and a part that would carry the boundary as it is (a
  // random UUID: it never will, but looking costs one scan) goes quoted-printable.
  const boundary = `=_${randomUUID()}`;
  const messageId = `<${randomUUID()}@${MESSAGE_ID_DOMAIN}>`;
  // Whole seconds: what the Date header says, and so what a reader parsing it gets back.
  const date = new Date(nowMs - (nowMs % 1000));
  const headerLines = [
    `From: ${SENDER.Name} <${SENDER.Address}>`,
    `To: ${email.to}`,
    subjectLine(email.subject),
    `Message-ID: ${messageId}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    ...(email.provisioningId ? [`X-Provisioning-ID: ${email.provisioningId}`] : []),
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
  ];
  const text = lfLineEnds(email.text);
  const html = lfLineEnds(email.html);
  const part = (type: string, body: string) => {
    const asItIs = goesAsItIs(body) && !body.includes(boundary);
    return [
      `--${boundary}`,
      `Content-Type: ${type}; charset=utf-8`,
      `Content-Transfer-Encoding: ${asItIs ? '7bit' : 'quoted-printable'}`,
      '',
      asItIs ? crlfLineEnds(body) : wrap(quotedPrintable(crlfLineEnds(body)), 76),
    ].join('\r\n');
  };
  const raw = [...headerLines, '', part('text/plain', text), part('text/html', html), `--${boundary}--`, ''].join('\r\n');
  return {
    raw,
    envelope: { from: SENDER.Address, to: [email.to] },
    headerLines,
    messageId,
    date,
    from: SENDER,
    to: recipients(email.to),
    subject: email.subject,
    text,
    html,
  };
}
