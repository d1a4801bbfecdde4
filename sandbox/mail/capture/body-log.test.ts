import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openBodyLog } from './body-log';
import type { MessageBody } from './message-bodies';

const made: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'body-log-'));
  made.push(dir);
  return dir;
};
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

const bodyOf = (id: string, size = 100): MessageBody => ({
  Text: `text of ${id} ${'t'.repeat(size)}`,
  HTML: `<p>${id}</p>`,
  Headers: { Subject: [id] },
  Raw: `Subject: ${id}\r\n\r\nraw of ${id}`,
});
const open = (dir: string) => openBodyLog(dir, { maxDeadBytes: 1024 * 1024 });
const logFile = (dir: string) => path.join(dir, 'bodies.log');
/** What start-up reports on stderr, and its result. */
async function reported<T>(work: () => Promise<T>): Promise<{ result: T; errors: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  try {
    return { result: await work(), errors: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('the body log', () => {
  it('gives back every body stored, after a reopen too, and forgets deleted ones', async () => {
    const dir = await tempDir();
    const log = await open(dir);
    const ids = ['one', 'two', 'three'];
    const bytes = await Promise.all(ids.map((id) => log.put(id, bodyOf(id))));
    expect(bytes.every((n) => n > JSON.stringify(bodyOf('one')).length)).toBe(true);
    await log.delete('two');
    expect(await log.get('two')).toBeUndefined();
    await log.close();

    const reopened = await open(dir);
    await reopened.keepOnly(new Set(['one', 'three']));
    expect(await reopened.get('one')).toEqual(bodyOf('one'));
    expect(await reopened.get('three')).toEqual(bodyOf('three'));
    expect(await reopened.get('two')).toBeUndefined();
    expect(await readdir(dir)).toEqual(['bodies.log']);
    await reopened.close();
  });

  it('reclaims the space of deleted bodies once they outweigh the live ones, and keeps the live ones readable', async () => {
    const dir = await tempDir();
    const log = await open(dir);
    const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await Promise.all(ids.map((id) => log.put(id, bodyOf(id, 10_000))));
    const full = (await stat(logFile(dir))).size;
    const kept = new Set(['m5', 'm15', ...ids.slice(30)]);
    for (const id of ids) if (!kept.has(id)) await log.delete(id);
    expect((await stat(logFile(dir))).size).toBeLessThan(full / 2);
    for (const id of kept) expect(await log.get(id)).toEqual(bodyOf(id, 10_000));
    await log.put('after', bodyOf('after'));
    await log.close();
    const reopened = await open(dir);
    await reopened.keepOnly(new Set([...kept, 'after']));
    expect(await reopened.get('m5')).toEqual(bodyOf('m5', 10_000));
    expect(await reopened.get('after')).toEqual(bodyOf('after'));
    expect(await reopened.get('m35')).toEqual(bodyOf('m35', 10_000));
    await reopened.close();
  });

  it('cuts a torn last record at start-up, loudly, keeps every intact one and appends after them', async () => {
    const dir = await tempDir();
    const log = await open(dir);
    for (const id of ['a', 'b']) await log.put(id, bodyOf(id));
    await log.close();
    await writeFile(logFile(dir), '\x1ec 9999 0123456789abcdef\n{"Text":"cut sh', { flag: 'a' });
    const { result: reopened, errors } = await reported(() => open(dir));
    expect(errors).toMatch(/bodies\.log: 1 damaged stretch.*the last at the end of the file and cut off/);
    expect(await reopened.get('a')).toEqual(bodyOf('a'));
    expect(await reopened.get('c')).toBeUndefined();
    await reopened.put('d', bodyOf('d'));
    await reopened.close();
    const again = await open(dir);
    expect(await again.get('d')).toEqual(bodyOf('d'));
    expect(await again.get('b')).toEqual(bodyOf('b'));
    await again.close();
  });

  it('keeps the intact bodies around a damaged stretch and puts the damaged bytes aside, loudly', async () => {
    const dir = await tempDir();
    const log = await open(dir);
    for (const id of ['a', 'b', 'c']) await log.put(id, bodyOf(id));
    await log.close();
    const bytes = await readFile(logFile(dir));
    const second = bytes.indexOf('\x1eb ');
    bytes.write('XX', second + 1); // the header of b's record no longer reads
    await writeFile(logFile(dir), bytes);
    const { result: reopened, errors } = await reported(() => open(dir));
    expect(errors).toMatch(/1 damaged stretch.*copied to .*bodies\.log\.damaged; the 2 intact bodies/);
    expect(await reopened.get('a')).toEqual(bodyOf('a'));
    expect(await reopened.get('b')).toBeUndefined();
    expect(await reopened.get('c')).toEqual(bodyOf('c'));
    expect(await readFile(path.join(dir, 'bodies.log.damaged'), 'utf8')).toContain('raw of b');
    await reopened.close();
  });

  it('shows a body whose bytes changed as not found, and says so', async () => {
    const dir = await tempDir();
    const log = await open(dir);
    await log.put('a', bodyOf('a'));
    await log.close();
    const bytes = await readFile(logFile(dir));
    bytes.write('X', bytes.indexOf('text of a'));
    await writeFile(logFile(dir), bytes);
    const reopened = await open(dir);
    const { result, errors } = await reported(() => reopened.get('a'));
    expect(result).toBeUndefined();
    expect(errors).toMatch(/the body of message a is damaged/);
    await reopened.close();
  });

  it('gives back a raw source with line ends, quotes, non-ASCII text and record marks exactly', async () => {
    const dir = await tempDir();
    const log = await open(dir);
    const raws = { crlf: 'Subject: a\r\n\r\n"quoted" \\ é €\n\n', mark: 'Subject: b\r\n\r\nmark \x1e here\r\n', empty: '' };
    for (const [id, Raw] of Object.entries(raws)) await log.put(id, { ...bodyOf(id), Raw });
    await log.close();
    const reopened = await open(dir);
    for (const [id, Raw] of Object.entries(raws)) expect(await reopened.get(id)).toEqual({ ...bodyOf(id), Raw });
    await reopened.close();
  });

  it('reads the log an earlier version wrote, each body as one JSON, and appends after it', async () => {
    const dir = await tempDir();
    const json = Buffer.from(JSON.stringify(bodyOf('old')));
    const sum = createHash('sha256').update(json).digest('hex').slice(0, 16);
    await writeFile(logFile(dir), Buffer.concat([Buffer.from(`\x1eold ${json.length} ${sum}\n`), json, Buffer.from('\n')]));
    const log = await open(dir);
    expect(await log.get('old')).toEqual(bodyOf('old'));
    await log.put('new', bodyOf('new'));
    await log.close();
    const reopened = await open(dir);
    expect(await reopened.get('old')).toEqual(bodyOf('old'));
    expect(await reopened.get('new')).toEqual(bodyOf('new'));
    await reopened.close();
  });

  it('moves the bodies an earlier version kept one file per message into the log', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'old1.json'), JSON.stringify(bodyOf('old1')));
    const log = await open(dir);
    expect(await log.get('old1')).toEqual(bodyOf('old1'));
    expect(await readdir(dir)).toEqual(['bodies.log']);
    await log.close();
  });
});
