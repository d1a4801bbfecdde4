// The rule kit: what a conformance rule is, the context it is judged in, the selectors that pick
// a client's requests out of the journal, and the combinators most rules are written with
// (eachRequest, afterAnswer, everyTokenUsed). The rules themselves are in rules/<surface>.ts.
import { GRANT_TYPES, JWT_BEARER_GRANT, type GrantType } from '../../auth/token-request';
import type { JournalEntry } from '../../journal/journal-entry';

export type RuleLevel = 'MUST' | 'SHOULD';
/** Where a rule comes from: the specification's words, a standard it cites, or the sandbox's expectation. */
export type RuleBasis = 'specification' | 'standard' | 'sandbox-expectation';

export interface RuleContext {
  /** Token URLs an assertion's `aud` may name. */
  tokenUrls: readonly string[];
  /** Leeway for clock skew, as the token endpoint allows it (CLOCK_TOLERANCE). */
  clockToleranceSeconds: number;
  /** Real time when the report is made. */
  nowMs: number;
  /** The outcome codes the scenario catalogue shows how to provoke (coverage is measured against them). */
  catalogueCodes: readonly string[];
  /**
   * Moves of the sandbox clock made through the test interface, on the journal's counter. Only a
   * move made by the plan run the report is about (`byPlanRun`) counts as time passing for the GP
   * system; a move by anyone else (the GP system itself, a console, a script) is shown in the pack
   * and never counts as waiting.
   */
  clockMoves?: readonly { order: number; deltaMs: number; byPlanRun: boolean; caller: string; seq: number }[];
}

/** Sandbox time moved by anyone but the plan run between `answer` being delivered and `later` arriving. */
export function outsideClockMoves(context: RuleContext | undefined, answer: JournalEntry, later: JournalEntry) {
  const moves = (context?.clockMoves ?? []).filter(
    (m) => !m.byPlanRun && m.deltaMs > 0 && m.order > answer.order.answered && m.order < later.order.arrived,
  );
  return { ms: moves.reduce((sum, m) => sum + m.deltaMs, 0), moves };
}
const movedNote = (moved: ReturnType<typeof outsideClockMoves>) =>
  moved.ms > 0
    ? ` (the sandbox clock was moved ${seconds(moved.ms)} in between by ${[...new Set(moved.moves.map((m) => `${m.caller} #${m.seq}`))].join(', ')}, not the plan run: not counted as waiting)`
    : '';

export interface Offence {
  entry: JournalEntry;
  why: string;
}

export interface RuleCheck {
  /** Requests (or answers) the rule looked at: 0 means it was not exercised. */
  evidence: number;
  offences: Offence[];
}

export interface ConformanceRule {
  id: string;
  level: RuleLevel;
  basis: RuleBasis;
  /** Where the requirement comes from, and what that source actually says. */
  section: string;
  title: string;
  fix: string;
  /**
   * Which of a client's roles the rule judges; for a client that never played that role it is not
   * applicable, not missing evidence. `provisioning`: a GP system's token and provision calls, judged
   * unless the client only signs people in. `users`: Users Endpoint V2, judged only for a client that
   * used it (a JWT-bearer grant or a lookup). `signin`: a relying party's sign-in traffic, judged only
   * for a client that has any. No value: every client.
   */
  appliesTo?: RuleSurface;
  check(entries: readonly JournalEntry[], context: RuleContext): RuleCheck;
}

export type RuleSurface = 'provisioning' | 'users' | 'signin';

/** The specifications rules cite, by the names their sections use. */
export const SPEC = 'CID-IS-P v1.0';
export const USERS_SPEC = 'Users Endpoint V2 v1.1';
export const SIGN_IN_SPEC = 'CID-IS-F v2.1';

export const tokenRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'token');
/** The grant a token request asked for, when it named one this endpoint offers. */
export const grantOf = (e: JournalEntry): GrantType | null => {
  const grant = e.request.form?.grant_type?.[0];
  return grant !== undefined && (GRANT_TYPES as string[]).includes(grant) ? (grant as GrantType) : null;
};
/** Token requests for Provision Account: every one but an explicit JWT-bearer grant. */
export const provisioningTokenRequests = (entries: readonly JournalEntry[]) =>
  tokenRequests(entries).filter((e) => grantOf(e) !== JWT_BEARER_GRANT);
export const usersGrantRequests = (entries: readonly JournalEntry[]) =>
  tokenRequests(entries).filter((e) => grantOf(e) === JWT_BEARER_GRANT);
export const provisionRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'provision');
export const usersRequests = (entries: readonly JournalEntry[]) => entries.filter((e) => e.endpoint === 'users');
/** Calls to a resource endpoint with a bearer token: provisioning and Users lookups. */
export const bearerCalls = (entries: readonly JournalEntry[]) =>
  entries.filter((e) => e.endpoint === 'provision' || e.endpoint === 'users');
/** Whether a client used Users Endpoint V2 at all (so its rules apply). */
export const usesUsersEndpoint = (entries: readonly JournalEntry[]) =>
  usersGrantRequests(entries).length + usersRequests(entries).length > 0;
/** A relying party's sign-in traffic: its authorization requests and the token endpoint's sign-in grants. */
export const signInRequests = (entries: readonly JournalEntry[], path: '/authorize' | '/token') =>
  entries.filter((e) => e.endpoint === 'signin' && e.path === path);
/** The roles a client's traffic shows it playing, for judging only the rules that apply (`appliesTo`). */
export function surfacesUsed(entries: readonly JournalEntry[]): ReadonlySet<RuleSurface> {
  const onlySignsIn = entries.length > 0 && entries.every((e) => e.endpoint === 'signin');
  return new Set<RuleSurface>([
    ...(onlySignsIn ? [] : (['provisioning'] as const)),
    ...(usesUsersEndpoint(entries) ? (['users'] as const) : []),
    ...(entries.some((e) => e.endpoint === 'signin') ? (['signin'] as const) : []),
  ]);
}
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** When the client's token, issued in `issuing`, expires by the client's own clock. */
export const clientExpiryMs = (issuing: JournalEntry) => issuing.answeredAtMs + (issuing.issuedToken?.expiresInSeconds ?? 0) * 1000;
/**
 * How long after `answer` was delivered `later` was sent, on whichever clock moved more (the
 * sandbox clock without moves made outside the plan run); null when it was already in flight.
 */
const sentAfter = (answer: JournalEntry, later: JournalEntry, context?: RuleContext): number | null =>
  later.order.arrived < answer.order.answered
    ? null
    : Math.max(
        later.atMs - answer.answeredAtMs,
        later.sandboxAtMs - answer.sandboxAnsweredAtMs - outsideClockMoves(context, answer, later).ms,
        0,
      );

/** The token endpoint's reason for refusing a token request, when it refused it for a reason matching `pattern`. */
export const refusedBecause = (e: JournalEntry, pattern: RegExp): string | null => {
  if (e.endpoint !== 'token' || e.issuedToken) return null;
  const description = (e.response.body as { error_description?: unknown } | null)?.error_description;
  return typeof description === 'string' && pattern.test(description) ? `refused: ${description}` : null;
};

/** Every token issued by `issuing` requests is reused while valid: a new one fetched while the previous had time left and was not refused is an offence. */
export function tokenReuse(
  issuing: (entries: readonly JournalEntry[]) => JournalEntry[],
  using: (entries: readonly JournalEntry[]) => JournalEntry[],
  renewalMarginMs: number,
) {
  return (entries: readonly JournalEntry[]): RuleCheck => {
    const issued = issuing(entries).filter((e) => e.issuedToken);
    const refused = new Set(
      using(entries)
        .filter((e) => e.response.status === 401 && e.presentedToken)
        .map((e) => e.presentedToken!.fingerprint),
    );
    const offences: Offence[] = [];
    for (let i = 1; i < issued.length; i++) {
      const previous = issued[i - 1]!;
      const leftMs = clientExpiryMs(previous) - issued[i]!.atMs;
      if (leftMs > renewalMarginMs && !refused.has(previous.issuedToken!.fingerprint)) {
        offences.push({
          entry: issued[i]!,
          why: `a new token was requested while the previous one had ${seconds(leftMs)} left and had not been refused`,
        });
      }
    }
    return { evidence: Math.max(0, issued.length - 1), offences };
  };
}

/** A rule judged request by request: `why` returns the reason a request breaks it, or null. */
export function eachRequest(
  select: (entries: readonly JournalEntry[]) => JournalEntry[],
  why: (entry: JournalEntry, context: RuleContext) => string | null,
) {
  return (entries: readonly JournalEntry[], context: RuleContext): RuleCheck => {
    const looked = select(entries);
    const offences = looked.flatMap((entry) => {
      const reason = why(entry, context);
      return reason ? [{ entry, why: reason }] : [];
    });
    return { evidence: looked.length, offences };
  };
}

/**
 * A rule about what the client sent after an answer: `isAnswer` finds the answers, `tooSoon`
 * judges each provision request sent after one (never one already in flight). Every offending
 * request is named once, against the first answer it ignored.
 */
export function afterAnswer(
  isAnswer: (e: JournalEntry) => boolean,
  tooSoon: (answer: JournalEntry, later: JournalEntry, afterMs: number, context?: RuleContext) => string | null,
) {
  return (entries: readonly JournalEntry[], context?: RuleContext): RuleCheck => {
    const provisions = provisionRequests(entries);
    const answers = provisions.filter(isAnswer);
    const offences = new Map<number, Offence>();
    for (const answer of answers) {
      for (const later of provisions) {
        if (later.seq <= answer.seq || offences.has(later.seq)) continue;
        const afterMs = sentAfter(answer, later, context);
        const why = afterMs === null ? null : tooSoon(answer, later, afterMs, context);
        if (why) offences.set(later.seq, { entry: later, why: `${why}${movedNote(outsideClockMoves(context, answer, later))}` });
      }
    }
    return { evidence: answers.length, offences: [...offences.values()].sort((a, b) => a.entry.seq - b.entry.seq) };
  };
}

/** A rule about what the client sent after answers with one outcome code (see afterAnswer). */
export const afterOutcome = (code: string, tooSoon: Parameters<typeof afterAnswer>[1]) => afterAnswer((e) => e.outcome === code, tooSoon);

/** Every token issued by `issuing` requests is presented by some `using` request; the newest is excused while it can still be used. */
export function everyTokenUsed(
  issuing: (entries: readonly JournalEntry[]) => JournalEntry[],
  using: (entries: readonly JournalEntry[]) => JournalEntry[],
  useName: string,
) {
  return (entries: readonly JournalEntry[], context: RuleContext): RuleCheck => {
    const used = new Set(using(entries).map((e) => e.presentedToken?.fingerprint));
    const issued = issuing(entries).filter((e) => e.issuedToken);
    const judged = issued.filter((e) => e !== issued.at(-1) || clientExpiryMs(e) <= context.nowMs);
    const offences = judged
      .filter((e) => !used.has(e.issuedToken!.fingerprint))
      .map((entry) => ({ entry, why: `this token was never used for ${useName}` }));
    return { evidence: judged.length, offences };
  };
}
