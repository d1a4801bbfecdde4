import { createHash } from 'node:crypto';
import { canonicalJson } from '../journal/bounded-copy';
import type { JournalEntry } from '../journal/journal-entry';

/**
 * The digest of the requests a report assessed: a SHA-256 hash chain over their canonical JSON,
 * in order. The report prints the head; the JSON evidence pack carries the entries, so an
 * assurance team recomputes the chain (`npm run conformance -- --verify pack.json`) and an
 * edited, added or removed entry no longer matches the printed head.
 */
export const EVIDENCE_CHAIN_ALGORITHM = 'sha256(previous head + "\\n" + canonical JSON of the entry), starting from "sha256:start"';
const START = 'sha256:start';

export function evidenceChainHead(entries: readonly JournalEntry[]): string {
  return entries.reduce(
    (head, entry) => `sha256:${createHash('sha256').update(head).update('\n').update(canonicalJson(entry)).digest('hex')}`,
    START,
  );
}
