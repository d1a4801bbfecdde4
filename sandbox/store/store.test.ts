import { spawn } from 'node:child_process';
import { hash } from 'node:crypto';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nodeArgsFor } from '../../test/support/suite-bundle';
import { SCHEMA_VERSION, Store } from './store';

const made: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-'));
  made.push(dir);
  return dir;
};
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));
/** Every line of the snapshot, parsed: the header, then one collection per line. */
const snapshotLines = async (dir: string) =>
  (await readFile(path.join(dir, 'store.json'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('damage and failure', () => {
  it('keeps every intact record around a damaged log line and moves the damaged one aside, loudly', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    const items = store.collection<string>('items');
    for (const key of ['a', 'b', 'c']) await store.transact(() => items.put(key, `value ${key}`));
    await store.close();
    const logFile = path.join(dir, 'store.log.ndjson');
    const lines = (await readFile(logFile, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('value b', 'valuE b'); // one damaged byte in a middle line
    await writeFile(logFile, lines.join('\n'));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const reopened = await Store.open({ kind: 'file', dir });
    spy.mockRestore();
    const kept = reopened.collection<string>('items');
    expect([kept.get('a'), kept.get('b'), kept.get('c')]).toEqual(['value a', undefined, 'value c']);
    expect(await readFile(path.join(dir, 'store.log.damaged.ndjson'), 'utf8')).toContain('valuE b');
    expect(errors.join('\n')).toMatch(/1 damaged line\(s\) moved to .*store\.log\.damaged\.ndjson/);
    await reopened.close();
  });

  it('drops a torn last line quietly: it was never acknowledged', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    await store.transact(() => store.collection<string>('items').put('a', 'kept'));
    await store.close();
    await writeFile(path.join(dir, 'store.log.ndjson'), '0123456789abcdef {"op":"put","c":"items","k":"b","v":"to', { flag: 'a' });
    const reopened = await Store.open({ kind: 'file', dir });
    expect(reopened.collection('items').size).toBe(1);
    await expect(readFile(path.join(dir, 'store.log.damaged.ndjson'))).rejects.toThrow(/ENOENT/);
    await reopened.close();
  });
  it('appends after a complete last change that lacks its newline, never running on from it', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    await store.transact(() => store.collection('items').put('a', { kept: true }));
    await store.close();
    const logFile = path.join(dir, 'store.log.ndjson');
    await writeFile(logFile, (await readFile(logFile, 'utf8')).trimEnd()); // the crash came just before the newline
    const reopened = await Store.open({ kind: 'file', dir });
    await reopened.transact(() => reopened.collection('items').put('b', { writtenAfter: true }));
    await reopened.close();
    const again = await Store.open({ kind: 'file', dir });
    expect(again.collection('items').entries()).toEqual([
      ['a', { kept: true }],
      ['b', { writtenAfter: true }],
    ]);
    await expect(readFile(path.join(dir, 'store.log.damaged.ndjson'))).rejects.toThrow(/ENOENT/);
    await again.close();
  });
});

describe('Store', () => {
  it('keeps every change across several restarts, each adding more', async () => {
    const dir = await tempDir();
    for (const round of [1, 2, 3]) {
      const store = await Store.open({ kind: 'file', dir });
      const items = store.collection<{ round: number }>('items');
      expect(items.get('latest')?.round).toBe(round === 1 ? undefined : round - 1);
      await store.transact(() => items.put(`round ${round}`, { round }));
      await store.transact(() => items.delete(`round ${round - 1}`));
      await store.transact(() => items.put('latest', { round }));
      await store.close();
    }
    const reopened = await Store.open({ kind: 'file', dir });
    expect(Object.fromEntries(reopened.collection('items').entries())).toEqual({ 'round 3': { round: 3 }, latest: { round: 3 } });
    await reopened.close();
  });

  it('keeps records across a reopen, including deletes', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    const people = store.collection<{ name: string }>('people');
    await store.transact(() => {
      people.put('a', { name: 'Ada' });
      people.put('b', { name: 'Bea' });
    });
    await store.transact(() => people.delete('a'));
    await store.close();

    const reopened = await Store.open({ kind: 'file', dir });
    expect(reopened.collection('people').entries()).toEqual([['b', { name: 'Bea' }]]);
    const [header] = await snapshotLines(dir);
    expect(header!.schemaVersion).toBe(1);
    await reopened.close();
  });

  it('gathers concurrent writes into one log append (group commit)', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    const items = store.collection<number>('items');
    await store.transact(() => items.put('first', 0)); // occupies the writer
    const writes = Array.from({ length: 50 }, (_, i) => store.transact(() => items.put(`k${i}`, i)));
    await Promise.all(writes);
    const log = await readFile(path.join(dir, 'store.log.ndjson'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(51);
    await store.close();
    const reopened = await Store.open({ kind: 'file', dir });
    expect(reopened.collection('items').size).toBe(51);
    await reopened.close();
  });

  it('answers lookups through secondary indexes and keeps them current', async () => {
    const store = await Store.open({ kind: 'memory' });
    const requests = store.collection<{ nhs: string }>('requests');
    requests.defineIndex('byNhs', (r) => r.nhs);
    requests.put('1', { nhs: '9990000018' });
    requests.put('2', { nhs: '9990000018' });
    requests.put('2', { nhs: '9990000026' });
    expect(requests.findBy('byNhs', '9990000018')).toEqual([{ nhs: '9990000018' }]);
    requests.delete('1');
    expect(requests.findBy('byNhs', '9990000018')).toEqual([]);
  });

  it('finds every record sharing an indexed value, and counts records as they come and go', async () => {
    const store = await Store.open({ kind: 'memory' });
    const requests = store.collection<{ nhs: string }>('requests');
    requests.put('1', { nhs: 'A' });
    requests.defineIndex('byNhs', (r) => r.nhs);
    for (const key of ['2', '3']) requests.put(key, { nhs: 'A' });
    requests.put('2', { nhs: 'A' });
    expect(requests.findBy('byNhs', 'A')).toHaveLength(3);
    expect(requests.size).toBe(3);
    requests.delete('1');
    requests.delete('1');
    requests.put('3', { nhs: 'B' });
    expect(requests.findBy('byNhs', 'A')).toEqual([{ nhs: 'A' }]);
    expect(requests.findBy('byNhs', 'B')).toEqual([{ nhs: 'B' }]);
    expect(requests.size).toBe(2);
    await store.clear();
    expect([requests.size, requests.findBy('byNhs', 'B')]).toEqual([0, []]);
  });

  it('clear() empties everything durably', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    await store.transact(() => store.collection('x').put('k', 1));
    await store.clear();
    await store.transact(() => store.collection('y').put('k', 2));
    await store.close();
    const reopened = await Store.open({ kind: 'file', dir });
    expect(reopened.collection('x').size).toBe(0);
    expect(reopened.collection('y').get('k')).toBe(2);
    await reopened.close();
  });

  it('refuses to start on a corrupt snapshot instead of overwriting it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), '{"schemaVersion":1,"coll');
    await expect(Store.open({ kind: 'file', dir })).rejects.toThrow(/not valid JSON/);
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe('{"schemaVersion":1,"coll');
  });

  it('refuses a snapshot of another schema version', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), '{"schemaVersion":99,"collections":{}}');
    await expect(Store.open({ kind: 'file', dir })).rejects.toThrow(/schema version 99/);
  });

  it('never loses an acknowledged write when the process is SIGKILLed', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = await tempDir();
      const acknowledged = await runAndKill(dir, 150 + round * 100);
      expect(acknowledged.length).toBeGreaterThan(0);
      await snapshotLines(dir); // always parses
      const store = await Store.open({ kind: 'file', dir });
      const records = store.collection('records');
      const missing = acknowledged.filter((key) => !records.has(key));
      expect(missing).toEqual([]);
      await store.close();
    }
  }, 60_000);
});

/** Starts the writer, waits until it has acknowledged `count` writes, then kills it with SIGKILL. */
function runAndKill(dir: string, count: number, paddingBytes = 200): Promise<string[]> {
  const child = spawn(process.execPath, [...nodeArgsFor('test/support/crash-writer.ts'), dir, String(paddingBytes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: string[] = [];
  let buffer = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      acknowledged.push(...lines);
      if (acknowledged.length >= count && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', () => resolve(acknowledged));
  });
}

describe('the snapshot', () => {
  const oneDocument = { schemaVersion: SCHEMA_VERSION, collections: { people: { ada: { name: 'Ada' } }, pets: { rex: { kind: 'dog' } } } };

  it('reads the format before (one JSON document) and writes it anew, one line per collection, keeping every record', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify(oneDocument));
    const store = await Store.open({ kind: 'file', dir });
    expect(store.collection('people').get('ada')).toEqual({ name: 'Ada' });
    await store.close();
    expect(await snapshotLines(dir)).toEqual([
      // Each line's length in bytes: '{"ada":{"name":"Ada"}}' and '{"rex":{"kind":"dog"}}'.
      { schemaVersion: SCHEMA_VERSION, collections: ['people', 'pets'], bytes: [22, 22] },
      { ada: { name: 'Ada' } },
      { rex: { kind: 'dog' } },
    ]);
    const reopened = await Store.open({ kind: 'file', dir });
    expect([reopened.collection('people').get('ada'), reopened.collection('pets').get('rex')]).toEqual([{ name: 'Ada' }, { kind: 'dog' }]);
    await reopened.close();
  });

  it("applies the log's changes to a collection read after them, and rewrites the collections nothing read unchanged", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify(oneDocument));
    await (await Store.open({ kind: 'file', dir })).close();
    const store = await Store.open({ kind: 'file', dir });
    await store.transact(() => store.collection('people').put('bea', { name: 'Bea' }));
    await store.transact(() => store.collection('people').delete('ada'));
    await store.close();
    // A torn last line makes the next start rewrite the snapshot before anything is read.
    await writeFile(path.join(dir, 'store.log.ndjson'), '0123456789abcdef {"op":"put","c":"pets","k":"tom","v":{', { flag: 'a' });
    await (await Store.open({ kind: 'file', dir })).close();
    expect(await snapshotLines(dir)).toEqual([
      { schemaVersion: SCHEMA_VERSION, collections: ['people', 'pets'], bytes: [22, 22] },
      { bea: { name: 'Bea' } },
      { rex: { kind: 'dog' } },
    ]);
  });

  it('finds each collection by its newline when the lengths its header states are wrong or absent', async () => {
    const dir = await tempDir();
    const lines = ['{"ada":{"name":"Ada"}}', '{"rex":{"kind":"dog"}}'];
    for (const bytes of [[5, 500], undefined]) {
      await writeFile(
        path.join(dir, 'store.json'),
        `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, collections: ['people', 'pets'], bytes })}\n${lines.join('\n')}\n`,
      );
      const store = await Store.open({ kind: 'file', dir });
      expect([store.collection('people').get('ada'), store.collection('pets').get('rex')]).toEqual([{ name: 'Ada' }, { kind: 'dog' }]);
      await store.close();
    }
  });

  it('names the file and the collection when a collection it holds is damaged, at its first use, and keeps the file', async () => {
    const dir = await tempDir();
    const text = `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, collections: ['people', 'pets'] })}\n{"ada":{"name":"Ada"}}\n{"rex":{"kind":\n`;
    await writeFile(path.join(dir, 'store.json'), text);
    const store = await Store.open({ kind: 'file', dir });
    expect(store.collection('people').get('ada')).toEqual({ name: 'Ada' });
    expect(() => store.collection('pets').get('rex')).toThrow(/store\.json \(collection pets\) is not valid JSON.*move the file aside/);
    await store.close();
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(text);
  });

  // Issue #31: a put whose checksum holds is parsed at its collection's first use, not at start-up.
  it('names the log line when a put written by hand, its checksum recomputed, is no change, at its first use', async () => {
    const dir = await tempDir();
    const store = await Store.open({ kind: 'file', dir });
    await store.transact(() => store.collection('people').put('ada', { name: 'Ada' }));
    await store.close();
    // A second key replaces the first when parsed: this put would set the records' prototype.
    const json = '{"op":"put","c":"pets","k":"rex","v":{"kind":"dog"},"k":"__proto__"}';
    await writeFile(path.join(dir, 'store.log.ndjson'), `${hash('sha256', json, 'hex').slice(0, 16)} ${json}\n`, { flag: 'a' });
    const reopened = await Store.open({ kind: 'file', dir });
    expect(reopened.collection('people').get('ada')).toEqual({ name: 'Ada' });
    expect(() => reopened.collection('pets').get('rex')).toThrow(
      /store\.log\.ndjson line 2 is not a change this sandbox wrote, though its checksum holds: move the file aside/,
    );
    await reopened.close();
  });

  it('refuses to start on a snapshot cut short of the collections its header names', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'store.json'),
      `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, collections: ['people', 'pets'] })}\n{}\n`,
    );
    await expect(Store.open({ kind: 'file', dir })).rejects.toThrow(/store\.json ends before its collection pets/);
  });
});

describe('compaction', () => {
  // Issue #31: a fixed 16 MiB threshold rewrote a large snapshot over and over under load.
  it('rewrites the snapshot once the log outgrows both 16 MiB and the snapshot, not before, and keeps every record', async () => {
    const dir = await tempDir();
    const mib = { text: 'x'.repeat(1024 * 1024) };
    const logBytes = async () => (await stat(path.join(dir, 'store.log.ndjson'))).size;
    // A store of 24 records of 1 MiB each, as a sandbox that compacted would have left it.
    const kept = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`kept-${i}`, mib]));
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ schemaVersion: SCHEMA_VERSION, collections: { big: kept } }));
    const store = await Store.open({ kind: 'file', dir });
    const records = store.collection<{ text: string }>('big');
    expect(records.size).toBe(24);
    const snapshot = (await stat(path.join(dir, 'store.json'))).size;
    expect(snapshot).toBeGreaterThan(24 * 1024 * 1024);
    for (let i = 0; i < 20; i++) await store.transact(() => records.put(`log-${i}`, mib));
    expect(await logBytes()).toBeGreaterThan(16 * 1024 * 1024); // past 16 MiB, short of the snapshot: still a log
    for (let i = 20; i < 26; i++) await store.transact(() => records.put(`log-${i}`, mib));
    // Past the snapshot too: compacted beside the writes; closing waits for it.
    await store.close();
    expect(await logBytes()).toBeLessThan(16 * 1024 * 1024);
    expect((await stat(path.join(dir, 'store.json'))).size).toBeGreaterThan(snapshot);
    const reopened = await Store.open({ kind: 'file', dir });
    expect(reopened.collection<{ text: string }>('big').size).toBe(50);
    await reopened.close();
  });

  it('goes on acknowledging writes while it compacts, keeps each of them, and leaves only those in the log', async () => {
    const dir = await tempDir();
    const mib = { text: 'x'.repeat(1024 * 1024) };
    const kept = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`kept-${i}`, mib]));
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ schemaVersion: SCHEMA_VERSION, collections: { big: kept } }));
    const store = await Store.open({ kind: 'file', dir });
    const records = store.collection<{ text?: string; n?: number }>('big');
    for (let i = 0; i < 17; i++) await store.transact(() => records.put(`log-${i}`, mib)); // past 16 MiB: compacting
    // Small writes, changes and deletes of records the snapshot is being written from, while it is.
    const during = Array.from({ length: 200 }, (_, n) =>
      store.transact(() => {
        if (n % 3 === 0) records.delete(`kept-${n % 16}`);
        records.put(`during-${n}`, { n });
        records.put(`log-${n % 17}`, { n });
      }),
    );
    await Promise.all(during);
    await store.close();

    const logLines = (await readFile(path.join(dir, 'store.log.ndjson'), 'utf8')).split('\n').filter(Boolean);
    expect(logLines.length).toBeLessThan(3 * 200 + 1); // the 17 big writes are in the snapshot, not the log
    const reopened = await Store.open({ kind: 'file', dir });
    const big = reopened.collection<{ text?: string; n?: number }>('big');
    const deleted = new Set(
      Array.from({ length: 200 }, (_, n) => n)
        .filter((n) => n % 3 === 0)
        .map((n) => `kept-${n % 16}`),
    );
    for (let i = 0; i < 16; i++) expect(big.has(`kept-${i}`)).toBe(!deleted.has(`kept-${i}`));
    for (let n = 0; n < 200; n++) expect(big.get(`during-${n}`)).toEqual({ n });
    // Each log-i holds the last small write to it.
    for (let i = 0; i < 17; i++)
      expect(big.get(`log-${i}`)).toEqual({ n: Math.max(...[...Array(200).keys()].filter((n) => n % 17 === i)) });
    await reopened.close();
  });

  it('never loses an acknowledged write when the process is SIGKILLed while it compacts', async () => {
    for (const killAfter of [270, 300, 420]) {
      const dir = await tempDir();
      // A 16 MiB snapshot; 64 KiB writes pass the threshold after about 260 of them, and the
      // compaction takes some 0.5 s here: killed during it (270, 300) and after it (420).
      const kept = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`kept-${i}`, { n: i, padding: 'y'.repeat(1024 * 1024) }]));
      await writeFile(path.join(dir, 'store.json'), JSON.stringify({ schemaVersion: SCHEMA_VERSION, collections: { records: kept } }));
      const acknowledged = await runAndKill(dir, killAfter, 64 * 1024);
      expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
      await snapshotLines(dir); // always parses
      const store = await Store.open({ kind: 'file', dir });
      const records = store.collection('records');
      expect(acknowledged.filter((key) => !records.has(key))).toEqual([]);
      expect(Array.from({ length: 16 }, (_, i) => records.has(`kept-${i}`))).toEqual(Array(16).fill(true));
      await store.close();
    }
  }, 120_000);
});

/**
 * Disk errors at chosen moments, on real files: FileHandle's own methods made to fail once, as a
 * full or failing disk makes them fail, which no real disk can be made to do on cue.
 */
describe('a failing disk while the store compacts', () => {
  const failOnce = async (
    method: 'appendFile' | 'truncate',
    fail: (real: (...args: unknown[]) => Promise<unknown>, args: unknown[]) => Promise<unknown>,
  ) => {
    const probe = await open(import.meta.filename, 'r');
    const proto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await probe.close();
    const real = proto[method]!;
    let armed = true;
    proto[method] = async function (this: unknown, ...args: unknown[]) {
      if (!armed) return real.apply(this, args);
      armed = false;
      return fail((...a) => real.apply(this, a), args);
    };
    return () => (proto[method] = real);
  };
  const bigWrites = async (store: Store, count: number) => {
    const bulk = store.collection<{ pad: string }>('bulk');
    for (let i = 0; i < count; i++) await store.transact(() => bulk.put(`b${i}`, { pad: 'x'.repeat(1_100_000) }));
  };

  it('keeps a record whose delete failed while the snapshot was being written, after the log is cut and a restart', async () => {
    const dir = await tempDir();
    let store = await Store.open({ kind: 'file', dir });
    const kept = store.collection<{ x: number }>('kept');
    await store.transact(() => kept.put('v', { x: 1 }));
    await bigWrites(store, 16); // past 16 MiB: compacting now
    const restore = await failOnce('appendFile', async () => {
      await new Promise((r) => setTimeout(r, 300)); // a stall, then EIO; the snapshot goes on meanwhile
      throw Object.assign(new Error('simulated EIO'), { code: 'EIO' });
    });
    try {
      kept.delete('v');
      await expect(store.sync()).rejects.toThrow(/simulated EIO/);
    } finally {
      restore();
    }
    expect(kept.get('v')).toEqual({ x: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    await store.transact(() => kept.put('later', { x: 2 })); // cuts the log first, if a snapshot is in place
    await store.close();

    store = await Store.open({ kind: 'file', dir });
    expect(store.collection('kept').get('v')).toEqual({ x: 1 });
    expect(store.collection('kept').get('later')).toEqual({ x: 2 });
    await store.close();
  });

  it('loses nothing acknowledged after a failed write whose torn end could not be cut off', async () => {
    const dir = await tempDir();
    let store = await Store.open({ kind: 'file', dir });
    await bigWrites(store, 16);
    const records = store.collection<{ n: number }>('records');
    const restoreAppend = await failOnce('appendFile', async (real, [data, ...rest]) => {
      await real(String(data).slice(0, -10), ...rest); // part of the batch reached the file
      throw Object.assign(new Error('simulated ENOSPC'), { code: 'ENOSPC' });
    });
    const restoreTruncate = await failOnce('truncate', () => Promise.reject(Object.assign(new Error('simulated EIO'), { code: 'EIO' })));
    try {
      await expect(store.transact(() => records.put('failed', { n: 0 }))).rejects.toThrow(/simulated ENOSPC/);
    } finally {
      restoreAppend();
      restoreTruncate();
    }
    for (let n = 1; n <= 3; n++) {
      await store.transact(() => records.put(`acknowledged-${n}`, { n }));
      await new Promise((r) => setTimeout(r, 700)); // the compaction finishes, and a later write cuts the log
    }
    await store.close();

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store = await Store.open({ kind: 'file', dir });
    errors.mockRestore();
    const reopened = store.collection<{ n: number }>('records');
    expect([1, 2, 3].map((n) => reopened.get(`acknowledged-${n}`))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(reopened.has('failed')).toBe(false);
    await store.close();
  });
});
