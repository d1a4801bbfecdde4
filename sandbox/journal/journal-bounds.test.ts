import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { journalExchange } from '../../test/support/journal-exchange';
import { RequestJournal } from './request-journal';

/**
 * The journal is bounded in entries and in bytes, in memory and on disk: its file is rewritten
 * with the entries kept once it holds twice the bound, and what a restart reads back is what
 * was kept, its chain intact, even when it is closed during a rewrite.
 */
const exchange = (n: number) => journalExchange(n);

async function recordAll(journal: RequestJournal, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    journal.record(exchange(n));
    // A rewrite runs between requests, as it does under load; lines recorded meanwhile follow it.
    await sleep(2);
  }
}

describe('the journal bounds', () => {
  it('keeps the newest entries within its entry bound, and reads back the same after a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'journal-bounds-'));
    const journal = await RequestJournal.open({ dir, maxEntries: 5, maxBytes: 1024 * 1024 });
    await recordAll(journal, 23);
    expect(journal.query().map((e) => e.seq)).toEqual([19, 20, 21, 22, 23]);
    await journal.close();
    expect(readFileSync(path.join(dir, 'journal.ndjson'), 'utf8').trim().split('\n').length).toBeLessThanOrEqual(10);

    const reopened = await RequestJournal.open({ dir, maxEntries: 5, maxBytes: 1024 * 1024 });
    expect(reopened.query().map((e) => e.seq)).toEqual([19, 20, 21, 22, 23]);
    expect(reopened.integrity).toMatchObject({ skippedLines: 0, chainBrokenAtSeq: null });
    await reopened.close();
  });

  it('keeps its file within twice its byte bound', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'journal-bounds-'));
    const lineBytes = Buffer.byteLength(`${JSON.stringify({ seq: 10, ...exchange(10), chain: `sha256:${'0'.repeat(64)}` })}\n`);
    const maxBytes = 4 * lineBytes;
    const journal = await RequestJournal.open({ dir, maxEntries: 1000, maxBytes });
    await recordAll(journal, 40);
    await journal.close();
    const file = path.join(dir, 'journal.ndjson');
    expect(statSync(file).size).toBeLessThanOrEqual(2 * maxBytes + 2 * lineBytes);
    // More than the bound in memory would be dropped at once: the file was rewritten, not emptied.
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(3);
  });
});
