import type { ConformanceReport } from './assess';

/**
 * What a reader must know before trusting a report's verdict, in the words every rendering uses
 * (text, HTML): the journal's integrity, a clock moved by someone other than the plan run, and who
 * signed the pack. One list, so the HTML an assurer is handed says what the terminal said.
 */
export function reportWarnings(report: ConformanceReport): string[] {
  const { journalIntegrity } = report.evidence;
  const movedBy = [
    ...new Set(report.testInterface.actions.filter((a) => !a.byPlanRun && a.clockDeltaMs > 0).map((a) => `${a.caller.kind} #${a.seq}`)),
  ];
  return [
    ...(journalIntegrity.chainBrokenAtSeq !== null
      ? [`the journal's own chain breaks at #${journalIntegrity.chainBrokenAtSeq}: the file was edited`]
      : []),
    ...(journalIntegrity.problem ? [`JOURNAL NOT TRUSTWORTHY: ${journalIntegrity.problem}`] : []),
    ...(report.testInterface.clockMovedOutsideThePlanRunMs > 0
      ? [
          `the sandbox clock was moved ${report.testInterface.clockMovedOutsideThePlanRunMs / 1000} s by callers other than the plan run (${movedBy.join(', ')}): never counted as waiting`,
        ]
      : []),
  ];
}

/** Who signed the pack, and where its public key is; or that nobody did. */
export const signatureStatement = (report: ConformanceReport): string =>
  report.signature
    ? `Signed by the sandbox: RS512, key thumbprint (RFC 7638) ${report.signature.keyThumbprint}, public key at ${report.signature.jwksUri}`
    : 'NOT SIGNED';
