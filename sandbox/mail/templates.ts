import { renderStatic } from '../ui/render-static';
import { html } from 'hono/html';
import type { PatientRecord } from '../pds/patient';
import type { OutgoingEmail } from './outbox';

/**
 * The emails the service sends, after the public design prototype: invitation (create / uplift)
 * and the confirmation once the account is set up. They carry the patient's first name and the
 * claim link only: never the NHS number, date of birth or mobile.
 */
const layout = (title: string, body: ReturnType<typeof html>) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
      </head>
      <body style="font-family: Arial, sans-serif; color: #212b32; max-width: 640px">
        <p style="background:#005eb8;color:#fff;padding:12px;font-weight:bold">NHS login</p>
        ${body}
        <p style="color:#4c6272;font-size:14px">This is a message from the NHS login provisioning sandbox. It is test data.</p>
      </body>
    </html>`;

export function invitationEmail(args: {
  patient: PatientRecord;
  to: string;
  outcome: 'create' | 'uplift';
  link: string;
  expiresAt: Date;
  practiceName: string;
  provisioningId: string;
}): OutgoingEmail {
  const name = args.patient.givenNames[0]!;
  const expires = args.expiresAt.toUTCString();
  const create = args.outcome === 'create';
  const subject = create ? 'Set up your NHS login' : 'Finish setting up your NHS login';
  const action = create ? 'set up your NHS login' : 'finish setting up your NHS login by signing in with your existing password';
  const text = [
    `Dear ${name},`,
    '',
    `${args.practiceName} has confirmed your identity and recommends the NHS App.`,
    'With NHS login you can book appointments, order repeat prescriptions and see your GP health record.',
    '',
    `Use this link to ${action}:`,
    args.link,
    '',
    `The link works until ${expires}. If it has expired, ask your GP surgery to send a new one.`,
  ].join('\n');
  const body = html`<p>Dear ${name},</p>
    <p>${args.practiceName} has confirmed your identity and recommends the NHS App.</p>
    <p>With NHS login you can book appointments, order repeat prescriptions and see your GP health record.</p>
    <p>
      <a href="${args.link}" style="background:#007f3b;color:#fff;padding:10px 16px;text-decoration:none"
        >${create ? 'Set up your NHS login' : 'Finish setting up your NHS login'}</a
      >
    </p>
    <p>Or copy this link: ${args.link}</p>
    <p>The link works until ${expires}. If it has expired, ask your GP surgery to send a new one.</p>`;
  return { to: args.to, subject, text, html: renderStatic(layout(subject, body)), provisioningId: args.provisioningId };
}

export function confirmationEmail(args: { patient: PatientRecord; to: string; provisioningId: string }): OutgoingEmail {
  const name = args.patient.givenNames[0]!;
  const subject = 'You have set up an NHS login';
  const text = `Dear ${name},\n\nYour GP has confirmed your identity and you have finished setting up your NHS login.\nYou can now use the NHS App and other NHS services.`;
  const body = html`<p>Dear ${name},</p>
    <p>Your GP has confirmed your identity and you have finished setting up your NHS login.</p>
    <p>You can now use the NHS App and other NHS services.</p>`;
  return { to: args.to, subject, text, html: renderStatic(layout(subject, body)), provisioningId: args.provisioningId };
}
