import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox, type StartedSandbox } from '../../sandbox/start';
import { freePort } from '../support/child-process';
import { nodeArgsFor } from '../support/suite-bundle';

/**
 * Every command-line tool as a newcomer runs it, each a real child process: one rule for where the
 * sandbox is (--base-url, else SANDBOX_URL, else PORT), errors that name the URL and the fix in one
 * line, and, run as the installed package's command (sandbox/cli/bin.ts, what `bin` points at), a
 * banner and errors that name that command rather than npm scripts the package does not have.
 * The tools run from the suite's bundle (test/support/suite-bundle.ts); `npm start` runs through
 * tsx, as a newcomer's does: the suite's proof that the source starts and serves without a build.
 */
const root = path.resolve(import.meta.dirname, '../..');
const CLEAN_ENV = { SANDBOX_URL: '', PORT: '', ADMIN_TOKEN: '' };

type Entry = 'token' | 'conformance' | 'installed token' | 'installed conformance';
const ENTRIES: Record<Entry, string[]> = {
  token: nodeArgsFor('sandbox/cli/token.ts'),
  conformance: nodeArgsFor('sandbox/cli/conformance.ts'),
  'installed token': [...nodeArgsFor('sandbox/cli/bin.ts'), 'token'],
  'installed conformance': [...nodeArgsFor('sandbox/cli/bin.ts'), 'conformance'],
};

const run = (entry: Entry, args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [...ENTRIES[entry], ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ...CLEAN_ENV, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
const lines = (text: string) => text.split('\n').filter((line) => line.trim());

let running: StartedSandbox;
let port: string;
beforeAll(async () => {
  running = await startSandbox(testConfig());
  port = new URL(running.baseUrl).port;
});
afterAll(() => running?.stop());

describe('one base-URL rule: --base-url, else SANDBOX_URL, else http://127.0.0.1:$PORT', () => {
  // An unknown client makes conformance name the sandbox it reached, without a whole run.
  const reached = (stderr: string) => /is registered at (http:\/\/[^\s;]+)/.exec(stderr)?.[1] ?? stderr;

  it.each([
    ['PORT', [], { PORT: '' }],
    ['SANDBOX_URL', [], { SANDBOX_URL: '' }],
    ['--base-url', ['--base-url', ''], { PORT: '1' }],
  ] as const)('both tools find the sandbox by %s', async (_how, flags, env) => {
    const here = (value: string) => (value === '' ? (_how === 'PORT' ? port : running.baseUrl) : value);
    const args = flags.map(here);
    const environment = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, here(value)]));
    const token = await run('token', args, environment);
    expect(token.status, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ token_type: 'Bearer' });
    const conformance = await run('conformance', ['--client', 'nobody-at-all', ...args], environment);
    expect(conformance.status).toBe(2);
    expect(reached(conformance.stderr)).toBe(running.baseUrl);
  });
});

describe('no sandbox there: one line naming the URL and how to start one', () => {
  it.each([
    ['token', 'npm start'],
    ['conformance', 'npm start'],
    ['installed token', 'npx nhs-login-sandbox start'],
    ['installed conformance', 'npx nhs-login-sandbox start'],
  ] as const)('%s says to run %s', async (entry, start) => {
    const nobody = String(await freePort());
    const result = await run(entry, entry.endsWith('conformance') ? ['--client', demoClient.clientId] : [], { PORT: nobody });
    expect(result.status).toBeGreaterThan(0);
    expect(lines(result.stderr)).toEqual([expect.stringContaining(`no sandbox answers at http://127.0.0.1:${nobody}`)]);
    expect(result.stderr).toContain(`start it with ${start},`);
  });
});

describe('npm run token: usage problems are one line and exit 2, never a stack trace', () => {
  it.each([
    [['--key'], /^token: Option '--key <value>' argument missing \(npm run token -- --help for the options\)$/],
    [['--key', '/no/such/key.pem'], /^token: cannot read the private key \/no\/such\/key\.pem \(ENOENT\): pass --key <PEM file>/],
  ])('%j', async (args, message) => {
    const result = await run('token', args, { PORT: port });
    expect(result.status).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(message)]);
  });

  it('installed, the hint names the package command', async () => {
    const result = await run('installed token', ['--key'], { PORT: port });
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/\(npx nhs-login-sandbox token --help for the options\)$/)]);
  });
});

/** The sandbox started as `npm start` or as the package's `start` (Node's arguments), until its banner is printed. */
async function banner(entry: string[]): Promise<{ text: string; stop: () => void }> {
  const args = ['--port', String(await freePort()), '--smtp-port', '0', '--mailpit-port', '0', '--storage', 'memory'];
  const child: ChildProcess = spawn(process.execPath, [...entry, ...args, '--population-size', '50', '--log', 'quiet'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...CLEAN_ENV },
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const started = Date.now();
  while (!text.includes('Get a token')) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`no banner: ${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { text, stop: () => child.kill('SIGTERM') };
}

describe("the banner and the console's pages", () => {
  it.each([
    ['npm start', ['--import', 'tsx', 'sandbox/main.ts'], 'npm run token'],
    ['npx nhs-login-sandbox start', [...nodeArgsFor('sandbox/cli/bin.ts'), 'start'], 'npx nhs-login-sandbox token'],
  ])(
    'started with %s, names %s, every link it shows answers, and the console names the same commands',
    { timeout: 90_000 },
    async (_how, entry, tokenCommand) => {
      const shown = await banner(entry);
      try {
        expect(shown.text).toMatch(new RegExp(`Get a token\\s+${tokenCommand}\\n`));
        if (tokenCommand.startsWith('npx')) expect(shown.text).not.toMatch(/npm (start|run)/);
        // The console's pages name the same commands as the banner (the installed package has no npm scripts).
        const consoleUrl = /Console\s+(http:\/\/\S+)\//.exec(shown.text)![1]!;
        const conformanceCommand = tokenCommand.replace(/ token$/, ' conformance') + (tokenCommand.startsWith('npx') ? '' : ' --');
        for (const [page, command] of [
          ['/', tokenCommand],
          ['/console/conformance', `${conformanceCommand} --client`],
          [`/_sandbox/conformance/${demoClient.clientId}`, `${conformanceCommand} --verify`],
        ] as const) {
          const html = await (await fetch(`${consoleUrl}${page}`)).text();
          expect([page, html.includes(`<code>${command}`)]).toEqual([page, true]);
          if (tokenCommand.startsWith('npx')) expect([page, /npm (start|run)/.exec(html)?.[0]]).toEqual([page, undefined]);
        }
        const links = [...shown.text.matchAll(/https?:\/\/[^\s),]+/g)].map((m) => m[0]);
        expect(links.length).toBeGreaterThan(5);
        for (const link of links) {
          const status = (await fetch(link, { redirect: 'manual' })).status;
          // The POST-only endpoints answer a browser's GET with 405: there, but not for GET.
          expect([link, status < 400 || status === 405]).toEqual([link, true]);
        }
      } finally {
        shown.stop();
      }
    },
  );
});
