import { INVITATION_SUBJECTS } from '../templates';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Ajv } from 'ajv';
import { MailpitClient } from 'mailpit-api';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox';
import { gpSystem, testSandbox } from '../../../test/support/harness';
import { scenarioById } from '../../../scenarios/catalogue';

/**
 * The embedded capture, exercised through the real SMTP path and read back with the mailpit-api
 * client, with every response checked against Mailpit's own swagger definitions.
 */
const swagger = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../test/contracts/mailpit-api-v1.swagger.json'), 'utf8'));
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'mailpit', definitions: swagger.definitions, responses: swagger.responses });
const conforms = (pointer: string, value: unknown) => {
  const validate = ajv.getSchema(`mailpit#${pointer}`)!;
  const ok = validate(value);
  return ok ? 'conforms' : ajv.errorsText(validate.errors);
};

let sandbox: Sandbox;
let mailpit: MailpitClient;
let smtp: Transporter;
beforeEach(async () => {
  sandbox = await testSandbox();
  mailpit = new MailpitClient(sandbox.mailpitUrl);
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: sandbox.capture!.smtpPort, secure: false, ignoreTLS: true });
});
afterEach(async () => {
  smtp.close();
  await sandbox.close();
});

const send = (to: string, subject: string, extra: Partial<SendMailOptions> = {}) =>
  smtp.sendMail({
    from: 'GP Surgery <gp@example.org>',
    to,
    subject,
    text: `Hello ${to}, about ${subject}`,
    html: `<p>Hello <b>${to}</b></p>`,
    ...extra,
  });

describe('Mailpit API contract', () => {
  it("lists newest first with Mailpit's envelope and summary shapes", async () => {
    await send('a@example.com', 'First');
    await send('b@example.com', 'Second', { cc: 'c@example.com', attachments: [{ filename: 'note.txt', content: 'hi' }] });
    const list = await mailpit.listMessages();
    expect(conforms('/definitions/MessagesSummary', list)).toBe('conforms');
    expect(list.messages.map((m) => m.Subject)).toEqual(['Second', 'First']);
    expect(list).toMatchObject({ total: 2, unread: 2, messages_count: 2, messages_unread: 2, start: 0, tags: [] });
    expect(list.messages[0]!.Attachments).toBe(1);
    expect(list.messages[1]!.Cc).toEqual([]);
    expect(list.messages[0]!.Snippet).toContain('Hello b@example.com');
  });

  it('pages with start and limit', async () => {
    for (const n of [1, 2, 3]) await send('p@example.com', `Page ${n}`);
    const page = await mailpit.listMessages(1, 1);
    expect(page.messages.map((m) => m.Subject)).toEqual(['Page 2']);
    expect(page).toMatchObject({ start: 1, messages_count: 3 });
  });

  it('returns a full message (array attachments, Date, no Created/Read/Snippet) and marks it read', async () => {
    await send('full@example.com', 'Full', { attachments: [{ filename: 'a.txt', content: 'x' }] });
    const message = await mailpit.getMessageSummary();
    expect(conforms('/definitions/Message', message)).toBe('conforms');
    expect(message).not.toHaveProperty('Created');
    expect(message).not.toHaveProperty('Read');
    expect(message).not.toHaveProperty('Snippet');
    expect(message.Attachments).toHaveLength(1);
    expect(message.From).toEqual({ Name: 'GP Surgery', Address: 'gp@example.org' });
    expect((await mailpit.listMessages()).unread).toBe(0);
  });

  it('serves headers, raw source and rendered views', async () => {
    await send('views@example.com', 'Views');
    const headers = await mailpit.getMessageHeaders();
    expect(conforms('/responses/MessageHeadersResponse/schema', headers)).toBe('conforms');
    expect(headers.Subject).toEqual(['Views']);
    expect(Object.keys(headers)).toEqual([...Object.keys(headers)].sort((a, b) => a.localeCompare(b)));
    expect(await mailpit.getMessageSource()).toMatch(/^[\s\S]*Subject: Views/m);
    expect(await mailpit.renderMessageHTML()).toContain('<b>views@example.com</b>');
    expect(await mailpit.renderMessageText()).toContain('Hello views@example.com');
  });

  it('searches by to, from, subject, quoted phrase, bare word and read state', async () => {
    await send('alice@example.com', 'Invitation to set up');
    await send('bob@example.com', 'Reminder', { from: 'other@example.net' });
    const ids = async (query: string) => (await mailpit.searchMessages({ query })).messages.map((m) => m.Subject);
    expect(await ids('to:alice@example.com')).toEqual(['Invitation to set up']);
    expect(await ids('from:other@example.net')).toEqual(['Reminder']);
    expect(await ids('subject:"to set up"')).toEqual(['Invitation to set up']);
    expect(await ids('"about reminder"')).toEqual(['Reminder']);
    expect(await ids('invitation')).toEqual(['Invitation to set up']);
    expect(await ids('-to:alice@example.com')).toEqual(['Reminder']);
    await mailpit.setReadStatus({ Search: 'to:bob@example.com', Read: true });
    expect(await ids('is:read')).toEqual(['Reminder']);
    expect(await ids('is:unread')).toEqual(['Invitation to set up']);
    const result = await mailpit.searchMessages({ query: 'to:alice@example.com' });
    expect(conforms('/definitions/MessagesSummary', result)).toBe('conforms');
  });

  it('deletes by ID, by search and all', async () => {
    for (const to of ['x@example.com', 'y@example.com', 'z@example.com']) await send(to, `For ${to}`);
    const { messages } = await mailpit.listMessages();
    expect(await mailpit.deleteMessages({ IDs: [messages[0]!.ID] })).toBe('ok');
    expect(await mailpit.deleteMessagesBySearch({ query: 'to:y@example.com' })).toBe('ok');
    expect((await mailpit.listMessages()).messages.map((m) => m.Subject)).toEqual(['For x@example.com']);
    await mailpit.deleteMessages();
    expect((await mailpit.listMessages()).total).toBe(0);
  });

  it('answers info in its shape', async () => {
    await send('info@example.com', 'Info');
    const info = await mailpit.getInfo();
    expect(conforms('/definitions/AppInformation', info)).toBe('conforms');
    expect(info).toMatchObject({ Messages: 1, Unread: 1 });
  });

  it('answers plain-text 404 for an unknown message and 501 for what it does not implement', async () => {
    const unknown = await fetch(`${sandbox.mailpitUrl}/api/v1/message/nope`);
    expect([unknown.status, unknown.headers.get('content-type')?.startsWith('text/plain')]).toEqual([404, true]);
    const chaos = await fetch(`${sandbox.mailpitUrl}/api/v1/chaos`);
    expect(chaos.status).toBe(501);
    expect(await chaos.text()).toMatch(/not implemented/);
  });

  it('waitForMessage works unchanged', async () => {
    setTimeout(() => void send('later@example.com', 'Later'), 100);
    const message = await mailpit.waitForMessage({ query: 'to:later@example.com' }, { timeout: 5000, interval: 50 });
    expect(message.Subject).toBe('Later');
  });
});

describe('robustness', () => {
  it('survives garbage on the SMTP port and keeps what it holds', async () => {
    await send('kept@example.com', 'Kept');
    await new Promise<void>((resolve) => {
      const socket = net.connect(sandbox.capture!.smtpPort, '127.0.0.1', () => {
        socket.write('\x00\xff GARBAGE\r\nEHLO\r\nMAIL FROM:<<<>>>\r\nDATA\r\n'.repeat(50));
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
    });
    await send('after@example.com', 'After');
    expect((await mailpit.listMessages()).messages.map((m) => m.Subject)).toEqual(['After', 'Kept']);
  });

  it('refuses an oversized message without losing the others', async () => {
    await send('kept@example.com', 'Kept');
    await expect(send('big@example.com', 'Big', { text: 'x'.repeat(11 * 1024 * 1024) })).rejects.toThrow(/552|exceeds|size/i);
    expect((await mailpit.listMessages()).messages.map((m) => m.Subject)).toEqual(['Kept']);
  });

  it('drops the oldest past the configured maximum', async () => {
    const small = await testSandbox({ mailMaxMessages: '2' });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: small.capture!.smtpPort, secure: false, ignoreTLS: true });
    for (const n of [1, 2, 3]) await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: `M${n}`, text: 'x' });
    transport.close();
    const list = await new MailpitClient(small.mailpitUrl).listMessages();
    expect(list.messages.map((m) => m.Subject)).toEqual(['M3', 'M2']);
    await small.close();
  });
});

describe('external mode', () => {
  it('delivers to the configured SMTP server and starts no embedded listener', async () => {
    const received: string[] = [];
    const external = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => external.listen(0, '127.0.0.1', () => resolve()));
    const port = (external.server.address() as net.AddressInfo).port;
    const sandboxExternal = await testSandbox({ mailCapture: 'external', smtpPort: String(port), mailpitUrl: 'http://127.0.0.1:1' });
    expect(sandboxExternal.capture).toBeNull();
    const provision = await gpSystem(sandboxExternal);
    expect((await provision(scenarioById.get('create')!.request)).body.code).toBe('create');
    await sandboxExternal.mail.drain();
    expect(received.join()).toContain(`Subject: ${INVITATION_SUBJECTS.create}`);
    await sandboxExternal.close();
    await new Promise<void>((resolve) => external.close(() => resolve()));
  });
});
