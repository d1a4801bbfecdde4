import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../support/child-process';
import { threadsOfListener } from '../support/process-threads';

/**
 * libuv's thread pool as large as the machine has cores (sandbox/thread-pool.cjs), started as
 * `npm start` starts it, through npm, sh and tsx. Counted, not assumed: the sandbox's threads
 * against the same start with UV_THREADPOOL_SIZE set to three more, which libuv honours (the pool
 * starts all its threads at once, at the start-up's first file read). The built package's
 * launchers are counted in test/distribution/package.test.ts.
 */

/** The threads of a sandbox started by `npm start`, with UV_THREADPOOL_SIZE as given, or not set at all. */
async function threadsOfNpmStart(poolSize: string | undefined): Promise<number> {
  const started = await startProcess(
    'npm',
    (port) => ['start', '--', '--port', String(port), '--smtp-port', '0', '--mailpit-port', '0', '--storage', 'memory', '--log', 'quiet'],
    '/_health',
    // undefined: not set at all (spawn leaves such a variable out).
    { env: { UV_THREADPOOL_SIZE: poolSize }, processGroup: true },
  );
  try {
    return threadsOfListener(started.port);
  } finally {
    await started.stop();
  }
}

describe.skipIf(process.platform !== 'linux')("libuv's thread pool (Linux: threads counted in /proc)", () => {
  it('is as large as the machine has cores under npm start, unless UV_THREADPOOL_SIZE says otherwise', { timeout: 120_000 }, async () => {
    const [sized, told] = await Promise.all([threadsOfNpmStart(undefined), threadsOfNpmStart(String(availableParallelism() + 3))]);
    expect(told - sized).toBe(3);
  });
});
