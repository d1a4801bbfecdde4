import type { OutcomeSource } from '../provisioning/outcome-codes';
import type { SignInStopId } from './sign-in-machine';

/**
 * Every way signing in can stop, one page each: the pages, the features and the tests read this
 * table. References are the claiming journey's where the same thing happened there (CID1104 wrong
 * passwords, CID1124 wrong codes, CID1125 too many codes, CID1131 session ended, CID11002 a
 * disabled account); `sandbox-defined` ones have no public evidence (docs/decisions.md, "Signing in").
 */
export interface SignInStop {
  reference: string;
  status: 403 | 409 | 429;
  title: string;
  guidance: (lockout: string) => readonly string[];
  source: OutcomeSource;
}

const WAIT = (lockout: string) => `Wait ${lockout}, then go back to the service and sign in again.`;

export const signInStops: Record<SignInStopId, SignInStop> = {
  'too-many-wrong-passwords': {
    reference: 'CID1104',
    status: 429,
    title: 'You entered some wrong information',
    guidance: (lockout) => ['You entered a wrong email address or password too many times.', WAIT(lockout)],
    source: 'prototype-evidence',
  },
  'too-many-wrong-codes': {
    reference: 'CID1124',
    status: 429,
    title: 'You cannot continue at the moment',
    guidance: (lockout) => ['You entered a wrong security code too many times.', WAIT(lockout)],
    source: 'prototype-evidence',
  },
  'too-many-codes-requested': {
    reference: 'CID1125',
    status: 429,
    title: 'You cannot continue at the moment',
    guidance: (lockout) => ['You asked for a new security code too many times.', WAIT(lockout)],
    source: 'sandbox-defined',
  },
  'session-timed-out': {
    reference: 'CID1131',
    status: 409,
    title: 'Your session has ended',
    guidance: () => [
      'You have not done anything for a while, so we ended your session to keep your information safe.',
      'Go back to the service and sign in again.',
    ],
    source: 'sandbox-defined',
  },
  'account-disabled': {
    reference: 'CID11002',
    status: 403,
    title: 'You cannot use your NHS login',
    guidance: () => ['Your NHS login has been disabled.', 'Contact NHS login support to find out why and what you can do.'],
    source: 'prototype-evidence',
  },
  'no-mobile': {
    reference: 'CID1140',
    status: 403,
    title: 'We cannot send you a security code',
    guidance: () => [
      'Your NHS login has no mobile phone number to send a security code to.',
      'The sandbox signs in with a password and a texted code only: give the account a mobile number (POST /_sandbox/accounts) and try again.',
    ],
    source: 'sandbox-defined',
  },
};
