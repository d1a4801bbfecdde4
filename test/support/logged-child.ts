import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './child-process';
import { nodeArgsFor } from './suite-bundle';

/**
 * A sandbox child (`sandbox/main.ts`, as startSandboxChild runs it) whose standard output is kept: for
 * the tests that read its request log as a terminal, `docker logs` or a CI log would.
 */
const root = path.resolve(import.meta.dirname, '../..');

export interface LoggedChild {
  baseUrl: string;
  mailpitUrl: string;
  smtpPort: number;
  /** Everything written to standard output and standard error so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startLoggedChild(dataDir: string, flags: Record<string, string | number>): Promise<LoggedChild> {
  const [port, smtpPort, mailpitPort] = [await freePort(), await freePort(), await freePort()];
  const args = [...nodeArgsFor('sandbox/main.ts'), '--port', String(port), '--smtp-port', String(smtpPort)];
  args.push('--mailpit-port', String(mailpitPort), '--data-dir', dataDir, '--population-size', '500');
  for (const [name, value] of Object.entries(flags)) args.push(`--${name}`, String(value));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox exited with ${child.exitCode}: ${output}`);
    if (
      await fetch(`${baseUrl}/pds/Patient/9990000018`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() - started > 60_000) throw new Error('sandbox did not start within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    baseUrl,
    mailpitUrl: `http://127.0.0.1:${mailpitPort}`,
    smtpPort,
    output: () => output,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
