import type { OutcomeSource } from '../provisioning/outcome-codes';
import type { PdsRefusal } from '../provisioning/pds-refusal';

/**
 * Every way the claiming journey can stop short of a P9 account: the one table the pages, the
 * state machine, the scenario catalogue, the features and the tests read.
 *
 * Headings, wording and references are the public design prototype's (NHSDigital/nhslogin-
 * provisioning-2023, app/views/discovery-2023/error/<page>.html, named in `prototypePage`), with
 * the configured durations in place of its fixed "15 minutes" and "7 days". A reference is shown
 * only where the prototype shows one: its code-lockout, code-request, link-open, wrong-password
 * and session pages show none (CID1124 is commented out there; CID1121 and CID1131 belong to the
 * older prototype's single-wrong-code and single-wrong-date-of-birth pages, so the sandbox never
 * reuses them). A reference the sandbox invents starts with SANDBOX_REFERENCE_PREFIX, so nobody
 * mistakes it for NHS login's.
 */
export interface ClaimStop {
  /** The reference the page shows, or null where the prototype's page shows none. */
  reference: string | null;
  /** HTTP status of the page that explains the stop. */
  status: 403 | 409 | 410 | 429 | 503;
  title: string;
  /** What the patient is told, one paragraph each, with the configured durations in words. */
  guidance: (durations: StopDurations) => readonly string[];
  /** A stop that lasts for the lockout window, whatever the patient does. */
  lockout: boolean;
  source: OutcomeSource;
  /** The prototype page the stop follows (error/<name>.html), absent for the sandbox's own. */
  prototypePage?: string;
}

/** References the sandbox invents (no public evidence): visibly not NHS login's own CID numbers. */
export const SANDBOX_REFERENCE_PREFIX = 'SANDBOX-';

/**
 * The heading of the page where the journey ends well: the prototype's create-account and
 * existing-uplift steps-completed pages both say "You have set up an NHS login".
 */
export const CLAIM_DONE_HEADING = 'You have set up an NHS login';

/** The configured limits a stop page names, already in words ("15 minutes", "7 days"). */
export interface StopDurations {
  lockout: string;
  inactivity: string;
  invitationLifetime: string;
}

const MUST_WAIT = (d: StopDurations) => `You must wait ${d.lockout} before you can try again by using the link in the email.`;
const GP_CHECK = 'You will need to contact your GP surgery and ask them to check the details on your NHS record.';
const ONE_ACCOUNT_EACH = [
  'You will need to contact your GP surgery about sending another request to a different email.',
  'This is because each person can only have one NHS login account.',
  'If you cannot remember creating an NHS login account, visit the NHS login help centre for further help.',
];

export const claimStops = {
  'invitation-expired': {
    reference: 'CID11013',
    status: 410,
    title: 'Your invitation to set up an NHS login has expired',
    guidance: (d) => [
      `This is because you received your invitation more than ${d.invitationLifetime} ago and did not use it, or you have already used it to set up an NHS login.`,
      'If you want to set up an NHS login, you will need to ask your GP to send a new invitation.',
      'If you have already set up an NHS login, you can use it to access the NHS App.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'expired',
  },
  'too-many-link-opens': {
    reference: null,
    status: 429,
    title: 'You cannot continue',
    guidance: (d) => ['You have used the link in the email too many times.', `Wait ${d.lockout} then try again.`],
    lockout: true,
    source: 'prototype-evidence',
    prototypePage: 'email-link-lockout',
  },
  'too-many-wrong-codes': {
    reference: null,
    status: 429,
    title: 'You cannot continue',
    guidance: (d) => ['You have entered a wrong security code too many times.', MUST_WAIT(d)],
    lockout: true,
    source: 'prototype-evidence',
    prototypePage: 'wrongotp',
  },
  'too-many-codes-requested': {
    reference: null,
    status: 429,
    title: 'You cannot continue',
    guidance: (d) => ['You have asked for a security code too many times.', MUST_WAIT(d)],
    lockout: true,
    source: 'prototype-evidence',
    prototypePage: 'lockoutotp',
  },
  'too-many-wrong-passwords': {
    reference: null,
    status: 429,
    title: 'You cannot continue',
    guidance: (d) => [
      'You have entered the wrong password too many times.',
      `You must wait up to ${d.lockout} before you can try again by using the link in the email.`,
    ],
    lockout: true,
    source: 'prototype-evidence',
    prototypePage: 'wrong-password',
  },
  'too-many-wrong-dobs': {
    reference: 'CID1134',
    status: 429,
    title: 'You cannot continue',
    guidance: (d) => [
      'You have entered the wrong date of birth too many times.',
      `You must wait ${d.lockout} before you can try again.`,
      'If you keep getting this message, speak to your GP and make sure they have your correct date of birth.',
    ],
    lockout: true,
    source: 'prototype-evidence',
    prototypePage: 'lockoutdob',
  },
  'session-timed-out': {
    reference: null,
    status: 403,
    title: 'Your session has ended',
    guidance: (d) => [
      `This is to keep your information secure, because you have been inactive on NHS login for ${d.inactivity}.`,
      'To continue, try using the link in the email again.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'timeout',
  },
  'details-not-mine': {
    reference: 'CID11023',
    status: 409,
    title: 'This NHS record does not match your details',
    guidance: () => [
      'If you are sure these are not your details, contact us and let us know.',
      'If you chose this option by mistake, go back and change your answer.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'wrong-details',
  },
  'technical-failure': {
    reference: 'CID11000',
    status: 503,
    title: 'Something went wrong',
    guidance: () => ['We are having technical problems. Try using the link in the email again.'],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'generic',
  },
  'no-pds-record': {
    reference: 'CID11007',
    status: 409,
    title: 'We cannot find an NHS record that matches your details',
    guidance: () => [GP_CHECK],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'pds-no-match',
  },
  'details-changed': {
    reference: 'CID11008',
    status: 409,
    title: 'We cannot set up your NHS login right now',
    guidance: () => [
      'Your NHS login details do not match the details on your NHS record.',
      'You will need to contact your GP surgery and ask them to update the details on your NHS record.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'pds-mobile-change',
  },
  'restricted-record': {
    reference: `${SANDBOX_REFERENCE_PREFIX}11019`,
    status: 409,
    title: 'You cannot set up an NHS login this way',
    guidance: () => ['Your NHS record cannot be used to set up an NHS login through your GP surgery.', 'Contact your GP surgery for help.'],
    lockout: false,
    source: 'sandbox-defined',
  },
  'deceased-no-account': {
    reference: 'CID11018',
    status: 409,
    title: 'There is a problem',
    guidance: () => ['We were unable to set up an NHS login account for you.', GP_CHECK],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'account-disabled-dead-no-account',
  },
  'deceased-with-account': {
    reference: 'CID11001',
    status: 409,
    title: 'There is a problem',
    guidance: () => [
      'Your NHS login may have been disabled.',
      'Contact your GP surgery and ask them to check the details on your NHS record.',
      'If you still cannot access your account contact us.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'account-disabled-dead-with-account',
  },
  'account-disabled': {
    reference: 'CID11002',
    status: 409,
    title: 'You cannot use your NHS login',
    guidance: () => [
      'There is a problem that we are looking at.',
      'You will not be able to use your NHS login until we have fixed the problem. This is to keep your health information secure.',
      'Try again and then contact us if you still cannot access your account.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'account-disabled',
  },
  'already-p9': {
    reference: 'CID11005',
    status: 409,
    title: 'You already have an NHS login account',
    guidance: () => ['You can use your NHS login to access the NHS App.'],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'already-account-p9',
  },
  'nhs-number-has-account': {
    reference: 'CID11006',
    status: 409,
    title: 'There is already an NHS login account linked to this NHS number',
    guidance: () => [
      'An account was set up using this NHS number, with a different email address.',
      'You can use the email linked to this account to access the NHS App.',
      'If you cannot remember creating an NHS login account, visit the NHS login help centre for further help.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'already-account-p5',
  },
  'email-taken-p9': {
    reference: 'CID11004',
    status: 409,
    title: 'There is already an NHS login account with this email',
    guidance: () => ONE_ACCOUNT_EACH,
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'already-account-email-p9',
  },
  'email-taken-lower': {
    reference: 'CID11009',
    status: 409,
    title: 'There is already an NHS login account with this email',
    guidance: () => ONE_ACCOUNT_EACH,
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'already-account-email-p5',
  },
  'proofing-in-progress': {
    reference: 'CID1100X',
    status: 409,
    title: 'You have already sent us proof of who you are',
    guidance: () => [
      'We are currently checking some details you have already sent us to verify your identity.',
      'We will email you to let you know if they pass our checks. It may take up to 24 hours for us to email you.',
    ],
    lockout: false,
    source: 'prototype-evidence',
    prototypePage: 'already-pyi-in-progress',
  },
} as const satisfies Record<string, ClaimStop>;

export type ClaimStopId = keyof typeof claimStops;

/**
 * The stop a patient meets for a PDS-state refusal at a claim-time re-check
 * (provisioning/pds-refusal.ts): the stop of the same name, but for two the pages name differently.
 */
export const pdsRefusalStop = (refusal: PdsRefusal): ClaimStopId =>
  refusal === 'no-current-record' ? 'no-pds-record' : refusal === 'details-differ' ? 'details-changed' : refusal;
