import autocannon from 'autocannon';

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
  /** Stop after this many requests (when bodies are a finite, pre-built supply). */
  amount?: number;
  /** A fixed offered rate (requests per second over all connections) instead of as fast as answers come. */
  overallRate?: number;
}): Promise<LoadResult> {
  if (!new URL(options.url).hostname.startsWith('127.')) throw new Error('the bench only loads loopback addresses');
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 5 }),
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
  return {
    // Per-second buckets are coarse for short runs: requests over the measured duration instead.
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
