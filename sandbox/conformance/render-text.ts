import { verdictHeadline, type ConformanceReport } from './assess';

/** The report as a terminal table, widths fitted to the content, plain ASCII. */
export function renderText(report: ConformanceReport): string {
  const rows = report.rules.map((r) => [
    r.id,
    r.level,
    r.verdict.toUpperCase(),
    String(r.evidence),
    r.firstOffence ? `#${r.firstOffence.seq}: ${r.firstOffence.why}` : '',
  ]);
  const header = ['rule', 'level', 'verdict', 'evidence', 'first offending request'];
  const widths = header.map((h, i) => Math.min(i === 4 ? 80 : 40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}~` : c.padEnd(widths[i]!))).join('  ');
  return [
    `Conformance of client ${report.clientId}${report.since ? ` since ${report.since}` : ''} (${report.requests.token} token and ${report.requests.provision} provision requests)`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `Outcomes received: ${report.coverage.received.map((c) => `${c.code} x${c.count}`).join(', ') || 'none'}`,
    `Not yet exercised: ${report.coverage.notYetExercised.join(', ') || 'none'}`,
    '',
    verdictHeadline(report),
  ].join('\n');
}
