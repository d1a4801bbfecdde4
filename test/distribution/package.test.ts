import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import module from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type ChildServer } from '../support/child-process';
import { threadsOfListener } from '../support/process-threads';

/**
 * The package as its users get it: `npm pack` (which builds dist/), the tarball installed into an
 * empty folder with production dependencies only, then `npx nhs-login-sandbox start` and the
 * library API from that folder. The exact production layout the container image uses.
 */
const root = path.resolve(import.meta.dirname, '../..');
const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

let folder: string;
let tarball: string;
let server: ChildServer | null = null;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'sandbox-package-'));
  // What prepack does, run first so `npm pack --json` prints only its JSON.
  const built = await run('npm', ['run', 'build'], root);
  expect(built.code, built.stderr).toBe(0);
  const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', folder, '--json'], root);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = path.join(folder, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const app = path.join(folder, 'app');
  await run('mkdir', ['-p', app], folder);
  await run('npm', ['init', '-y'], app);
  const installed = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], app);
  expect(installed.code, installed.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('the packed package, installed with --omit=dev', () => {
  it('holds the built JavaScript and no TypeScript tooling', () => {
    const modules = path.join(folder, 'app', 'node_modules');
    for (const file of ['cli.cjs', 'cli.js', 'main.cjs', 'main.js'])
      expect(existsSync(path.join(modules, 'nhs-login-provisioning-sandbox', 'dist', file)), file).toBe(true);
    expect(readdirSync(path.join(modules, 'nhs-login-provisioning-sandbox'))).not.toContain('sandbox');
    for (const devOnly of ['tsx', 'typescript', 'vitest', 'esbuild']) expect(existsSync(path.join(modules, devOnly))).toBe(false);
  });

  /** The installed package's sandbox, started with npx from the app folder, kept in memory. */
  const startInstalled = (env?: Record<string, string | undefined>) =>
    startProcess(
      'npx',
      (port) => [
        '--no-install',
        'nhs-login-sandbox',
        'start',
        '--port',
        String(port),
        '--smtp-port',
        '0',
        '--mailpit-port',
        '0',
        '--storage',
        'memory',
      ],
      '/_health',
      { cwd: path.join(folder, 'app'), env, processGroup: true },
    );

  it('runs with npx nhs-login-sandbox start, answers, serves its assets, and gives a token to npx nhs-login-sandbox token', async () => {
    const app = path.join(folder, 'app');
    server = await startInstalled();
    const { baseUrl } = server;
    expect(((await (await fetch(`${server.baseUrl}/_health`)).json()) as { status: string }).status).toBe('ok');
    for (const asset of ['/assets/nhsuk-frontend.min.css', '/docs/assets/swagger-ui.css', '/openapi.json', '/']) {
      expect((await fetch(`${server.baseUrl}${asset}`)).status, asset).toBe(200);
    }
    // The guide ships in the package, and the installed console finds it and links it.
    expect(await (await fetch(`${server.baseUrl}/`)).text()).toContain('href="/console/guide/integrating.md"');
    expect(await (await fetch(`${server.baseUrl}/console/guide/integrating.md`)).text()).toMatch(/^# Integrating a GP system\n/);
    const token = await run('npx', ['--no-install', 'nhs-login-sandbox', 'token', '--base-url', server.baseUrl], app);
    expect(token.code, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    // Stopped means stopped: npx's sandbox goes with it, not left answering on its port.
    await server.stop();
    server = null;
    await expect(fetch(`${baseUrl}/_health`)).rejects.toThrow();
  }, 120_000);

  // Node 22.1 and later keep compiled code on disk (sandbox/compile-cache.ts); Node 20 has no such cache.
  it.skipIf(!('enableCompileCache' in module))(
    "leaves Node's compile cache for the next start, even when killed (SIGKILL) once it answers",
    async () => {
      const cache = mkdtempSync(path.join(tmpdir(), 'compile-cache-'));
      const started = await startInstalled({ NODE_COMPILE_CACHE: cache });
      await started.stop();
      // Node makes its folder at start; the compiled code's files are there only once written.
      expect(readdirSync(cache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length).toBeGreaterThan(0);
      rmSync(cache, { recursive: true, force: true });
    },
    60_000,
  );

  // sandbox/thread-pool.cjs; npm start's is counted in test/hardening/thread-pool.test.ts.
  it.skipIf(process.platform !== 'linux')(
    "sizes libuv's thread pool to the machine's cores, under npx and node dist/main.cjs, unless UV_THREADPOOL_SIZE says otherwise",
    async () => {
      const threadsOf = async (start: (env: Record<string, string | undefined>) => Promise<ChildServer>, poolSize?: string) => {
        const started = await start({ UV_THREADPOOL_SIZE: poolSize });
        try {
          return threadsOfListener(started.port);
        } finally {
          await started.stop();
        }
      };
      const main = path.join(folder, 'app', 'node_modules', 'nhs-login-provisioning-sandbox', 'dist', 'main.cjs');
      const nodeMain = (env: Record<string, string | undefined>) =>
        startProcess(
          process.execPath,
          (port) => [main, '--port', String(port), '--smtp-port', '0', '--mailpit-port', '0', '--storage', 'memory'],
          '/_health',
          {
            env,
          },
        );
      const more = String(availableParallelism() + 3);
      for (const start of [startInstalled, nodeMain]) expect((await threadsOf(start, more)) - (await threadsOf(start))).toBe(3);
    },
    60_000,
  );

  it('explains itself and refuses unknown commands with exit 2', async () => {
    const app = path.join(folder, 'app');
    const help = await run('npx', ['--no-install', 'nhs-login-sandbox', 'start', '--help'], app);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--port\s+PORT .*\(default: 8080\)/);
    const version = await run('npx', ['--no-install', 'nhs-login-sandbox', '--version'], app);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+ \(CID-IS-P v1\.0; Users Endpoint V2 v1\.1\)/);
    const unknown = await run('npx', ['--no-install', 'nhs-login-sandbox', 'serve'], app);
    expect(unknown.code).toBe(2);
    // One line of ours (npx itself may add its own warnings about the machine's npm configuration).
    expect(unknown.stderr.split('\n').filter((line) => line && !line.startsWith('npm '))).toEqual([
      'Unknown command "serve". Commands: start, token, conformance (nhs-login-sandbox --help).',
    ]);
  }, 60_000);

  it('offers the library API to a Node script in that folder', async () => {
    const script = `
      import { startSandbox } from 'nhs-login-provisioning-sandbox';
      const sandbox = await startSandbox();
      const token = await sandbox.demoClient.provisioningToken();
      const answer = await fetch(sandbox.provisionUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body: JSON.stringify({ nhs_number: '9990000018', email_address: 'amelia.newcombe@example.com', date_of_birth: '1985-03-14', ods_code: 'A20047', phone_number: '+447700900001' }),
      });
      console.log(JSON.stringify({ status: answer.status, body: await answer.json(), subject: (await sandbox.latestEmail('amelia.newcombe@example.com')).subject }));
      await sandbox.close();`;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], path.join(folder, 'app'));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 200, body: { code: 'create' }, subject: 'Invite to set up your NHS login' });
  }, 60_000);

  it.each(['node16', 'bundler'])(
    'has types a TypeScript project resolves with moduleResolution %s',
    async (resolution) => {
      const app = path.join(folder, 'app');
      const project = path.join(folder, `types-${resolution}`);
      await run('mkdir', ['-p', project], folder);
      writeFileSync(
        path.join(project, 'consumer.mts'),
        [
          "import { startSandbox, USERS_SCOPES, type RunningSandbox } from 'nhs-login-provisioning-sandbox';",
          'export async function use(): Promise<string> {',
          '  const sandbox: RunningSandbox = await startSandbox();',
          '  const scope: (typeof USERS_SCOPES)[number] = USERS_SCOPES[0];',
          '  // @ts-expect-error the types are real, not any: a URL is not a number',
          '  const wrong: number = sandbox.baseUrl;',
          '  return `${sandbox.baseUrl} ${scope} ${wrong}`;',
          '}',
        ].join('\n'),
      );
      const module = resolution === 'node16' ? 'node16' : 'esnext';
      writeFileSync(
        path.join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
          },
          include: ['consumer.mts'],
        }),
      );
      // The consumer project sits beside the installed app and finds the package in its node_modules.
      await run('ln', ['-s', path.join(app, 'node_modules'), path.join(project, 'node_modules')], folder);
      const checked = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], project);
      expect(checked.stdout + checked.stderr).toBe('');
      expect(checked.code).toBe(0);
    },
    60_000,
  );
});
