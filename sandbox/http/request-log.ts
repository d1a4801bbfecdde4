import type { MiddlewareHandler } from 'hono';
import { terminalSafe } from '../text/escape';
import { answeredJson } from './answer-json';
import './context-variables';

/**
 * One line per request on standard output (LOG=text|json|quiet): real time, method, path, status,
 * the outcome code (or OAuth error), the verified client id and the duration. Never a header, a
 * body, a query string (a Users filter names a patient) or a token; every field is made
 * terminal-safe, so a hostile path cannot forge lines or colour the terminal. The same lines can be
 * handed on (`onLine`), whatever LOG says.
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
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): MiddlewareHandler {
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
      path: terminalSafe(c.req.path).slice(0, 200),
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
