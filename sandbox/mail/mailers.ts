// What the service emails, and when: the invitation after a provision request is accepted, the
// account-details reminder after 11006, the confirmation once the patient has set up their NHS
// login. The wording is in templates.ts; the composition root hands these senders to the
// provisioning and claim services, which queue the mail (outbox.ts) without waiting for delivery.
import type { NhsLoginAccount } from '../accounts/account';
import type { Config } from '../config/config';
import type { PatientRecord } from '../pds/patient';
import { practiceName, type PracticeDirectory } from '../provisioning/practice';
import type { Invitation } from '../provisioning/provisioning';
import type { ProvisioningRecord } from '../provisioning/provisioning-record';
import { durationInWords } from '../text/durations';
import type { MailOutbox } from './outbox';
import { greetingName } from './templates';

export interface MailersDeps {
  config: Config;
  mail: MailOutbox;
  practices: PracticeDirectory;
  /** The patient PDS holds now, if any (no confirmation is sent for a patient PDS no longer has). */
  patient: (nhsNumber: string) => PatientRecord | undefined;
}

/** The claim link an invitation carries: the page that opens the claiming journey. */
const claimLink = (baseUrl: string, claimToken: string) => `${baseUrl}/claim/${claimToken}`;

export function mailers({ config, mail, practices, patient: patientNow }: MailersDeps) {
  return {
    sendInvitation: ({ record, claimToken, patient }: Invitation) =>
      config.sendEmail &&
      mail.send({
        template: 'invitation',
        args: {
          name: greetingName(patient),
          to: record.email,
          outcome: record.outcome,
          link: claimLink(config.publicBaseUrl, claimToken),
          validFor: durationInWords(config.invitationTtlDays * 86_400),
          practiceName: practiceName(practices, record.odsCode),
          provisioningId: record.id,
        },
      }),
    sendAccountReminder: (account: NhsLoginAccount, patient: PatientRecord | undefined) =>
      config.sendEmail &&
      mail.send({ template: 'account-reminder', args: { to: account.email, ...(patient ? { name: greetingName(patient) } : {}) } }),
    sendConfirmation: (invitation: ProvisioningRecord) => {
      if (patientNow(invitation.nhsNumber) && config.sendEmail)
        mail.send({ template: 'confirmation', args: { to: invitation.email, provisioningId: invitation.id } });
    },
    /** With email off nothing is queued, so there is always room. */
    mailQueueHasRoom: () => !config.sendEmail || mail.hasRoom(),
  };
}
