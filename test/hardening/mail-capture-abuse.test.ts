import { statSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { textOfHtml } from '../../sandbox/mail/capture/captured-message';
import { freePort, SandboxProcess } from '../support/child-process';
import { gpSystemOverHttp } from '../support/gp-system-over-http';
import { testSandbox } from '../support/harness';

/**
 * Anyone who can reach the capture's SMTP port can send it mail. Whatever arrives, the capture
 * stays within its bounds, provisioning keeps working, and the data folder still starts.
 */
const sandbox = new SandboxProcess();
afterEach(() => sandbox.stop());

describe('hostile mail', () => {
  it(
    'five 9 MB messages: the oldest are dropped, the store stays small, provisioning and restarts keep working',
    { timeout: 120_000 },
    async () => {
      const ports = { 'smtp-port': await freePort(), 'mailpit-port': await freePort() };
      const flags = { ...ports, 'mail-max-bytes': 20 * 1024 * 1024, 'send-email': false };
      let running = await sandbox.start('mailflood-', { flags });
      const { dataDir } = sandbox;
      const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: ports['smtp-port'], secure: false, ignoreTLS: true });
      const big = 'x'.repeat(9 * 1024 * 1024);
      for (let i = 0; i < 5; i++) await smtp.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: `big ${i}`, text: big });
      // A read flag toggled twenty times on a large message must not rewrite it twenty times.
      const api = `http://127.0.0.1:${ports['mailpit-port']}/api/v1`;
      const list = (await (await fetch(`${api}/messages`)).json()) as { total: number; messages: { ID: string; Subject: string }[] };
      for (let i = 0; i < 20; i++) {
        await fetch(`${api}/messages`, {
          method: 'PUT',
          body: JSON.stringify({ IDs: [list.messages[0]!.ID], Read: i % 2 === 0 }),
          headers: { 'content-type': 'application/json' },
        });
      }
      smtp.close();
      expect(list.total).toBeLessThanOrEqual(2);
      expect(list.messages[0]!.Subject).toBe('big 4');
      // A search too costly to run is refused, not run.
      const costly = await fetch(`${api}/search?query=${encodeURIComponent(Array.from({ length: 1000 }, (_, i) => `-w${i}`).join(' '))}`);
      expect([costly.status, await costly.text()]).toEqual([400, 'a search may have at most 20 terms']);

      expect((await (await gpSystemOverHttp(running.baseUrl))(p.newPatient)).status).toBe(200);
      const storeBytes = statSync(path.join(dataDir, 'store.json')).size + statSync(path.join(dataDir, 'store.log.ndjson')).size;
      console.log(
        `[hardening] hostile mail: 45 MB sent, ${list.total} messages kept, store ${(storeBytes / 1024).toFixed(0)} KiB after 20 read toggles`,
      );
      expect(storeBytes).toBeLessThan(1024 * 1024);

      running = await sandbox.startAgain();
      expect((await fetch(`${running.baseUrl}/_health`)).status).toBe(200);
      expect(((await (await fetch(`http://127.0.0.1:${ports['mailpit-port']}/api/v1/messages`)).json()) as { total: number }).total).toBe(
        list.total,
      );
    },
  );

  it('an unclosed <style> hides its content from the snippet without swallowing the rest of the work', () => {
    expect(textOfHtml('<p>Hello</p><style>p{color:red}').trim()).toBe('Hello');
    expect(textOfHtml('<style>a{}</style><p>Link</p><script>x()</script>after').replace(/\s+/g, ' ').trim()).toBe('Link after');
    expect(textOfHtml(`<style>${'a{}'.repeat(150_000)}`).trim()).toBe('');
  });

  it('the inbox answers broken and hostile queries and forms with 4xx (never 5xx) and deletes only what it was asked to', async () => {
    const sandbox = await testSandbox();
    try {
      const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: sandbox.capture!.smtpPort, secure: false, ignoreTLS: true });
      await smtp.sendMail({ from: 'a@example.com', to: 'keep@example.com', subject: 'keep me', text: 'x' });
      smtp.close();
      const inbox = sandbox.mailpitUrl;
      const gets = [
        `/?q=${'x'.repeat(5000)}`,
        `/?q=${encodeURIComponent(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))}`,
        '/?start=-1',
        '/?start=abc',
        '/?start=99999999999999999999',
        '/?q=%00%1b%5b31m',
        '/view/nosuchmessage',
        `/view/${'A'.repeat(5000)}`,
        '/view/..%2F..%2Fetc%2Fpasswd',
      ];
      const statuses: Record<string, number> = {};
      for (const path of gets) statuses[`GET ${path.slice(0, 40)}`] = (await fetch(`${inbox}${path}`)).status;
      const forms = ['q=%ZZ', `q=${'x'.repeat(5000)}`, `q=${encodeURIComponent(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))}`];
      for (const body of forms)
        statuses[`POST /delete ${body.slice(0, 20)}`] = (
          await fetch(`${inbox}/delete`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        ).status;
      statuses['POST /view/nosuch/delete'] = (await fetch(`${inbox}/view/nosuch/delete`, { method: 'POST' })).status;
      expect(Object.entries(statuses).filter(([, status]) => status >= 500)).toEqual([]);
      expect(statuses[`GET ${gets[0]!.slice(0, 40)}`]).toBe(400);
      expect(statuses['POST /delete q=%ZZ']).toBe(400);
      expect(sandbox.capture!.mailbox.list().map((m) => m.Subject)).toEqual(['keep me']);
    } finally {
      await sandbox.close();
    }
  });
});
