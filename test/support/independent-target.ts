import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { demoClient, secondClient } from '../../fixtures/clients';
import { testConfig } from '../../sandbox/config/config';
import { startSandbox } from '../../sandbox/start';
import { applyPatches, type Patch } from './patched-sandbox';
import { PYTHON } from './python';

/**
 * The independent implementation in independent-target/ (Python, written from the specification
 * alone), started as its own process with our two GP systems in its clients file and its
 * invitations sent to a Mailpit-compatible capture (this sandbox's embedded one: the sandbox itself
 * answers nothing a run asks). With patches, a copy of it deviating on purpose.
 */
const root = path.resolve(import.meta.dirname, '../..');
const SOURCE = path.join(root, 'independent-target');

export interface RunningIndependentTarget {
  /** The environment a features run needs to judge this target (steps/target.ts). */
  env: Record<string, string>;
  /** What the server wrote to its standard error (its request log and any traceback). */
  log(): string;
  stop(): Promise<void>;
}

export async function startIndependentTarget(patches: readonly Patch[] = []): Promise<RunningIndependentTarget> {
  const folder = mkdtempSync(path.join(tmpdir(), 'independent-target-'));
  const tree = patches.length ? path.join(folder, 'independent-target') : SOURCE;
  if (patches.length) {
    cpSync(SOURCE, tree, { recursive: true, filter: (source) => !source.includes('__pycache__') });
    applyPatches(tree, patches);
  }
  const clientsFile = path.join(folder, 'clients.json');
  writeFileSync(
    clientsFile,
    JSON.stringify(
      [demoClient, secondClient].map((client) => ({
        client_id: client.clientId,
        jwks: { keys: client.publicJwks },
        ods_codes: [],
        approved_scopes: client.approvedScopes,
      })),
    ),
  );
  const mail = await startSandbox(testConfig({ testInterface: 'off' }));
  const server = spawn(
    PYTHON,
    [
      'server.py',
      '--port',
      '0',
      '--clients',
      clientsFile,
      '--smtp-host',
      '127.0.0.1',
      '--smtp-port',
      String(mail.sandbox.capture!.smtpPort),
    ],
    { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
  );
  let log = '';
  // Bounded: a run logs a line per request, and only the end of it explains a failure.
  server.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-64 * 1024)));
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    await mail.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  const [line] = (await Promise.race([once(createInterface({ input: server.stdout }), 'line'), once(server, 'exit').then(() => [''])])) as [
    string,
  ];
  const baseUrl = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
  if (!baseUrl) {
    await stop();
    throw new Error(`independent-target/server.py did not start: ${line || log}`);
  }
  return {
    env: {
      SANDBOX_URL: baseUrl,
      MAILPIT_URL: mail.sandbox.mailpitUrl,
      CAPABILITIES_FILE: path.join(root, 'features/targets/independent-target.json'),
      MAPPING_FILE: path.join(SOURCE, 'mapping.json'),
      CLIENT_ID: demoClient.clientId,
      CLIENT_KEY: demoClient.privateKeyPath,
      SECOND_CLIENT_ID: secondClient.clientId,
      SECOND_CLIENT_KEY: secondClient.privateKeyPath,
    },
    log: () => log,
    stop,
  };
}
