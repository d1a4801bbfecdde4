import type { PlanStep } from '../conformance/plan';
import type { JournalEntry } from '../journal/journal-entry';
import { outcomeCodes } from '../provisioning/outcome-codes';
import { terminalSafe } from '../text/escape';

/**
 * What a guided run says the moment a provision call arrives for its step with an answer the step
 * is not waiting for (11005 because the request named a patient the quick start already claimed,
 * say): what arrived, why it is not what the step waits for, and what to do, instead of waiting
 * out the step in silence. Everything the GP system sent is shown escaped (terminalSafe).
 */
export function unexpectedAnswer(step: PlanStep, entry: JournalEntry, deadlineMs: number): string[] {
  const waitsFor = step.evidence.kind === 'outcome' ? step.evidence.outcomes.join(' or ') : step.expected;
  const sentNhs = terminalSafe(entry.nhsNumber ?? '(none)');
  const stepNhs = step.request.nhs_number ?? '';
  const lines = [
    `  Arrived: #${entry.seq} ${entry.method} ${terminalSafe(entry.path)} for NHS number ${sentNhs}, answered ${entry.response.status} ${terminalSafe(entry.outcome)}; this step waits for ${waitsFor} (${step.expected}).`,
  ];
  const differing = Object.keys(step.request).filter((field) => sentField(entry, field) !== step.request[field]);
  if (entry.nhsNumber !== stepNhs) {
    lines.push(
      `  Why: it names NHS number ${sentNhs}, not this step's patient ${stepNhs}: each step has its own patient, so a request kept from the quick start or an earlier step gets that patient's answer.`,
    );
  } else {
    lines.push(`  Why: ${reasonFor(entry)}${differing.length ? `; it differs from the step's request in ${differing.join(', ')}` : ''}.`);
  }
  const until = new Date(deadlineMs).toISOString().slice(11, 19);
  lines.push(
    `  Do: send the step's request exactly as shown above${differing.length ? ` (${differing.map((f) => `${f} ${step.request[f]}`).join(', ')})` : ''}; this step keeps waiting until ${until} UTC (Ctrl+C stops the run).`,
  );
  return lines;
}

const sentField = (entry: JournalEntry, field: string) => {
  const body = entry.request.body;
  return body && typeof body === 'object' && field in body ? String((body as Record<string, unknown>)[field]) : undefined;
};

function reasonFor(entry: JournalEntry): string {
  if (Object.hasOwn(outcomeCodes, entry.outcome)) {
    const code = outcomeCodes[entry.outcome as keyof typeof outcomeCodes];
    const forced = entry.request.prefer?.includes('code=') ? ', forced by its Prefer header' : '';
    return `${entry.outcome} means ${code.condition}${forced}`;
  }
  const said = entry.response.body as { description?: unknown; error_description?: unknown } | null;
  const detail = said && typeof said === 'object' ? (said.description ?? said.error_description) : undefined;
  return `the sandbox answered HTTP ${entry.response.status}${typeof detail === 'string' ? `: ${terminalSafe(detail)}` : ''}`;
}
