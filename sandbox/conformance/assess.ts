import * as z from 'zod';
import type { JournalEntry } from '../journal/journal-entry';
import type { JournalIntegrity } from '../journal/request-journal';
import type { TestInterfaceAction } from '../journal/test-interface-action';
import { EVIDENCE_CHAIN_ALGORITHM, evidenceChainHead } from './evidence-chain';
import type { Justifications } from './justifications';
import { stepEvidence, type ConformancePlan } from './plan';
import { conformanceRules, RULES_VERSION } from './rules';
import { surfacesUsed, type ConformanceRule, type RuleContext } from './rules/kit';
import { decideVerdict, VERDICTS, type Verdict } from './verdict';

/**
 * Judges one client's verified requests against every rule and every plan step, and packs the
 * result as evidence: versions, configuration, the window assessed on both clocks, every offence
 * (capped, with a count), the plan steps with the requests that evidence them, justified
 * deviations, and the hash-chain head of the assessed requests. A pure function: the routes and
 * the CLI only fetch and render it.
 */
const REPORT_SCHEMA = 'nhs-login-provisioning-conformance/3';

/**
 * What the plan runner (`npm run conformance -- --guided | --driver`, the supplier features) says
 * of its run, sent with the report request so the sandbox signs it with everything else: its id
 * (the X-Sandbox-Plan-Run header its own test-interface calls carried), how long it waited, and
 * each step's window and the driver's end (exit code, or timed out and its process group ended).
 */
export const RunRecord = z
  .object({
    id: z.string().min(8).max(64),
    mode: z.enum(['guided', 'driver', 'supplier-features']),
    stepTimeoutMs: z.number().int().nonnegative(),
    settleMs: z.number().int().nonnegative(),
    steps: z
      .array(
        z
          .object({
            id: z.string().max(64),
            nhsNumber: z.string().max(16).optional(),
            startedAt: z.iso.datetime({ offset: true }),
            endedAt: z.iso.datetime({ offset: true }),
            driverExitCode: z.number().int().nullable().optional(),
            timedOut: z.boolean().optional(),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();
export type RunRecord = z.infer<typeof RunRecord>;
/** Offences quoted per rule; the count says how many there were. */
const OFFENCES_QUOTED = 50;

/** The rule's own fields a report repeats (everything but how it is checked). */
const RULE_FIELDS = ['id', 'level', 'basis', 'section', 'title', 'fix'] as const;

/** `not-applicable`: a rule for a role the client never played (`appliesTo`: a GP system, Users Endpoint V2, a relying party). */
export type RuleVerdict = 'pass' | 'fail' | 'deviation' | 'justified' | 'not-exercised' | 'not-applicable';

export interface QuotedRequest {
  seq: number;
  at: string;
  sandboxAt: string;
  endpoint: JournalEntry['endpoint'];
  request: JournalEntry['request'];
  response: JournalEntry['response'];
}

/** What the report says of a rule: the rule as the table states it, and how the client fared. */
export interface RuleResult extends Pick<ConformanceRule, (typeof RULE_FIELDS)[number]> {
  verdict: RuleVerdict;
  evidence: number;
  offenceCount: number;
  offences: (QuotedRequest & { why: string })[];
  justification?: string;
}

export interface StepResult {
  id: string;
  title: string;
  expected: string;
  seen: boolean;
  /** The requests that evidence the step (sequence numbers, capped). */
  evidence: number[];
  rules: readonly string[];
  specSection: string;
  /** The plan run's account of the step (its window, the driver's end), when the report is about a run. */
  run?: RunRecord['steps'][number] & { ok: boolean; why: string | null };
}

/** What the report is about, besides the requests: given by whoever asks for it. */
export interface ReportAbout {
  toolVersion: string;
  specifications: readonly string[];
  configuration: Record<string, string | number | boolean | readonly string[]>;
  sandboxNowMs: number;
  journalIntegrity: JournalIntegrity;
  /** Requests in the window that no verified identity ties to any client (never judged). */
  unattributedInWindow: number;
  /** Test-interface actions in the window (clock moves, resets, set-ups), with their callers. */
  actions?: readonly TestInterfaceAction[];
}

export interface ConformanceReport {
  schema: typeof REPORT_SCHEMA;
  clientId: string;
  verdict: Verdict;
  headline: string;
  exitCode: number;
  generated: { realTime: string; sandboxTime: string };
  versions: { tool: string; rules: string; plan: string; specifications: readonly string[] };
  configuration: ReportAbout['configuration'];
  window: {
    since: string | null;
    first: { realTime: string; sandboxTime: string } | null;
    last: { realTime: string; sandboxTime: string } | null;
  };
  requests: { token: number; provision: number; users: number; signin: number; unattributedInWindow: number };
  summary: {
    mustFailed: number;
    deviations: number;
    justified: number;
    passed: number;
    notExercised: number;
    notApplicable: number;
    mustNotExercised: number;
    stepsSeen: number;
    steps: number;
  };
  rules: RuleResult[];
  plan: StepResult[];
  coverage: { received: { code: string; count: number }[]; notYetExercised: string[] };
  /** The plan run the report is about, as its runner told it (signed with the rest). */
  run: RunRecord | null;
  /** Every test-interface action in the window; clock moves not made by the plan run do not count as waiting. */
  testInterface: {
    actions: (TestInterfaceAction & { byPlanRun: boolean })[];
    clockMovedOutsideThePlanRunMs: number;
  };
  evidence: { algorithm: string; chainHead: string; journalIntegrity: JournalIntegrity; entries: JournalEntry[] };
  /** The sandbox's signature over everything above (signed-pack.ts); absent only from an unsigned report. */
  signature?: PackSignature;
}

export interface PackSignature {
  alg: 'RS512';
  /** RFC 7638 JWK thumbprint (SHA-256) of the sandbox's public key: the key's fingerprint. */
  keyThumbprint: string;
  /** Where the public key is published (the sandbox's JWKS). */
  jwksUri: string;
  /** Compact JWS whose payload names the pack's digest (signed-pack.ts). */
  jws: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const quote = (e: JournalEntry): QuotedRequest => ({
  seq: e.seq,
  at: e.at,
  sandboxAt: iso(e.sandboxAtMs),
  endpoint: e.endpoint,
  request: e.request,
  response: e.response,
});

export interface Assessment {
  clientId: string;
  /** The client's verified requests in the window, oldest first. */
  entries: readonly JournalEntry[];
  context: RuleContext;
  plan: ConformancePlan;
  since: string | null;
  justifications: Justifications['justifications'];
  about: ReportAbout;
  run?: RunRecord | null;
}

/** Why a run's step does not count as clean: timed out, or the driver failed. */
const runStepProblem = (step: RunRecord['steps'][number]): string | null =>
  step.timedOut
    ? 'the step timed out: the driver was stopped and its process group ended; nothing after the deadline counts'
    : step.driverExitCode !== undefined && step.driverExitCode !== null && step.driverExitCode !== 0
      ? `the driver exited with ${step.driverExitCode}`
      : null;

export function assessClient(a: Assessment): ConformanceReport {
  const justified = new Map(a.justifications.map((j) => [j.rule, j.justification]));
  const surfaces = surfacesUsed(a.entries);
  const rules = conformanceRules.map((rule): RuleResult => {
    const applicable = rule.appliesTo === undefined || surfaces.has(rule.appliesTo);
    const { evidence, offences } = applicable ? rule.check(a.entries, a.context) : { evidence: 0, offences: [] };
    const justification = justified.get(rule.id);
    const verdict: RuleVerdict = !applicable
      ? 'not-applicable'
      : offences.length
        ? rule.level === 'MUST'
          ? 'fail'
          : justification
            ? 'justified'
            : 'deviation'
        : evidence
          ? 'pass'
          : 'not-exercised';
    return {
      ...(Object.fromEntries(RULE_FIELDS.map((field) => [field, rule[field]])) as Pick<ConformanceRule, (typeof RULE_FIELDS)[number]>),
      verdict,
      evidence,
      offenceCount: offences.length,
      offences: offences.slice(0, OFFENCES_QUOTED).map((o) => ({ ...quote(o.entry), why: o.why })),
      ...(justification ? { justification } : {}),
    };
  });
  const runSteps = new Map((a.run?.steps ?? []).map((step) => [step.id, step]));
  // The plan is a GP system's: a relying party that only signs people in is judged on its rules alone.
  const plan = (surfaces.has('provisioning') ? a.plan.steps : []).map((step): StepResult => {
    const ran = runSteps.get(step.id);
    // A run's step counts only the requests in its own window: nothing after its deadline.
    const inWindow = ran ? a.entries.filter((e) => e.atMs >= Date.parse(ran.startedAt) && e.atMs <= Date.parse(ran.endedAt)) : a.entries;
    const asRun = ran?.nhsNumber ? { ...step, request: { ...step.request, nhs_number: ran.nhsNumber } } : step;
    const found = stepEvidence(asRun, inWindow);
    const problem = ran ? runStepProblem(ran) : null;
    return {
      ...(ran ? { run: { ...ran, ok: problem === null && found.length > 0, why: problem } } : {}),
      id: step.id,
      title: step.title,
      expected: step.expected,
      seen: found.length > 0,
      evidence: found.slice(0, OFFENCES_QUOTED).map((e) => e.seq),
      rules: step.rules,
      specSection: step.specSection,
    };
  });
  const count = (verdict: RuleVerdict) => rules.filter((r) => r.verdict === verdict).length;
  const summary = {
    mustFailed: count('fail'),
    deviations: count('deviation'),
    justified: count('justified'),
    passed: count('pass'),
    notExercised: count('not-exercised'),
    notApplicable: count('not-applicable'),
    mustNotExercised: rules.filter((r) => r.level === 'MUST' && r.verdict === 'not-exercised').length,
    stepsSeen: plan.filter((s) => s.seen).length,
    steps: plan.length,
  };
  const runProblems = plan.filter((step) => step.run?.why).length;
  const untrusted =
    a.about.journalIntegrity.problem ?? (a.about.journalIntegrity.chainBrokenAtSeq !== null ? 'the journal was edited' : null);
  const verdict = decideVerdict({
    mustFailed: summary.mustFailed,
    // A step the run could not finish, or a journal that is not what the sandbox wrote, is no evidence.
    incomplete: summary.mustNotExercised > 0 || summary.stepsSeen < summary.steps || runProblems > 0 || untrusted !== null,
    unjustifiedDeviations: summary.deviations,
  });
  const runIds = new Set(a.run ? [a.run.id] : []);
  const actions = (a.about.actions ?? []).map((action) => ({
    ...action,
    byPlanRun: action.caller.kind === 'plan-runner' && runIds.has(action.caller.runId),
  }));
  const outcomes = new Map<string, number>();
  for (const e of a.entries) if (e.endpoint === 'provision') outcomes.set(e.outcome, (outcomes.get(e.outcome) ?? 0) + 1);
  const first = a.entries[0];
  const last = a.entries.at(-1);
  const at = (e: JournalEntry | undefined) => (e ? { realTime: e.at, sandboxTime: iso(e.sandboxAtMs) } : null);
  return {
    schema: REPORT_SCHEMA,
    clientId: a.clientId,
    verdict,
    headline:
      `${VERDICTS[verdict].label}: ${summary.mustFailed} MUST rule(s) failed, ${summary.deviations} unjustified SHOULD deviation(s)` +
      `${summary.justified ? ` (${summary.justified} justified)` : ''}, ${surfaces.has('provisioning') ? `${summary.stepsSeen} of ${summary.steps} plan steps seen` : 'judged as a relying party (no GP system plan)'}, ` +
      `${summary.mustNotExercised} MUST rule(s) not exercised` +
      `${runProblems ? `, ${runProblems} step(s) whose driver timed out or failed` : ''}` +
      `${untrusted ? `; JOURNAL NOT TRUSTWORTHY: ${untrusted}` : ''}`,
    exitCode: VERDICTS[verdict].exitCode,
    generated: { realTime: iso(a.context.nowMs), sandboxTime: iso(a.about.sandboxNowMs) },
    versions: { tool: a.about.toolVersion, rules: RULES_VERSION, plan: a.plan.version, specifications: a.about.specifications },
    configuration: a.about.configuration,
    window: { since: a.since, first: at(first), last: at(last) },
    requests: {
      token: a.entries.filter((e) => e.endpoint === 'token').length,
      provision: a.entries.filter((e) => e.endpoint === 'provision').length,
      users: a.entries.filter((e) => e.endpoint === 'users').length,
      signin: a.entries.filter((e) => e.endpoint === 'signin').length,
      unattributedInWindow: a.about.unattributedInWindow,
    },
    summary,
    rules,
    plan,
    coverage: {
      received: [...outcomes].map(([code, n]) => ({ code, count: n })).sort((x, y) => x.code.localeCompare(y.code)),
      notYetExercised: a.context.catalogueCodes.filter((code) => !outcomes.has(code)),
    },
    run: a.run ?? null,
    testInterface: {
      actions,
      clockMovedOutsideThePlanRunMs: actions.filter((x) => !x.byPlanRun && x.clockDeltaMs > 0).reduce((sum, x) => sum + x.clockDeltaMs, 0),
    },
    evidence: {
      algorithm: EVIDENCE_CHAIN_ALGORITHM,
      chainHead: evidenceChainHead(a.entries),
      journalIntegrity: a.about.journalIntegrity,
      entries: [...a.entries],
    },
  };
}

/** Recomputes an evidence pack's chain: true when its entries are the ones the report judged. */
export const evidenceMatches = (report: Pick<ConformanceReport, 'evidence'>): boolean =>
  evidenceChainHead(report.evidence.entries) === report.evidence.chainHead;
