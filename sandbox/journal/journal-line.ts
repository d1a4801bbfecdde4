import { JOURNAL_ENDPOINTS, type JournalEntry } from './journal-entry';
import type { TestInterfaceAction } from './test-interface-action';

/** A line of the journal's file: a request's entry or a test-interface action. */
export type Line = JournalEntry | TestInterfaceAction;

/** The line's entry or action; null when the line is damaged (not JSON); 'wrong-shape' when it is JSON but neither. */
export function parseLine(line: string): Line | null | 'wrong-shape' {
  try {
    const value = JSON.parse(line) as Partial<JournalEntry> | null;
    const action = value as Partial<TestInterfaceAction> | null;
    if (action?.kind === 'test-interface')
      return typeof action.seq === 'number' && typeof action.atMs === 'number' && typeof action.chain === 'string'
        ? (action as TestInterfaceAction)
        : null;
    const looksRight =
      value !== null &&
      typeof value === 'object' &&
      typeof value.seq === 'number' &&
      typeof value.atMs === 'number' &&
      typeof value.chain === 'string' &&
      (JOURNAL_ENDPOINTS as readonly unknown[]).includes(value.endpoint) &&
      typeof value.request === 'object' &&
      typeof value.response === 'object';
    return looksRight ? (value as JournalEntry) : 'wrong-shape';
  } catch {
    return null;
  }
}
