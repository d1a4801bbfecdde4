import * as z from 'zod';
import { outcomeCodeIds } from './outcome-codes';

/**
 * `Prefer: code=<code>` on POST /provision-account: the NHS API-platform sandboxes' convention
 * (and Prism's, for examples) for asking a mock for one answer. Any outcome code of the table can
 * be forced, and `500` for an internal error; anything else named is refused, not ignored, so a
 * typo is not mistaken for the real rule answering. Other preferences (`return=minimal`…) pass.
 */
export const FORCEABLE_CODES = [...outcomeCodeIds, '500'] as const;
const ForceableCode = z.enum(FORCEABLE_CODES);
export type ForceableCode = z.infer<typeof ForceableCode>;

export type PreferredOutcome = { kind: 'none' } | { kind: 'forced'; code: ForceableCode } | { kind: 'unknown'; asked: string };

/** RFC 7240 §2: `token [= word]`, where a word may be a quoted string; several preferences are comma-separated. */
const CODE_PREFERENCE = /(?:^|[\s,;])code\s*=\s*("[^"]*"|[^\s,;]*)/i;

export function preferredOutcome(preferHeader: string | undefined): PreferredOutcome {
  const asked = CODE_PREFERENCE.exec(preferHeader ?? '')?.[1];
  if (asked === undefined) return { kind: 'none' };
  const value = asked.replace(/^"|"$/g, '');
  const code = ForceableCode.safeParse(value);
  return code.success ? { kind: 'forced', code: code.data } : { kind: 'unknown', asked: value };
}

export const unknownPreferenceMessage = (asked: string) =>
  `Prefer: code=${asked.slice(0, 40)} is not an outcome the sandbox can force; use one of ${FORCEABLE_CODES.join(', ')}`;
