import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioPatients as p } from '../../fixtures/patients';
import { SandboxProcess } from '../../test/support/child-process';
import { gpSystemOverHttp } from '../../test/support/gp-system-over-http';
import { canonicalJson } from './bounded-copy';
import type { JournalEntry } from './journal-entry';
import { WORKER_FROM_BYTES } from './journal-file';
import type { JournalIntegrity } from './request-journal';

/**
 * The built sandbox reads a large journal on a worker thread (journal-file.ts): what it keeps from
 * there, the entries and what is wrong with the file, is what the file says. A sandbox process
 * here runs the suite's bundle, worker included.
 */
const sandbox = new SandboxProcess();
afterEach(() => sandbox.stop());

type JournalAnswer = { entries: JournalEntry[]; integrity: JournalIntegrity };
/** Every entry, oldest first (the API answers newest first). */
const journalOf = async (baseUrl: string) => {
  const answer = (await (await fetch(`${baseUrl}/_sandbox/journal?limit=20000`)).json()) as JournalAnswer;
  return { ...answer, entries: answer.entries.reverse() };
};

/** Lines as the sandbox writes them: canonical JSON, then the chain, SHA-256 of the one before and that JSON. */
function chained(entries: Omit<JournalEntry, 'chain'>[]): string[] {
  let head = 'sha256:genesis';
  return entries.map((entry) => {
    const canonical = canonicalJson(entry);
    head = `sha256:${createHash('sha256').update(`${head}\n${canonical}`).digest('hex')}`;
    return `${canonical.slice(0, -1)},"chain":"${head}"}`;
  });
}

describe('a large journal, read on a worker thread', () => {
  it('keeps every entry as written, and names a line edited in place and a damaged one', { timeout: 60_000 }, async () => {
    let running = await sandbox.start('journal-worker-');
    const send = await gpSystemOverHttp(running.baseUrl);
    for (const patient of [p.newPatient, p.p5Account]) await send(patient);
    await running.stop();

    // The sandbox's own entries, copied (each a new seq, chained again) until the file is large enough for the worker.
    const file = path.join(sandbox.dataDir, 'journal.ndjson');
    const written = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JournalEntry);
    const copies = Math.ceil((1.2 * WORKER_FROM_BYTES) / readFileSync(file).length);
    const entries = Array.from({ length: copies }, () => written)
      .flat()
      .map(({ chain, ...entry }, i) => (void chain, { ...entry, seq: i + 1 }));
    const lines = chained(entries);
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(statSync(file).size).toBeGreaterThan(WORKER_FROM_BYTES);

    running = await sandbox.startAgain();
    const intact = await journalOf(running.baseUrl);
    expect(intact.integrity).toMatchObject({ skippedLines: 0, chainBrokenAtSeq: null });
    expect(intact.entries).toEqual(lines.map((line) => JSON.parse(line) as JournalEntry));

    // One entry edited in place (its chain left as it was), and a damaged line after it.
    await running.stop();
    const edited = entries.length - 10;
    lines[edited - 1] = lines[edited - 1]!.replace('"path":"/', '"path":"/somewhere-else');
    lines.splice(edited, 0, '{"seq": torn');
    writeFileSync(file, `${lines.join('\n')}\n`);
    running = await sandbox.startAgain();
    const after = await journalOf(running.baseUrl);
    expect(after.integrity).toMatchObject({ skippedLines: 1, chainBrokenAtSeq: edited });
    expect(after.integrity.problem).toContain(`the chain breaks at #${edited}`);
    expect(after.entries.map((e) => e.seq)).toEqual(entries.map((e) => e.seq));
    expect(after.entries.find((e) => e.seq === edited)?.path).toMatch(/^\/somewhere-else/);
  });
});
