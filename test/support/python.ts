import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';

/**
 * Independent Python clients (Debian's packages, which .ci/run installs): whether they can run
 * here, and running one. Missing modules skip the test with a loud notice outside CI and fail the
 * run with CI=true, so nothing is ever skipped silently.
 */
export const PYTHON = '/usr/bin/python3';

export async function pythonWith(modules: readonly string[], what: string, debianPackages: readonly string[]): Promise<boolean> {
  const available = await new Promise<boolean>((resolve) => {
    if (!existsSync(PYTHON)) return resolve(false);
    execFile(PYTHON, ['-c', `import ${modules.join(', ')}`], (error) => resolve(!error));
  });
  if (!available) {
    const message = `${what} NOT RUN: Debian's ${debianPackages.join(' and ')} are missing (apt-get install -y ${debianPackages.join(' ')})`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`\n${'!'.repeat(78)}\n! ${message}\n${'!'.repeat(78)}\n`);
  }
  return available;
}

/** Runs a Python script and resolves with what it printed; rejects with its error output. */
export const runPython = (script: string, args: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile(PYTHON, [script, ...args], (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout))),
  );

/**
 * A Python client script run as the demo client against a sandbox started for the enclosing suite
 * (call it inside `describe`): the script gets the base URL, the client id and its key path, then `args`.
 */
export function demoClientScript(script: string): (args: readonly string[]) => Promise<string> {
  let running: StartedSandbox | undefined;
  beforeAll(async () => {
    running = await startSandbox(testConfig());
  });
  afterAll(() => running?.stop());
  return (args) => runPython(script, [running!.baseUrl, demoClient.clientId, demoClient.privateKeyPath, ...args]);
}
