import { renderStatic } from '../ui/render-static';
import { html } from 'hono/html';
import { escapeToBuffer } from 'hono/utils/html';
import type { PatientRecord } from '../pds/patient';
import type { OutgoingEmail } from './delivery';

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

/** A patient's name as the emails greet them: first given name and family name. */
export const greetingName = (patient: PatientRecord): string => `${patient.givenNames[0]!} ${patient.familyName}`;

/** The invitation's subject, as the prototype has it (email/*.html), one per outcome. */
export const INVITATION_SUBJECTS = { create: 'Invite to set up your NHS login', uplift: 'Finish setting up your NHS login' } as const;
/** The invitation's button, the same for both outcomes in the prototype. */
export const INVITATION_BUTTON = 'Finish setting up your NHS login';

/** The NHS login pages the prototype's emails point to: help and settings live on the real service. */
const NHS_LOGIN_HELP: readonly [string, string] = [
  'To change your NHS login details and password or delete your NHS login if you no longer want to use it, visit: https://settings.login.nhs.uk/',
  'If you have technical issues, visit the NHS login help centre: https://help.login.nhs.uk/',
];
const DO_NOT_REPLY = 'Please do not reply to this email - this is an automated message';

/** What the NHS login opens up, as the prototype's success emails list it. */
const SERVICES = [
  'health and wellbeing services',
  'maternity and child health services',
  'online pharmacies',
  'online and video consultation services',
  'patient access services',
];

/** What an NHS login lets the patient do, as the prototype's invitations list it. */
const INVITATION_CAN_DO = ['view your GP health record', 'manage appointments', 'order repeat prescriptions'];
const FINISHING_HEADING = 'To finish setting up your account';

interface InvitationArgs {
  /** The patient's name as the invitation greets them (greetingName). */
  name: string;
  to: string;
  outcome: 'create' | 'uplift';
  link: string;
  /** How long the link works, in words ("7 days"). */
  validFor: string;
  practiceName: string;
  provisioningId: string;
}

/**
 * The invitation, worded as the prototype's email/invite-new-account.html and
 * existing-account-uplift.html. The sandbox adds the practice's name after "Your GP surgery" (it
 * serves many practices: a tester can tell invitations apart) and the link as text under the button.
 */
export function renderInvitation(args: InvitationArgs): OutgoingEmail {
  const subject = INVITATION_SUBJECTS[args.outcome];
  const opening = [
    `Dear ${args.name},`,
    `Your GP surgery (${args.practiceName}) has recommended that you use the NHS App. To access it you will need an NHS login account.`,
    'This means you can do things like:',
  ];
  const finishing = [
    'We need to send a 6 digit security code to the mobile phone number you used to register with your GP.',
    args.outcome === 'create'
      ? 'You will also need to create a password and then confirm the details we have for you are correct.'
      : 'You will need to enter the password you set up with your NHS login account and then confirm the details we have for you are correct.',
    `This invitation will expire in ${args.validFor}.`,
  ];
  // The uplift invitation alone carries the help block (existing-account-uplift.html).
  const help = args.outcome === 'uplift' ? NHS_LOGIN_HELP : [];
  const text = [
    ...opening,
    INVITATION_CAN_DO.map((thing) => `- ${thing}`).join('\n'),
    FINISHING_HEADING,
    ...finishing,
    `${INVITATION_BUTTON}: ${args.link}`,
    ...(help.length ? ['Help with NHS login', ...help] : []),
    DO_NOT_REPLY,
  ].join('\n\n');
  const body = html`${opening.map((line) => html`<p>${line}</p>`)}
    <ul>
      ${INVITATION_CAN_DO.map((thing) => html`<li>${thing}</li>`)}
    </ul>
    <h2>${FINISHING_HEADING}</h2>
    ${finishing.map((line) => html`<p>${line}</p>`)}
    <p>
      <a href="${args.link}" style="background:#007f3b;color:#fff;padding:10px 16px;text-decoration:none">${INVITATION_BUTTON}</a>
    </p>
    <p>Or copy this link: ${args.link}</p>
    ${
      help.length
        ? html`<h2>Help with NHS login</h2>
            ${help.map((line) => html`<p>${line}</p>`)}`
        : ''
    }
    <p>${DO_NOT_REPLY}</p>`;
  return { to: args.to, subject, text, html: renderStatic(layout(subject, body)), provisioningId: args.provisioningId };
}

/**
 * The invitation, filled in: rendered once for each outcome with a marker in place of each other
 * argument, then each invitation is the pieces between the markers with its own arguments in
 * between, escaped in the HTML as hono's html template escapes them, so it is the invitation
 * renderInvitation writes (a test holds them equal). Rendering it through hono's html template took
 * 12 µs per invitation, and its garbage (issue #31). Arguments holding the marker are rendered.
 */
export const invitationEmail = (args: InvitationArgs): OutgoingEmail => {
  const values = [args.name, args.to, args.link, args.validFor, args.practiceName, args.provisioningId];
  if (values.some((value) => value.includes(MARKER))) return renderInvitation(args);
  const pieces = (invitationPieces[args.outcome] ??= piecesOf(
    renderInvitation({
      outcome: args.outcome,
      name: marked(0),
      to: marked(1),
      link: marked(2),
      validFor: marked(3),
      practiceName: marked(4),
      provisioningId: marked(5),
    }),
  ));
  return {
    to: filledIn(pieces.to, values),
    subject: filledIn(pieces.subject, values),
    text: filledIn(pieces.text, values),
    html: filledIn(pieces.html, values, escapedHtml),
    provisioningId: filledIn(pieces.provisioningId, values),
  };
};

/**
 * NUL: no template writes one, and an argument holding one is rendered instead. A character of
 * Latin-1, so that the pieces, and the invitations made of them, are strings V8 holds one byte per
 * character: with a private-use marker every piece was two-byte, and writing the invitation out as
 * UTF-8 took five times as long (issue #31).
 */
const MARKER = '\u0000';
const marked = (index: number) => `${MARKER}${index}${MARKER}`;
/** A rendered text split at its markers (one each side of an argument's index): text, then the index of an argument, then text, and so on. */
type Pieces = string[];
type EmailPieces = Record<'to' | 'subject' | 'text' | 'html' | 'provisioningId', Pieces>;
const invitationPieces: Partial<Record<InvitationArgs['outcome'], EmailPieces>> = {};

function piecesOf(email: OutgoingEmail): EmailPieces {
  const split = (text: string) => text.split(MARKER);
  return {
    to: split(email.to),
    subject: split(email.subject),
    text: split(email.text),
    html: split(email.html),
    provisioningId: split(email.provisioningId!),
  };
}

function escapedHtml(value: string): string {
  const escaped: [string] = [''];
  escapeToBuffer(value, escaped);
  return escaped[0];
}

function filledIn(pieces: Pieces, values: string[], written: (value: string) => string = (value) => value): string {
  let text = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) text += written(values[Number(pieces[i])]!) + pieces[i + 1]!;
  return text;
}

export const ACCOUNT_REMINDER_SUBJECT = 'Account details reminder from NHS login';

/**
 * After 11006 (the patient already has an NHS login under another address): the prototype's
 * email/existing-account-recovery.html, sent to that account's own address.
 */
export function accountReminderEmail(args: { to: string; name?: string }): OutgoingEmail {
  const greeting = args.name ? `Dear ${args.name},` : 'Hello,';
  const lines = [
    greeting,
    'Your GP asked us to remind you of the email address used to create your NHS login account.',
    // The prototype says only that the email went to that address; naming it helps a reader who forwards it.
    `We have sent this email to the address you used to create your account: ${args.to}`,
  ];
  const help = [
    NHS_LOGIN_HELP[0],
    'If you have lost access to your mobile phone number you can visit: https://help.login.nhs.uk/manage/phonenumber/#you-have-lost-access-to-your-mobile-phone-number',
    NHS_LOGIN_HELP[1],
  ];
  const text = [...lines, 'Help with NHS login', ...help, DO_NOT_REPLY].join('\n\n');
  const body = html`${lines.map((line) => html`<p>${line}</p>`)}
    <h2>Help with NHS login</h2>
    ${help.map((line) => html`<p>${line}</p>`)}
    <p>${DO_NOT_REPLY}</p>`;
  return { to: args.to, subject: ACCOUNT_REMINDER_SUBJECT, text, html: renderStatic(layout(ACCOUNT_REMINDER_SUBJECT, body)) };
}

const CONFIRMATION_SUBJECT = 'You have set up an NHS login';

/**
 * Once the account is P9: the prototype's email/success-new-account.html and success-uplift.html,
 * which say the same for both (no greeting, where the login works, help and settings).
 */
export function confirmationEmail(args: { to: string; provisioningId: string }): OutgoingEmail {
  const subject = CONFIRMATION_SUBJECT;
  const opening = [
    'You have passed our checks and can now use your NHS login to access the NHS App: https://www.nhsapp.service.nhs.uk/login',
    'You can also use the service your GP has recommended and other digital health and care services. This includes:',
  ];
  const more =
    'To find out more about where you can use your NHS login, visit: https://www.nhs.uk/nhs-services/online-services/nhs-login/websites-and-apps-you-can-access-with-nhs-login/';
  const text = [
    subject,
    ...opening,
    SERVICES.map((service) => `- ${service}`).join('\n'),
    more,
    'Help with NHS login',
    ...NHS_LOGIN_HELP,
    DO_NOT_REPLY,
  ].join('\n\n');
  const body = html`<h1>${subject}</h1>
    ${opening.map((line) => html`<p>${line}</p>`)}
    <ul>
      ${SERVICES.map((service) => html`<li>${service}</li>`)}
    </ul>
    <p>${more}</p>
    <h2>Help with NHS login</h2>
    ${NHS_LOGIN_HELP.map((line) => html`<p>${line}</p>`)}
    <p>${DO_NOT_REPLY}</p>`;
  return { to: args.to, subject, text, html: renderStatic(layout(subject, body)), provisioningId: args.provisioningId };
}

/**
 * An email as the outbox queues it: which template, and what it is rendered from; rendered when it
 * is handed over. The rendered text and HTML took 2.6 KB of the store's log per invitation, written
 * and then deleted, where these take a few hundred bytes (issue #31). Rendering is pure, so the
 * email handed over is the one the caller asked for.
 */
export type TemplatedEmail =
  | { template: 'invitation'; args: Parameters<typeof invitationEmail>[0] }
  | { template: 'account-reminder'; args: Parameters<typeof accountReminderEmail>[0] }
  | { template: 'confirmation'; args: Parameters<typeof confirmationEmail>[0] };

export function renderEmail(email: TemplatedEmail): OutgoingEmail {
  switch (email.template) {
    case 'invitation':
      return invitationEmail(email.args);
    case 'account-reminder':
      return accountReminderEmail(email.args);
    case 'confirmation':
      return confirmationEmail(email.args);
  }
}
