import autocannon from 'autocannon';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The load generator's own garbage collected before each run. The bench builds tens of thousands of
 * request bodies (and a 100 000-patient population) just before its first provisioning run; V8
 * then collects that heap while the run is measured, in this process, on one of the machine's two
 * cores. The first run measured after the bodies were built came out 26-32 % below the same run
 * made after a pause (2,119 and 2,284 req/s against 2,984-3,386 in the same bench), whichever
 * store it was given. Every server, the sandbox's and the peers', is loaded from a settled heap.
 * `--expose-gc` given at run time, not on the command line, so `npm run bench` stays `tsx bench/run.ts`.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Unmeasured load before every measured run, the same requests at the same concurrency: V8 (and
 * the JVM under WireMock) compiles a server's hot paths in its first seconds, and the table reports
 * the steady state a load test meets, for every server alike. Only the peers had it until the
 * sandbox's `/token` was found measured cold: 1,133-1,458 req/s in a 5 s run from a fresh start
 * against 1,613-1,859 after 2 s of the same load, on the same machine minutes apart.
 */
export const WARM_UP_SECONDS = 2;

/** One bounded load run (autocannon, loopback only) and the figures the table reports. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers with a 2xx status: for provisioning, the invitations acknowledged. */
  ok: number;
  non2xx: number;
  errors: number;
  /** Seconds of unmeasured load before the measured run. */
  warmedUpSeconds: number;
}

export async function load(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A new body for every request (fresh jti, fresh patient). */
  body?: () => string;
  /** A new path for every request. */
  path?: () => string;
  connections: number;
  durationSeconds?: number;
  /** A fixed offered rate (requests per second over all connections) instead of as fast as answers come. */
  overallRate?: number;
  /** Seconds of the same load first, unmeasured: 0 where the server is already warm or every request must be counted. */
  warmUpSeconds?: number;
}): Promise<LoadResult> {
  if (!new URL(options.url).hostname.startsWith('127.')) throw new Error('the bench only loads loopback addresses');
  const warmedUpSeconds = options.warmUpSeconds ?? WARM_UP_SECONDS;
  if (warmedUpSeconds > 0) await autocannon(autocannonOptions({ ...options, durationSeconds: warmedUpSeconds }));
  collectGarbage();
  const result = await autocannon(autocannonOptions(options));
  return {
    // Per-second buckets are coarse for short runs: requests over the measured duration instead.
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    warmedUpSeconds,
  };
}

const autocannonOptions = (options: Parameters<typeof load>[0]): autocannon.Options => ({
  url: options.url,
  connections: options.connections,
  duration: options.durationSeconds ?? 5,
  ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  timeout: 10,
  requests: [
    {
      method: options.method ?? 'GET',
      ...(options.headers ? { headers: options.headers } : {}),
      setupRequest: (request: autocannon.Request) => ({
        ...request,
        ...(options.body ? { body: options.body() } : {}),
        ...(options.path ? { path: options.path() } : {}),
      }),
    },
  ],
});
