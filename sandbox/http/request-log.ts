import type { MiddlewareHandler } from 'hono';
import { terminalSafe } from '../text/escape';
import { redactPath } from '../text/redact';
import { answeredJson } from './answer-json';
import './context-variables';

/**
 * One line per request on standard output (LOG=text|json|quiet): real time, method, path, status,
 * the outcome code (or OAuth error), the verified client id and the duration. Never a header, a
 * body, a query string (a Users filter names a patient) or a token: the path itself is redacted
 * (a claim link's token, the admin token, anything JWT-shaped, long opaque values, six-digit codes:
 * text/redact.ts). Every field is made terminal-safe (line separators, Unicode ones included), so a
 * hostile path cannot forge lines or colour the terminal. The same calls can be handed on
 * (`onCall`), whatever LOG says.
 */
export type LogFormat = 'text' | 'json' | 'quiet';

export interface RequestLogLine {
  time: string;
  method: string;
  path: string;
  status: number;
  outcome: string | null;
  clientId: string | null;
  durationMs: number;
}

/**
 * One answered request as it came, its line (redacted, made terminal-safe, the time in ISO form)
 * made only when it is written or shown, once: the console's "Every call" table is given every
 * request, and formatting each as it was answered cost about 2 µs of the main thread's time a
 * request, for lines the table shows only when asked (issue #31).
 */
export class LoggedCall {
  #line: RequestLogLine | undefined;

  constructor(
    readonly atMs: number,
    readonly method: string,
    /** As requested: not redacted, not escaped. */
    readonly path: string,
    readonly status: number,
    readonly outcome: string | null,
    readonly clientId: string | undefined,
    readonly durationMs: number,
    private readonly secrets: readonly string[],
  ) {}

  get line(): RequestLogLine {
    return (this.#line ??= {
      time: new Date(this.atMs).toISOString(),
      method: terminalSafe(this.method).slice(0, 16),
      path: terminalSafe(redactPath(this.path, this.secrets)).slice(0, 200),
      status: this.status,
      outcome: this.outcome === null ? null : terminalSafe(this.outcome).slice(0, 64),
      clientId: this.clientId ? terminalSafe(this.clientId).slice(0, 64) : null,
      durationMs: this.durationMs,
    });
  }
}

export function requestLog(
  format: LogFormat,
  /** Also handed every call, whatever the format (the console's "Every call" table). */
  onCall?: (call: LoggedCall) => void,
  options: { secrets?: readonly string[]; write?: (line: string) => void } = {},
): MiddlewareHandler {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secrets = options.secrets ?? [];
  return async (c, next) => {
    if (format === 'quiet' && !onCall) return next();
    const started = performance.now();
    const atMs = Date.now();
    await next();
    const answer = answeredJson(c);
    const outcome = typeof answer?.code === 'string' ? answer.code : typeof answer?.error === 'string' ? answer.error : null;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const call = new LoggedCall(atMs, c.req.method, c.req.path, c.res.status, outcome, c.get('clientId'), durationMs, secrets);
    onCall?.(call);
    if (format === 'quiet') return;
    const { line } = call;
    write(
      format === 'json'
        ? JSON.stringify(line)
        : [line.time, line.method, line.path, line.status, line.outcome ?? '-', line.clientId ?? '-', `${line.durationMs}ms`].join(' '),
    );
  };
}
