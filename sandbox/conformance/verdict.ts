/**
 * What a verdict means and the exit code `npm run conformance` gives it: one table, read by the
 * assessment, the CLI, the reports and docs/conformance.md. Only a clean PASS exits 0 (unless the caller
 * opts in to accepting an incomplete run with --allow-incomplete).
 */
export const VERDICTS = {
  pass: {
    exitCode: 0,
    label: 'PASS',
    meaning: 'every plan step was seen, every MUST rule was exercised and held, and every SHOULD deviation (if any) is justified',
  },
  fail: { exitCode: 1, label: 'FAIL', meaning: 'at least one MUST rule failed' },
  'pass-with-deviations': {
    exitCode: 3,
    label: 'PASS WITH UNJUSTIFIED DEVIATIONS',
    meaning: 'nothing MUST failed and the plan is complete, but a SHOULD rule was broken with no justification declared',
  },
  incomplete: {
    exitCode: 4,
    label: 'INCOMPLETE',
    meaning:
      'nothing MUST failed, but a plan step or a MUST rule has no evidence yet: traffic that never reached a rule is no evidence of meeting it',
  },
} as const;

export type Verdict = keyof typeof VERDICTS;

/** The command could not judge anything: unknown client, sandbox unreachable, bad arguments or files. */
export const CANNOT_RUN_EXIT_CODE = 2;

/** FAIL outranks INCOMPLETE, which outranks unjustified deviations. */
export function decideVerdict(facts: { mustFailed: number; incomplete: boolean; unjustifiedDeviations: number }): Verdict {
  if (facts.mustFailed > 0) return 'fail';
  if (facts.incomplete) return 'incomplete';
  return facts.unjustifiedDeviations > 0 ? 'pass-with-deviations' : 'pass';
}
