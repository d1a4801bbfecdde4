import { renderStatic } from '../ui/render-static';
import { html } from 'hono/html';
import type { PatientRecord } from '../pds/patient';
import type { OutgoingEmail } from './outbox';

/**
 * The emails the service sends, after the public design prototype: invitation (create / uplift),
 * the confirmation once the account is set up, and the account-details reminder after 11006. They carry the patient's first name and the
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

/** The invitation's subject, as the prototype has it (email/*.html), one per outcome. */
export const INVITATION_SUBJECTS = { create: 'Invite to set up your NHS login', uplift: 'Finish setting up your NHS login' } as const;
/** The invitation's button, the same for both outcomes in the prototype. */
export const INVITATION_BUTTON = 'Finish setting up your NHS login';

export function invitationEmail(args: {
  patient: PatientRecord;
  to: string;
  outcome: 'create' | 'uplift';
  link: string;
  /** How long the link works, in words ("7 days"). */
  validFor: string;
  practiceName: string;
  provisioningId: string;
}): OutgoingEmail {
  const name = `${args.patient.givenNames[0]!} ${args.patient.familyName}`;
  const subject = INVITATION_SUBJECTS[args.outcome];
  const finish =
    args.outcome === 'create'
      ? 'create a password and confirm your details'
      : 'enter the password you set up with your NHS login account and confirm your details';
  const lines = [
    `Dear ${name},`,
    `${args.practiceName} recommends that you use the NHS App.`,
    'With NHS login you can use the NHS App to view your GP health record, manage your appointments and order repeat prescriptions.',
    `To finish setting up your NHS login, we will send a 6-digit security code to the mobile number registered with your GP surgery. Then ${finish}.`,
    `This invitation will expire in ${args.validFor}.`,
  ];
  const text = [...lines.slice(0, 4), `${INVITATION_BUTTON}: ${args.link}`, lines[4]!].join('\n\n');
  const body = html`${lines.slice(0, 4).map((line) => html`<p>${line}</p>`)}
    <p>
      <a href="${args.link}" style="background:#007f3b;color:#fff;padding:10px 16px;text-decoration:none">${INVITATION_BUTTON}</a>
    </p>
    <p>Or copy this link: ${args.link}</p>
    <p>${lines[4]}</p>`;
  return { to: args.to, subject, text, html: renderStatic(layout(subject, body)), provisioningId: args.provisioningId };
}

export const ACCOUNT_REMINDER_SUBJECT = 'Account details reminder from NHS login';

/**
 * After 11006 (the patient already has an NHS login under another address): the prototype's
 * reminder, sent to that account's own address, naming it, with where to manage and get help.
 */
export function accountReminderEmail(args: {
  to: string;
  patient: PatientRecord | undefined;
  settingsUrl: string;
  helpUrl: string;
}): OutgoingEmail {
  const greeting = args.patient ? `Dear ${args.patient.givenNames[0]!} ${args.patient.familyName},` : 'Hello,';
  const lines = [
    greeting,
    'Your GP asked us to remind you of the email address used to create your NHS login account.',
    `Your NHS login account uses this email address: ${args.to}`,
    'Use it to sign in to the NHS App and other NHS services.',
  ];
  const text = [...lines, `Manage your NHS login: ${args.settingsUrl}`, `Get help with NHS login: ${args.helpUrl}`].join('\n\n');
  const body = html`${lines.map((line) => html`<p>${line}</p>`)}
    <p><a href="${args.settingsUrl}">Manage your NHS login</a></p>
    <p><a href="${args.helpUrl}">Get help with NHS login</a></p>`;
  return { to: args.to, subject: ACCOUNT_REMINDER_SUBJECT, text, html: renderStatic(layout(ACCOUNT_REMINDER_SUBJECT, body)) };
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
