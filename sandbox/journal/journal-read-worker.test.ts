import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { SandboxProcess } from '../../test/support/child-process';
import { gpSystemOverHttp } from '../../test/support/gp-system-over-http';
import type { JournalEntry } from './journal-entry';
import type { JournalIntegrity } from './request-journal';

/**
 * The built sandbox reads its journal on a worker thread (journal-file.ts): what it keeps from
 * there, the entries and what is wrong with the file, is what the journal in this thread reads.
 * A sandbox process here runs the suite's bundle, worker included.
 */
const sandbox = new SandboxProcess();
afterEach(() => sandbox.stop());

type JournalAnswer = { entries: JournalEntry[]; integrity: JournalIntegrity };
const journalOf = async (baseUrl: string) => (await (await fetch(`${baseUrl}/_sandbox/journal`)).json()) as JournalAnswer;

describe('the journal read on a worker thread', () => {
  it('keeps every entry as written, and names a line edited in place and a damaged one', { timeout: 60_000 }, async () => {
    let running = await sandbox.start('journal-worker-');
    const send = await gpSystemOverHttp(running.baseUrl);
    for (const patient of [p.newPatient, p.p5Account, p.newPatient]) await send(patient);
    const before = await journalOf(running.baseUrl);
    expect(before.entries.length).toBeGreaterThanOrEqual(4);

    // Read back untouched after a crash: the same entries, and only the missing checkpoint to say.
    running = await sandbox.startAgain();
    const reread = await journalOf(running.baseUrl);
    expect(reread.entries).toEqual(before.entries);
    expect(reread.integrity).toMatchObject({ skippedLines: 0, chainBrokenAtSeq: null });

    // An entry edited in place (its chain left as it was), and a damaged line after it.
    await running.stop();
    const file = path.join(sandbox.dataDir, 'journal.ndjson');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const edited = JSON.parse(lines[2]!) as JournalEntry;
    lines[2] = JSON.stringify({ ...edited, path: '/somewhere-else' });
    lines.splice(3, 0, '{"seq": torn');
    writeFileSync(file, `${lines.join('\n')}\n`);
    running = await sandbox.startAgain();
    const after = await journalOf(running.baseUrl);
    expect(after.integrity).toMatchObject({ skippedLines: 1, chainBrokenAtSeq: edited.seq });
    expect(after.integrity.problem).toContain(`the chain breaks at #${edited.seq}`);
    expect(after.entries.map((e) => e.seq)).toEqual(before.entries.map((e) => e.seq));
    expect(after.entries.find((e) => e.seq === edited.seq)?.path).toBe('/somewhere-else');
  });
});
