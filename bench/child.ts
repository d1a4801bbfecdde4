import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Runs a server as its own process (the same process model as `npm start`), so the load generator
 * in this process competes with it only as a second process would. Start-up is timed from spawn
 * to the first successful answer of `readyPath`.
 */
const root = path.resolve(import.meta.dirname, '..');

export interface ChildServer {
  baseUrl: string;
  startupMs: number;
  rssMiB(): number;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startChild(
  entry: string,
  args: (port: number) => string[],
  readyPath: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, ...args(port)], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 60_000) throw new Error(`${entry} did not answer ${readyPath} within 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const startupMs = performance.now() - started;
  return {
    baseUrl,
    startupMs,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  };
}

/** A sandbox child: in a throw-away data folder, rate limit and mail as the measurement needs. */
export function startSandboxChild(dataDir: string, options: { population?: number; sendEmail?: boolean } = {}): Promise<ChildServer> {
  return startChild(
    'sandbox/main.ts',
    (port) => [
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--smtp-port',
      '0',
      '--mailpit-port',
      '0',
      '--population-size',
      String(options.population ?? 500),
      '--rate-limit-per-ods',
      '100000000',
      '--send-email',
      String(options.sendEmail ?? false),
    ],
    // The first successful request a client could make: a PDS read of a scenario patient.
    '/pds/Patient/9990000018',
  );
}
