import type { ConformanceReport } from './assess';

/**
 * The report as JUnit XML so a supplier's CI can show it: one test case per rule; a failed MUST is
 * a <failure>, a failed SHOULD is reported as <failure type="SHOULD"> too (CI tools show both, the
 * exit code of `npm run conformance` only follows MUST), a rule not exercised is <skipped>.
 */
const xml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);

export function renderJunit(report: ConformanceReport): string {
  const failures = report.rules.filter((r) => r.verdict === 'fail').length;
  const skipped = report.rules.filter((r) => r.verdict === 'not-exercised').length;
  const cases = report.rules.map((r) => {
    const name = `${r.level} ${r.id}: ${r.title}`;
    const body =
      r.verdict === 'fail'
        ? `<failure type="${r.level}" message="${xml(r.firstOffence!.why)}">${xml(`${r.offences} offending request(s); first: #${r.firstOffence!.seq} at ${r.firstOffence!.at}\n${JSON.stringify(r.firstOffence!.request, null, 2)}\nFix: ${r.fix}\nSource: ${r.section}`)}</failure>`
        : r.verdict === 'not-exercised'
          ? '<skipped message="no request exercised this rule"/>'
          : '';
    return `    <testcase classname="conformance.${xml(report.clientId)}" name="${xml(name)}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="NHS login provisioning conformance" tests="${report.rules.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="${xml(report.clientId)}" tests="${report.rules.length}" failures="${failures}" skipped="${skipped}" timestamp="${report.generatedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
