// Where each claim page is served: every page's form posts back to its own path.
import type { ClaimView } from './claim-journeys';

export const CLAIM_PATHS = {
  start: '/claim/start',
  'security-code': '/claim/security-code',
  'date-of-birth': '/claim/date-of-birth',
  'confirm-details': '/claim/confirm-details',
  'details-advice': '/claim/details-advice',
  password: '/claim/password',
  done: '/claim/done',
  stopped: '/claim/stopped',
} as const satisfies Record<ClaimView['step'], string>;

export const RESEND_PATH = '/claim/security-code/resend';
/** "Go back and change your answer" from the not-my-details stop. */
export const CHANGE_ANSWER_PATH = '/claim/confirm-details/change';
/** The uplift's "reset your password" advice (prototype reset-password/settings-password-advice.html). */
export const RESET_PASSWORD_PATH = '/claim/reset-password';
