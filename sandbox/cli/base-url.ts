import * as z from 'zod';
import { commandFor } from './command-names';

/**
 * One rule for where every command-line tool finds the sandbox: `--base-url`, else `SANDBOX_URL`,
 * else `http://127.0.0.1:$PORT` (PORT default 8080, the sandbox's own default), the same variables
 * `npm start` reads, so a sandbox started with PORT=9090 is found by a tool run with PORT=9090.
 */
export const BASE_URL_HELP = '--base-url URL     the sandbox (default: SANDBOX_URL, else http://127.0.0.1:$PORT, PORT default 8080)';

export function sandboxBaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const [source, value] = flag
    ? ['--base-url', flag]
    : env.SANDBOX_URL
      ? ['SANDBOX_URL', env.SANDBOX_URL]
      : ['PORT', `http://127.0.0.1:${env.PORT || '8080'}`];
  const url = z.url({ protocol: /^https?$/ }).safeParse(value);
  if (!url.success) throw new Error(`${source} gives "${value.slice(0, 100)}", which is not an http(s) URL of a sandbox`);
  return url.data.replace(/\/+$/, '');
}

/** A connection that failed before any answer: which URL, why, and how to start or point at a sandbox. */
export function noSandboxAnswers(url: string, error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String((error as Error)?.message ?? error);
  return `no sandbox answers at ${url} (${cause}): start it with ${commandFor('start')}, or point --base-url, SANDBOX_URL or PORT at it`;
}
