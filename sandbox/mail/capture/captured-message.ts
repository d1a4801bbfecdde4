import { randomBytes } from 'node:crypto';
import type * as MailParser from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { MessageBody } from './message-bodies';

/**
 * A captured email in the shapes Mailpit's API uses (PascalCase fields). Kept with its raw
 * source so `/raw` and `/headers` answer from what was actually received.
 */
export interface MailAddress {
  Name: string;
  Address: string;
}

export interface MailAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

/** What the capture keeps in the store for a message: everything but its body, plus what lists and searches need. */
export interface MessageMeta {
  ID: string;
  MessageID: string;
  From: MailAddress;
  To: MailAddress[];
  Cc: MailAddress[];
  Bcc: MailAddress[];
  ReplyTo: MailAddress[];
  ReturnPath: string;
  Subject: string;
  /** The message's own Date header, else the time received. */
  Date: string;
  /** When the capture received it (sandbox clock). */
  Created: string;
  Size: number;
  Read: boolean;
  Tags: string[];
  Attachments: MailAttachment[];
  Inline: MailAttachment[];
  /** The list's preview text, computed once at capture. */
  Snippet: string;
  /** What a search for bare words looks in: subject, addresses and the start of the text, lower-cased, bounded. */
  SearchText: string;
}

/** A whole captured message: its metadata and its body. */
export type CapturedMessage = MessageMeta & MessageBody;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 22;
/**
 * Random bytes for IDs, drawn from the system a few KiB at a time, as node's randomUUID does: a
 * call into it for each message's 22 bytes cost about 4 µs (issue #31).
 */
let idBytes = Buffer.alloc(0);
let idBytesUsed = 0;
/** Mailpit-style 22-character IDs. */
function newMessageId(): string {
  if (idBytesUsed + ID_LENGTH > idBytes.length) {
    idBytes = randomBytes(ID_LENGTH * 128);
    idBytesUsed = 0;
  }
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[idBytes[idBytesUsed++]! % ID_ALPHABET.length];
  return id;
}

/**
 * What one message may put in the store's metadata, whatever its headers say (issue #28: the
 * address lists and header fields counted for nothing and grew the store): the first
 * MAX_ADDRESSES of each list, each name and address, the subject and the ids cut short.
 */
const MAX_ADDRESSES = 20;
const MAX_FIELD = 256;
const MAX_SUBJECT = 998; // RFC 5322's longest line
const MAX_ATTACHMENTS = 50;
const cut = (text: string, max = MAX_FIELD) => (text.length > max ? text.slice(0, max) : text);

/** What a message says, however it was read (parsed from SMTP, or composed by the sandbox itself). */
interface MessageParts {
  /** The header lines as received, by name, each value unfolded (as Mailpit's `/headers` shows them). */
  headers: Record<string, string[]>;
  messageId: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  date: Date | undefined;
  text: string;
  html: string;
  attachments: (Omit<MailAttachment, 'PartID'> & { inline: boolean })[];
}

const fromParser = (value: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((group) => group.value)
    .map((a) => ({ Name: a.name ?? '', Address: a.address ?? '' }));

/**
 * Loaded with the first message, not at start-up: mailparser is a large part of the start-up time.
 * Kept once loaded: every `import()` goes through the module loader again (under tsx, a round trip
 * to its loader thread per message, issue #31).
 */
let mailparser: Promise<typeof MailParser> | undefined;

/** A message received over SMTP: anyone's, so read by a full MIME parser. */
export async function parseMessage(raw: Buffer, receivedAtMs: number, envelope: Envelope): Promise<CapturedMessage> {
  const { simpleParser } = await (mailparser ??= import('mailparser'));
  const parsed: ParsedMail = await simpleParser(raw, { skipImageLinks: true });
  const parts: MessageParts = {
    headers: headerFields(parsed.headerLines.map((line) => line.line)),
    messageId: parsed.messageId ?? '',
    from: fromParser(parsed.from),
    to: fromParser(parsed.to),
    cc: fromParser(parsed.cc),
    bcc: fromParser(parsed.bcc),
    replyTo: fromParser(parsed.replyTo),
    subject: parsed.subject ?? '',
    date: parsed.date,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    attachments: parsed.attachments.slice(0, MAX_ATTACHMENTS).map((a) => ({
      FileName: a.filename ?? '',
      ContentType: a.contentType,
      ContentID: a.contentId ?? '',
      Size: a.size,
      Checksums: { MD5: a.checksum ?? '', SHA1: '', SHA256: '' },
      inline: a.contentDisposition === 'inline',
    })),
  };
  return capturedMessage(parts, { text: raw.toString('utf8'), bytes: raw.length }, receivedAtMs, envelope);
}

export interface Envelope {
  from?: string;
  to: string[];
}

/**
 * A message the sandbox composed itself (mime.ts): its raw source, and what a reader parsing it
 * gets back, known from composing it (issue #31: parsing our own MIME back, then its header block
 * and addresses, was a large part of the capture's time). A test holds this to what parsing the
 * raw source shows.
 */
export interface ComposedMessage {
  /** The source as sent (UTF-8 when encoded). */
  raw: string;
  envelope: Envelope;
  /** The header lines as written (folded, without their line ends). */
  headerLines: string[];
  /** As the Message-ID header has it, angle brackets included. */
  messageId: string;
  date: Date;
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  /** The parts as a reader decoding the message gets them back: line ends as LF. */
  text: string;
  html: string;
}

export function composedMessage(composed: ComposedMessage, receivedAtMs: number): CapturedMessage {
  const parts: MessageParts = {
    headers: headerFields(composed.headerLines),
    messageId: composed.messageId,
    from: [composed.from],
    to: composed.to,
    cc: [],
    bcc: [],
    replyTo: [],
    subject: composed.subject,
    date: composed.date,
    text: composed.text,
    html: composed.html,
    attachments: [],
  };
  return capturedMessage(parts, { text: composed.raw, bytes: Buffer.byteLength(composed.raw) }, receivedAtMs, composed.envelope);
}

/** Header lines (folded, as received) by name, each value unfolded. */
function headerFields(lines: string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (headers[name] ??= []).push(value);
  }
  return headers;
}

function capturedMessage(
  parts: MessageParts,
  raw: { text: string; bytes: number },
  receivedAtMs: number,
  envelope: Envelope,
): CapturedMessage {
  const bounded = (list: MailAddress[]) => list.slice(0, MAX_ADDRESSES).map((a) => ({ Name: cut(a.Name), Address: cut(a.Address) }));
  const attachments = parts.attachments.map(({ inline, ...a }, i) => ({
    attachment: { ...a, PartID: String(i + 2), FileName: cut(a.FileName), ContentType: cut(a.ContentType), ContentID: cut(a.ContentID) },
    inline,
  }));
  const received = new Date(receivedAtMs).toISOString();
  const to = bounded(parts.to);
  const visible = parts.text || textOfHtml(parts.html.slice(0, SNIPPET_SOURCE_CHARS));
  const message = {
    ID: newMessageId(),
    MessageID: cut(parts.messageId.replace(/^<|>$/g, ''), MAX_SUBJECT),
    From: bounded(parts.from)[0] ?? { Name: '', Address: cut(envelope.from ?? '') },
    To: to.length > 0 ? to : envelope.to.slice(0, MAX_ADDRESSES).map((Address) => ({ Name: '', Address: cut(Address) })),
    Cc: bounded(parts.cc),
    Bcc: bounded(parts.bcc),
    ReplyTo: bounded(parts.replyTo),
    ReturnPath: cut(envelope.from ?? ''),
    Subject: cut(parts.subject, MAX_SUBJECT),
    Date: parts.date && !Number.isNaN(parts.date.getTime()) ? parts.date.toISOString() : received,
    Created: received,
    Size: raw.bytes,
    Read: false,
    Tags: [],
    Text: parts.text,
    HTML: parts.html,
    Attachments: attachments.filter((a) => !a.inline).map((a) => a.attachment),
    // (attachments beyond MAX_ATTACHMENTS are in the raw source only)
    Inline: attachments.filter((a) => a.inline).map((a) => a.attachment),
    Headers: parts.headers,
    Raw: raw.text,
    Snippet: snippetOf(visible),
  };
  const searchable = [
    message.Subject,
    addressText([message.From]),
    addressText(message.To),
    addressText(message.Cc),
    visible.slice(0, SEARCH_TEXT_CHARS),
  ];
  return { ...message, SearchText: searchable.join('\n').toLowerCase() };
}

/**
 * The list's preview: the text with each run of white space as one space, trimmed, cut at 250
 * characters. Only runs that are not already a single space are replaced: replacing every run
 * took 10 µs of an invitation's 700 characters, this 3 µs (issue #31).
 */
const snippetOf = (visible: string) =>
  visible
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim()
    .slice(0, 250);

/** How much of a body feeds the snippet and the bare-word search: bounded, so neither depends on the message's size. */
const SNIPPET_SOURCE_CHARS = 64 * 1024;
const SEARCH_TEXT_CHARS = 4 * 1024;

export const addressText = (list: MailAddress[]): string => list.map((a) => `${a.Name} <${a.Address}>`).join(', ');

/**
 * The visible text of HTML, in one pass: tags become spaces, and `<style>`/`<script>` content is
 * skipped up to its closing tag (or the end, when it never closes). Written by hand because the
 * regular expression it replaces backtracked quadratically over an unclosed `<style>`.
 */
export function textOfHtml(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) {
      out += html.slice(i);
      break;
    }
    out += `${html.slice(i, open)} `;
    const raw = /^<(style|script)\b/.exec(lower.slice(open, open + 8));
    const close = html.indexOf('>', open);
    if (close === -1) break;
    if (raw) {
      const end = lower.indexOf(`</${raw[1]}`, close);
      i = end === -1 ? html.length : html.indexOf('>', end) + 1 || html.length;
    } else {
      i = close + 1;
    }
  }
  return out;
}

/** A list entry (MessageSummary): Attachments is a count, plus Created, Read and Snippet. */
export function toSummary(m: MessageMeta) {
  return {
    ID: m.ID,
    MessageID: m.MessageID,
    Read: m.Read,
    From: m.From,
    To: m.To,
    Cc: m.Cc,
    Bcc: m.Bcc,
    ReplyTo: m.ReplyTo,
    Subject: m.Subject,
    Created: m.Created,
    Username: '',
    Tags: m.Tags,
    Size: m.Size,
    Attachments: m.Attachments.length,
    Snippet: m.Snippet,
  };
}

/** A full Message: Attachments is an array; it has Date but no Created, Read or Snippet. */
export function toMessage(m: CapturedMessage) {
  return {
    ID: m.ID,
    MessageID: m.MessageID,
    From: m.From,
    To: m.To,
    Cc: m.Cc,
    Bcc: m.Bcc,
    ReplyTo: m.ReplyTo,
    ReturnPath: m.ReturnPath,
    Subject: m.Subject,
    ListUnsubscribe: { Header: '', Links: [], Errors: '', HeaderPost: '' },
    Date: m.Date,
    Tags: m.Tags,
    Username: '',
    Text: m.Text,
    HTML: m.HTML,
    Size: m.Size,
    Inline: m.Inline,
    Attachments: m.Attachments,
  };
}
