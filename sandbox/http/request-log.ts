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
 * hostile path cannot forge lines or colour the terminal. The same lines can be handed on
 * (`onLine`), whatever LOG says.
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

export function requestLog(
  format: LogFormat,
  /** Also handed every line, whatever the format (the console's "Every call" table). */
  onLine?: (line: RequestLogLine) => void,
  options: { secrets?: readonly string[]; write?: (line: string) => void } = {},
): MiddlewareHandler {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secrets = options.secrets ?? [];
  return async (c, next) => {
    if (format === 'quiet' && !onLine) return next();
    const started = performance.now();
    const time = new Date().toISOString();
    await next();
    const answer = answeredJson(c);
    const outcome = typeof answer?.code === 'string' ? answer.code : typeof answer?.error === 'string' ? answer.error : null;
    const line: RequestLogLine = {
      time,
      method: terminalSafe(c.req.method).slice(0, 16),
      path: terminalSafe(redactPath(c.req.path, secrets)).slice(0, 200),
      status: c.res.status,
      outcome: outcome === null ? null : terminalSafe(outcome).slice(0, 64),
      clientId: c.get('clientId') ? terminalSafe(c.get('clientId')).slice(0, 64) : null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    onLine?.(line);
    if (format === 'quiet') return;
    write(
      format === 'json'
        ? JSON.stringify(line)
        : [line.time, line.method, line.path, line.status, line.outcome ?? '-', line.clientId ?? '-', `${line.durationMs}ms`].join(' '),
    );
  };
}
