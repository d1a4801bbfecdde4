import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { invitationLink } from '../support/harness';

/**
 * Issue #28: eleven cross-site image GETs to `/console/claim-link?to=…` ended a patient's claiming
 * session and locked the invitation, and "Open the claim link" followed whatever origin a captured
 * mail named. Over real sockets: no GET changes a claim, and the redirect stays on the sandbox.
 */
let running: StartedSandbox | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('no state changes by GET; redirects only to our own claim origin', () => {
  it('cross-site GETs and POSTs to "Open the claim link" open nothing; a same-origin POST opens our own link', async () => {
    running = await startSandbox(testConfig());
    const { sandbox, baseUrl } = running;
    const link = await invitationLink(sandbox, p.newPatient);
    const to = encodeURIComponent(p.newPatient.email!);
    const invitation = () => sandbox.provisioning.requests.findBy('byNhs', p.newPatient.nhsNumber)[0]!;
    const imageGet = { 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image', referer: 'https://attacker.example/' };
    for (let i = 0; i < 11; i++) {
      const answer = await fetch(`${baseUrl}/console/claim-link?to=${to}`, { headers: imageGet, redirect: 'manual' });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('location')).toBeNull();
    }
    const crossSitePost = await fetch(`${baseUrl}/console/claim-link`, {
      method: 'POST',
      headers: { ...form, origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
      body: `to=${to}`,
      redirect: 'manual',
    });
    expect(crossSitePost.status).toBe(403);
    // Nothing above opened the link: no session, no journey, no lockout.
    expect(sandbox.claims.journeys.get(invitation().id)).toBeUndefined();

    const own = await fetch(`${baseUrl}/console/claim-link`, {
      method: 'POST',
      headers: { ...form, origin: baseUrl },
      body: `to=${to}`,
      redirect: 'manual',
    });
    expect([own.status, own.headers.get('location')]).toEqual([303, new URL(link).pathname]);
  });

  it('a planted mail with a claim link of another origin is never where "Open the claim link" goes', async () => {
    running = await startSandbox(testConfig());
    const { sandbox, baseUrl } = running;
    const link = await invitationLink(sandbox, p.newPatient);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: sandbox.capture!.smtpPort, secure: false, ignoreTLS: true });
    const planted = (to: string) =>
      smtp.sendMail({
        from: 'noreply@nhs.example',
        to,
        subject: 'Invite to set up your NHS login',
        text: `Set up: https://evil.example.net/claim/${'A'.repeat(43)} or ${baseUrl}.evil.example.net/claim/${'B'.repeat(43)}`,
      });
    // Newer than the real invitation, so it is the first the console reads.
    await planted(p.newPatient.email!);
    await planted('only-planted@example.com');
    smtp.close();
    const open = (to: string) =>
      fetch(`${baseUrl}/console/claim-link`, {
        method: 'POST',
        headers: { ...form, origin: baseUrl },
        body: `to=${encodeURIComponent(to)}`,
        redirect: 'manual',
      });
    const real = await open(p.newPatient.email!);
    expect([real.status, real.headers.get('location')]).toEqual([303, new URL(link).pathname]);
    const onlyPlanted = await open('only-planted@example.com');
    expect([onlyPlanted.status, onlyPlanted.headers.get('location')]).toEqual([404, null]);
  });
});
