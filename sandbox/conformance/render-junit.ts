import type { ConformanceReport } from './assess';
import { xmlText } from '../text/escape';

/**
 * The report as JUnit XML for a supplier's CI: one test case per plan step and per rule. It
 * agrees with the verdict: there are no failures exactly when the verdict is PASS. A plan step
 * without evidence, a MUST rule not exercised, a failed MUST and an unjustified SHOULD deviation
 * are failures (each with its type); a justified deviation passes with its justification as
 * output; a SHOULD rule nothing exercised is skipped.
 */
export function renderJunit(report: ConformanceReport): string {
  const testcase = (classname: string, name: string, body = '') =>
    `    <testcase classname="${xmlText(classname)}" name="${xmlText(name)}">${body}</testcase>`;
  const failure = (type: string, message: string, detail: string) =>
    `<failure type="${type}" message="${xmlText(message)}">${xmlText(detail)}</failure>`;
  const steps = report.plan.map((s) =>
    testcase(
      `conformance.plan`,
      `${s.id}: ${s.title}`,
      s.seen
        ? `<system-out>${xmlText(`evidence: ${s.evidence.map((seq) => `#${seq}`).join(' ')}`)}</system-out>`
        : failure('missing-evidence', `not seen yet: ${s.expected}`, `Source: ${s.specSection}`),
    ),
  );
  const rules = report.rules.map((r) => {
    const detail = () =>
      `${r.offenceCount} offending request(s)\n` +
      r.offences.map((o) => `#${o.seq} at ${o.at}: ${o.why}\n${JSON.stringify(o.request, null, 2)}`).join('\n') +
      `\nFix: ${r.fix}\nSource: ${r.section}`;
    const body = {
      fail: () => failure('MUST', r.offences[0]!.why, detail()),
      deviation: () => failure('SHOULD', r.offences[0]!.why, detail()),
      justified: () => `<system-out>${xmlText(`justified deviation: ${r.justification}`)}</system-out>`,
      'not-exercised': () =>
        r.level === 'MUST'
          ? failure('missing-evidence', 'no request exercised this MUST rule', `Source: ${r.section}`)
          : '<skipped message="no request exercised this rule"/>',
      'not-applicable': () => '<skipped message="not applicable: the client did not use Users Endpoint V2"/>',
      pass: () => '',
    }[r.verdict]();
    return testcase(`conformance.rules.${r.level}`, `${r.id}: ${r.title}`, body);
  });
  const cases = [...steps, ...rules];
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const skipped = cases.filter((c) => c.includes('<skipped')).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="NHS login provisioning conformance" ${counts}>`,
    `  <testsuite name="${xmlText(report.clientId)}" ${counts} timestamp="${report.generated.realTime}">`,
    `    <properties><property name="verdict" value="${report.verdict}"/><property name="evidence-chain-head" value="${report.evidence.chainHead}"/><property name="rules-version" value="${report.versions.rules}"/><property name="plan-version" value="${report.versions.plan}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
