// What the claiming journey's pages share: the journeys' common parts (sandbox/ui/journey-parts.tsx),
// the step's view type and the claim's own "send the code again" button.
import type { ClaimView } from './claim-journeys';
import { RESEND_PATH } from './claim-paths';
import { PostButton } from '../ui/journey-parts';

export { AttemptsLeft, Csrf, describedBy, ErrorMessage, Field, JourneyForm, PageReference, toLinks } from '../ui/journey-parts';

export type View<S extends ClaimView['step']> = Extract<ClaimView, { step: S }>;

/** Asks for the security code again (a new one, the old one no longer works). */
export const ResendCodeForm = (props: { csrf: string; label: string; secondary?: boolean }) => (
  <PostButton action={RESEND_PATH} csrf={props.csrf} label={props.label} secondary={props.secondary} />
);
