import { claimStops, SANDBOX_REFERENCE_PREFIX } from '../claim/claim-stops';
import type { OutcomeSource } from '../provisioning/outcome-codes';
import type { SignInStopId } from './sign-in-machine';

/**
 * Every way signing in can stop, one page each: the pages, the features and the tests read this
 * table. Where the same thing stops the claiming journey (wrong passwords, wrong codes, too many
 * codes, a session ended) the heading and reference are that journey's, which are the claim
 * prototype's: those pages show no reference. A disabled account shows CID11002 as the prototype's
 * does; a reference the sandbox invents carries SANDBOX_REFERENCE_PREFIX (docs/decisions.md, "Signing in").
 */
export interface SignInStop {
  /** The reference the page shows, or null where the claiming journey's page shows none. */
  reference: string | null;
  status: 403 | 409 | 429;
  title: string;
  guidance: (lockout: string) => readonly string[];
  source: OutcomeSource;
}

const WAIT = (lockout: string) => `Wait ${lockout}, then go back to the service and sign in again.`;

/** The claiming journey's page for the same stop: its heading and reference, and sign-in's own guidance. */
const asClaimStop = (
  id: SignInStopId & keyof typeof claimStops,
  status: SignInStop['status'],
  guidance: SignInStop['guidance'],
  source: OutcomeSource = 'prototype-evidence',
): SignInStop => ({ reference: claimStops[id].reference, status, title: claimStops[id].title, guidance, source });

export const signInStops: Record<SignInStopId, SignInStop> = {
  'too-many-wrong-passwords': asClaimStop('too-many-wrong-passwords', 429, (lockout) => [
    'You entered a wrong email address or password too many times.',
    WAIT(lockout),
  ]),
  'too-many-wrong-codes': asClaimStop('too-many-wrong-codes', 429, (lockout) => [
    'You entered a wrong security code too many times.',
    WAIT(lockout),
  ]),
  'too-many-codes-requested': asClaimStop(
    'too-many-codes-requested',
    429,
    (lockout) => ['You asked for a new security code too many times.', WAIT(lockout)],
    'sandbox-defined',
  ),
  'session-timed-out': asClaimStop(
    'session-timed-out',
    409,
    () => [
      'You have not done anything for a while, so we ended your session to keep your information safe.',
      'Go back to the service and sign in again.',
    ],
    'sandbox-defined',
  ),
  'account-disabled': {
    reference: 'CID11002',
    status: 403,
    title: 'You cannot use your NHS login',
    guidance: () => ['Your NHS login has been disabled.', 'Contact NHS login support to find out why and what you can do.'],
    source: 'prototype-evidence',
  },
  'no-mobile': {
    reference: `${SANDBOX_REFERENCE_PREFIX}1140`,
    status: 403,
    title: 'We cannot send you a security code',
    guidance: () => [
      'Your NHS login has no mobile phone number to send a security code to.',
      'The sandbox signs in with a password and a texted code only: give the account a mobile number (POST /_sandbox/accounts) and try again.',
    ],
    source: 'sandbox-defined',
  },
};
