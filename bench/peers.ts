import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { outcomeExample } from '../sandbox/provisioning/outcome-example';
import { startProcess, type ChildServer } from '../test/support/child-process';
import { load, WARM_UP_SECONDS, type LoadResult } from './load';

/**
 * Other mock servers a GP supplier might load-test against instead, each serving one static
 * answer to POST /provision-account: the ceiling of a mock that does none of the sandbox's work.
 * They are the pinned packages of bench/peers/package.json, installed on demand into
 * bench/peers/node_modules (git-ignored) so `npm ci` for the tests never carries them. WireMock
 * is the jar its npm package ships, run with `java` where there is one. A peer that cannot be
 * installed, started or that does not answer as the sandbox would is a row saying so, never a figure.
 */
export type PeerResult = { name: string; package: string } & ({ result: LoadResult } | { absent: string } | { failed: string });

/** WireMock's npm package: the email-off target is to be ahead of its static stub. */
export const WIREMOCK_PACKAGE = 'wiremock';

const peersDir = path.resolve(import.meta.dirname, 'peers');
const installedDir = path.join(peersDir, 'node_modules');
const lockFile = path.join(peersDir, 'package-lock.json');
/** The lock file's hash, written after an install succeeded: a changed lock file installs again. */
const installStamp = path.join(installedDir, '.bench-installed-lock.sha256');
/** The answer the sandbox gives a new patient, as its OpenAPI document shows it: the peers serve it verbatim. */
const ANSWER = outcomeExample('create');

const pinned = (name: string) =>
  (JSON.parse(readFileSync(path.join(peersDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies[name];
const lockHash = () => createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const bin = (name: string) => path.join(installedDir, '.bin', name);

/**
 * `npm ci` in bench/peers unless what is there was installed from this lock file. Install scripts
 * are off: none of the three needs one, and so nothing is fetched but the registry's tarballs.
 * Returns why the install failed, or null.
 */
function installPeers(log: (line: string) => void): string | null {
  const hash = lockHash();
  if (existsSync(installStamp) && readFileSync(installStamp, 'utf8') === hash) return null;
  log('installing the peers (bench/peers, npm ci; once per lock file)…');
  try {
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: peersDir,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 600_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    const reason = stderr.split('\n').find((l) => /ERR!/.test(l)) ?? (error as Error).message;
    return `npm ci in bench/peers failed: ${reason.trim()}`;
  }
  writeFileSync(installStamp, hash);
  return null;
}

const onPath = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

interface Peer {
  name: string;
  /** Its npm package in bench/peers/package.json, whose pinned version the row names. */
  package: string;
  /** Why it cannot run here although installed, or null when it can. */
  unavailable: () => string | null;
  start: (dir: string) => Promise<ChildServer>;
  /** Seconds of unmeasured load before it is first measured. */
  warmUpSeconds: number;
}

/**
 * WireMock's first warm-up. Its JVM goes on compiling for tens of seconds: loaded again and again
 * after 2 s of warm-up, it made 1,946, 3,008, 4,354 and 6,258 req/s in one bench, and after 60 s
 * 12,427 (99 % of bare Hono beside it) in another (2026-12-08, issue #31). Warming up until two or
 * three 2 s rounds agreed within 5 % stopped mid-climb (4,806-5,327 req/s, then 8,250-10,291 in
 * the runs after) or never settled under the machine's own noise.
 */
const JVM_WARM_UP_SECONDS = 60;

const jsonOk = (example: unknown) => ({ description: 'ok', content: { 'application/json': { example } } });

const peers: Peer[] = [
  {
    name: 'Prism mock (static example)',
    package: '@stoplight/prism-cli',
    unavailable: () => null,
    start: (dir) => {
      const spec = path.join(dir, 'openapi.json');
      writeFileSync(
        spec,
        JSON.stringify({
          openapi: '3.0.3',
          info: { title: 'static', version: '1' },
          paths: {
            // Prism validates requests: without a request body in the spec it answers 415.
            '/provision-account': {
              post: {
                requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
                responses: { '200': jsonOk(ANSWER) },
              },
            },
            '/_health': { get: { responses: { '200': jsonOk({ status: 'ok' }) } } },
          },
        }),
      );
      // Logging at error only, as the sandbox runs with --log quiet: Prism logs each request at info.
      return startProcess(
        process.execPath,
        (port) => [bin('prism'), 'mock', '-h', '127.0.0.1', '-p', String(port), '--verboseLevel', 'error', spec],
        '/_health',
      );
    },
    warmUpSeconds: WARM_UP_SECONDS,
  },
  {
    name: 'Mockoon CLI (static route)',
    package: '@mockoon/cli',
    unavailable: () => null,
    start: (dir) => {
      const data = path.join(dir, 'mockoon.json');
      const route = (method: string, endpoint: string, body: unknown) => ({
        uuid: `${method}-${endpoint}`,
        method,
        endpoint,
        responses: [
          {
            uuid: `${method}-${endpoint}-200`,
            statusCode: 200,
            body: JSON.stringify(body),
            headers: [{ key: 'Content-Type', value: 'application/json' }],
          },
        ],
      });
      writeFileSync(
        data,
        JSON.stringify({
          uuid: 'static',
          name: 'static',
          port: 0,
          hostname: '127.0.0.1',
          routes: [route('post', 'provision-account', ANSWER), route('get', '_health', { status: 'ok' })],
        }),
      );
      // --repair lets Mockoon's own migration fill in every field this minimal environment leaves
      // out (without it, it asks on the terminal); --disable-log-to-file keeps its per-request
      // log out of the home folder; HOME is the run's folder all the same.
      return startProcess(
        process.execPath,
        (port) => [
          bin('mockoon-cli'),
          'start',
          '--data',
          data,
          '--port',
          String(port),
          '--repair',
          '--disable-log-to-file',
          '--disable-admin-api',
        ],
        '/_health',
        { env: { HOME: dir } },
      );
    },
    warmUpSeconds: WARM_UP_SECONDS,
  },
  {
    name: 'WireMock (one static stub)',
    package: WIREMOCK_PACKAGE,
    unavailable: () => (onPath('java') ? null : 'java not on the PATH'),
    start: (dir) => {
      const buildDir = path.join(installedDir, 'wiremock', 'build');
      const jar = readdirSync(buildDir).find((file) => file.endsWith('.jar'));
      if (!jar) throw new Error(`no jar in ${buildDir}`);
      mkdirSync(path.join(dir, 'mappings'), { recursive: true });
      writeFileSync(
        path.join(dir, 'mappings', 'provision.json'),
        JSON.stringify({
          request: { method: 'POST', url: '/provision-account' },
          response: { status: 200, jsonBody: ANSWER, headers: { 'Content-Type': 'application/json' } },
        }),
      );
      // --no-request-journal: WireMock otherwise keeps every request it was sent, in memory.
      return startProcess(
        'java',
        (port) => [
          '-jar',
          path.join(buildDir, jar),
          '--port',
          String(port),
          '--bind-address',
          '127.0.0.1',
          '--root-dir',
          dir,
          '--no-request-journal',
          '--disable-banner',
        ],
        '/__admin/mappings',
      );
    },
    warmUpSeconds: JVM_WARM_UP_SECONDS,
  },
];

/** Why `baseUrl` does not answer POST /provision-account as the sandbox would (200, the JSON answer), or null. */
async function wrongAnswer(baseUrl: string, body: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/provision-account`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '(none)';
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: reported below.
  }
  if (response.status === 200 && type.startsWith('application/json') && isDeepStrictEqual(parsed, ANSWER)) return null;
  return `POST /provision-account answered ${response.status} ${type} ${text.slice(0, 120)}`;
}

/**
 * A started peer loaded as the sandbox is: 50 connections, `seconds`, the same request bodies,
 * after `warmUpSeconds` of the same load. Throws when any answer under load is not 2xx: a peer
 * failing fast is not a figure.
 */
export async function loadPeer(server: ChildServer, seconds: number, body: () => string, warmUpSeconds: number): Promise<LoadResult> {
  const result = await load({
    url: `${server.baseUrl}/provision-account`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: 50,
    durationSeconds: seconds,
    warmUpSeconds,
  });
  if (result.non2xx || result.errors)
    throw new Error(`${result.non2xx} answers not 2xx and ${result.errors} errors of ${result.requests} requests under load`);
  return result;
}

/** A peer started in a folder of its own. */
const startInOwnFolder = (peer: Peer) => peer.start(mkdtempSync(path.join(tmpdir(), 'bench-peer-')));

/** A peer of the list started on its own (its npm package's name), and its first warm-up; installed by peerRuns first. */
export async function startPeer(packageName: string): Promise<{ server: ChildServer; warmUpSeconds: number }> {
  const peer = peers.find((candidate) => candidate.package === packageName);
  if (!peer) throw new Error(`no peer ${packageName}`);
  return { server: await startInOwnFolder(peer), warmUpSeconds: peer.warmUpSeconds };
}

/** Each peer loaded as the sandbox is (50 connections, `seconds`, the same request bodies), or why it was not. */
export async function peerRuns(seconds: number, body: () => string, log: (line: string) => void): Promise<PeerResult[]> {
  const installFailure = installPeers(log);
  const results: PeerResult[] = [];
  for (const peer of peers) {
    const name = `${peer.name}, ${peer.package}@${pinned(peer.package)}`;
    const absent = installFailure ?? peer.unavailable();
    if (absent) {
      results.push({ name, package: peer.package, absent });
      continue;
    }
    log(`peer: ${name}…`);
    let server: ChildServer | null = null;
    try {
      server = await startInOwnFolder(peer);
      const wrong = await wrongAnswer(server.baseUrl, body());
      if (wrong) throw new Error(wrong);
      results.push({ name, package: peer.package, result: await loadPeer(server, seconds, body, peer.warmUpSeconds) });
    } catch (error) {
      results.push({ name, package: peer.package, failed: (error as Error).message });
    } finally {
      await server?.stop();
    }
  }
  return results;
}
