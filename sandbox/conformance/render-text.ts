import type { ConformanceReport } from './assess';
import { terminalSafe } from '../text/escape';
import { reportWarnings, signatureStatement } from './report-cautions';

/** The report as a terminal table, widths fitted to the content; everything quoted is made terminal-safe. */
export function renderText(report: ConformanceReport): string {
  const table = (header: string[], rows: string[][], maxWidths: number[]) => {
    const safe = rows.map((row) => row.map(terminalSafe));
    const widths = header.map((h, i) => Math.min(maxWidths[i]!, Math.max(h.length, ...safe.map((r) => r[i]!.length))));
    const line = (cells: string[]) =>
      cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}~` : c.padEnd(widths[i]!))).join('  ');
    return [line(header), line(widths.map((w) => '-'.repeat(w))), ...safe.map(line)];
  };
  const firstOffence = (r: ConformanceReport['rules'][number]) =>
    r.offences[0]
      ? `${r.offenceCount}x, first #${r.offences[0].seq}: ${r.offences[0].why}`
      : r.justification
        ? `justified: ${r.justification}`
        : '';
  return [
    `Conformance of client ${terminalSafe(report.clientId)}${report.window.since ? ` since ${report.window.since}` : ''}`,
    `${report.requests.token} token, ${report.requests.provision} provision and ${report.requests.signin} sign-in requests; ${report.requests.unattributedInWindow} unattributed request(s) in the window were not judged but for authorization requests naming this client`,
    '',
    'Plan',
    ...table(
      ['step', 'expected', 'seen', 'evidence', 'run'],
      report.plan.map((s) => [
        s.id,
        s.expected,
        s.seen ? 'yes' : 'NO',
        s.evidence.map((seq) => `#${seq}`).join(' '),
        s.run ? (s.run.why ?? `driver exit ${s.run.driverExitCode ?? '-'}`) : '',
      ]),
      [32, 40, 4, 30, 60],
    ),
    ...(report.run ? [`Plan run ${report.run.id}: steps waited ${report.run.settleMs / 1000} s after the driver for late traffic`] : []),
    '',
    'Rules',
    ...table(
      ['rule', 'level', 'verdict', 'evidence', 'offences'],
      report.rules.map((r) => [r.id, r.level, r.verdict.toUpperCase(), String(r.evidence), firstOffence(r)]),
      [36, 6, 13, 8, 90],
    ),
    '',
    `Outcomes received: ${report.coverage.received.map((c) => `${c.code} x${c.count}`).join(', ') || 'none'}`,
    `Evidence chain head: ${report.evidence.chainHead} (${report.evidence.entries.length} requests)`,
    ...reportWarnings(report).map((warning) => `WARNING: ${warning}`),
    signatureStatement(report),
    '',
    report.headline,
  ].join('\n');
}
