import type { JournalEntry } from '../journal/journal-entry';
import { conformanceRules, type RuleContext, type RuleLevel } from './rules';

/**
 * Judges one client's journal against every rule and adds coverage: which outcomes of the
 * scenario catalogue the client has received, and which it has not yet exercised.
 * The verdict fails when any MUST rule fails; SHOULD failures are reported, not fatal. With no
 * MUST failure but a MUST rule nothing has exercised yet, the verdict is `incomplete`: traffic
 * that never reached a rule is no evidence of meeting it.
 */
export type RuleVerdict = 'pass' | 'fail' | 'not-exercised';

export interface RuleResult {
  id: string;
  level: RuleLevel;
  section: string;
  title: string;
  fix: string;
  verdict: RuleVerdict;
  evidence: number;
  offences: number;
  /** The first request that broke the rule, quoted. */
  firstOffence?: {
    seq: number;
    at: string;
    endpoint: JournalEntry['endpoint'];
    why: string;
    request: JournalEntry['request'];
    response: JournalEntry['response'];
  };
}

export type ConformanceVerdict = 'pass' | 'fail' | 'incomplete';

/** The words a report opens with. */
export const verdictHeadline = (report: ConformanceReport): string =>
  `${report.verdict.toUpperCase()}: ${report.summary.mustFailed} MUST and ${report.summary.shouldFailed} SHOULD rule(s) failed, ${report.summary.passed} passed, ${report.summary.notExercised} not exercised`;

export interface ConformanceReport {
  clientId: string;
  since: string | null;
  generatedAt: string;
  requests: { token: number; provision: number };
  verdict: ConformanceVerdict;
  summary: { mustFailed: number; shouldFailed: number; passed: number; notExercised: number };
  rules: RuleResult[];
  coverage: { received: { code: string; count: number }[]; notYetExercised: string[] };
}

export function assessClient(
  clientId: string,
  entries: readonly JournalEntry[],
  context: RuleContext,
  since: string | null = null,
): ConformanceReport {
  const rules = conformanceRules.map((rule): RuleResult => {
    const { evidence, offences } = rule.check(entries, context);
    const first = offences[0];
    return {
      id: rule.id,
      level: rule.level,
      section: rule.section,
      title: rule.title,
      fix: rule.fix,
      verdict: offences.length ? 'fail' : evidence ? 'pass' : 'not-exercised',
      evidence,
      offences: offences.length,
      ...(first
        ? {
            firstOffence: {
              seq: first.entry.seq,
              at: first.entry.at,
              endpoint: first.entry.endpoint,
              why: first.why,
              request: first.entry.request,
              response: first.entry.response,
            },
          }
        : {}),
    };
  });
  const counts = new Map<string, number>();
  for (const e of entries) if (e.endpoint === 'provision') counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  const catalogueCodes = context.catalogueCodes;
  const failed = (level: RuleLevel) => rules.filter((r) => r.level === level && r.verdict === 'fail').length;
  return {
    clientId,
    since,
    generatedAt: new Date(context.nowMs).toISOString(),
    requests: {
      token: entries.filter((e) => e.endpoint === 'token').length,
      provision: entries.filter((e) => e.endpoint === 'provision').length,
    },
    verdict: failed('MUST') > 0 ? 'fail' : rules.some((r) => r.level === 'MUST' && r.verdict === 'not-exercised') ? 'incomplete' : 'pass',
    summary: {
      mustFailed: failed('MUST'),
      shouldFailed: failed('SHOULD'),
      passed: rules.filter((r) => r.verdict === 'pass').length,
      notExercised: rules.filter((r) => r.verdict === 'not-exercised').length,
    },
    rules,
    coverage: {
      received: [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => a.code.localeCompare(b.code)),
      notYetExercised: catalogueCodes.filter((code) => !counts.has(code)),
    },
  };
}
