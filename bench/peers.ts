import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startProcess, type ChildServer } from '../test/support/child-process';
import { load, type LoadResult } from './load';

/**
 * Other mock servers a GP supplier might load-test against instead, each serving one static
 * answer to POST /provision-account: the ceiling of a mock that does none of the sandbox's work.
 * Only those installed on this machine are run (nothing is downloaded): Prism and Mockoon's CLI
 * on the PATH, WireMock as the jar named by WIREMOCK_JAR with java on the PATH. The others are
 * reported as not installed, never estimated.
 */
export type PeerResult = { name: string; result: LoadResult } | { name: string; absent: string } | { name: string; failed: string };

const ANSWER = { code: 'create', description: 'User able to create a new account' };
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
  /** Why it cannot run here, or null when it can. */
  absent: () => string | null;
  start: (dir: string) => Promise<ChildServer>;
}

const peers: Peer[] = [
  {
    name: 'Prism mock (static example)',
    absent: () => (onPath('prism') ? null : 'prism is not on the PATH'),
    start: (dir) => {
      const spec = path.join(dir, 'openapi.json');
      const ok = (example: unknown) => ({ description: 'ok', content: { 'application/json': { example } } });
      writeFileSync(
        spec,
        JSON.stringify({
          openapi: '3.0.3',
          info: { title: 'static', version: '1' },
          paths: {
            '/provision-account': { post: { responses: { '200': ok(ANSWER) } } },
            '/_health': { get: { responses: { '200': ok({ status: 'ok' }) } } },
          },
        }),
      );
      return startProcess('prism', (port) => ['mock', '-h', '127.0.0.1', '-p', String(port), spec], '/_health');
    },
  },
  {
    name: 'Mockoon CLI (static route)',
    absent: () => (onPath('mockoon-cli') ? null : 'mockoon-cli is not on the PATH'),
    start: (dir) => {
      const data = path.join(dir, 'mockoon.json');
      const route = (method: string, endpoint: string, body: unknown) => ({
        uuid: `${method}-${endpoint}`,
        method,
        endpoint,
        responses: [{ uuid: `${method}-${endpoint}-200`, statusCode: 200, body: JSON.stringify(body), headers: [] }],
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
      return startProcess('mockoon-cli', (port) => ['start', '--data', data, '--port', String(port)], '/_health');
    },
  },
  {
    name: 'WireMock (one static stub)',
    absent: () =>
      !process.env.WIREMOCK_JAR || !existsSync(process.env.WIREMOCK_JAR)
        ? 'no WireMock jar (set WIREMOCK_JAR to one)'
        : onPath('java')
          ? null
          : 'java is not on the PATH',
    start: (dir) => {
      mkdirSync(path.join(dir, 'mappings'), { recursive: true });
      writeFileSync(
        path.join(dir, 'mappings', 'provision.json'),
        JSON.stringify({ request: { method: 'POST', url: '/provision-account' }, response: { status: 200, jsonBody: ANSWER } }),
      );
      return startProcess(
        'java',
        (port) => ['-jar', process.env.WIREMOCK_JAR!, '--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', dir],
        '/__admin/mappings',
      );
    },
  },
];

export async function peerRuns(seconds: number): Promise<PeerResult[]> {
  const results: PeerResult[] = [];
  for (const peer of peers) {
    const absent = peer.absent();
    if (absent) {
      results.push({ name: peer.name, absent });
      continue;
    }
    let server: ChildServer | null = null;
    try {
      server = await peer.start(mkdtempSync(path.join(tmpdir(), 'bench-peer-')));
      const result = await load({
        url: `${server.baseUrl}/provision-account`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: () => '{}',
        connections: 50,
        durationSeconds: seconds,
      });
      results.push({ name: peer.name, result });
    } catch (error) {
      results.push({ name: peer.name, failed: (error as Error).message });
    } finally {
      await server?.stop();
    }
  }
  return results;
}
