import type { OutcomeSource } from '../provisioning/outcome-codes';
import type { PdsRefusal } from '../provisioning/pds-refusal';

/**
 * Every way the claiming journey can stop short of a P9 account: the one table the pages, the
 * state machine, the scenario catalogue, the features and the tests read.
 *
 * References: where the public design prototype shows one it is used as shown: CID11013 for an
 * expired or used invitation (error/expired.html), CID1124 (wrong codes), CID1104 (wrong
 * information: passwords), CID11023 (details not the patient's), and the CID + provisioning-code
 * references (CID11007, CID11008…). References
 * marked `sandbox-defined` have no public evidence and are the sandbox's own choice (docs/decisions.md).
 */
export interface ClaimStop {
  reference: string;
  /** HTTP status of the page that explains the stop. */
  status: 403 | 409 | 410 | 429 | 503;
  title: string;
  /** What the patient is told, one paragraph each, with the configured durations in words. */
  guidance: (durations: StopDurations) => readonly string[];
  /** A stop that lasts for the lockout window, whatever the patient does. */
  lockout: boolean;
  source: OutcomeSource;
}

/**
 * The heading of the page where the journey ends well. A new account is "set up" (the prototype's
 * create success page and email); an existing login is "finished" — the uplift invitation's own
 * words ("Finish setting up your NHS login") — so an uplifted patient is not told they have a new one.
 */
export const CLAIM_DONE_HEADINGS = {
  create: 'You have set up an NHS login',
  uplift: 'You have finished setting up your NHS login',
} as const;

/** The configured limits a stop page names, already in words ("15 minutes", "7 days"). */
export interface StopDurations {
  lockout: string;
  inactivity: string;
  invitationLifetime: string;
}

const WAIT = (d: StopDurations) => `Wait ${d.lockout}, then use the link in your email again.`;
const GP_FIX =
  'Contact your GP surgery and ask them to check the details on your NHS record. They can send you a new invitation once the record is correct.';

export const claimStops = {
  'invitation-expired': {
    reference: 'CID11013',
    status: 410,
    title: 'Your invitation to set up an NHS login has expired',
    guidance: (d) => [
      `This is because it is older than ${d.invitationLifetime}, or it has already been used to set up an NHS login.`,
      'If you have not set up your NHS login yet, ask your GP surgery to send you a new invitation.',
      'If you have already set up your NHS login, you do not need to do anything: use it to sign in to the NHS App.',
    ],
    lockout: false,
    source: 'prototype-evidence',
  },
  'too-many-link-opens': {
    reference: 'CID1121',
    status: 429,
    title: 'You cannot continue at the moment',
    guidance: (d) => ['The link in your email has been opened too many times.', WAIT(d)],
    lockout: true,
    source: 'sandbox-defined',
  },
  'too-many-wrong-codes': {
    reference: 'CID1124',
    status: 429,
    title: 'You cannot continue at the moment',
    guidance: (d) => ['You entered the wrong security code too many times.', WAIT(d)],
    lockout: true,
    source: 'prototype-evidence',
  },
  'too-many-codes-requested': {
    reference: 'CID1125',
    status: 429,
    title: 'You cannot continue at the moment',
    guidance: (d) => ['You asked for a new security code too many times.', WAIT(d)],
    lockout: true,
    source: 'sandbox-defined',
  },
  'too-many-wrong-passwords': {
    reference: 'CID1104',
    status: 429,
    title: 'You entered some wrong information',
    guidance: (d) => [
      'You entered the wrong password too many times.',
      WAIT(d),
      'If you have forgotten your password, you can reset it from the NHS login sign-in page.',
    ],
    lockout: true,
    // The prototype's error/lockout.html: "You entered some wrong information", wait, CID1104.
    source: 'prototype-evidence',
  },
  'too-many-wrong-dobs': {
    reference: 'CID1134',
    status: 429,
    title: 'You entered the wrong date of birth too many times',
    guidance: (d) => ['The date of birth you entered did not match your NHS record.', WAIT(d)],
    lockout: true,
    // The prototype's error/lockoutdob.html.
    source: 'prototype-evidence',
  },
  'session-timed-out': {
    reference: 'CID1131',
    status: 403,
    title: 'Your session has ended',
    guidance: (d) => [
      `You have not done anything for ${d.inactivity}, so we ended your session to protect your information.`,
      'Use the link in your email to start again.',
    ],
    lockout: false,
    source: 'prototype-evidence',
  },
  'details-not-mine': {
    reference: 'CID11023',
    status: 409,
    title: 'This NHS record does not match your details',
    guidance: () => [
      'You told us the details we found are not yours, so you cannot set up an NHS login with this invitation.',
      GP_FIX,
      'If you chose this option by mistake, go back and change your answer.',
    ],
    lockout: false,
    source: 'prototype-evidence',
  },

  'technical-failure': {
    reference: 'CID11000',
    status: 503,
    title: 'Sorry, there is a problem with the service',
    guidance: () => ['Something went wrong on our side. Try the link in your email again later.'],
    lockout: false,
    source: 'prototype-evidence',
  },
  'no-pds-record': {
    reference: 'CID11007',
    status: 409,
    title: 'We cannot find your NHS record',
    guidance: () => ['We could not find an NHS record that matches your details.', GP_FIX],
    lockout: false,
    source: 'prototype-evidence',
  },

  'details-changed': {
    reference: 'CID11008',
    status: 409,
    title: 'You cannot set up an NHS login right now',
    guidance: () => [
      'The details on your NHS record have changed since your GP surgery sent the invitation (for example, your mobile number).',
      GP_FIX,
    ],
    lockout: false,
    source: 'prototype-evidence',
  },
  'restricted-record': {
    reference: 'CID11019',
    status: 409,
    title: 'You cannot set up an NHS login this way',
    guidance: () => ['Your NHS record cannot be used to set up an NHS login through your GP surgery.', 'Contact your GP surgery for help.'],
    lockout: false,
    source: 'sandbox-defined',
  },
  'deceased-no-account': {
    reference: 'CID11018',
    status: 409,
    title: 'Unable to set up an NHS login',
    guidance: () => ['We are unable to set up an NHS login for this NHS record.', 'Contact your GP surgery if you think this is wrong.'],
    lockout: false,
    source: 'prototype-evidence',
  },
  'deceased-with-account': {
    reference: 'CID11001',
    status: 409,
    title: 'Unable to set up an NHS login',
    guidance: () => ['The NHS login for this NHS record may have been disabled.', 'Contact your GP surgery if you think this is wrong.'],
    lockout: false,
    source: 'prototype-evidence',
  },
  'account-disabled': {
    reference: 'CID11002',
    status: 409,
    title: 'You cannot use your NHS login',
    guidance: () => ['Your NHS login has been disabled until a problem with it is fixed.', 'Contact NHS login support.'],
    lockout: false,
    source: 'prototype-evidence',
  },
  'already-p9': {
    reference: 'CID11005',
    status: 409,
    title: 'You already have an NHS login',
    guidance: () => ['Your NHS login is already fully set up. Use it to sign in to the NHS App.'],
    lockout: false,
    source: 'prototype-evidence',
  },
} as const satisfies Record<string, ClaimStop>;

export type ClaimStopId = keyof typeof claimStops;

/**
 * The stop a patient meets for a PDS-state refusal when finishing set-up
 * (provisioning/pds-refusal.ts): the stop of the same name, but for two the pages name differently.
 */
export const pdsRefusalStop = (refusal: PdsRefusal): ClaimStopId =>
  refusal === 'no-current-record' ? 'no-pds-record' : refusal === 'details-differ' ? 'details-changed' : refusal;
