import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { nodeArgsFor } from './suite-bundle';

/**
 * Runs a server as its own process, for the tests that must cross a real process boundary (crash
 * safety, restarts after hostile input) and for the bench (the load generator then competes with
 * the server only as a second process would). Start-up is timed from spawn to the first
 * successful answer of `readyPath`.
 */
const root = path.resolve(import.meta.dirname, '../..');

export interface ChildServer {
  baseUrl: string;
  port: number;
  startupMs: number;
  rssMiB(): number;
  /** SIGKILL, as a crash or a power cut would; resolves once the process has gone. */
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A TypeScript entry of this repository run through tsx, as `npm start` runs it (the bench's own servers). */
export function startChild(
  entry: string,
  args: (port: number) => string[],
  readyPath: string,
  options: { env?: Record<string, string>; port?: number } = {},
): Promise<ChildServer> {
  return startProcess(process.execPath, (port) => ['--import', 'tsx', entry, ...args(port)], readyPath, options);
}

/**
 * Any command (the built package, an installed bin) as a server process, timed to its first answer
 * of `readyPath`. `processGroup`: the command starts the server as a child of its own (npx does),
 * so it gets a process group of its own and stopping kills the group: killing npx alone left the
 * sandbox it had started running, one more after every test run.
 */
export async function startProcess(
  command: string,
  args: (port: number) => string[],
  readyPath: string,
  options: { env?: Record<string, string | undefined>; port?: number; cwd?: string; processGroup?: boolean } = {},
): Promise<ChildServer> {
  const entry = path.basename(command);
  const port = options.port ?? (await freePort());
  const started = performance.now();
  const child: ChildProcess = spawn(command, args(port), {
    cwd: options.cwd ?? root,
    stdio: 'ignore',
    env: { ...process.env, ...options.env },
    detached: options.processGroup ?? false,
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
    port,
    startupMs,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        if (options.processGroup) process.kill(-child.pid!, 'SIGKILL');
        else child.kill('SIGKILL');
      }),
  };
}

/**
 * A sandbox child (`sandbox/main.ts`: the suite's bundle under Vitest, else through tsx as `npm
 * start` runs it) in `dataDir`, its mail capture on free ports. `flags` are further command-line
 * options (`{ 'population-size': 5000 }`); `port` keeps the same address across restarts.
 */
export function startSandboxChild(
  dataDir: string,
  options: { port?: number; flags?: Record<string, string | number | boolean> } = {},
): Promise<ChildServer> {
  const flags = { 'smtp-port': 0, 'mailpit-port': 0, 'population-size': 500, log: 'quiet', ...options.flags };
  return startProcess(
    process.execPath,
    (port) => [
      ...nodeArgsFor('sandbox/main.ts'),
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, String(value)]),
    ],
    // The first successful request a client could make: a PDS read of a scenario patient.
    '/pds/Patient/9990000018',
    options.port === undefined ? {} : { port: options.port },
  );
}

type SandboxChildOptions = Parameters<typeof startSandboxChild>[1];

/**
 * A test's sandbox process over a fresh data folder: started, stopped (SIGKILL), started again on
 * the same port over the same folder, as after a crash or an upgrade. The test file calls `stop`
 * after each test, whatever the test did.
 */
export class SandboxProcess {
  #server: ChildServer | null = null;
  #options: SandboxChildOptions = {};
  dataDir = '';

  /** A new data folder named from `prefix`, and the sandbox started over it (any sandbox it ran before stopped). */
  async start(prefix: string, options: SandboxChildOptions = {}): Promise<ChildServer> {
    await this.stop();
    this.dataDir = mkdtempSync(path.join(tmpdir(), prefix));
    this.#options = options;
    this.#server = await startSandboxChild(this.dataDir, options);
    return this.#server;
  }

  /** The same sandbox again (stopped first if it runs), on its port, over its data folder. */
  async startAgain(): Promise<ChildServer> {
    const { port } = this.#server!;
    await this.#server!.stop();
    this.#server = await startSandboxChild(this.dataDir, { ...this.#options, port });
    return this.#server;
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
    this.#server = null;
  }
}

/**
 * Starts `sandbox/main.ts` (as startSandboxChild does, with these flags and environment variables
 * besides the test's own) expecting it to refuse: resolves with its exit code and what it printed
 * on stderr.
 */
export function sandboxThatFails(
  dataDir: string,
  flags: Record<string, string | number> = {},
  env: Record<string, string> = {},
): Promise<{ exitCode: number | null; stderr: string }> {
  const args = [...nodeArgsFor('sandbox/main.ts'), '--data-dir', dataDir, '--port', '0', '--smtp-port', '0', '--mailpit-port', '0'];
  for (const [name, value] of Object.entries(flags)) args.push(`--${name}`, String(value));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr });
    });
  });
}
