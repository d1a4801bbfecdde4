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
/** Mailpit-style 22-character IDs. */
const newMessageId = (): string => Array.from(randomBytes(22), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');

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

const addresses = (value: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((group) => group.value)
    .slice(0, MAX_ADDRESSES)
    .map((a) => ({ Name: cut(a.name ?? ''), Address: cut(a.address ?? '') }));

/**
 * Loaded with the first message, not at start-up: mailparser is a large part of the start-up time.
 * Kept once loaded: every `import()` goes through the module loader again (under tsx, a round trip
 * to its loader thread per message, issue #31).
 */
let mailparser: Promise<typeof MailParser> | undefined;

export async function parseMessage(raw: Buffer, receivedAtMs: number, envelope: { from?: string; to: string[] }): Promise<CapturedMessage> {
  const { simpleParser } = await (mailparser ??= import('mailparser'));
  const parsed: ParsedMail = await simpleParser(raw, { skipImageLinks: true });
  const headers: Record<string, string[]> = {};
  for (const line of parsed.headerLines) {
    const name = line.line.slice(0, line.line.indexOf(':')).trim();
    const value = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (headers[name] ??= []).push(value);
  }
  const attachments = parsed.attachments.slice(0, MAX_ATTACHMENTS).map((a, i) => ({
    PartID: String(i + 2),
    FileName: cut(a.filename ?? ''),
    ContentType: cut(a.contentType),
    ContentID: cut(a.contentId ?? ''),
    Size: a.size,
    Checksums: { MD5: a.checksum ?? '', SHA1: '', SHA256: '' },
  }));
  const received = new Date(receivedAtMs).toISOString();
  const to = addresses(parsed.to);
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const visible = text || textOfHtml(html.slice(0, SNIPPET_SOURCE_CHARS));
  const message = {
    ID: newMessageId(),
    MessageID: cut((parsed.messageId ?? '').replace(/^<|>$/g, ''), MAX_SUBJECT),
    From: addresses(parsed.from)[0] ?? { Name: '', Address: cut(envelope.from ?? '') },
    To: to.length > 0 ? to : envelope.to.slice(0, MAX_ADDRESSES).map((Address) => ({ Name: '', Address: cut(Address) })),
    Cc: addresses(parsed.cc),
    Bcc: addresses(parsed.bcc),
    ReplyTo: addresses(parsed.replyTo),
    ReturnPath: cut(envelope.from ?? ''),
    Subject: cut(parsed.subject ?? '', MAX_SUBJECT),
    Date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : received,
    Created: received,
    Size: raw.length,
    Read: false,
    Tags: [],
    Text: text,
    HTML: html,
    Attachments: attachments.filter((a, i) => parsed.attachments[i]!.contentDisposition !== 'inline'),
    // (attachments beyond MAX_ATTACHMENTS are in the raw source only)
    Inline: attachments.filter((a, i) => parsed.attachments[i]!.contentDisposition === 'inline'),
    Headers: headers,
    Raw: raw.toString('utf8'),
    Snippet: visible.replace(/\s+/g, ' ').trim().slice(0, 250),
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
