import { execFile } from 'node:child_process';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config';
import { startSandbox, type StartedSandbox } from '../start';
import { nodeArgsFor } from '../../test/support/suite-bundle';

/** `npm run token` as a newcomer runs it: a real child process against a sandbox over HTTP. */
const root = path.resolve(import.meta.dirname, '../..');
let running: StartedSandbox;
beforeAll(async () => {
  running = await startSandbox(testConfig());
});
afterAll(() => running?.stop());

const token = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgsFor('sandbox/cli/token.ts'), ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, SANDBOX_URL: '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

describe('npm run token', () => {
  it('prints a provisioning token for the demo client, finding the sandbox by PORT', async () => {
    const result = await token([], { PORT: new URL(running.baseUrl).port });
    expect(result.status).toBe(0);
    const body = JSON.parse(result.stdout) as { access_token: string; expires_in: number; scope?: string };
    expect(body.expires_in).toBe(300);
    expect(body.scope).toBeUndefined();
    expect(decodeJwt(body.access_token).sub).toBe('sandbox-demo-client');
  });

  it('prints a Users Endpoint V2 token with --scope', async () => {
    const result = await token(['--base-url', running.baseUrl, '--scope', 'Users.retrieve profile']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ scope: 'Users.retrieve profile', token_type: 'Bearer' });
  });

  it('explains itself with --help, defaults included', async () => {
    const result = await token(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--scope/);
    expect(result.stdout).toMatch(/default: sandbox-demo-client/);
  });

  it('refuses an unknown flag in one line with exit 2, no stack trace', async () => {
    const result = await token(['--clinet', 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--clinet'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
