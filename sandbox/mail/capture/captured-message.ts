import { randomBytes } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

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

export interface CapturedMessage {
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
  Text: string;
  HTML: string;
  Attachments: MailAttachment[];
  Inline: MailAttachment[];
  Headers: Record<string, string[]>;
  Raw: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Mailpit-style 22-character IDs. */
export const newMessageId = (): string => Array.from(randomBytes(22), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');

const addresses = (value: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((group) => group.value)
    .map((a) => ({ Name: a.name ?? '', Address: a.address ?? '' }));

export async function parseMessage(raw: Buffer, receivedAtMs: number, envelope: { from?: string; to: string[] }): Promise<CapturedMessage> {
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
  const attachments = parsed.attachments.map((a, i) => ({
    PartID: String(i + 2),
    FileName: a.filename ?? '',
    ContentType: a.contentType,
    ContentID: a.contentId ?? '',
    Size: a.size,
    Checksums: { MD5: a.checksum ?? '', SHA1: '', SHA256: '' },
  }));
  const received = new Date(receivedAtMs).toISOString();
  const to = addresses(parsed.to);
  return {
    ID: newMessageId(),
    MessageID: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
    From: addresses(parsed.from)[0] ?? { Name: '', Address: envelope.from ?? '' },
    To: to.length > 0 ? to : envelope.to.map((Address) => ({ Name: '', Address })),
    Cc: addresses(parsed.cc),
    Bcc: addresses(parsed.bcc),
    ReplyTo: addresses(parsed.replyTo),
    ReturnPath: envelope.from ?? '',
    Subject: parsed.subject ?? '',
    Date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : received,
    Created: received,
    Size: raw.length,
    Read: false,
    Tags: [],
    Text: parsed.text ?? '',
    HTML: typeof parsed.html === 'string' ? parsed.html : '',
    Attachments: attachments.filter((a, i) => parsed.attachments[i]!.contentDisposition !== 'inline'),
    Inline: attachments.filter((a, i) => parsed.attachments[i]!.contentDisposition === 'inline'),
    Headers: headers,
    Raw: raw.toString('utf8'),
  };
}

/** A list entry (MessageSummary): Attachments is a count, plus Created, Read and Snippet. */
export function toSummary(m: CapturedMessage) {
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
    Snippet: snippet(m),
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

const snippet = (m: CapturedMessage): string => {
  const text = m.Text || m.HTML.replace(/<style[\s\S]*?<\/style>|<[^>]+>/g, ' ');
  return text.replace(/\s+/g, ' ').trim().slice(0, 250);
};
