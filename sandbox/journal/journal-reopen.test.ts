import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './bounded-copy';
import { journalExchange } from '../../test/support/journal-exchange';
import { RequestJournal } from './request-journal';

/**
 * A restart reads the journal's entries back as they were recorded, though it parses each only at
 * its first use (kept-entry.ts, issue #31): the same entries, chain and counter, and a file
 * rewritten from them the same.
 */
const exchange = (n: number) => {
  const clientId = n % 2 ? 'client-odd' : 'client-even';
  return journalExchange(n, {
    // Answered out of turn, as a request that waited for its body is: the counter continues after the largest.
    order: { arrived: 2 * n, answered: n === 2 ? 100 : 2 * n + 1 },
    clientId,
    identity: { clientId, verifiedBy: 'access-token' },
    // A body that says "order" and "seq" too: only the entry's own are read.
    body: { order: { answered: 9e9, arrived: 1 }, seq: 7, n },
  });
};
const open = (dir: string) => RequestJournal.open({ dir, maxEntries: 100, maxBytes: 1024 * 1024 });

describe('the journal after a restart', () => {
  it('reads back the entries, chain and counter it recorded, and rewrites a torn file with the same entries', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'journal-reopen-'));
    const journal = await open(dir);
    for (let n = 1; n <= 6; n++) journal.record(exchange(n));
    const recorded = journal.query();
    const head = journal.head;
    await journal.close();

    const reopened = await open(dir);
    expect(reopened.head).toEqual(head);
    expect(reopened.query({ clientId: 'client-even' })).toEqual(recorded.filter((e) => e.clientId === 'client-even'));
    expect(reopened.query()).toEqual(recorded);
    expect(reopened.tick()).toBe(101);
    expect(reopened.integrity).toMatchObject({ skippedLines: 0, chainBrokenAtSeq: null });
    await reopened.close();

    // A torn last line: the file is rewritten at start-up from the entries kept, still unparsed.
    const file = path.join(dir, 'journal.ndjson');
    appendFileSync(file, '{"answeredAtMs":7005,"at":');
    await (await open(dir)).close();
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(recorded);
    const rewritten = await open(dir);
    expect(rewritten.query()).toEqual(recorded);
    expect(rewritten.integrity).toMatchObject({ skippedLines: 0, chainBrokenAtSeq: null });
    await rewritten.close();
  });

  it('names a line written by hand with its chain recomputed that is no entry, at its first use', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'journal-reopen-'));
    const journal = await open(dir);
    journal.record(exchange(1));
    const { chain } = journal.record(exchange(2));
    await journal.close();
    const forged = canonicalJson({ ...exchange(3), endpoint: 'elsewhere', seq: 3 });
    const forgedChain = `sha256:${createHash('sha256').update(`${chain}\n${forged}`).digest('hex')}`;
    appendFileSync(path.join(dir, 'journal.ndjson'), `${forged.slice(0, -1)},"chain":"${forgedChain}"}\n`);

    const reopened = await open(dir);
    expect(reopened.head).toEqual({ seq: 3, chain: forgedChain });
    expect(() => reopened.query()).toThrow(/journal\.ndjson line #3 is not a journal entry, though its chain holds: move the file aside/);
    await reopened.close();
  });
});
