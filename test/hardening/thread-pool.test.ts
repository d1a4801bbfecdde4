import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/child-process';
import { threadsOfListener } from '../support/process-threads';

/**
 * libuv's thread pool as large as the machine has cores (sandbox/thread-pool.cjs), started as
 * `npm start` starts it, through npm, sh and tsx. Counted, not assumed: the sandbox's threads
 * against the same start with UV_THREADPOOL_SIZE set to three more, which libuv honours (the pool
 * starts all its threads at once, at the start-up's first file read). The built package's
 * launchers are counted in test/distribution/package.test.ts.
 */
const root = path.resolve(import.meta.dirname, '../..');

/** The threads of a sandbox started by `npm start`, with UV_THREADPOOL_SIZE as given, or not set at all. */
async function threadsOfNpmStart(poolSize: string | undefined): Promise<number> {
  const port = await freePort();
  const env = { ...process.env };
  if (poolSize === undefined) delete env.UV_THREADPOOL_SIZE;
  else env.UV_THREADPOOL_SIZE = poolSize;
  const child = spawn(
    'npm',
    ['start', '--', '--port', String(port), '--smtp-port', '0', '--mailpit-port', '0', '--storage', 'memory', '--log', 'quiet'],
    {
      cwd: root,
      stdio: 'ignore',
      detached: true,
      env,
    },
  );
  try {
    const started = Date.now();
    while (
      !(await fetch(`http://127.0.0.1:${port}/_health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() - started > 60_000) throw new Error('npm start did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return threadsOfListener(port);
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
  }
}

describe.skipIf(process.platform !== 'linux')("libuv's thread pool (Linux: threads counted in /proc)", () => {
  it('is as large as the machine has cores under npm start, unless UV_THREADPOOL_SIZE says otherwise', { timeout: 120_000 }, async () => {
    const [sized, told] = await Promise.all([threadsOfNpmStart(undefined), threadsOfNpmStart(String(availableParallelism() + 3))]);
    expect(told - sized).toBe(3);
  });
});
