import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The secret gpUserId and gpLinkageKey are keyed with (HMAC-SHA256 of the account id): kept in the
 * data folder so both stay the same across restarts and resets, and never derivable from public
 * values (issue #28: they were a plain hash of the account id). Memory storage: a new one each start.
 */
const FILE = 'gp-linkage.key';

export async function loadOrCreateLinkageKey(dataDir: string | null): Promise<Buffer> {
  if (!dataDir) return randomBytes(32);
  const file = path.join(dataDir, FILE);
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== null) {
    const key = Buffer.from(text.trim(), 'base64url');
    if (!/^[A-Za-z0-9_-]{43}$/.test(text.trim()) || key.length !== 32)
      throw new Error(`${file} is not a GP linkage key (32 bytes, base64url): delete it and every account gets new linkage credentials`);
    return key;
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key.toString('base64url')}\n`, { mode: 0o600 });
  return key;
}
