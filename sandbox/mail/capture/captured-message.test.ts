import { describe, expect, it } from 'vitest';
import { scenarioPatientList } from '../../../fixtures/patients';
import { inProcessDelivery, type OutgoingEmail } from '../delivery';
import { accountReminderEmail, confirmationEmail, invitationEmail } from '../templates';
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
      patient,
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
      patient,
      to: 'pat@example.com',
      outcome: 'uplift',
      link: 'http://localhost:3000/claim/def',
      validFor: '7 days',
      practiceName: 'Practice',
      provisioningId: 'prov-2',
    }),
  ],
  ['account reminder', accountReminderEmail({ to: 'pat@example.com', patient })],
  ['confirmation', confirmationEmail({ to: 'pat@example.com', provisioningId: 'prov-3' })],
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
    const { ID: parsedId, ...parsed } = await parseMessage(message.raw, receivedAtMs, message.envelope);
    expect(fromParts).toEqual(parsed);
    expect(composedId).not.toBe(parsedId);
    expect(fromParts.Subject).toBe(email.subject);
    expect(fromParts.Headers['X-Provisioning-ID']).toEqual(email.provisioningId ? [email.provisioningId] : undefined);
  });
});
