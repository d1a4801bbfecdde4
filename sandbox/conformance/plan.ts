import type { JournalEntry } from '../journal/journal-entry';
import { TOKEN_RENEWAL_MARGIN_MS } from './rules/token';

/**
 * The conformance test plan's shape: the situations a GP system must be seen to handle for a
 * clean PASS. The plan itself lives beside the scenario catalogue (`scenarios/conformance-plan.ts`)
 * and is handed in at the composition root; the checker, the runner, the reports and the docs
 * read it from there.
 */
export type PlanSetup =
  /** The sandbox creates a pending invitation for the step's patient (as another GP system would have). */
  | { kind: 'pending-invitation' }
  /** The sandbox uses up the practice's rate-limit window. */
  | { kind: 'rate-limit-exhausted'; odsCode: string }
  /** The sandbox moves its clock on by the access-token lifetime, so the token the GP system holds expires. */
  | { kind: 'access-token-expired' };

export type PlanEvidence =
  /** A provision call answered with one of these outcomes. */
  | { kind: 'outcome'; outcomes: readonly string[] }
  /** A new token fetched after the previous one was refused or nearly expired, then used. */
  | { kind: 'token-renewal' };

export interface PlanStep {
  id: string;
  title: string;
  /** The test patient, as the GP system's user would see them. */
  patient: { name: string; nhsNumber: string };
  /** The provision request to send, exactly. */
  request: Record<string, string>;
  /** What the GP system must do, in a sentence a tester can follow. */
  gpSystemDoes: string;
  /** What it must not do afterwards. */
  thenNot: string;
  expected: string;
  evidence: PlanEvidence;
  /** The conformance rules the step exercises. */
  rules: readonly string[];
  specSection: string;
  setup?: PlanSetup;
}

export interface ConformancePlan {
  version: string;
  steps: readonly PlanStep[];
}

/** How the sandbox puts itself in the state a step needs, in words (the runner does it through the admin API). */
export function describeSetup(setup: PlanSetup | undefined, accessTokenTtlSeconds: number): string | null {
  switch (setup?.kind) {
    case undefined:
      return null;
    case 'pending-invitation':
      return 'The sandbox first creates a pending invitation for this patient, as if another request had been made in the last 7 days.';
    case 'rate-limit-exhausted':
      return `The sandbox first uses up practice ${setup.odsCode}'s rate-limit window.`;
    case 'access-token-expired':
      return `The sandbox first moves its clock on by ${accessTokenTtlSeconds} s: the access token your system holds expires at the platform, though your clock says otherwise.`;
  }
}

/** The requests that evidence a step, among one client's verified requests. */
export function stepEvidence(step: PlanStep, entries: readonly JournalEntry[]): JournalEntry[] {
  const { evidence } = step;
  if (evidence.kind === 'outcome') return entries.filter((e) => e.endpoint === 'provision' && evidence.outcomes.includes(e.outcome));
  // A renewal: a new token, fetched after the platform refused the one held (401) or when the
  // previous one was nearly expired by its expires_in, and then used.
  const used = (issuing: JournalEntry) =>
    entries.some((e) => e.endpoint === 'provision' && e.presentedToken?.fingerprint === issuing.issuedToken!.fingerprint);
  const issued = entries.filter((e) => e.issuedToken);
  // The step's patient answered (not 401) with a token first used for that call: however the client
  // came by the new token (after a 401, near its expiry, or because it fetches one per call, a
  // SHOULD deviation judged by its own rule), it did not go on with the expired one.
  const firstUse = new Map<string, number>();
  for (const e of entries)
    if (e.endpoint === 'provision' && e.presentedToken && !firstUse.has(e.presentedToken.fingerprint))
      firstUse.set(e.presentedToken.fingerprint, e.seq);
  const freshFor = (renewal: JournalEntry) =>
    entries.some(
      (e) =>
        e.endpoint === 'provision' &&
        e.nhsNumber === step.request.nhs_number &&
        e.response.status !== 401 &&
        e.presentedToken?.fingerprint === renewal.issuedToken!.fingerprint &&
        firstUse.get(e.presentedToken.fingerprint) === e.seq,
    );
  return issued.filter((renewal) => {
    const refusedBefore = entries.some((e) => e.endpoint === 'provision' && e.response.status === 401 && e.seq < renewal.seq);
    const previous = issued.filter((e) => e.seq < renewal.seq).at(-1);
    const nearlyExpired =
      previous !== undefined &&
      renewal.atMs >= previous.answeredAtMs + previous.issuedToken!.expiresInSeconds * 1000 - TOKEN_RENEWAL_MARGIN_MS;
    return ((refusedBefore || nearlyExpired) && used(renewal)) || freshFor(renewal);
  });
}
