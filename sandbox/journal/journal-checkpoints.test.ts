import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { gpSystem } from '../../test/support/harness';
import { testConfig } from '../config/config';
import type { ConformanceReport } from '../conformance/assess';
import { startSandbox, type StartedSandbox } from '../start';
import { canonicalJson } from './bounded-copy';

/**
 * A journal file edited the way a hash chain alone cannot show: the failing line deleted and the
 * rest re-chained with the documented algorithm. The sandbox's signed checkpoints catch it at
 * start-up (one loud line) and every report says so and cannot PASS.
 */
let running: StartedSandbox | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const rechain = (lines: Record<string, unknown>[]) => {
  let head = 'sha256:genesis';
  return lines.map((line) => {
    const { chain, ...unchained } = line;
    void chain;
    head = `sha256:${createHash('sha256').update(head).update('\n').update(canonicalJson(unchained)).digest('hex')}`;
    return { ...unchained, chain: head };
  });
};

describe('the journal under signed checkpoints', () => {
  it('detects a line deleted and the rest re-chained, at start-up and in the report', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'journal-'));
    const config = () => testConfig({ storage: 'file', dataDir });
    running = await startSandbox(config());
    const send = await gpSystem(running.sandbox);
    await send(requestFor(p.newPatient));
    await send(requestFor(p.newPatient, { ods_code: 'V81999' }));
    await send(requestFor(p.newPatient, { ods_code: 'V81999' })); // the offence a supplier would like gone
    await send(requestFor(p.p5Account));
    await running.stop();
    running = null;

    const file = path.join(dataDir, 'journal.ndjson');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const offending = lines.findLastIndex((l) => l.outcome === '11021');
    const edited = rechain(lines.filter((_, i) => i !== offending));
    writeFileSync(file, `${edited.map((l) => JSON.stringify(l)).join('\n')}\n`);

    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      running = await startSandbox(config());
    } finally {
      console.error = original;
    }
    expect(errors.filter((e) => e.includes('NOT TRUSTWORTHY'))).toEqual([
      expect.stringMatching(/^\[journal\] NOT TRUSTWORTHY: .*journal\.ndjson: the journal was (rewritten|edited|ends)/),
    ]);
    expect(running.sandbox.journal.integrity.problem).not.toBeNull();
    const report = (await (
      await fetch(`${running.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=json`)
    ).json()) as ConformanceReport;
    expect(report.headline).toMatch(/JOURNAL NOT TRUSTWORTHY/);
    expect(report.verdict).not.toBe('pass');
    const text = await (await fetch(`${running.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=text`)).text();
    expect(text).toMatch(/WARNING: JOURNAL NOT TRUSTWORTHY/);
    // The HTML page an assurer is handed says so too, above everything else.
    const html = await (await fetch(`${running.baseUrl}/_sandbox/conformance/${demoClient.clientId}?format=html`)).text();
    expect(html).toMatch(/<p class="banner result fail" data-warning="?[^>]*>\s*Warning: JOURNAL NOT TRUSTWORTHY/);
  });

  it('an untouched journal restarts clean, and a journal reset is no tampering', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'journal-'));
    const config = () => testConfig({ storage: 'file', dataDir });
    running = await startSandbox(config());
    await (
      await gpSystem(running.sandbox)
    )(requestFor(p.newPatient));
    await fetch(`${running.baseUrl}/_sandbox/journal/reset?client_id=nobody`, { method: 'POST' });
    await running.stop();
    running = await startSandbox(config());
    expect(running.sandbox.journal.integrity).toMatchObject({ problem: null, chainBrokenAtSeq: null, rechainedAtSeq: null });
    expect(running.sandbox.journal.integrity.checkpoints.verified).toBeGreaterThan(0);
  });
});

describe('the journal across restarts', () => {
  it('restarts clean over lines rewritten from memory, and names a line edited in place', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'journal-'));
    // Two entries kept: the file, at most twice that, is rewritten from memory as requests come.
    const config = () => testConfig({ storage: 'file', dataDir, journalMaxEntries: '2' });
    running = await startSandbox(config());
    const send = await gpSystem(running.sandbox);
    for (const ods of ['A20047', 'V81999', 'A20047', 'V81999', 'A20047']) await send(requestFor(p.newPatient, { ods_code: ods }));
    await running.stop();
    running = await startSandbox(config());
    expect(running.sandbox.journal.integrity).toMatchObject({ problem: null, chainBrokenAtSeq: null });
    await running.stop();

    const file = path.join(dataDir, 'journal.ndjson');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { seq: number; path: string };
    lines[lines.length - 1] = lines.at(-1)!.replace(`"path":"${last.path}"`, '"path":"/elsewhere"');
    writeFileSync(file, `${lines.join('\n')}\n`);
    running = await startSandbox(config());
    expect(running.sandbox.journal.integrity).toMatchObject({ chainBrokenAtSeq: last.seq, problem: expect.stringMatching(/edited/) });
  });
});

describe('POST /_sandbox/reset', () => {
  it('keeps API-registered clients unless {"clients": true} asks', async () => {
    running = await startSandbox(testConfig());
    const { publicJwk } = running.sandbox.tokens.key;
    const register = await fetch(`${running.baseUrl}/_sandbox/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'supplier-under-test', ods_codes: ['A20047'], jwks: { keys: [{ ...publicJwk, kid: 'k1' }] } }),
    });
    expect(register.status).toBe(201);
    const known = async () => (await fetch(`${running!.baseUrl}/_sandbox/clients/supplier-under-test`)).status;
    await fetch(`${running.baseUrl}/_sandbox/reset`, { method: 'POST' });
    expect(await known()).toBe(200);
    await fetch(`${running.baseUrl}/_sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clients: true }),
    });
    expect(await known()).toBe(404);
    // Both resets are journalled test-interface actions.
    expect(running.sandbox.journal.actions().map((a) => [a.path, a.caller.kind])).toEqual([
      ['/clients', 'open'],
      ['/reset', 'open'],
      ['/reset', 'open'],
    ]);
  });
});
