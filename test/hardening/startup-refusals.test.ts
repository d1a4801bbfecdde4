import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxThatFails } from '../support/child-process';

/**
 * Issue #28: settings far out of range (2^53−1 for CLAIM_LOCKOUT or INVITATION_TTL_DAYS) were
 * accepted at start-up and then answered 500, and a snapshot holding the JSON null started an
 * empty sandbox over the stored records. A real `npm start` process each time: refused, exit
 * non-zero, one line naming the option or the file, nothing overwritten.
 */
const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/** `sandbox/main.ts` with these environment variables; its exit code and what it printed on stderr. */
const startWithEnv = (env: Record<string, string>) => sandboxThatFails(mkdtempSync(path.join(tmpdir(), 'range-')), {}, env);

const oneLine = (stderr: string) => stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm warn'));

describe('numeric settings out of range stop start-up with one line naming the option', () => {
  it.each([
    ['CLAIM_LOCKOUT', MAX_SAFE],
    ['INVITATION_TTL_DAYS', MAX_SAFE],
    ['CLAIM_MAX_WRONG_CODES', MAX_SAFE],
    ['MAIL_MAX_BYTES', MAX_SAFE],
    ['ACCESS_TOKEN_TTL', '1e308'],
    ['JOURNAL_MAX_BYTES', '10'],
    ['CLAIM_INACTIVITY', '0'],
  ])('%s=%s', { timeout: 40_000 }, async (variable, value) => {
    const result = await startWithEnv({ [variable]: value });
    expect(result.exitCode).toBe(2);
    const lines = oneLine(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable} \\(--[a-z-]+\\) too (big|small)`));
  });
});

describe('a data-folder file of the wrong shape stops start-up with one line naming it', () => {
  const logLine = (json: string) => `${json}\n`;
  it.each([
    ['a snapshot that is the JSON null', 'store.json', 'null', /store\.json holds the JSON null/],
    [
      'a snapshot whose collections hold no records',
      'store.json',
      '{"schemaVersion":1,"collections":{"accounts":null}}',
      /store\.json is not a sandbox store/,
    ],
    [
      'a store log line that is the JSON null',
      'store.log.ndjson',
      logLine('null'),
      /store\.log\.ndjson line 1 is not a change this sandbox wrote/,
    ],
    [
      'a store log put without a key',
      'store.log.ndjson',
      logLine('{"op":"put","c":"accounts","v":{}}'),
      /store\.log\.ndjson line 1 is not a change/,
    ],
    ['a journal line that is the JSON null', 'journal.ndjson', logLine('null'), /journal\.ndjson line 1 is not a journal entry/],
    [
      'a signing key that is the JSON null',
      'signing-key.private.jwk.json',
      'null',
      /signing-key\.private\.jwk\.json is not an RSA private JWK/,
    ],
    ['a clients file that is the JSON null', 'clients.json', 'null', /clients\.json/],
  ])('%s', { timeout: 40_000 }, async (_name, file, content, message) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shape-'));
    writeFileSync(path.join(dataDir, file), content);
    const result = await sandboxThatFails(dataDir);
    expect(result.exitCode).toBe(1);
    const lines = oneLine(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot start the sandbox: /);
    expect(lines[0]).toMatch(message);
    expect(readFileSync(path.join(dataDir, file), 'utf8')).toBe(content); // nothing overwritten
  });
});
