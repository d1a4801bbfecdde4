import { describe, expect, it } from 'vitest';
import { scenarioPatientList } from '../../../fixtures/patients';
import { inProcessDelivery, type OutgoingEmail } from '../delivery';
import { accountReminderEmail, confirmationEmail, greetingName, invitationEmail } from '../templates';
import { composedMessage, parseMessage, type ComposedMessage } from './captured-message';

/**
 * The sandbox's own mail reaches the capture with the parts it was composed from, not parsed back
 * (issue #31). What the inbox and the Mailpit API show of it must be what parsing its raw source
 * shows: raw source, headers, text, HTML, addresses, subject, date, snippet and search text.
 */
const patient = scenarioPatientList[0]!;
const emails: [string, OutgoingEmail][] = [
  [
    'invitation (create)',
    invitationEmail({
      name: greetingName(patient),
      to: 'pat@example.com',
      outcome: 'create',
      link: 'http://localhost:3000/claim/abc?x=1&y=2',
      validFor: '7 days',
      practiceName: "St Mary's & All Saints — Surgery",
      provisioningId: 'prov-1',
    }),
  ],
  [
    'invitation (uplift)',
    invitationEmail({
      name: greetingName(patient),
      to: 'pat@example.com',
      outcome: 'uplift',
      link: 'http://localhost:3000/claim/def',
      validFor: '7 days',
      practiceName: 'Practice',
      provisioningId: 'prov-2',
    }),
  ],
  ['account reminder', accountReminderEmail({ to: 'pat@example.com', name: greetingName(patient) })],
  ['confirmation', confirmationEmail({ to: 'pat@example.com', provisioningId: 'prov-3' })],
  [
    'plain ASCII message with trailing spaces, tabs, CRLFs, dots, dashes and a 998-character line',
    {
      to: "o'neil+x=y@example.com",
      subject: 'Plain',
      text: `Dear Pat,  \r\n\tindented\n.\n--not a boundary\n--=_\n${'x'.repeat(998)}\n\n`,
      html: `<p title="a=b">a &amp; b</p>\r\n\r\n<p>=_ and =3D</p> \n`,
    },
  ],
  [
    'ASCII message with a line longer than 998 characters',
    { to: 'pat@example.com', subject: 'Long', text: `${'y'.repeat(999)}\nend`, html: `<p>${'z '.repeat(600)}</p>` },
  ],
  [
    'message with a non-ASCII subject, long lines, trailing spaces and CRLFs',
    {
      to: 'zoe@example.com',
      subject: `Zoë’s invitation – ${'a long subject '.repeat(8)}`,
      text: `Dear Zoë,  \n\n${'word=value '.repeat(40)}\r\n.\nend `,
      html: `<p title="a=b">${'é'.repeat(200)}</p>\n<p>--=_not a boundary</p>`,
    },
  ],
];

async function composed(email: OutgoingEmail): Promise<ComposedMessage> {
  let handedOver: ComposedMessage | undefined;
  await inProcessDelivery((message) => Promise.resolve(void (handedOver = message))).deliver(email);
  return handedOver!;
}

describe('mail the sandbox composed', () => {
  it.each(emails)('shows the %s exactly as parsing its raw source would', async (_, email) => {
    const message = await composed(email);
    const receivedAtMs = Date.parse('2026-01-02T03:04:05Z');
    const { ID: composedId, ...fromParts } = composedMessage(message, receivedAtMs);
    const { ID: parsedId, ...parsed } = await parseMessage(Buffer.from(message.raw), receivedAtMs, message.envelope);
    expect(fromParts).toEqual(parsed);
    expect(composedId).not.toBe(parsedId);
    expect(fromParts.Subject).toBe(email.subject);
    expect(fromParts.Headers['X-Provisioning-ID']).toEqual(email.provisioningId ? [email.provisioningId] : undefined);
  });

  it('sends a part of printable ASCII in lines of at most 998 characters as it is, and any other quoted-printable', async () => {
    const encodings = async (email: OutgoingEmail) =>
      [...(await composed(email)).raw.matchAll(/^Content-Transfer-Encoding: (.*)$/gm)].map((found) => found[1]!.trim());
    const plain = { to: 'pat@example.com', subject: 'Plain' };
    expect(await encodings(emails[1]![1])).toEqual(['7bit', '7bit']);
    expect(await encodings({ ...plain, text: `${'a'.repeat(998)}\n`, html: '<p>\t</p>' })).toEqual(['7bit', '7bit']);
    expect(await encodings({ ...plain, text: 'a'.repeat(999), html: '<p>é</p>' })).toEqual(['quoted-printable', 'quoted-printable']);
    expect(await encodings({ ...plain, text: 'bell \u0007', html: '<p>nul \u0000</p>' })).toEqual(['quoted-printable', 'quoted-printable']);
  });
});
